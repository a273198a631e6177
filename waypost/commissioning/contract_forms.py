"""Forms for contracts, KPIs and quarterly returns. Money is typed in pounds and kept in pence;
errors say what is wrong and how to fix it."""

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from waypost.accounts.models import Agency, Membership, Partnership, User
from waypost.commissioning.contract_actions import Entry
from waypost.commissioning.kpi_sources import computation_choices
from waypost.commissioning.models import Contract, Direction, Kpi, Source, Unit
from waypost.people.forms import GovukDateField

_AMOUNT = re.compile(r"^(\d+)(?:\.(\d{1,2}))?$")
MAX_CONTRACT_PENCE = 1_000_000_000 * 100


def parse_contract_pence(text: str) -> int:
    """A contract's value as typed ("250000", "£1,250,000.50") in whole pence."""
    raw = (text or "").strip().replace(" ", "").removeprefix("£").replace(",", "")
    if not raw:
        raise ValidationError("Enter the contract’s value, like 250000 or 250000.50")
    found = _AMOUNT.match(raw)
    if not found:
        raise ValidationError(
            "Enter the value in pounds using numbers, with up to 2 numbers after the decimal "
            "point, like 250000 or 250000.50"
        )
    pence = int(found.group(1)) * 100 + int((found.group(2) or "0").ljust(2, "0"))
    if pence > MAX_CONTRACT_PENCE:
        raise ValidationError("The value must be £1,000,000,000 or less")
    return pence


def pounds_text(pence: int) -> str:
    pounds, rest = divmod(pence, 100)
    return f"{pounds}" if rest == 0 else f"{pounds}.{rest:02d}"


class ContractForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label="Name of the contract", max_length=200)
    provider = forms.ModelChoiceField(
        label="Provider",
        queryset=Agency.objects.none(),
        empty_label="Choose the provider",
        error_messages={"required": "Choose the agency that provides the service"},
    )
    service_description = forms.CharField(
        label="What the service does", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    starts_on = GovukDateField(what="the start date", label="Start date")
    ends_on = GovukDateField(what="the end date", label="End date")
    value = forms.CharField(
        label="Value of the contract, in pounds",
        help_text="The whole contract, like 250000 or 250000.50",
    )
    manager = forms.ModelChoiceField(
        label="Contract manager",
        queryset=User.objects.none(),
        required=False,
        empty_label="No contract manager yet",
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = "Enter the name of the contract"
        self.fields["provider"].queryset = Agency.objects.filter(  # type: ignore[attr-defined]
            partnership=partnership, is_active=True
        ).order_by("name")
        managers = (
            Membership.objects.active().filter(agency__partnership=partnership).values("user_id")
        )
        self.fields["manager"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            pk__in=managers, is_active=True
        ).order_by("full_name")
        self.fields["manager"].label_from_instance = lambda u: u.full_name  # type: ignore[attr-defined]

    @classmethod
    def initial_for(cls, contract: Contract) -> dict[str, Any]:
        return {
            "version": contract.version,
            "name": contract.name,
            "provider": contract.provider_id,
            "service_description": contract.service_description,
            "starts_on": contract.starts_on,
            "ends_on": contract.ends_on,
            "value": pounds_text(contract.value_pence),
            "manager": contract.manager_id,
        }

    def clean_value(self) -> int:
        return parse_contract_pence(self.cleaned_data.get("value", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The end date must be on or after the start date")
        return data

    def apply_to(self, contract: Contract) -> Contract:
        data = self.cleaned_data
        contract.name = data["name"].strip()
        contract.provider = data["provider"]
        contract.service_description = data["service_description"].strip()
        contract.starts_on = data["starts_on"]
        contract.ends_on = data["ends_on"]
        contract.value_pence = data["value"]
        contract.manager = data["manager"]
        return contract


class KpiForm(forms.ModelForm):
    source = forms.ChoiceField(
        label="Where the figure comes from", choices=Source.choices, widget=forms.RadioSelect
    )
    computation = forms.ChoiceField(
        label="What Waypost computes",
        required=False,
        help_text="Only for a figure computed from Waypost’s data",
    )

    class Meta:
        model = Kpi
        fields = [
            "name",
            "definition",
            "source",
            "computation",
            "unit",
            "target",
            "direction",
            "tolerance_percent",
            "position",
        ]
        labels = {
            "name": "Name of the KPI",
            "definition": "Definition",
            "unit": "Unit",
            "target": "Target",
            "direction": "Which way is better",
            "tolerance_percent": "Amber tolerance, as a percentage of the target",
            "position": "Order on the page",
        }
        help_texts = {
            "definition": "What is counted, in plain English. Left empty for a computed KPI, "
            "Waypost’s own definition is used.",
            "unit": "A computed KPI takes the unit of what Waypost computes",
            "target": "A number, or a percentage like 80 for 80%",
            "tolerance_percent": "For example 10: a figure within 10% of the target is amber",
        }
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 3}),
            "unit": forms.RadioSelect,
            "direction": forms.RadioSelect,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["computation"].choices = [("", "Not computed"), *computation_choices()]  # type: ignore[attr-defined]
        self.fields["definition"].required = False
        self.fields["name"].error_messages["required"] = "Enter the name of the KPI"
        self.fields["target"].error_messages["required"] = "Enter the target, like 80"
        self.fields["unit"].choices = Unit.choices  # type: ignore[attr-defined]
        self.fields["direction"].choices = Direction.choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        source = data.get("source")
        if source == Source.ENTERED:
            data["computation"] = ""
            self.instance.computation = ""
        if source == Source.COMPUTED and not data.get("computation"):
            self.add_error("computation", "Choose what Waypost should compute")
        if source == Source.ENTERED and not (data.get("definition") or "").strip():
            self.add_error(
                "definition", "Enter the definition, so the provider knows what to count"
            )
        for name in ("target", "tolerance_percent"):
            if data.get(name) is not None and data[name] < 0:
                self.add_error(name, "Enter a number of 0 or more")
        return data


def _whole_number(text: str, what: str) -> int | None:
    raw = (text or "").strip().replace(",", "")
    if not raw:
        return None
    if not raw.isdigit():
        raise ValidationError(f"Enter {what} as a whole number, like 12")
    return int(raw)


class ReturnForm(forms.Form):
    """One count (and for a percentage, what it is out of) and a comment per KPI. Computed
    KPIs take only a comment."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, kpis: list[Kpi], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kpis = kpis
        for kpi in kpis:
            if not kpi.is_computed:
                self.fields[f"count_{kpi.pk}"] = forms.CharField(
                    label=("How many met the measure" if kpi.is_percent else "Figure"),
                    required=False,
                    widget=forms.TextInput(
                        attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}
                    ),
                )
                if kpi.is_percent:
                    self.fields[f"out_of_{kpi.pk}"] = forms.CharField(
                        label="Out of how many",
                        required=False,
                        widget=forms.TextInput(
                            attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}
                        ),
                    )
            self.fields[f"comment_{kpi.pk}"] = forms.CharField(
                label="Comment", required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    def rows(self) -> list[dict[str, Any]]:
        """The form's fields grouped by KPI, for the template."""
        found = []
        for kpi in self.kpis:
            found.append(
                {
                    "kpi": kpi,
                    "count": None if kpi.is_computed else self[f"count_{kpi.pk}"],
                    "out_of": self[f"out_of_{kpi.pk}"]
                    if kpi.is_percent and not kpi.is_computed
                    else None,
                    "comment": self[f"comment_{kpi.pk}"],
                }
            )
        return found

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for kpi in self.kpis:
            if kpi.is_computed:
                continue
            count_name, out_name = f"count_{kpi.pk}", f"out_of_{kpi.pk}"
            try:
                data[count_name] = _whole_number(
                    data.get(count_name, ""), f"the figure for {kpi.name}"
                )
            except ValidationError as error:
                self.add_error(count_name, error)
                continue
            if kpi.is_percent:
                try:
                    data[out_name] = _whole_number(data.get(out_name, ""), "how many it is out of")
                except ValidationError as error:
                    self.add_error(out_name, error)
                    continue
                count, out_of = data[count_name], data[out_name]
                if count is not None and out_of is not None and count > out_of:
                    self.add_error(
                        count_name, f"The figure for {kpi.name} cannot be more than it is out of"
                    )
                elif (count is None) != (out_of is None):
                    self.add_error(
                        count_name if count is None else out_name,
                        f"Enter both numbers for {kpi.name}, or neither",
                    )
        return data

    def entries(self) -> dict[Any, Entry]:
        data = self.cleaned_data
        return {
            kpi.pk: Entry(
                count=None if kpi.is_computed else data.get(f"count_{kpi.pk}"),
                out_of=data.get(f"out_of_{kpi.pk}") if kpi.is_percent else None,
                comment=data.get(f"comment_{kpi.pk}", ""),
            )
            for kpi in self.kpis
        }


class SendBackForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Why are you sending it back?",
        help_text="The provider sees this. Say what needs to change.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the return is being sent back"},
    )


class DecisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
