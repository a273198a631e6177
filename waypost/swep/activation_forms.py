"""Forms for activations: proposing (or starting by hand), activating, deciding not to, and
ending. Errors say what is wrong and how to fix it; waypost.swep.activation_actions checks
the rules again."""

from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from waypost.cases.meeting_forms import TimeField
from waypost.people.forms import GovukDateField
from waypost.swep.activation_actions import MAX_REASONS
from waypost.swep.models import ActivationKind

# A proposal may start a little in the past (SWEP started before the paperwork) and no
# further ahead than forecasts reach.
MAX_DAYS_BEFORE = 1
MAX_DAYS_AHEAD = 31
MAX_SPELL_DAYS = 31


def london(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


class ActivationForm(forms.Form):
    """The spell of nights and why: for a proposal, and for starting SWEP by hand."""

    kind = forms.ChoiceField(
        label="What kind of severe weather?",
        choices=ActivationKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of severe weather"},
    )
    starts_on = GovukDateField(
        what="the date SWEP starts", label="Starts on", help_text="For example, 1 12 2026"
    )
    starts_time = TimeField(
        label="Starts at",
        error_messages={"required": "Enter the time SWEP starts, like 18:00"},
    )
    ends_on = GovukDateField(
        what="the date SWEP is expected to end",
        label="Expected to end on",
        help_text="You can end it earlier or later: this is for partners to plan.",
    )
    ends_time = TimeField(
        label="Expected to end at",
        error_messages={"required": "Enter the time SWEP is expected to end, like 09:00"},
    )
    reasons = forms.CharField(
        label="Why",
        help_text="One reason a line, about the weather. Do not write about anyone sleeping "
        "rough: partners see these reasons.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter at least one reason, like the forecast minimum",
            "max_length": "The reasons must be 2,000 characters or fewer",
        },
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        parts = [data.get(k) for k in ("starts_on", "starts_time", "ends_on", "ends_time")]
        if data.get("starts_on") is None and "starts_on" not in self.errors:
            self.add_error("starts_on", "Enter the date SWEP starts")
        if data.get("ends_on") is None and "ends_on" not in self.errors:
            self.add_error("ends_on", "Enter the date SWEP is expected to end")
        if any(part is None for part in parts):
            return data
        starts_at = london(data["starts_on"], data["starts_time"])
        ends_at = london(data["ends_on"], data["ends_time"])
        now = timezone.now()
        if starts_at < now - timedelta(days=MAX_DAYS_BEFORE):
            self.add_error("starts_on", "SWEP cannot start more than a day ago")
        elif starts_at > now + timedelta(days=MAX_DAYS_AHEAD):
            self.add_error("starts_on", f"SWEP must start within the next {MAX_DAYS_AHEAD} days")
        if ends_at <= starts_at:
            self.add_error("ends_on", "The expected end must be after the start")
        elif ends_at - starts_at > timedelta(days=MAX_SPELL_DAYS):
            self.add_error(
                "ends_on", f"The expected end must be within {MAX_SPELL_DAYS} days of the start"
            )
        data["starts_at"], data["expected_end_at"] = starts_at, ends_at
        return data

    def clean_reasons(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["reasons"].splitlines()]
        reasons = [line for line in lines if line]
        if not reasons:
            raise ValidationError("Enter at least one reason, like the forecast minimum")
        if len(reasons) > MAX_REASONS:
            raise ValidationError(f"Give {MAX_REASONS} reasons or fewer, one a line")
        return reasons


class VersionForm(forms.Form):
    """Activating or ending: only the version the user saw."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class NotActivateForm(VersionForm):
    note = forms.CharField(
        label="Why is SWEP not being activated?",
        help_text="For example, the forecast has risen above the threshold. Kept with the "
        "proposal and shown to partnership staff.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter why SWEP is not being activated",
            "max_length": "The reason must be 2,000 characters or fewer",
        },
    )
