"""Forms for tenancies, risk flags, the sustainment list's filters and the DWP's sanction
notice. Errors say what is wrong and how to fix it."""

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils import timezone

from waypost.accounts.models import Agency, Partnership
from waypost.housing.models import EndReason, Landlord, Property, RiskKind, Tenancy, TenancyRisk
from waypost.people.forms import GovukDateField


def _date(what: str, label: str, **kwargs: Any) -> GovukDateField:
    return GovukDateField(what=what, label=label, help_text="For example, 27 3 2026", **kwargs)


def _past(value: date | None, what: str) -> date:
    if value is None:
        raise ValidationError(f"Enter {what}")
    if value > timezone.localdate():
        raise ValidationError(f"{what[0].upper()}{what[1:]} must be today or in the past")
    return value


def home_label(home: Property) -> str:
    address = ", ".join(line.strip() for line in home.address.splitlines() if line.strip())
    parts = [address, home.postcode, f"{home.bedrooms} bedroom{'s' if home.bedrooms != 1 else ''}"]
    if home.step_free:
        parts.append("step-free")
    return f"{', '.join(p for p in parts if p)} ({home.landlord.name})"


def homes_to_offer(partnership_id: Any) -> Any:
    """Properties free to offer: marked available, not let, and their landlord still used."""
    let = Tenancy.objects.filter(property_id=OuterRef("pk"), ended_on__isnull=True)
    return (
        Property.objects.filter(
            partnership_id=partnership_id, is_available=True, landlord__is_active=True
        )
        .exclude(Exists(let))
        .select_related("landlord")
        .order_by("landlord__name", "address")
    )


class TenancyForm(forms.Form):
    home = forms.ModelChoiceField(
        label="Which home?",
        help_text="Homes free to offer now. A landlord's coordinator adds homes on the "
        "landlord's page.",
        queryset=Property.objects.none(),
        empty_label="Choose a home",
        error_messages={
            "required": "Choose the home the tenancy is for",
            "invalid_choice": "That home is no longer free to offer: choose another",
        },
    )
    started_on = _date("the date the tenancy started", "When did the tenancy start?")
    floating_support = forms.TypedChoiceField(
        label="Is floating support in place?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether floating support is in place"},
    )
    floating_support_agency = forms.ModelChoiceField(
        label="Which agency provides it?",
        help_text="Needed if floating support is in place",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="Choose the agency",
        error_messages={"invalid_choice": "Choose an agency of the partnership"},
    )
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Notes must be 2,000 characters or fewer"},
    )

    # The radio option that reveals a follow-up question (templates/sharing/_conditional_radios).
    REVEALS: dict[str, dict[str, list[str]]] = {
        "floating_support": {"yes": ["floating_support_agency"]}
    }

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"started_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        home = self.fields["home"]
        home.queryset = homes_to_offer(partnership.pk)  # type: ignore[attr-defined]
        home.label_from_instance = home_label  # type: ignore[attr-defined]
        self.fields["floating_support_agency"].queryset = Agency.objects.filter(  # type: ignore[attr-defined]
            partnership=partnership, is_active=True
        ).order_by("name")

    @property
    def conditional_radios(self) -> dict[str, list[dict[str, Any]]]:
        radios: dict[str, list[dict[str, Any]]] = {}
        for name, reveals in self.REVEALS.items():
            bound = self[name]
            radios[name] = [
                {
                    "choice": choice,
                    "fields": [self[f] for f in reveals.get(choice.data["value"], [])],
                    "id": f"conditional-{bound.auto_id}-{choice.data['value']}",
                }
                for choice in bound
            ]
        return radios

    def clean_started_on(self) -> date:
        return _past(self.cleaned_data["started_on"], "the date the tenancy started")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("floating_support") and not data.get("floating_support_agency"):
            if "floating_support_agency" not in self.errors:
                self.add_error(
                    "floating_support_agency", "Choose the agency that provides floating support"
                )
        if data.get("floating_support") is False:
            data["floating_support_agency"] = None
        return data


