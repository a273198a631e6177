"""Forms for landlords, agreements, properties and incentives. Errors say what is wrong and
how to fix it; money is typed in pounds and pence and kept in pence."""

import re
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from waypost.accounts.models import Partnership
from waypost.housing.landlord_actions import MAX_INCENTIVE_PENCE
from waypost.housing.models import (
    AgreementKind,
    IncentiveKind,
    Landlord,
    LandlordKind,
    Property,
)
from waypost.lib import money
from waypost.lib.money import AMOUNT_DECIMALS, AMOUNT_FORMAT, AMOUNT_POSITIVE  # noqa: F401
from waypost.people.forms import GovukDateField

# --- Money ---------------------------------------------------------------------------------------
AMOUNT_TOO_BIG = "The amount must be £100,000 or less"


def parse_pence(text: str) -> int:
    """Pounds and pence as typed ("250", "250.50", "£1,250.5") in whole pence, up to £100,000
    (the rules and messages are waypost.lib.money's)."""
    return money.parse_pence(
        text,
        missing="Enter the amount paid, like 250 or 250.50",
        maximum_pence=MAX_INCENTIVE_PENCE,
    )


# --- Postcodes -----------------------------------------------------------------------------------
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")


def clean_postcode(text: str) -> str:
    """A full postcode in capitals with one space ("cv1 2ab" -> "CV1 2AB"), or ""."""
    compact = re.sub(r"\s+", "", text or "").upper()
    if not compact:
        return ""
    found = _POSTCODE.match(compact)
    if not found:
        raise ValidationError("Enter a real postcode, like CV1 2AB, or leave it blank")
    return f"{found.group(1)} {found.group(2)}"


def _text(label: str, max_length: int, *, required: bool = True, **kwargs: Any) -> forms.CharField:
    what = label.removesuffix(" (optional)").lower()
    messages = {"max_length": f"The {what} must be {max_length:,} characters or fewer"}
    if required:
        messages["required"] = f"Enter the {what}"
    return forms.CharField(
        label=label, max_length=max_length, required=required, error_messages=messages, **kwargs
    )


def _not_future(value: date | None, what: str) -> date | None:
    if value is not None and value > timezone.localdate():
        raise ValidationError(f"{what} must be today or in the past")
    return value


