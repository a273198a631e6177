"""The enforcement form. The charter of care is checked for the date given: when support offers
are not on record the form says what is missing and refuses; a coordinator sees an override
with a required reason."""

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from waypost.cases.charter import CharterCheck, charter_for
from waypost.cases.models import EnforcementKind
from waypost.people.forms import GovukDateField
from waypost.people.models import Person

CHARTER_REFUSAL = "{missing}: support must be offered before enforcement (charter of care)"


class EnforcementForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of enforcement",
        choices=EnforcementKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of enforcement"},
    )
    taken_on = GovukDateField(
        what="the date of the enforcement",
        label="When was it taken?",
        help_text="For example, 27 3 2026",
    )
    details = forms.CharField(
        label="What was done, and why",
        help_text="Where and what happened. Write about the person's behaviour, not their "
        "health or circumstances.",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Enter what was done, and why",
            "max_length": "What was done must be 5,000 characters or fewer",
        },
    )

    def __init__(self, *args: Any, person: Person, may_override: bool, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"taken_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.person = person
        self.may_override = may_override
        self.charter: CharterCheck | None = None
        if may_override:
            self.fields["override"] = forms.BooleanField(
                label="Record it anyway: enforcement cannot wait for support to be offered",
                required=False,
            )
            self.fields["override_reason"] = forms.CharField(
                label="Why enforcement cannot wait",
                help_text="Kept with the record and shown to coordinators reviewing the charter.",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={"max_length": "The reason must be 2,000 characters or fewer"},
            )

    def clean_taken_on(self) -> date:
        value: date | None = self.cleaned_data["taken_on"]
        if value is None:
            raise ValidationError("Enter the date of the enforcement")
        if value > timezone.localdate():
            raise ValidationError("The date of the enforcement must be today or earlier")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        taken_on = data.get("taken_on")
        if taken_on is None:
            return data
        self.charter = charter_for(self.person, on=taken_on)
        overriding = self.may_override and data.get("override")
        if overriding and not (data.get("override_reason") or "").strip():
            self.add_error("override_reason", "Enter why enforcement cannot wait for support")
        if not self.charter.is_met and not overriding:
            for missing in self.charter.missing:
                self.add_error(None, CHARTER_REFUSAL.format(missing=missing))
        return data

    @property
    def override_reason(self) -> str:
        if not (self.may_override and self.cleaned_data.get("override")):
            return ""
        return str(self.cleaned_data.get("override_reason") or "").strip()
