"""The forecasts page's choices: which partnership (when the user works in more than one) and
which monthly series to forecast."""

from collections.abc import Sequence
from typing import Any

from django import forms

from waypost.accounts.forms import PartnershipChoiceForm
from waypost.accounts.models import Partnership
from waypost.reporting.forecast_series import NEW_PEOPLE, SERIES_NAMES


class ForecastForm(PartnershipChoiceForm):
    series = forms.ChoiceField(
        label="What to forecast",
        choices=list(SERIES_NAMES.items()),
        widget=forms.RadioSelect,
        required=False,
        initial=NEW_PEOPLE,
    )

    def __init__(self, data: Any, *, partnerships: Sequence[Partnership], **kwargs: Any) -> None:
        super().__init__(data, partnerships=partnerships, **kwargs)

    def clean_series(self) -> str:
        return self.cleaned_data.get("series") or NEW_PEOPLE
