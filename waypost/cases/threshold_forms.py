"""The form that changes the threshold model: points for each domain's levels, for NPS use and
for each band of months rough sleeping and of returns, and the tier cut-offs. Saving it makes a
new version. Every number is a whole number; errors name the box and keep what was typed."""

from dataclasses import dataclass
from typing import Any

from django import forms

from waypost.cases.models import Domain, Level, ThresholdModel, Tier
from waypost.cases.scoring import BANDS, LOOKBACK_MONTHS, MAX_CUT_OFF, MAX_POINTS

LEVELS = [level for level in Level if level != Level.NONE]  # "no need" always scores 0
MAX_RETURNS = 99
BAND_KINDS = {
    "months_rough": ("months", LOOKBACK_MONTHS),
    "returns": ("returns", MAX_RETURNS),
}
NUMBER = forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"})


def _whole(what: str, low: int, high: int, *, label: str = "") -> forms.IntegerField:
    """A whole number box; `what` names it in errors ("Enter the points for ... as ...")."""
    message = f"Enter {what} as a whole number from {low} to {high}"
    return forms.IntegerField(
        label=label or what[0].upper() + what[1:],
        min_value=low,
        max_value=high,
        widget=NUMBER,
        error_messages={
            "required": message,
            "invalid": message,
            "min_value": message,
            "max_value": message,
        },
    )


@dataclass
class Row:
    """A line of the form: a fieldset of a few small boxes."""

    legend: str
    fields: list[tuple[str, forms.BoundField]]  # (the box's own label, the field)

    @property
    def errors(self) -> list[str]:
        return [str(e) for _, field in self.fields for e in field.errors]

    @property
    def first_id(self) -> str:
        return self.fields[0][1].id_for_label


class ThresholdForm(forms.Form):
    based_on = forms.IntegerField(widget=forms.HiddenInput)
    change_note = forms.CharField(
        label="Why are you changing the model?",
        help_text="Partners see this beside the version, with what changed.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why you are changing the model"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for domain in Domain:
            for level in LEVELS:
                self.fields[f"{domain.value}_{level.value}"] = _whole(
                    f"the points for {domain.label.lower()}, {level.label.lower()}", 0, MAX_POINTS
                )
        self.fields["nps"] = _whole(
            "the points for NPS use",
            0,
            MAX_POINTS,
            label="Points for using synthetic cannabinoids or other new psychoactive "
            "substances (NPS)",
        )
        for kind, (unit, most) in BAND_KINDS.items():
            for i in range(1, BANDS + 1):
                self.fields[f"{kind}_{i}_from"] = _whole(
                    f"the {unit} for band {i} of {self._kind_name(kind)}", 1, most
                )
                self.fields[f"{kind}_{i}_points"] = _whole(
                    f"the points for band {i} of {self._kind_name(kind)}", 0, MAX_POINTS
                )
        for tier in (Tier.ONE, Tier.TWO):
            self.fields[f"tier_{tier.value}"] = _whole(
                f"the lowest score for tier {tier.value}",
                1,
                MAX_CUT_OFF,
                label=f"Lowest score for tier {tier.value} ({tier.label.split(': ', 1)[1]})",
            )
        # The order of the error summary follows the page: change note last.
        self.order_fields([name for name in self.fields if name != "change_note"])

    @staticmethod
    def _kind_name(kind: str) -> str:
        return "months rough sleeping" if kind == "months_rough" else "returns"

    @classmethod
    def initial_for(cls, model: ThresholdModel) -> dict[str, Any]:
        rules, initial = model.rules, {"based_on": model.version}
        for domain in Domain:
            for level in LEVELS:
                points = rules.get("domains", {}).get(domain.value, {}).get(str(level.value), 0)
                initial[f"{domain.value}_{level.value}"] = points
        initial["nps"] = rules.get("nps", 0)
        for kind in BAND_KINDS:
            bands = list(rules.get(kind, []))[:BANDS]
            for i, (at_least, points) in enumerate(bands, start=1):
                initial[f"{kind}_{i}_from"] = at_least
                initial[f"{kind}_{i}_points"] = points
        for tier, cut_off in model.tiers:
            if tier in (Tier.ONE, Tier.TWO):
                initial[f"tier_{tier}"] = cut_off
        return initial

    # --- Rows for the template ------------------------------------------------------------------

    def domain_rows(self) -> list[Row]:
        return [
            Row(
                str(domain.label),
                [(str(level.label), self[f"{domain.value}_{level.value}"]) for level in LEVELS],
            )
            for domain in Domain
        ]

    def band_rows(self, kind: str) -> list[Row]:
        unit = BAND_KINDS[kind][0]
        return [
            Row(
                f"Band {i}",
                [
                    (f"At least this many {unit}", self[f"{kind}_{i}_from"]),
                    ("Points", self[f"{kind}_{i}_points"]),
                ],
            )
            for i in range(1, BANDS + 1)
        ]

    def months_rows(self) -> list[Row]:
        return self.band_rows("months_rough")

    def returns_rows(self) -> list[Row]:
        return self.band_rows("returns")

    # --- Checks across boxes --------------------------------------------------------------------

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for kind in BAND_KINDS:
            unit = BAND_KINDS[kind][0]
            for i in range(2, BANDS + 1):
                before, this = data.get(f"{kind}_{i - 1}_from"), data.get(f"{kind}_{i}_from")
                if before is not None and this is not None and this <= before:
                    self.add_error(
                        f"{kind}_{i}_from",
                        f"Band {i} of {self._kind_name(kind)} must start at more {unit} than "
                        f"band {i - 1} ({before})",
                    )
        one, two = data.get("tier_1"), data.get("tier_2")
        if one is not None and two is not None and one <= two:
            self.add_error(
                "tier_1",
                f"The lowest score for tier 1 must be more than the lowest score for tier 2 "
                f"({two})",
            )
        return data

    def rules(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "domains": {
                domain.value: {
                    "0": 0,
                    **{str(lv.value): data[f"{domain.value}_{lv.value}"] for lv in LEVELS},
                }
                for domain in Domain
            },
            "nps": data["nps"],
            **{
                kind: [
                    [data[f"{kind}_{i}_from"], data[f"{kind}_{i}_points"]]
                    for i in range(1, BANDS + 1)
                ]
                for kind in BAND_KINDS
            },
        }

    def tiers(self) -> list[list[int]]:
        data = self.cleaned_data
        return [[Tier.ONE, data["tier_1"]], [Tier.TWO, data["tier_2"]], [Tier.THREE, 0]]
