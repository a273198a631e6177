"""What the "Get help now" page lists: somewhere to stay tonight (with free beds where the
directory entry describes a housing scheme), then everything else open now or later tonight.

"Tonight" runs from now until 9am tomorrow morning (waypost.lib.nights.NIGHT_ENDS), or this
morning when it is still the small hours: a day centre open until 5pm counts at 2pm, as does a
night shelter opening at 8pm. Bed counts come from the vacancy board through
waypost.housing.capacity (counts only, never who), with how fresh each count is.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from waypost.accounts.models import Partnership
from waypost.directory.models import Service, ServiceStatus
from waypost.directory.opening import (
    HOURS_PREFETCH,
    Session,
    bank_holidays_around,
    computable,
    hours_for,
    sessions_between,
    time_words,
)
from waypost.directory.search import OpenStatus, categories_prefetch, in_category, open_status
from waypost.housing.board_access import is_stale, updated_text
from waypost.housing.capacity import capacity_for_partnership, scheme_capacity
from waypost.housing.models import Scheme
from waypost.lib.nights import LONDON, NIGHT_ENDS

EMERGENCY = "emergency-accommodation"
# How many other services the page lists before linking to the full search.
MORE_AFTER = 30


def tonight_ends(now: datetime) -> datetime:
    """9am tomorrow, or 9am today when it is still before then."""
    local = now.astimezone(LONDON)
    morning = local.date() if local.time() < NIGHT_ENDS else local.date() + timedelta(days=1)
    return datetime.combine(morning, NIGHT_ENDS, tzinfo=LONDON)


@dataclass(frozen=True)
class Beds:
    """Free beds in the housing scheme an entry describes, and how fresh the count is."""

    free: int
    total: int
    checked: str  # "Updated 6:15pm today"
    is_stale: bool


@dataclass
class Tonight:
    service: Service
    status: OpenStatus
    sessions: list[Session]
    beds: Beds | None = None

    @property
    def has_free_beds(self) -> bool:
        return self.beds is not None and self.beds.free > 0


@dataclass
class HelpTonight:
    beds: list[Tonight]  # emergency accommodation, free beds first and full ones last
    others: list[Tonight]  # everything else, open now first
    more: int  # how many others are not listed
    until: str  # "9am tomorrow", or "9am this morning" in the small hours


def _beds(capacity: dict[str, Any], now: datetime) -> Beds:
    updated = datetime.fromisoformat(capacity["updated"])
    return Beds(
        free=int(capacity["available"]),
        total=int(capacity["maximum"]),
        checked=updated_text(updated, "", now=now),
        is_stale=is_stale(updated, now=now),
    )


def beds_for(service: Service, *, now: datetime) -> Beds | None:
    """Free beds in the open housing scheme the entry describes (two queries), or None."""
    if service.housing_scheme_id is None:
        return None
    scheme = Scheme.objects.filter(pk=service.housing_scheme_id, is_active=True).first()
    return None if scheme is None else _beds(scheme_capacity(scheme), now)


def help_tonight(partnership: Partnership, *, now: datetime) -> HelpTonight:
    """The partnership's running services open between `now` and the end of tonight, in a
    fixed number of queries."""
    holidays: frozenset[date] = bank_holidays_around(now)
    beds_by_scheme = {c["service_id"]: c for c in capacity_for_partnership(partnership.pk)}
    services = (
        Service.objects.filter(partnership=partnership, status=ServiceStatus.ACTIVE)
        .annotate(is_emergency=in_category(EMERGENCY))
        .select_related("organization")
        .prefetch_related(*HOURS_PREFETCH, categories_prefetch(), "phones")
        .order_by("name", "pk")
    )
    end = tonight_ends(now)
    beds: list[Tonight] = []
    others: list[Tonight] = []
    for service in services:
        hours = hours_for(service)
        sessions = list(sessions_between(hours, now, end, holidays))
        capacity = beds_by_scheme.get(str(service.housing_scheme_id))
        # A hostel open day and night may have no hours entered: its beds still count.
        hours_unknown = not any(computable(s) for s in hours.schedules)
        if not sessions and not (capacity is not None and hours_unknown):
            continue
        row = Tonight(service, open_status(service, hours, now, holidays), sessions)
        if service.is_emergency:  # type: ignore[attr-defined]
            if capacity is not None:
                row.beds = _beds(capacity, now)
            beds.append(row)
        else:
            others.append(row)

    def soonest(row: Tonight) -> tuple[bool, datetime]:
        return (not row.status.is_open, row.sessions[0].opens if row.sessions else now)

    def bed_order(row: Tonight) -> int:
        """Free beds first, then places whose beds are not counted here, then full ones."""
        return 0 if row.has_free_beds else 1 if row.beds is None else 2

    beds.sort(key=lambda row: (bed_order(row), *soonest(row)))
    others.sort(key=soonest)
    morning = "this morning" if end.date() == now.astimezone(LONDON).date() else "tomorrow"
    return HelpTonight(
        beds=beds,
        others=others[:MORE_AFTER],
        more=max(0, len(others) - MORE_AFTER),
        until=f"{time_words(NIGHT_ENDS)} {morning}",
    )
