"""How a meeting's agenda builds itself (plans P1.7, CP1, P3.4).

For a meeting of kind K in partnership P, someone is on the agenda when:

1. **tier**: they are on P's by-name list now (not housed, gone from the area or died) and the
   tier shown there is one that K discusses (`MEETING_TIERS`: tier 1 for the multi-agency case
   meeting and the complex needs panel, tier 2 for partner tasking, tier 3 for daily tasking
   and case management);
2. **new**: they were put on P's by-name list, and are still on it, since the previous
   meeting: the last one of the same series (for a one-off meeting, of the same kind) that was
   held, or when none was held the last one not cancelled. With no previous meeting at all,
   "since" is one round of the series before this meeting (a week for a one-off);
3. **overdue**: they have a support plan action still open after its due date.

Never: a restricted record (restriction of processing), a record merged into another, an
anonymised record, or anyone from another partnership. Someone is on the agenda once, with
every reason that applies.

The coordinator's choices outlast every rebuild: someone removed stays removed (with the reason
given), even when they qualify again; someone added stays, with "added" among their reasons;
everyone keeps their place in the order. Someone the rules no longer pick and the coordinator
did not add leaves the agenda. Newcomers join at the end, longest on the by-name list first
(the most entrenched first), then anyone not on the list.

The queries are in `find_candidates`; the merge with what the coordinator did is the pure
function `merge_agenda`; the write is `waypost.cases.meeting_actions.rebuild_agenda`.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone

from waypost.cases.models import (
    MEETING_TIERS,
    AgendaReason,
    Meeting,
    MeetingKind,
    MeetingStatus,
    PlanAction,
)
from waypost.outreach.models import ByNameEntry

REASON_ORDER = [AgendaReason.TIER, AgendaReason.NEW, AgendaReason.OVERDUE, AgendaReason.ADDED]

# How many people each kind of meeting is meant for (the plans' numbers); None: no limit.
MEETING_SIZES: dict[str, tuple[int, int] | None] = {
    MeetingKind.MAC: (1, 3),  # "about 3 of the most entrenched"
    MeetingKind.PARTNER_TASKING: (10, 15),
    MeetingKind.CASE_MANAGEMENT: None,
    MeetingKind.DAILY_TASKING: None,
    MeetingKind.COMPLEX_NEEDS: None,
}


def eligible_person_q(prefix: str = "person__") -> Q:
    """People who may appear on an agenda: live, unmerged, unrestricted records."""
    return Q(
        **{
            f"{prefix}restricted_at__isnull": True,
            f"{prefix}merged_into__isnull": True,
            f"{prefix}anonymised_at__isnull": True,
        }
    )


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The meeting before this one of the same series (a one-off: of the same kind in the
    partnership): the last held, else the last not cancelled."""
    earlier = Meeting.objects.filter(
        partnership_id=meeting.partnership_id, starts_at__lt=meeting.starts_at
    ).exclude(pk=meeting.pk)
    if meeting.series_id is not None:
        earlier = earlier.filter(series_id=meeting.series_id)
    else:
        earlier = earlier.filter(kind=meeting.kind)
    held = earlier.filter(status=MeetingStatus.HELD).order_by("-starts_at").first()
    if held is not None:
        return held
    return earlier.exclude(status=MeetingStatus.CANCELLED).order_by("-starts_at").first()


def new_since(meeting: Meeting, previous: Meeting | None) -> datetime:
    """From when someone put on the by-name list counts as new for this meeting."""
    if previous is not None:
        return previous.held_at or previous.starts_at
    weeks = meeting.series.every_weeks if meeting.series_id and meeting.series else 1
    return meeting.starts_at - timedelta(weeks=max(weeks, 1))


@dataclass
class Candidates:
    """Who the rules pick, with their reasons, in the order newcomers join."""

    reasons: dict[Any, list[str]] = field(default_factory=dict)

    def add(self, person_id: Any, reason: str) -> None:
        found = self.reasons.setdefault(person_id, [])
        if reason not in found:
            found.append(reason)


def find_candidates(meeting: Meeting, *, today: date | None = None) -> Candidates:
    """Everyone the three rules pick for `meeting` (three queries, four with the previous
    meeting). "Overdue" is as of `today` (London), so the reason is true when shown."""
    today = today or timezone.localdate()
    tiers = MEETING_TIERS.get(meeting.kind, frozenset())
    since = new_since(meeting, previous_meeting(meeting))
    on_list = (
        ByNameEntry.objects.current()
        .filter(eligible_person_q(), partnership_id=meeting.partnership_id)
        .filter(Q(tier__in=list(tiers)) | Q(added_at__gte=since))
        .order_by("added_at", "person_id")
        .values_list("person_id", "tier", "added_at")
    )
    found = Candidates()
    for person_id, tier, added_at in on_list:
        if tier in tiers:
            found.add(person_id, AgendaReason.TIER)
        if added_at >= since:
            found.add(person_id, AgendaReason.NEW)
    overdue = (
        PlanAction.objects.overdue(today)
        .filter(eligible_person_q(), person__partnership_id=meeting.partnership_id)
        .order_by("person_id")
        .values_list("person_id", flat=True)
        .distinct()
    )
    for person_id in overdue:
        found.add(person_id, AgendaReason.OVERDUE)
    return found


@dataclass(frozen=True)
class Item:
    """One agenda line, as stored (for the merge) or as planned (its result)."""

    person_id: Any
    reasons: tuple[str, ...]
    position: int
    removed: bool = False


def ordered_reasons(reasons: Iterable[str]) -> tuple[str, ...]:
    given = set(reasons)
    return tuple(r for r in REASON_ORDER if r in given)


def merge_agenda(existing: Iterable[Item], found: Candidates) -> list[Item]:
    """The agenda after a rebuild: `existing` (what is stored, for eligible people only) merged
    with what the rules `found`, keeping the coordinator's removals, additions and order (see
    the module docstring). Positions are renumbered from 0 in the same order."""
    kept: list[Item] = []
    seen = set()
    for item in sorted(existing, key=lambda i: i.position):
        seen.add(item.person_id)
        auto = found.reasons.get(item.person_id, [])
        added = [AgendaReason.ADDED] if AgendaReason.ADDED in item.reasons else []
        if item.removed or added or auto:
            kept.append(
                Item(item.person_id, ordered_reasons([*auto, *added]), 0, removed=item.removed)
            )
    for person_id, reasons in found.reasons.items():
        if person_id not in seen:
            kept.append(Item(person_id, ordered_reasons(reasons), 0))
    return [
        Item(i.person_id, i.reasons, position, removed=i.removed) for position, i in enumerate(kept)
    ]


def size_hint(kind: str, count: int) -> str:
    """A gentle word when the agenda is bigger or smaller than the meeting is meant for."""
    size = MEETING_SIZES.get(kind)
    if size is None:
        return ""
    low, high = size
    if kind == MeetingKind.MAC and count > high:
        return (
            f"A multi-agency case meeting works best with about {high} people, the most "
            f"entrenched. There are {count} on this agenda: consider removing some."
        )
    if kind == MeetingKind.PARTNER_TASKING and not low <= count <= high:
        return (
            f"Partner tasking is meant for {low} to {high} people. There "
            f"{'is' if count == 1 else 'are'} {count} on this agenda."
        )
    return ""
