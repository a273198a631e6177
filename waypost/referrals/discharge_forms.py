"""Forms for the discharge and release pathways: confirming somewhere to go, moving the
expected date, recording what happened on the day, and the board's and the figures' filters.
Errors say what is wrong and how to fix it."""

from datetime import date, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from waypost.accounts.models import Partnership
from waypost.people.forms import GovukDateField
from waypost.referrals.discharge_actions import CONFIRMABLE
from waypost.referrals.models import AccommodationType, Pathway

DATE_HINT = "For example, 27 3 2026"


def _left(pathway: str) -> str:
    return "released" if pathway == Pathway.PRISON else "discharged"


def _required_date(value: date | None, message: str) -> date:
    if value is None:
        raise ValidationError(message)
    return value


class VersionForm(forms.Form):
    """The discharge plan's version when the form was opened (stale edits are refused)."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class ConfirmForm(VersionForm):
    accommodation = forms.ChoiceField(
        label="Where will they go?",
        choices=CONFIRMABLE,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where they will go"},
    )
    confirmed_on = GovukDateField(
        what="the date it was confirmed",
        label="When was it confirmed?",
        help_text=DATE_HINT,
    )

    def clean_confirmed_on(self) -> date:
        value = _required_date(self.cleaned_data["confirmed_on"], "Enter the date it was confirmed")
        if value > timezone.localdate():
            raise ValidationError("The date it was confirmed must be today or in the past")
        return value


class ExpectedDateForm(VersionForm):
    expected_on = GovukDateField(what="the expected date", label="New expected date")

    def __init__(self, *args: Any, pathway: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pathway = pathway
        self.fields["expected_on"].label = f"When are they now expected to be {_left(pathway)}?"
        self.fields["expected_on"].help_text = DATE_HINT

    def clean_expected_on(self) -> date:
        value = _required_date(self.cleaned_data["expected_on"], "Enter the expected date")
        if value < timezone.localdate():
            raise ValidationError(
                f"The expected date must be today or later. If they have already been "
                f"{_left(self.pathway)}, record what happened instead."
            )
        return value


class OutcomeForm(VersionForm):
    discharged_on = GovukDateField(what="the date they left", label="Date they left")
    outcome = forms.ChoiceField(
        label="Where did they go?",
        choices=AccommodationType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where they went, or No fixed abode"},
    )

    def __init__(self, *args: Any, pathway: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["discharged_on"].label = f"When were they {_left(pathway)}?"
        self.fields["discharged_on"].help_text = DATE_HINT
        self.fields["outcome"].help_text = (
            "Choose “No fixed abode” if they left with nowhere to go: the housing options "
            "team is told at once."
        )

    def clean_discharged_on(self) -> date:
        value = _required_date(self.cleaned_data["discharged_on"], "Enter the date they left")
        if value > timezone.localdate():
            raise ValidationError(
                "The date they left must be today or in the past. If the date has moved, "
                "change the expected date instead."
            )
        return value


PATHWAY_FILTER = [
    ("", "Hospital and prison"),
    (Pathway.HOSPITAL, "Hospital"),
    (Pathway.PRISON, "Prison"),
]


class BoardFilterForm(forms.Form):
    """The board's filters, sent by GET; an unknown value shows everything."""

    pathway = forms.ChoiceField(
        label="Pathway",
        choices=PATHWAY_FILTER,
        required=False,
        error_messages={"invalid_choice": "Choose hospital, prison, or both"},
    )
    institution = forms.ChoiceField(
        label="Hospital or prison",
        required=False,
        error_messages={
            "invalid_choice": "Nobody is due out of that hospital or prison now: choose another"
        },
    )

    def __init__(self, *args: Any, institutions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].choices = [("", "All"), *institutions]  # type: ignore[attr-defined]

    def value(self, name: str) -> str:
        """The field's value when valid (an invalid one is ignored: its error is shown)."""
        self.is_valid()
        return str(self.cleaned_data.get(name) or "")


def year_before(day: date) -> date:
    """The same day a year earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


class PeriodForm(forms.Form):
    """The figures' period (by the day they left) and, for someone in several partnerships,
    which one. Empty dates mean the last 12 months."""

    partnership = forms.ModelChoiceField(
        label="Partnership",
        queryset=Partnership.objects.none(),
        required=False,
        empty_label=None,
        error_messages={"invalid_choice": "Choose one of your partnerships"},
    )
    from_on = GovukDateField(
        what="the start date", label="From", required=False, help_text=DATE_HINT
    )
    to_on = GovukDateField(what="the end date", label="To", required=False, help_text=DATE_HINT)

    def __init__(self, *args: Any, partnerships: list[Partnership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partnerships = partnerships
        field = self.fields["partnership"]
        field.queryset = Partnership.objects.filter(  # type: ignore[attr-defined]
            pk__in=[p.pk for p in partnerships]
        ).order_by("name")
        if len(partnerships) < 2:
            field.widget = forms.HiddenInput()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = timezone.localdate()
        to_on = data.get("to_on") or today
        from_on = data.get("from_on") or year_before(to_on) + timedelta(days=1)
        if not self.has_error("from_on") and not self.has_error("to_on") and from_on > to_on:
            self.add_error("from_on", "The start date must be the same as or before the end date")
        data["from_on"], data["to_on"] = from_on, to_on
        data["partnership"] = data.get("partnership") or (
            self.partnerships[0] if self.partnerships else None
        )
        return data
