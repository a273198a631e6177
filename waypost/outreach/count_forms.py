"""Forms for street counts: the annual snapshot's details, a person counted, and a monthly
single-night figure. Errors say what is wrong and how to fix it; what was typed is kept."""

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from waypost.outreach.count_figures import in_snapshot_window
from waypost.outreach.models import (
    CountedAge,
    CountedGender,
    CountedNationality,
    CountMethod,
    Place,
)
from waypost.people.forms import GovukDateField

MAX_TOTAL = 100_000
MAX_AT_ONCE = 50
NUMBER_ATTRS = {"class": "govuk-input--width-4", "inputmode": "numeric", "spellcheck": "false"}


def whole_number(text: str, *, what: str, required: bool, upper: int = MAX_TOTAL) -> int | None:
    """A whole number typed in a box, from 0 to `upper`."""
    text = (text or "").strip().replace(",", "")
    if not text:
        if required:
            raise ValidationError(f"Enter {what}, as a whole number like 12")
        return None
    if not text.isdigit():
        raise ValidationError(f"Enter {what} as a whole number, like 12")
    number = int(text)
    if number > upper:
        raise ValidationError(f"{what[0].upper()}{what[1:]} must be {upper:,} or fewer")
    return number


def _not_in_future(night: date | None, field: str, form: forms.Form) -> None:
    if night is not None and night > timezone.localdate():
        form.add_error(field, "The night must be today or in the past")


