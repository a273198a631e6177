"""Forms for placing someone and ending a placement. The rules live in placement_actions (the
vacancy board and the SWEP sweep call them too); these check what a person typed and say how
to fix it."""

from datetime import date, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from waypost.housing.models import EndReason, Placement, Scheme
from waypost.people.forms import GovukDateField

# A bed may be booked a little ahead (someone arriving from hospital on Friday), not for months.
MAX_DAYS_AHEAD = 28


class PlaceForm(forms.Form):
    started_on = GovukDateField(
        what="the date they move in",
        label="When do they move in?",
        help_text="For example, 27 3 2026",
        required=True,
    )
    expected_end_on = GovukDateField(
        what="the date they are expected to leave",
        label="When are they expected to leave? (optional)",
        help_text="Leave it empty when there is no set end",
        required=False,
    )
    notes = forms.CharField(
        label="Notes for the placement (optional)",
        help_text="For example, what was agreed with the provider. Do not add health details.",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Use 2,000 characters or fewer"},
    )

    def __init__(
        self, data: Any = None, *, scheme: Scheme, today: date | None = None, **kwargs: Any
    ) -> None:
        self.today = today or timezone.localdate()
        initial: dict[str, Any] = {"started_on": self.today}
        if scheme.max_stay_days:
            initial["expected_end_on"] = self.today + timedelta(days=scheme.max_stay_days)
        super().__init__(data, initial=initial, **kwargs)
        if scheme.max_stay_days:
            self.fields[
                "expected_end_on"
            ].help_text = f"{scheme.name} has a longest stay of {scheme.max_stay_days} days"

    def clean_started_on(self) -> date:
        day: date | None = self.cleaned_data.get("started_on")
        if day is None:
            raise ValidationError("Enter the date they move in")
        if day > self.today + timedelta(days=MAX_DAYS_AHEAD):
            raise ValidationError(
                f"The date they move in must be within {MAX_DAYS_AHEAD} days from today"
            )
        if day < self.today - timedelta(days=365):
            raise ValidationError("The date they move in must be within the last year")
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("started_on"), data.get("expected_end_on")
        if start and end and end < start:
            self.add_error(
                "expected_end_on",
                "The date they are expected to leave must be on or after the date they move in",
            )
        return data


class EndPlacementForm(forms.Form):
    ended_on = GovukDateField(
        what="the date it ended",
        label="When did it end?",
        help_text="For example, 27 3 2026",
        required=True,
    )
    reason = forms.ChoiceField(
        label="Why did it end?",
        choices=EndReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why the placement ended"},
    )
    notes = forms.CharField(
        label="What happened (optional)",
        help_text="For example, where they moved on to. Do not add health details.",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Use 2,000 characters or fewer"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self,
        data: Any = None,
        *,
        placement: Placement,
        today: date | None = None,
        **kwargs: Any,
    ) -> None:
        self.today = today or timezone.localdate()
        self.placement = placement
        initial = {"ended_on": self.today, "version": placement.version}
        super().__init__(data, initial=initial, **kwargs)

    def clean_ended_on(self) -> date:
        day: date | None = self.cleaned_data.get("ended_on")
        if day is None:
            raise ValidationError("Enter the date it ended")
        if day > self.today:
            raise ValidationError("The date it ended must be today or in the past")
        started = self.placement.started_on
        if day < started:
            raise ValidationError(
                f"The date it ended must be on or after {started:%-d %B %Y}, when it started"
            )
        return day