# --- Landlords -----------------------------------------------------------------------------------
class LandlordForm(forms.Form):
    partnership = forms.ModelChoiceField(
        label="Partnership",
        queryset=Partnership.objects.none(),
        empty_label="Choose the partnership",
        error_messages={"required": "Choose the partnership the landlord works with"},
    )
    name = _text("Name", 200, help_text="The organisation, or the landlord's own name")
    kind = forms.ChoiceField(
        label="What kind of landlord?",
        choices=LandlordKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of landlord it is"},
    )
    contact_name = _text("Contact name (optional)", 200, required=False)
    phone = _text(
        "Phone (optional)",
        40,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "type": "tel"}),
    )
    email = forms.EmailField(
        label="Email (optional)",
        required=False,
        max_length=254,
        error_messages={"invalid": "Enter an email address like name@example.com"},
    )
    notes = _text(
        "Notes (optional)", 2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_active = forms.BooleanField(
        label="We still work with this landlord",
        required=False,
        help_text="Untick when the partnership no longer works with them: their history stays",
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        partnerships: list[Partnership],
        landlord: Landlord | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.landlord = landlord
        self.only_partnership = partnerships[0] if len(partnerships) == 1 else None
        if self.only_partnership is not None:
            del self.fields["partnership"]
        else:
            self.fields["partnership"].queryset = Partnership.objects.filter(  # type: ignore[attr-defined]
                pk__in=[p.pk for p in partnerships]
            )
        if landlord is None:
            del self.fields["is_active"]

    @staticmethod
    def initial_for(landlord: Landlord, version: str) -> dict[str, Any]:
        return {
            "name": landlord.name,
            "kind": landlord.kind,
            "contact_name": landlord.contact_name,
            "phone": landlord.phone,
            "email": landlord.email,
            "notes": landlord.notes,
            "is_active": landlord.is_active,
            "version": version,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.only_partnership is not None:
            data["partnership"] = self.only_partnership
        return data

    def landlord_fields(self) -> dict[str, Any]:
        names = ("name", "kind", "contact_name", "phone", "email", "notes")
        return {name: self.cleaned_data[name] for name in names}


# --- Agreements ----------------------------------------------------------------------------------
class AgreementForm(forms.Form):
    kind = forms.ChoiceField(
        label="What has the landlord agreed to?",
        choices=AgreementKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the landlord agreed to"},
    )
    agreed_on = GovukDateField(
        what="the date it was agreed",
        label="When was it agreed?",
        help_text="For example, 27 3 2026",
    )
    ends_on = GovukDateField(
        what="the date it ends",
        label="When does it end? (optional)",
        help_text="Leave blank if it has no end date",
        required=False,
    )
    notes = _text(
        "Notes (optional)", 2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"agreed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def clean_agreed_on(self) -> date:
        value = self.cleaned_data["agreed_on"]
        if value is None:
            raise ValidationError("Enter the date it was agreed")
        _not_future(value, "The date it was agreed")
        return value  # type: ignore[no-any-return]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        agreed_on, ends_on = data.get("agreed_on"), data.get("ends_on")
        if agreed_on and ends_on and ends_on < agreed_on:
            self.add_error(
                "ends_on", "The end date must be the same as or after the date it was agreed"
            )
        return data


# --- Properties ----------------------------------------------------------------------------------
class PropertyForm(forms.Form):
    address = _text(
        "Address",
        300,
        help_text="The flat or house number and street, and the town",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    postcode = forms.CharField(
        label="Postcode (optional)",
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
        error_messages={"max_length": "Enter a real postcode, like CV1 2AB, or leave it blank"},
    )
    area = _text(
        "Area (optional)",
        100,
        required=False,
        help_text="The ward or district, like Earlsdon or Digbeth",
    )
    bedrooms = forms.IntegerField(
        label="Bedrooms",
        help_text="0 for a studio",
        min_value=0,
        max_value=10,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-2", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the number of bedrooms",
            "invalid": "Enter the number of bedrooms using numbers, like 1",
            "min_value": "Enter the number of bedrooms, from 0 to 10",
            "max_value": "Enter the number of bedrooms, from 0 to 10",
        },
    )
    step_free = forms.BooleanField(label="Step-free access", required=False)
    is_available = forms.BooleanField(
        label="Available to offer now",
        required=False,
        help_text="Untick while it is let or not ready: it leaves the list of homes to offer",
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    @staticmethod
    def initial_for(home: Property, version: str) -> dict[str, Any]:
        return {
            "address": home.address,
            "postcode": home.postcode,
            "area": home.area,
            "bedrooms": home.bedrooms,
            "step_free": home.step_free,
            "is_available": home.is_available,
            "version": version,
        }

    def clean_postcode(self) -> str:
        return clean_postcode(self.cleaned_data["postcode"])

    def property_fields(self) -> dict[str, Any]:
        names = ("address", "postcode", "area", "bedrooms", "step_free", "is_available")
        return {name: self.cleaned_data[name] for name in names}


# --- Incentives ----------------------------------------------------------------------------------
class IncentiveForm(forms.Form):
    kind = forms.ChoiceField(
        label="What was the payment for?",
        choices=IncentiveKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the payment was for"},
    )
    amount = forms.CharField(
        label="Amount, in pounds",
        help_text="For example, 250 or 250.50",
        max_length=20,
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "inputmode": "decimal", "spellcheck": "false"}
        ),
        error_messages={
            "required": "Enter the amount paid, like 250 or 250.50",
            "max_length": AMOUNT_FORMAT,
        },
    )
    paid_on = GovukDateField(
        what="the date it was paid", label="When was it paid?", help_text="For example, 27 3 2026"
    )
    home = forms.ModelChoiceField(
        label="Which property was it for? (optional)",
        queryset=Property.objects.none(),
        required=False,
        empty_label="Not for one property",
        error_messages={"invalid_choice": "Choose one of this landlord's properties"},
    )

    def __init__(self, *args: Any, landlord: Landlord, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"paid_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        home = self.fields["home"]
        home.queryset = landlord.properties.order_by("address")  # type: ignore[attr-defined]
        home.label_from_instance = lambda p: ", ".join(  # type: ignore[attr-defined]
            part for part in (" ".join(p.address.split()), p.postcode) if part
        )
        self.has_home = landlord.properties.exists()
        if not self.has_home:
            del self.fields["home"]

    def clean_amount(self) -> int:
        return parse_pence(self.cleaned_data["amount"])

    def clean_paid_on(self) -> date:
        value = self.cleaned_data["paid_on"]
        if value is None:
            raise ValidationError("Enter the date it was paid")
        _not_future(value, "The date it was paid")
        return value  # type: ignore[no-any-return]


# --- Filters -------------------------------------------------------------------------------------
class LandlordFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of landlord",
        choices=[("", "Any kind"), *LandlordKind.choices],
        required=False,
    )
    agreement = forms.ChoiceField(
        label="Has agreed to",
        choices=[("", "Anything"), *AgreementKind.choices],
        required=False,
    )