class SnapshotForm(forms.Form):
    """The annual snapshot's details: the night, how the figure was found, the areas covered."""

    night = GovukDateField(
        what="the night of the count",
        label="Night of the count",
        help_text="The date the night began, for example, 13 11 2025. The government asks for "
        "a typical night from 1 October to 30 November.",
    )
    method = forms.ChoiceField(
        label="How was the figure found?",
        choices=CountMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the figure was found"},
    )
    total = forms.CharField(
        label="Total people sleeping rough (for an estimate)",
        required=False,
        help_text="For a street count, leave this empty: the total is the number of people you "
        "add to the count.",
        widget=forms.TextInput(attrs=NUMBER_ATTRS),
    )
    areas_covered = forms.CharField(
        label="Areas covered",
        max_length=2000,
        help_text="The wards, streets or places the count or estimate covered.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter the areas covered, like “City centre and Foleshill”",
            "max_length": "The areas covered must be 2,000 characters or fewer",
        },
    )
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        max_length=4000,
        help_text="How the count or estimate was made and who took part. Do not write about "
        "a person here.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "The notes must be 4,000 characters or fewer"},
    )
    agencies_consulted = forms.CharField(
        label="Agencies consulted (optional until you submit)",
        required=False,
        max_length=2000,
        help_text="The local agencies consulted for the snapshot, for example the police, "
        "hospital, drug and alcohol service and faith groups.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "The agencies consulted must be 2,000 characters or fewer"},
    )
    verifier = forms.CharField(
        label="Independent verifier (optional until you submit)",
        required=False,
        max_length=300,
        help_text="Who verified the snapshot, for example Homeless Link.",
        error_messages={"max_length": "The verifier must be 300 characters or fewer"},
    )
    # The details as the user loaded them: a change made meanwhile is detected.
    seen = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_night(self) -> date | None:
        night = self.cleaned_data.get("night")
        if night is not None and not in_snapshot_window(night):
            raise ValidationError(
                "The night must be between 1 October and 30 November: the government asks for "
                "a typical night in that window"
            )
        return night

    def clean_total(self) -> int | None:
        return whole_number(self.cleaned_data.get("total", ""), what="the total", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _not_in_future(data.get("night"), "night", self)
        method, total = data.get("method"), data.get("total")
        if method == CountMethod.COUNT and total is not None:
            self.add_error(
                "total",
                "Leave the total empty for a street count: it is the number of people you add. "
                "Or choose an estimate.",
            )
        elif method in (CountMethod.ESTIMATE, CountMethod.BOTH) and total is None:
            if "total" not in self.errors:
                self.add_error("total", "Enter the total for an estimate, as a whole number")
        return data


def _choice(label: str, choices: Any, initial: str, message: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        initial=initial,
        widget=forms.RadioSelect,
        error_messages={"required": message},
    )


class CountedPersonForm(forms.Form):
    """One person counted, with the details the national return asks for."""

    how_many = forms.CharField(
        label="How many people does this describe?",
        initial="1",
        help_text=f"Usually 1. For a group with the same details, up to {MAX_AT_ONCE}: each is "
        "added as its own row.",
        widget=forms.TextInput(attrs={**NUMBER_ATTRS, "class": "govuk-input--width-2"}),
        error_messages={"required": f"Enter how many people, from 1 to {MAX_AT_ONCE}"},
    )
    gender = _choice("Gender", CountedGender.choices, CountedGender.NOT_KNOWN, "Choose a gender")
    age = _choice("Age", CountedAge.choices, CountedAge.NOT_KNOWN, "Choose an age band")
    nationality = _choice(
        "Nationality",
        CountedNationality.choices,
        CountedNationality.NOT_KNOWN,
        "Choose a nationality",
    )
    place = forms.ModelChoiceField(
        label="Where they were seen (optional)",
        queryset=Place.objects.none(),
        required=False,
        empty_label="Not recorded",
        error_messages={"invalid_choice": "Choose one of the partnership’s places"},
    )
    description = forms.CharField(
        label="Description (optional)",
        required=False,
        max_length=300,
        help_text="What tells them apart on the night, like “green sleeping bag, with a dog”. "
        "To name someone, link their record instead.",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "The description must be 300 characters or fewer"},
    )

    def __init__(self, *args: Any, places: QuerySet[Place], adding: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places  # type: ignore[attr-defined]
        if not adding:
            del self.fields["how_many"]

    def clean_how_many(self) -> int:
        number = whole_number(
            self.cleaned_data.get("how_many", ""),
            what="how many people",
            required=True,
            upper=MAX_AT_ONCE,
        )
        if not number:
            raise ValidationError(f"Enter how many people, from 1 to {MAX_AT_ONCE}")
        return number


class MonthlyForm(forms.Form):
    """One month's single-night figure: the night, the number seen, of whom new."""

    night = GovukDateField(what="the night", label="Night")
    total = forms.CharField(
        label="People seen sleeping rough that night",
        widget=forms.TextInput(attrs=NUMBER_ATTRS),
        error_messages={"required": "Enter the number of people seen, as a whole number"},
    )
    new_to_rough_sleeping = forms.CharField(
        label="Of whom new to sleeping rough this month",
        widget=forms.TextInput(attrs=NUMBER_ATTRS),
        error_messages={"required": "Enter how many of them were new, as a whole number"},
    )
    seen = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, month: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.month = month
        self.fields["night"].help_text = (
            f"A date in {month:%B %Y}: the date the night began, for example, "
            f"{min(month.replace(day=14), timezone.localdate()):%-d %-m %Y}"
        )

    def clean_total(self) -> int | None:
        return whole_number(
            self.cleaned_data.get("total", ""), what="the number of people seen", required=True
        )

    def clean_new_to_rough_sleeping(self) -> int | None:
        return whole_number(
            self.cleaned_data.get("new_to_rough_sleeping", ""),
            what="how many were new",
            required=True,
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        night: date | None = data.get("night")
        if night is not None and (night.year, night.month) != (self.month.year, self.month.month):
            self.add_error("night", f"Enter a night in {self.month:%B %Y}")
        _not_in_future(night, "night", self)
        total, new = data.get("total"), data.get("new_to_rough_sleeping")
        if total is not None and new is not None and new > total:
            self.add_error(
                "new_to_rough_sleeping",
                "The number new cannot be more than the number of people seen",
            )
        return data
