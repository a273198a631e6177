"""Helpers for the meeting tests: someone on the by-name list with a tier, a meeting, an
overdue action."""

from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from waypost.accounts.models import Agency, Partnership
from waypost.cases.models import Meeting, MeetingKind, MeetingStatus, PlanAction
from waypost.outreach.models import ByNameEntry, ListStatus
from waypost.people.models import Person


def on_list(
    person: Person,
    *,
    tier: int | None = None,
    status: str = ListStatus.ROUGH_SLEEPING,
    days_ago: int = 30,
    at: datetime | None = None,
) -> ByNameEntry:
    """Put `person` on their partnership's by-name list `days_ago` days ago with `tier`."""
    added = at or timezone.now() - timedelta(days=days_ago)
    return ByNameEntry.objects.create(
        partnership_id=person.partnership_id,
        person=person,
        status=status,
        status_since=added,
        added_at=added,
        added_by_agency=person.recorded_by_agency,
        tier=tier,
    )


def make_meeting(
    partnership: Partnership,
    *,
    kind: str = MeetingKind.PARTNER_TASKING,
    days_from_now: float = 1,
    status: str = MeetingStatus.PLANNED,
    series: Any = None,
    **fields: Any,
) -> Meeting:
    starts_at = timezone.now() + timedelta(days=days_from_now)
    if status == MeetingStatus.HELD:
        fields.setdefault("held_at", starts_at + timedelta(hours=1))
    return Meeting.objects.create(
        partnership=partnership,
        kind=kind,
        starts_at=starts_at,
        status=status,
        series=series,
        **fields,
    )


def make_action(
    person: Person,
    agency: Agency,
    *,
    text: str = "Book a GP appointment",
    due_on: date | None = None,
    days_overdue: int | None = None,
    meeting: Meeting | None = None,
    **fields: Any,
) -> PlanAction:
    """A support plan action recorded and owned by `agency` (overdue when asked)."""
    if due_on is None:
        due_on = timezone.localdate() + (
            timedelta(days=-days_overdue) if days_overdue else timedelta(days=7)
        )
    return PlanAction.objects.create(
        person=person,
        text=text,
        owner_agency=agency,
        due_on=due_on,
        meeting=meeting,
        recorded_by_agency=agency,
        **fields,
    )
