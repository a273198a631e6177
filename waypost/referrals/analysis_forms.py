"""Forms for the referrals analysis: which partnership and period to show, and the
partnership's target. Errors say what is wrong and how to fix it."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from waypost.accounts.forms import PartnershipChoiceForm
from waypost.accounts.models import Partnership
from waypost.people.forms import GovukDateField
from waypost.referrals.analysis import MAX_PERIOD_YEARS, Period
from waypost.referrals.models import DutyTarget


class AnalysisForm(PartnershipChoiceForm):
    """Which partnership (when the user works in more than one) and which dates."""

    start_on = GovukDateField(
        what="the start date",
        label="From",
        help_text="The first day of the period, for example, 1 4 2025",
    )
    end_on = GovukDateField(
        what="the end date",
        label="To",
        help_text="The last day of the period, for example, 31 3 2026",
    )

    def __init__(
        self, data: Any, *, partnerships: Sequence[Partnership], today: date, **kwargs: Any
    ) -> None:
        super().__init__(data, partnerships=partnerships, **kwargs)
        self.today = today

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_on"), data.get("end_on")
        if start and start > self.today:
            self.add_error("start_on", "The start date must be today or in the past")
        if start and end:
            if end < start:
                self.add_error("end_on", "The end date must be the same as or after the start date")
            elif date(start.year + MAX_PERIOD_YEARS, start.month, 1) <= end.replace(day=1):
                self.add_error(
                    "end_on",
                    f"The period can be at most {MAX_PERIOD_YEARS} years long: "
                    "choose a later start date or an earlier end date",
                )
        return data

    @property
    def period(self) -> Period:
        return Period(start_on=self.cleaned_data["start_on"], end_on=self.cleaned_data["end_on"])


class DutyTargetForm(forms.Form):
    """The share of referrals the partnership aims to see receive a successful intervention."""

    percent = forms.CharField(
        label="Target, as a percentage",
        help_text=(
            f"A whole number from 1 to 100. The plan’s target is {DutyTarget.DEFAULT_PERCENT}."
        ),
        error_messages={"required": "Enter the target, as a whole number from 1 to 100"},
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-3", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )
    # When the target was last changed, as the user saw it: a change since is detected.
    seen = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_percent(self) -> int:
        text = self.cleaned_data["percent"].strip().removesuffix("%").strip()
        if not text.isdigit():
            raise ValidationError("Enter the target as a whole number, like 98")
        percent = int(text)
        if not 1 <= percent <= 100:
            raise ValidationError("The target must be between 1% and 100%")
        return percent
