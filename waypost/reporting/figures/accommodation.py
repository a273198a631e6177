"""Accommodation: people in emergency, temporary and longer-term accommodation at each month's
end; placements that ended in each month, by why; and bed occupancy.

- **In accommodation at a month's end**: placements started on or before its last day and not
  ended by then (ended after it, or still open), grouped by the scheme's kind:
  emergency (emergency beds, night shelters, SWEP beds, hostels), temporary, and longer-term
  (supported accommodation and tenancies: waypost.housing's LONGER_TERM_KINDS).
- **Moves on**: placements ended in the month, by end reason; of the planned moves on, those
  into longer-term accommodation: the person started a placement in a longer-term scheme, or a
  tenancy, within 7 days of leaving.
- **Bed occupancy**: occupied bed-nights over available bed-nights in the month, for beds
  (schemes that are not tenancies). A placement occupies a bed every night from the day it
  starts until the night before it ends; available bed-nights are the active units' places
  ("sleeps") times the nights in the month.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet, Sum

from waypost.accounts.models import Partnership
from waypost.housing.models import (
    EMERGENCY_KINDS,
    LONGER_TERM_KINDS,
    AccommodationKind,
    EndReason,
    Placement,
    Tenancy,
    Unit,
)
from waypost.reporting.figures import last_day

EMERGENCY = "emergency"
TEMPORARY = "temporary"
LONGER_TERM = "longer_term"
GROUPS = {EMERGENCY: "Emergency", TEMPORARY: "Temporary", LONGER_TERM: "Longer-term"}
MOVE_ON_DAYS = 7  # a new home started within this many days of leaving counts as a move on
# Kinds of scheme that are beds (not tenancies): their occupancy is reported.
BED_KINDS = frozenset(EMERGENCY_KINDS) | {AccommodationKind.TEMPORARY, AccommodationKind.SUPPORTED}


def group_of(kind: str) -> str:
    if kind in EMERGENCY_KINDS:
        return EMERGENCY
    if kind in LONGER_TERM_KINDS:
        return LONGER_TERM
    return TEMPORARY


def _placements(partnership: Partnership) -> QuerySet[Placement]:
    return Placement.objects.filter(
        partnership=partnership,
        person__restricted_at__isnull=True,
        person__merged_into__isnull=True,
    ).order_by()


def in_accommodation(partnership: Partnership, months: list[date]) -> dict[date, Counter[str]]:
    """For each month, people in accommodation at its end, by group. One query."""
    first, last = months[0], last_day(months[-1])
    rows = (
        _placements(partnership)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=first), started_on__lte=last)
        .values_list("started_on", "ended_on", "scheme__kind")
    )
    ends = [(month, last_day(month)) for month in months]
    found: dict[date, Counter[str]] = {month: Counter() for month in months}
    for started_on, ended_on, kind in rows:
        group = group_of(kind)
        for month, end in ends:
            if started_on <= end and (ended_on is None or ended_on > end):
                found[month][group] += 1
    return found


@dataclass(frozen=True)
class MonthMoves:
    by_reason: Counter[str]  # EndReason value → placements ended
    into_longer_term: int  # of the planned moves on, into longer-term accommodation

    @property
    def ended(self) -> int:
        return sum(self.by_reason.values())


def moves_on(partnership: Partnership, months: list[date]) -> dict[date, MonthMoves]:
    """For each month, the placements that ended in it, by reason. Three queries."""
    first, last = months[0], last_day(months[-1])
    window = timedelta(days=MOVE_ON_DAYS)
    rows = list(
        _placements(partnership)
        .filter(ended_on__gte=first, ended_on__lte=last)
        .values_list("person_id", "ended_on", "end_reason")
    )
    movers = {person_id for person_id, _, reason in rows if reason == EndReason.MOVE_ON}
    homes: dict[Any, list[date]] = {}
    for person_id, started_on in [
        *Placement.objects.filter(
            person_id__in=movers,
            scheme__kind__in=list(LONGER_TERM_KINDS),
            started_on__gte=first,
            started_on__lte=last + window,
        ).values_list("person_id", "started_on"),
        *Tenancy.objects.filter(
            person_id__in=movers, started_on__gte=first, started_on__lte=last + window
        ).values_list("person_id", "started_on"),
    ]:
        homes.setdefault(person_id, []).append(started_on)
    reasons: dict[date, Counter[str]] = {month: Counter() for month in months}
    settled: Counter[date] = Counter()
    for person_id, ended_on, reason in rows:
        month = ended_on.replace(day=1)
        reasons[month][reason] += 1
        if reason == EndReason.MOVE_ON and any(
            ended_on <= started_on <= ended_on + window for started_on in homes.get(person_id, [])
        ):
            settled[month] += 1
    return {month: MonthMoves(reasons[month], settled[month]) for month in months}


@dataclass(frozen=True)
class MonthBeds:
    occupied: int  # bed-nights
    available: int  # bed-nights

    @property
    def percent(self) -> float | None:
        return 100 * self.occupied / self.available if self.available else None


def bed_occupancy(partnership: Partnership, months: list[date]) -> dict[date, MonthBeds]:
    """For each month, occupied and available bed-nights in the partnership's beds. Two
    queries. Units are counted as they are now (units keep no history of opening)."""
    first, last = months[0], last_day(months[-1])
    places = (
        Unit.objects.filter(
            scheme__partnership=partnership,
            scheme__kind__in=list(BED_KINDS),
            scheme__is_active=True,
            is_active=True,
        ).aggregate(places=Sum("sleeps"))["places"]
        or 0
    )
    rows = list(
        _placements(partnership)
        .filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=first),
            started_on__lte=last,
            scheme__kind__in=list(BED_KINDS),
        )
        .values_list("started_on", "ended_on")
    )
    found = {}
    for month in months:
        end = last_day(month)
        nights = 0
        for started_on, ended_on in rows:
            # Nights from max(start, month start) to min(end - 1 day, month end), inclusive.
            night_one = max(started_on, month)
            night_last = min(ended_on - timedelta(days=1), end) if ended_on else end
            nights += max((night_last - night_one).days + 1, 0)
        found[month] = MonthBeds(occupied=nights, available=places * end.day)
    return found
