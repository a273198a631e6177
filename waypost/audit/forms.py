"""The data protection officer's access log search."""

from collections.abc import Iterable
from datetime import datetime, time, timedelta
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone

from waypost.accounts.models import Agency, Partnership
from waypost.audit.models import AccessEventQuerySet


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class AccessLogSearchForm(forms.Form):
    person_id = forms.UUIDField(
        label="Person ID",
        required=False,
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
        help_text="The person's Waypost ID, for example 1b4e28ba-2fa1-11d2-883f-0016d3cca427",
        error_messages={
            "invalid": "Enter a person ID in the format 1b4e28ba-2fa1-11d2-883f-0016d3cca427"
        },
    )
    user_email = forms.CharField(
        label="Staff email address",
        required=False,
        max_length=254,
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
        help_text="All or part of the email address",
    )
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="All agencies",
        error_messages={"invalid_choice": "Select an agency from the list"},
    )
    date_from = forms.DateField(
        label="From",
        required=False,
        widget=DateInput(),
        error_messages={"invalid": "Enter the start date as a real date, for example 27/3/2026"},
    )
    date_to = forms.DateField(
        label="To",
        required=False,
        widget=DateInput(),
        error_messages={"invalid": "Enter the end date as a real date, for example 27/3/2026"},
    )

    def __init__(self, *args: Any, partnerships: Iterable[Partnership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency_field = self.fields["agency"]
        assert isinstance(agency_field, forms.ModelChoiceField)
        agency_field.queryset = Agency.objects.filter(partnership__in=list(partnerships))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", "The end date must be the same as or after the start date")
        return cleaned

    def filter(self, events: AccessEventQuerySet) -> AccessEventQuerySet:
        """Narrow the events by the (valid) search."""
        data = self.cleaned_data
        conditions = Q()
        if data.get("person_id"):
            conditions &= Q(person_id=data["person_id"])
        if data.get("user_email"):
            conditions &= Q(user__email__icontains=data["user_email"].strip())
        if data.get("agency"):
            conditions &= Q(agency=data["agency"])
        # Whole days in local (Europe/London) time, both ends included.
        if data.get("date_from"):
            conditions &= Q(occurred_at__gte=_local_midnight(data["date_from"]))
        if data.get("date_to"):
            conditions &= Q(occurred_at__lt=_local_midnight(data["date_to"] + timedelta(days=1)))
        return events.filter(conditions)


def _local_midnight(day: Any) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))