class EndTenancyForm(forms.Form):
    ended_on = _date("the date the tenancy ended", "When did the tenancy end?")
    reason = forms.ChoiceField(
        label="Why did it end?",
        choices=EndReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why the tenancy ended"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, tenancy: Tenancy, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"ended_on": timezone.localdate(), "version": tenancy.version})
        super().__init__(*args, **kwargs)
        self.tenancy = tenancy

    def clean_ended_on(self) -> date:
        value = _past(self.cleaned_data["ended_on"], "the date the tenancy ended")
        if value < self.tenancy.started_on:
            raise ValidationError(
                f"The end date must be on or after the start date, "
                f"{self.tenancy.started_on:%-d %B %Y}"
            )
        return value


class RiskForm(forms.Form):
    kind = forms.ChoiceField(
        label="What puts the tenancy at risk?",
        choices=RiskKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what puts the tenancy at risk"},
    )
    noted_on = _date("the date it was noted", "When was it noted?")
    details = forms.CharField(
        label="Details (optional)",
        help_text="What is happening and what is being done. Keep to what the tenancy needs.",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "Details must be 2,000 characters or fewer"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"noted_on": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def clean_noted_on(self) -> date:
        return _past(self.cleaned_data["noted_on"], "the date it was noted")


class ResolveRiskForm(forms.Form):
    resolved_on = _date("the date it was resolved", "When was it resolved?")

    def __init__(self, *args: Any, risk: TenancyRisk, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"resolved_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.risk = risk

    def clean_resolved_on(self) -> date:
        value = _past(self.cleaned_data["resolved_on"], "the date it was resolved")
        if value < self.risk.noted_on:
            raise ValidationError(
                f"The date it was resolved must be on or after the date it was noted, "
                f"{self.risk.noted_on:%-d %B %Y}"
            )
        return value


class SustainmentFilterForm(forms.Form):
    partnership = forms.ChoiceField(label="Partnership", required=False)
    at_risk = forms.BooleanField(label="At risk: with an open risk flag", required=False)
    no_support = forms.BooleanField(label="No floating support", required=False)
    landlord = forms.ModelChoiceField(
        label="Landlord",
        queryset=Landlord.objects.none(),
        required=False,
        empty_label="Any landlord",
    )

    def __init__(
        self, *args: Any, partnerships: list[Partnership], partnership: Partnership, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.shows_partnership_choice = len(partnerships) > 1
        self.fields["partnership"].choices = [(p.slug, p.name) for p in partnerships]  # type: ignore[attr-defined]
        self.fields["landlord"].queryset = Landlord.objects.filter(  # type: ignore[attr-defined]
            partnership=partnership
        ).order_by("name")


class SanctionSearchForm(forms.Form):
    """Who the DWP is telling us about: their name and date of birth, as the DWP holds them."""

    given_name = forms.CharField(
        label="First name",
        max_length=200,
        error_messages={
            "required": "Enter their first name",
            "max_length": "Enter a shorter first name",
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    family_name = forms.CharField(
        label="Last name",
        max_length=200,
        error_messages={
            "required": "Enter their last name",
            "max_length": "Enter a shorter last name",
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    birth_date = GovukDateField(
        what="their date of birth", label="Date of birth", help_text="For example, 27 3 1980"
    )

    def clean_birth_date(self) -> date:
        value = self.cleaned_data["birth_date"]
        if value is None:
            raise ValidationError("Enter their date of birth")
        if value >= timezone.localdate():
            raise ValidationError("Their date of birth must be in the past")
        return value  # type: ignore[no-any-return]


class SanctionForm(forms.Form):
    """Which of the people found, and when the sanction was applied."""

    person = forms.ChoiceField(
        label="Which person?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the person the sanction is for",
            "invalid_choice": "Choose one of the people found",
        },
    )
    sanctioned_on = _date("the date the sanction was applied", "When was the sanction applied?")

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = people  # type: ignore[attr-defined]

    def clean_sanctioned_on(self) -> date:
        return _past(self.cleaned_data["sanctioned_on"], "the date the sanction was applied")
