"""Built for Zero's monthly by-name list figures, from the by-name list's status history
(waypost.outreach StatusChange), for one partnership and calendar month (UK time).

Statuses are grouped as Built for Zero groups them:

- **actively homeless**: sleeping rough, or in emergency or temporary accommodation;
- **housed**: housed, or in supported accommodation (long-term, as the return's B3 counts it);
- **inactive**: everything else on the list (in hospital, in custody, left the area, died, at
  risk): not known to be homeless now.

Each status change in the month is one movement (a person who moves twice counts twice):

- inflow: **newly identified** (put on the list as actively homeless), **returned from housed**,
  **returned from inactive** (into actively homeless from those groups);
- outflow: **moved to housing** and **moved to inactive** (out of actively homeless).

So actively homeless at the end of the month = at the end of the month before + inflow −
outflow, exactly. People whose records are restricted, merged or anonymised are left out.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.utils import timezone

from waypost.accounts.models import Partnership
from waypost.lib.replica import reads_from_replica
from waypost.outreach.flows import add_months
from waypost.outreach.models import ListStatus, StatusChange

ACTIVE = frozenset({ListStatus.ROUGH_SLEEPING, ListStatus.EMERGENCY})
HOUSED = frozenset({ListStatus.HOUSED, ListStatus.SUPPORTED})


def group(status: str) -> str:
    if not status:
        return "new"
    if status in ACTIVE:
        return "active"
    if status in HOUSED:
        return "housed"
    return "inactive"


@dataclass(frozen=True)
class BfzMonth:
    month: date
    active_at_start: int
    newly_identified: int
    returned_from_housed: int
    returned_from_inactive: int
    moved_to_housing: int
    moved_to_inactive: int
    active_at_end: int

    @property
    def inflow(self) -> int:
        return self.newly_identified + self.returned_from_housed + self.returned_from_inactive

    @property
    def outflow(self) -> int:
        return self.moved_to_housing + self.moved_to_inactive

    def rows(self) -> list[tuple[str, int]]:
        return [
            ("Actively homeless at the start of the month", self.active_at_start),
            ("Inflow: newly identified", self.newly_identified),
            ("Inflow: returned from housed", self.returned_from_housed),
            ("Inflow: returned from inactive", self.returned_from_inactive),
            ("Inflow in all", self.inflow),
            ("Outflow: moved to housing", self.moved_to_housing),
            ("Outflow: moved to inactive", self.moved_to_inactive),
            ("Outflow in all", self.outflow),
            ("Actively homeless at the end of the month", self.active_at_end),
        ]


def _start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())


@reads_from_replica
def bfz_month(partnership: Partnership, month: date) -> BfzMonth:
    """The month's Built for Zero figures (one query over the list's history to the month end)."""
    month = month.replace(day=1)
    start, end = _start(month), _start(add_months(month, 1))
    history: dict[Any, list[tuple[datetime, str, str]]] = defaultdict(list)
    for person_id, at, status, previous in (
        StatusChange.objects.filter(
            entry__partnership=partnership,
            changed_at__lt=end,
            person__restricted_at__isnull=True,
            person__anonymised_at__isnull=True,
            person__merged_into__isnull=True,
        )
        .order_by("changed_at", "id")
        .values_list("person_id", "changed_at", "status", "previous_status")
    ):
        history[person_id].append((at, status, previous))
    moves = {
        "newly_identified": 0,
        "returned_from_housed": 0,
        "returned_from_inactive": 0,
        "moved_to_housing": 0,
        "moved_to_inactive": 0,
    }
    active_start = active_end = 0
    for changes in history.values():
        before = [status for at, status, _ in changes if at < start]
        if before and group(before[-1]) == "active":
            active_start += 1
        if group(changes[-1][1]) == "active":
            active_end += 1
        status_then = before[-1] if before else ""
        for at, status, _previous in changes:
            if at < start:
                continue
            old, new = group(status_then), group(status)
            if new == "active" and old != "active":
                key = {"new": "newly_identified", "housed": "returned_from_housed"}.get(
                    old, "returned_from_inactive"
                )
                moves[key] += 1
            elif old == "active" and new != "active":
                moves["moved_to_housing" if new == "housed" else "moved_to_inactive"] += 1
            status_then = status
    return BfzMonth(month=month, active_at_start=active_start, active_at_end=active_end, **moves)
