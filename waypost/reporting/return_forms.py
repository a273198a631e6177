"""The monthly return's month picker (and partnership, for someone in two)."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from django import forms

from waypost.accounts.forms import PartnershipChoiceForm
from waypost.accounts.models import Partnership
from waypost.people.forms import GovukDateField


class ReturnMonthForm(PartnershipChoiceForm):
    month = GovukDateField(
        what="the month",
        with_day=False,
        label="Month",
        help_text="For example, 10 2026",
    )

    def __init__(
        self, data: Any, *, partnerships: Sequence[Partnership], today: date, **kwargs: Any
    ) -> None:
        super().__init__(data, partnerships=partnerships, **kwargs)
        self.today = today

    def clean_month(self) -> date | None:
        month = self.cleaned_data.get("month")
        if month and month > self.today.replace(day=1):
            raise forms.ValidationError("The month must be this month or earlier")
        return month


class SignOffForm(forms.Form):
    notes = forms.CharField(
        label="Notes for the return (optional)",
        required=False,
        max_length=4000,
        help_text="Anything the reader of the return should know. Do not write about a person.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "The notes must be 4,000 characters or fewer"},
    )
