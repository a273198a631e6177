"""Forms for the accommodation register: a provider, a scheme and a unit. Errors say what is
wrong and how to fix it; a refused save shows the form as typed."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from waypost.accounts.models import Agency
from waypost.housing.models import (
    AccommodationKind,
    GenderRule,
    Provider,
    Scheme,
    SubstancePolicy,
    SupportLevel,
    Unit,
)

YES_NO = [("yes", "Yes"), ("no", "No")]


def yes_no(label: str, what: str, help_text: str = "") -> forms.TypedChoiceField:
    """A required yes or no question as GOV.UK radios, cleaned to a bool."""
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": f"Choose whether {what}"},
    )


def as_yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _number(
    label: str, what: str, *, low: int, high: int, help_text: str = "", required: bool
) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        required=required,
        min_value=low,
        max_value=high,
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-3", "inputmode": "numeric", "spellcheck": "false"}
        ),
        error_messages={
            "required": f"Enter {what}",
            "invalid": f"Enter {what} as a whole number, like {low if low > 1 else 18}",
            "min_value": f"Enter {what} of {low} or more",
            "max_value": f"Enter {what} of {high} or less",
        },
    )


def _text(
    label: str, what: str, max_length: int, *, required: bool = False, **kwargs: Any
) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        error_messages={
            "required": f"Enter {what}",
            "max_length": f"{what[0].upper()}{what[1:]} must be {max_length} characters or fewer",
        },
        **kwargs,
    )


# --- Provider ----------------------------------------------------------------------------------
class ProviderForm(forms.Form):
    name = _text(
        "Name",
        "the provider's name",
        200,
        required=True,
        help_text="The organisation that runs the accommodation, like St Basil's",
    )
    agency = forms.ModelChoiceField(
        label="Whose staff keep its vacancies?",
        help_text="Staff of this agency update the vacancy board and see who is placed with it",
        queryset=Agency.objects.none(),
        empty_label="Choose the agency",
        error_messages={
            "required": "Choose the agency whose staff keep its vacancies",
            "invalid_choice": "Choose one of the agencies in the list",
        },
    )
    phone = _text("Phone (optional)", "the phone number", 40)
    email = forms.EmailField(
        label="Email (optional)",
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "The email address must be 254 characters or fewer",
        },
    )

    def __init__(
        self, *args: Any, agencies: Sequence[Agency], several: bool, editing: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        field.queryset = Agency.objects.filter(  # type: ignore[attr-defined]
            pk__in=[a.pk for a in agencies]
        ).select_related("partnership")
        if several:
            field.label_from_instance = (  # type: ignore[attr-defined]
                lambda agency: f"{agency.name} ({agency.partnership.name})"
            )
        if editing:
            self.fields["is_active"] = yes_no(
                "Is it still running accommodation?",
                "it is still running accommodation",
                "Choose no to take all its schemes off the vacancy board",
            )

    @staticmethod
    def initial_for(provider: Provider) -> dict[str, Any]:
        return {
            "name": provider.name,
            "agency": provider.agency_id,
            "phone": provider.phone,
            "email": provider.email,
            "is_active": as_yes_no(provider.is_active),
        }


# --- Scheme ------------------------------------------------------------------------------------
class SchemeForm(forms.Form):
    SUITS_CHOICES = [
        ("couples", "Takes couples"),
        ("pets", "Takes dogs and other pets"),
        ("wheelchair_access", "Wheelchair accessible"),
        ("accepts_no_recourse", "Takes people with no recourse to public funds"),
    ]

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = _text(
        "Name",
        "the scheme's name",
        200,
        required=True,
        help_text="What staff call it, like Harnall Lane night shelter",
    )
    kind = forms.ChoiceField(
        label="What kind of accommodation is it?",
        choices=AccommodationKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of accommodation it is"},
    )
    address = _text("Address (optional)", "the address", 300)
    area = _text(
        "Area (optional)", "the area", 100, help_text="The ward or district, like Hillfields"
    )
    city_centre = yes_no("Is it in the city centre?", "it is in the city centre")
    phone = _text("Phone (optional)", "the phone number", 40)
    how_to_refer = _text(
        "How to refer (optional)",
        "how to refer",
        5000,
        help_text="Who to call and when, and what they will ask. Do not name anyone staying.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    gender_rule = forms.ChoiceField(
        label="Who does it take?",
        choices=GenderRule.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether it takes anyone, women only or men only"},
    )
    suits = forms.MultipleChoiceField(
        label="What else does it take? (optional)",
        help_text="Tick all that apply",
        choices=SUITS_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose from the list"},
    )
    min_age = _number("Youngest age it takes", "the youngest age", low=16, high=99, required=True)
    max_age = _number(
        "Oldest age it takes (optional)",
        "the oldest age",
        low=16,
        high=120,
        required=False,
        help_text="For example 24 for an under 25s scheme. Leave empty when there is no limit.",
    )
    support_level = forms.ChoiceField(
        label="How much support is there?",
        choices=SupportLevel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how much support there is"},
    )
    substance_policy = forms.ChoiceField(
        label="Drugs and alcohol",
        choices=SubstancePolicy.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose its rule on drugs and alcohol"},
    )
    max_stay_days = _number(
        "Longest stay, in days (optional)",
        "the longest stay",
        low=1,
        high=3650,
        required=False,
        help_text="Leave empty when there is no limit",
    )
    needs_local_connection = yes_no(
        "Does someone need a local connection to stay?", "someone needs a local connection"
    )

    def __init__(self, *args: Any, editing: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["is_active"] = yes_no(
                "Is it in use?",
                "it is in use",
                "Choose no to take it off the vacancy board. It stays in the register.",
            )

    @staticmethod
    def initial_for(scheme: Scheme) -> dict[str, Any]:
        return {
            "version": scheme.version,
            "name": scheme.name,
            "kind": scheme.kind,
            "address": scheme.address,
            "area": scheme.area,
            "city_centre": as_yes_no(scheme.city_centre),
            "phone": scheme.phone,
            "how_to_refer": scheme.how_to_refer,
            "gender_rule": scheme.gender_rule,
            "suits": [key for key, _ in SchemeForm.SUITS_CHOICES if getattr(scheme, key)],
            "min_age": scheme.min_age,
            "max_age": scheme.max_age,
            "support_level": scheme.support_level,
            "substance_policy": scheme.substance_policy,
            "max_stay_days": scheme.max_stay_days,
            "needs_local_connection": as_yes_no(scheme.needs_local_connection),
            "is_active": as_yes_no(scheme.is_active),
        }

    @staticmethod
    def initial_new() -> dict[str, Any]:
        return {
            "min_age": 18,
            "gender_rule": GenderRule.ANYONE,
            "support_level": SupportLevel.LOW,
            "substance_policy": SubstancePolicy.NO_USE_ON_SITE,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("min_age"), data.get("max_age")
        if low is not None and high is not None and high < low:
            self.add_error("max_age", "The oldest age must be the same as or above the youngest")
        return data

    def scheme_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields = {
            key: data[key]
            for key in (
                "name",
                "kind",
                "address",
                "area",
                "city_centre",
                "phone",
                "how_to_refer",
                "gender_rule",
                "min_age",
                "max_age",
                "support_level",
                "substance_policy",
                "max_stay_days",
                "needs_local_connection",
            )
        }
        for key, _ in self.SUITS_CHOICES:
            fields[key] = key in data["suits"]
        if "is_active" in self.fields:
            fields["is_active"] = data["is_active"]
        return fields


# --- Unit --------------------------------------------------------------------------------------
class UnitForm(forms.Form):
    label = _text(
        "Name of the room or bed",
        "the room or bed's name",
        100,
        required=True,
        help_text="How staff and residents know it, like Room 4, Bed 12 or Flat 2",
    )
    sleeps = forms.TypedChoiceField(
        label="Who can sleep there?",
        choices=[("1", "One person"), ("2", "A couple (two people)")],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether it sleeps one person or a couple"},
    )
    step_free = yes_no(
        "Is it step-free?",
        "it is step-free",
        "Someone who cannot manage stairs can reach it and get about inside",
    )

    def __init__(self, *args: Any, editing: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["is_active"] = yes_no(
                "Is it in use?",
                "it is in use",
                "Choose no when it has gone for good. For a short time, mark it out of use on "
                "the vacancy page instead.",
            )

    @staticmethod
    def initial_for(unit: Unit) -> dict[str, Any]:
        return {
            "label": unit.label,
            "sleeps": str(unit.sleeps),
            "step_free": as_yes_no(unit.step_free),
            "is_active": as_yes_no(unit.is_active),
        }

    def unit_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields = {"label": data["label"], "sleeps": data["sleeps"], "step_free": data["step_free"]}
        if "is_active" in self.fields:
            fields["is_active"] = data["is_active"]
        return fields


def add_errors(form: forms.Form, error: ValidationError) -> None:
    """Put an action's refusal on the form: on its field when the form has it."""
    if hasattr(error, "error_dict"):
        for key, messages in error.message_dict.items():
            for message in messages:
                form.add_error(key if key in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)
