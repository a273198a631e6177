"""The monthly series the forecasts page projects, for one partnership, counts only.

- **New people sleeping rough**: the "new" flow of `waypost.outreach.flows.month_flows` (seen
  bedded down in the month and not in the 60 months before, region-wide), from the month of
  the partnership's first bedded-down contact with an identified person.
- **SWEP bed demand**: severe weather beds taken each month, as bed-nights: one for each person
  and night whose latest sweep outcome that night was "accepted" (as the end-of-activation
  report counts them), by the month of the night. From the month of the partnership's first
  sweep record; months with no SWEP count 0 (demand is seasonal: winter).

Both end with the last whole month (the current month is not over, so it is left out), and go
back at most `MAX_MONTHS`. People whose processing is restricted are left out of both.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Min
from django.utils import timezone

from waypost.accounts.models import Partnership
from waypost.lib.replica import reads_from_replica
from waypost.outreach.flows import add_months, month_flows, months_between
from waypost.outreach.models import StreetContact
from waypost.swep.models import SweepOutcome, SweepRecord

MAX_MONTHS = 60  # five years: enough for the method, and fitting stays quick

NEW_PEOPLE = "new_people"
SWEP_DEMAND = "swep_beds"
SERIES_NAMES = {
    NEW_PEOPLE: "New people sleeping rough",
    SWEP_DEMAND: "Severe weather (SWEP) bed demand",
}
SERIES_UNITS = {NEW_PEOPLE: "people", SWEP_DEMAND: "bed-nights"}


@dataclass(frozen=True)
class Series:
    kind: str
    months: tuple[date, ...]  # first days, oldest first
    values: tuple[int, ...]

    @property
    def name(self) -> str:
        return SERIES_NAMES[self.kind]


def last_whole_month(today: date) -> date:
    return add_months(today.replace(day=1), -1)


def _first_month(found: Any, last: date) -> date | None:
    if found is None:
        return None
    if hasattr(found, "hour"):  # a datetime
        found = timezone.localtime(found).date()
    first = max(found.replace(day=1), add_months(last, 1 - MAX_MONTHS))
    return first if first <= last else None


def new_people_series(partnership: Partnership, today: date) -> Series:
    last = last_whole_month(today)
    found = StreetContact.objects.filter(
        partnership=partnership,
        bedded_down=True,
        person__isnull=False,
        person__restricted_at__isnull=True,
    ).aggregate(first=Min("contacted_at"))["first"]
    first = _first_month(found, last)
    if first is None:
        return Series(NEW_PEOPLE, (), ())
    flows = month_flows(partnership, first, last)
    return Series(NEW_PEOPLE, tuple(f.month for f in flows), tuple(f.new for f in flows))


def swep_demand_series(partnership: Partnership, today: date) -> Series:
    last = last_whole_month(today)
    records = SweepRecord.objects.filter(
        activation__partnership=partnership, person__restricted_at__isnull=True
    )
    first = _first_month(records.aggregate(first=Min("night"))["first"], last)
    if first is None:
        return Series(SWEP_DEMAND, (), ())
    latest: dict[tuple[Any, date], str] = {}
    for person_id, night, outcome in (
        records.filter(night__gte=first, night__lt=add_months(last, 1))
        .order_by("recorded_at", "id")
        .values_list("person_id", "night", "outcome")
    ):
        latest[(person_id, night)] = outcome  # later records win
    beds = Counter(
        night.replace(day=1)
        for (_, night), outcome in latest.items()
        if outcome == SweepOutcome.ACCEPTED
    )
    months = months_between(first, last)
    return Series(SWEP_DEMAND, tuple(months), tuple(beds[m] for m in months))


@reads_from_replica
def monthly_series(kind: str, partnership: Partnership, today: date) -> Series:
    if kind == SWEP_DEMAND:
        return swep_demand_series(partnership, today)
    return new_people_series(partnership, today)
