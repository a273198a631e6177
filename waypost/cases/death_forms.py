"""Forms for deaths: the notification, the review (version-checked) and the learning summary."""

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from waypost.accounts.models import Agency
from waypost.cases.models import DeathReview
from waypost.people.forms import GovukDateField


def _text(label: str, what: str, *, max_length: int, rows: int = 0, **kw: Any) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=False,
        widget=widget,
        error_messages={"max_length": f"{what} must be {max_length:,} characters or fewer"},
        **kw,
    )


def _not_future(value: date | None, what: str) -> date | None:
    if value is not None and value > timezone.localdate():
        raise ValidationError(f"{what} must be today or earlier")
    return value


class DeathNotificationForm(forms.Form):
    died_on = GovukDateField(
        what="the date they died",
        label="When did they die?",
        help_text="For example, 27 3 2026. Leave it empty if nobody knows yet.",
        required=False,
    )
    died_on_approximate = forms.BooleanField(
        label="The date is approximate",
        help_text="For example, when they were found some days after they died.",
        required=False,
    )
    place_of_death = _text(
        "Where did they die?",
        "Where they died",
        max_length=200,
        help_text="For example, in hospital, in a hostel, or the street or place.",
    )
    circumstances = _text(
        "What is known about the circumstances?",
        "The circumstances",
        max_length=5000,
        rows=5,
        help_text="Only what is known now. The review will look at it in full.",
    )
    how_heard = _text(
        "How did you hear?",
        "How you heard",
        max_length=200,
        help_text="For example, from the police, the hospital, or someone they slept near.",
    )

    def clean_died_on(self) -> date | None:
        return _not_future(self.cleaned_data["died_on"], "The date they died")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("died_on_approximate") and not data.get("died_on") and "died_on" in data:
            self.add_error("died_on", "Enter the approximate date they died, or untick the box")
        return data


SAR_CHOICES = [("yes", "Yes"), ("no", "No"), ("undecided", "Not decided yet")]


class DeathReviewForm(forms.Form):
    """The review: `version` is the version the page showed (the stale-edit check)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    circumstances = _text(
        "Circumstances of the death",
        "The circumstances",
        max_length=10000,
        rows=6,
        help_text="What happened, as far as the review has found.",
    )
    agencies_involved = forms.ModelMultipleChoiceField(
        label="Agencies involved with them",
        help_text="Their staff can read this review. Select all that apply.",
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Choose agencies from the list"},
    )
    learning = _text(
        "What has the partnership learned?",
        "What the partnership has learned",
        max_length=10000,
        rows=6,
    )
    actions = _text(
        "Actions",
        "The actions",
        max_length=10000,
        rows=5,
        help_text="What each agency will do differently, and by when.",
    )
    sar_referred = forms.ChoiceField(
        label="Was the death referred to the safeguarding adults board for a safeguarding "
        "adults review?",
        choices=SAR_CHOICES,
        widget=forms.RadioSelect,
        initial="undecided",
        error_messages={"required": "Say whether it was referred for a safeguarding review"},
    )
    sar_referred_on = GovukDateField(
        what="the date it was referred",
        label="If it was referred: the date",
        help_text="For example, 27 3 2026",
        required=False,
    )
    sar_reason = _text(
        "Why it was, or was not, referred",
        "The reason",
        max_length=5000,
        rows=3,
    )

    def __init__(self, *args: Any, partnership_id: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies_involved"].queryset = Agency.objects.filter(  # type: ignore[attr-defined]
            partnership_id=partnership_id, is_active=True
        ).order_by("name")

    @staticmethod
    def initial_for(review: DeathReview) -> dict[str, Any]:
        return {
            "version": review.version,
            "circumstances": review.circumstances,
            "agencies_involved": list(review.agencies_involved.all()),
            "learning": review.learning,
            "actions": review.actions,
            "sar_referred": {True: "yes", False: "no"}.get(review.sar_referred, "undecided"),  # type: ignore[arg-type]
            "sar_referred_on": review.sar_referred_on,
            "sar_reason": review.sar_reason,
        }

    def clean_sar_referred_on(self) -> date | None:
        return _not_future(self.cleaned_data["sar_referred_on"], "The date it was referred")

    @property
    def sar_referred_value(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data["sar_referred"])


class LearningSummaryForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    learning_summary = forms.CharField(
        label="Learning summary for the partnership board",
        help_text="What happened and what the partnership will do differently, in a way that "
        "does not identify the person.",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"max_length": "The summary must be 5,000 characters or fewer"},
    )
