"""The regional view's choices: which region (when the user works in more than one) and month."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from django import forms

from waypost.people.forms import GovukDateField


class RegionForm(forms.Form):
    region = forms.ChoiceField(label="Region", required=False)
    month = GovukDateField(
        what="the month",
        with_day=False,
        label="Month",
        help_text="For example, 3 2026",
        required=False,
    )

    def __init__(self, data: Any, *, regions: Sequence[str], today: date, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.regions = list(regions)
        self.today = today
        field = self.fields["region"]
        field.choices = [(r, r) for r in self.regions]  # type: ignore[attr-defined]
        if len(self.regions) < 2:
            field.widget = forms.HiddenInput()

    @property
    def shows_region_choice(self) -> bool:
        return len(self.regions) > 1

    def clean_region(self) -> str:
        # Only the user's own regions are choices: anything else fails validation (404).
        return str(self.cleaned_data.get("region") or self.regions[0])

    def clean_month(self) -> date | None:
        month: date | None = self.cleaned_data.get("month")
        if month and month > self.today.replace(day=1):
            raise forms.ValidationError("The month must be this month or earlier")
        return month
