"""The cohort page's choices: which partnership (when the user works in more than one) and the
date to describe the cohort on (today when none is given)."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError

from waypost.accounts.forms import PartnershipChoiceForm
from waypost.accounts.models import Partnership
from waypost.people.forms import GovukDateField


class CohortForm(PartnershipChoiceForm):
    on = GovukDateField(
        what="the date",
        label="On",
        help_text="The cohort on this date, for example, 31 3 2026. Leave it empty for today.",
        required=False,
    )

    def __init__(
        self, data: Any, *, partnerships: Sequence[Partnership], today: date, **kwargs: Any
    ) -> None:
        super().__init__(data, partnerships=partnerships, **kwargs)
        self.today = today

    def clean_on(self) -> date:
        on = self.cleaned_data.get("on") or self.today
        if on > self.today:
            raise ValidationError("The date must be today or in the past")
        return on
