"""Forms for meetings and tasking. Messages say what is wrong and how to fix it; the rules
themselves are in waypost.cases.meeting_actions and plan_actions (which check again)."""

import re
from datetime import date, time
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from waypost.accounts.models import Agency, User
from waypost.cases.meeting_actions import MAX_EVERY_WEEKS
from waypost.cases.meeting_tasks import WEEKDAY_NAMES
from waypost.cases.models import MeetingKind, PlanStatus
from waypost.people.forms import GovukDateField
from waypost.people.models import NoteKind

TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


class TimeField(forms.CharField):
    """A time of day typed as 24-hour hours and minutes, like 09:30 or 14.00."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "Use the 24-hour clock, like 09:30 or 14:00")
        kwargs.setdefault("error_messages", {"required": "Enter the time the meeting starts"})
        super().__init__(
            max_length=5,
            widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "text"}),
            **kwargs,
        )

    def prepare_value(self, value: Any) -> Any:
        return value.strftime("%H:%M") if isinstance(value, time) else value

    def clean(self, value: Any) -> time:
        value = super().clean(value)
        match = TIME.match(value or "")
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            raise ValidationError("Enter the time like 09:30, using the 24-hour clock")
        return time(int(match[1]), int(match[2]))


class SeriesKindForm(forms.Form):
    """The first question for a new series: its kind decides the suggested schedule."""

    kind = forms.ChoiceField(
        label="What kind of meeting is it?",
        choices=MeetingKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of meeting"},
    )


class SeriesForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of meeting",
        choices=MeetingKind.choices,
        help_text="Decides who its agenda brings: the tier it discusses",
        error_messages={"required": "Choose the kind of meeting"},
    )
    name = forms.CharField(
        label="Name",
        max_length=120,
        help_text="As people call it, like 'Thursday partner tasking'",
        error_messages={"required": "Enter a name for the series"},
    )
    weekdays = forms.TypedMultipleChoiceField(
        label="Which days is it held on?",
        choices=[(str(i), name) for i, name in enumerate(WEEKDAY_NAMES)],
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one day the meeting is held on"},
    )
    every_weeks = forms.IntegerField(
        label="How often, in weeks",
        help_text="1 for every week, 2 for every other week, 4 for about once a month",
        min_value=1,
        max_value=MAX_EVERY_WEEKS,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-2", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter how often the meeting is held, in weeks",
            "invalid": "Enter how often in weeks as a number, like 2",
            "min_value": f"Enter how often in weeks, from 1 to {MAX_EVERY_WEEKS}",
            "max_value": f"Enter how often in weeks, from 1 to {MAX_EVERY_WEEKS}",
        },
    )
    starts_at = TimeField(label="Start time")
    first_on = GovukDateField(
        what="the date of the first meeting",
        label="First meeting",
        help_text="Fortnightly and monthly series count their weeks from this date. "
        "For example, 27 3 2025",
    )
    location = forms.CharField(
        label="Where (optional)",
        required=False,
        max_length=200,
        help_text="A room, or 'Online'. No personal details",
    )
    chair_agency = forms.ModelChoiceField(
        label="Agency that chairs it (optional)",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="Not set",
    )

    def __init__(self, *args: Any, partnership_id: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chair_agency"].queryset = Agency.objects.filter(  # type: ignore[attr-defined]
            partnership_id=partnership_id, is_active=True
        ).order_by("name")


class MeetingForm(forms.Form):
    """A one-off meeting."""

    kind = forms.ChoiceField(
        label="Kind of meeting",
        choices=MeetingKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of meeting"},
    )
    on = GovukDateField(
        what="the date of the meeting", label="Date", help_text="For example, 27 3 2025"
    )
    starts_at = TimeField(label="Start time")
    location = forms.CharField(
        label="Where (optional)", required=False, max_length=200, help_text="No personal details"
    )


class AttendanceForm(forms.Form):
    """For each agency in the partnership: did it come, and who for it."""

    def __init__(self, *args: Any, agencies: list[Agency], current: dict[Any, Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.agencies = agencies
        for agency in agencies:
            row = current.get(agency.pk)
            self.fields[f"present_{agency.pk}"] = forms.BooleanField(
                label="Came to the meeting", required=False, initial=row is not None
            )
            self.fields[f"attendees_{agency.pk}"] = forms.CharField(
                label="Who came (optional)",
                required=False,
                max_length=300,
                initial=row.attendees if row is not None else "",
            )

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "agency": agency,
                "present": self[f"present_{agency.pk}"],
                "attendees": self[f"attendees_{agency.pk}"],
            }
            for agency in self.agencies
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for agency in self.agencies:
            if data.get(f"attendees_{agency.pk}") and not data.get(f"present_{agency.pk}"):
                self.add_error(
                    f"present_{agency.pk}",
                    f"Tick that {agency.name} came, or clear who came for them",
                )
        return data

    def cleaned_rows(self) -> list[tuple[Agency, bool, str]]:
        data = self.cleaned_data
        return [
            (a, bool(data.get(f"present_{a.pk}")), data.get(f"attendees_{a.pk}", ""))
            for a in self.agencies
        ]


class RemoveForm(forms.Form):
    reason = forms.CharField(
        label="Why are they not being discussed?",
        max_length=200,
        help_text="For example, 'Discussed at the MAC on Wednesday'. It stays with the agenda",
        error_messages={"required": "Say why they are not being discussed"},
    )


class AgendaSearchForm(forms.Form):
    q = forms.CharField(
        label="Name, date of birth or an identifier",
        max_length=200,
        error_messages={"required": "Enter a name, date of birth or an identifier to search for"},
    )


class MinuteForm(forms.Form):
    kind = forms.ChoiceField(
        label="What is the minute about?",
        help_text="This decides who may read it: a health minute is seen only by those "
        "entitled to health information",
        error_messages={"required": "Choose what the minute is about"},
    )
    text = forms.CharField(
        label="Minute",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the minute"},
    )

    def __init__(self, *args: Any, kinds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [c for c in NoteKind.choices if c[0] in kinds]  # type: ignore[attr-defined]


class ActionForm(forms.Form):
    text = forms.CharField(
        label="What needs to be done",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter what needs to be done"},
    )
    owner_agency = forms.ModelChoiceField(
        label="Agency that owns it",
        queryset=Agency.objects.none(),
        empty_label="Choose an agency",
        error_messages={"required": "Choose the agency that owns the action"},
    )
    owner = forms.ModelChoiceField(
        label="Person responsible (optional)",
        queryset=User.objects.none(),
        required=False,
        empty_label="Anyone at the agency",
        help_text="They must work for the agency that owns it",
    )
    due_on = GovukDateField(
        what="the date it is due", label="Due by", help_text="For example, 27 3 2025"
    )

    def __init__(self, *args: Any, agencies: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["owner"].queryset = staff  # type: ignore[attr-defined]
        self.fields["owner"].label_from_instance = lambda u: u.full_name or u.email  # type: ignore[attr-defined]


REVIEW_CHOICES = [
    (PlanStatus.DONE, "Done"),
    (PlanStatus.CANCELLED, "Cancelled: no longer needed or not possible"),
    ("carry_on", "Still open: carry it on"),
]


class ReviewForm(forms.Form):
    """What became of an action: done, cancelled (saying why) or carried on (perhaps to a new
    date)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label="What happened?",
        choices=REVIEW_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the action is done, cancelled or still open"},
    )
    outcome = forms.CharField(
        label="Outcome or progress",
        help_text="Needed when cancelled. Progress on an action carried on is kept as a minute",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    due_on = GovukDateField(
        what="the new due date",
        label="New due date (optional, when carried on)",
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == PlanStatus.CANCELLED and not (data.get("outcome") or "").strip():
            self.add_error("outcome", "Say why the action is cancelled")
        due: date | None = data.get("due_on")
        if due is not None and data.get("decision") != "carry_on":
            self.add_error("due_on", "A new due date is only for an action carried on")
        return data
