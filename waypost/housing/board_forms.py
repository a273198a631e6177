"""The vacancy board's filters (GET) and the vacancy update form (one status per unit)."""

from collections.abc import Sequence
from typing import Any

from django import forms

from waypost.housing.board_access import SUITS, BoardQuery
from waypost.housing.models import AccommodationKind, Unit, UnitStatus


class BoardFilterForm(forms.Form):
    kind = forms.MultipleChoiceField(
        label="Kind",
        choices=AccommodationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    suits = forms.MultipleChoiceField(
        label="Suits",
        help_text="Schemes that suit every one ticked",
        choices=[(key, label) for key, (label, _) in SUITS.items()],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    free = forms.BooleanField(label="Only schemes with free places now", required=False)

    def query(self) -> BoardQuery:
        """What was asked for; a value that is not one of the choices is ignored."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        valid_kinds = set(AccommodationKind.values)
        kinds = [k for k in self.data.getlist("kind") if k in valid_kinds] if self.data else []
        suits = [s for s in self.data.getlist("suits") if s in SUITS] if self.data else []
        return BoardQuery(
            kinds=list(dict.fromkeys(kinds)),
            suits=list(dict.fromkeys(suits)),
            only_free=bool(data.get("free")),
        )


def unit_field_name(unit: Unit) -> str:
    return f"unit_{unit.pk}"


class VacancyForm(forms.Form):
    """One set of radios per unit, named by the unit's id; the scheme's version, hidden."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, units: Sequence[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = list(units)
        for unit in self.units:
            self.fields[unit_field_name(unit)] = forms.ChoiceField(
                label=unit.label,
                choices=UnitStatus.choices,
                initial=unit.status,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Choose whether {unit.label} is free, occupied, held or out of "
                    "use",
                    "invalid_choice": f"Choose whether {unit.label} is free, occupied, held or "
                    "out of use",
                },
            )

    def rows(self) -> list[tuple[Unit, forms.BoundField]]:
        return [(unit, self[unit_field_name(unit)]) for unit in self.units]

    def statuses(self) -> dict[Any, str]:
        return {unit.pk: self.cleaned_data[unit_field_name(unit)] for unit in self.units}
