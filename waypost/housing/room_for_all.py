"""Room for all: is there a bed tonight, and over the coming weekend, for everyone who needs
one? Figures only, never a person.

For each night (tonight, then the coming Friday, Saturday and Sunday nights; from Friday on,
the rest of the weekend):

- **Capacity**: places (Unit.sleeps) in units that are in use, in active schemes of the
  emergency kinds (EMERGENCY_KINDS), neither out of use nor held, less the placements that
  night. A placement counts on a night when it has started by then, has not ended by then, and
  is not expected to have ended by then. One whose expected end has already passed while it
  is still open counts on every night: the person is still there. Severe weather (SWEP) beds
  count only on nights an active SWEP activation covers (18:00 to 09:00, UK time; see
  waypost/lib/nights.py).
- **Demand**: the people without accommodation now (waypost.housing.demand), plus the recent
  rate of new people (added to the by-name list in the last `new_people_window_days` days,
  per day) times the days from today to that night (tonight is 1), rounded up to whole people.

The swep app imports housing, so SWEP's activations are read through the app registry.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.apps import apps
from django.db.models import Q

from waypost.housing.demand import without_accommodation
from waypost.housing.models import (
    EMERGENCY_KINDS,
    AccommodationKind,
    HousingSettings,
    Placement,
    Unit,
    UnitStatus,
)
from waypost.lib.nights import LONDON, covers, night_window
from waypost.outreach.models import ByNameEntry

FRIDAY = 4
# swep.ActivationStatus.ACTIVE (housing may not import swep).
SWEP_ACTIVE = "active"


@dataclass(frozen=True)
class NightFigure:
    """One night's figures. `demand` is `without_accommodation` + `expected_new` rounded up."""

    night: date
    days_ahead: int  # 1 for tonight
    places: int  # places in the counted units
    taken: int  # of those, taken by placements that night
    capacity: int  # places free that night
    swep_counted: bool  # severe weather beds are counted (SWEP is active that night)
    without_accommodation: int
    new_people: int  # added to the by-name list in the window
    window_days: int
    expected_new: int  # new people expected by that night (rounded up)
    demand: int

    @property
    def balance(self) -> int:
        """Places left over (positive) or short (negative)."""
        return self.capacity - self.demand

    @property
    def shortfall(self) -> int:
        return max(self.demand - self.capacity, 0)

    @property
    def surplus(self) -> int:
        return max(self.capacity - self.demand, 0)

    @property
    def is_tonight(self) -> bool:
        return self.days_ahead == 1


def nights_for(today: date) -> list[date]:
    """Tonight and the coming weekend's nights (Friday, Saturday, Sunday); from Friday, the
    rest of the weekend."""
    weekday = today.weekday()
    if weekday >= FRIDAY:
        return [today + timedelta(days=d) for d in range(7 - weekday)]
    friday = today + timedelta(days=FRIDAY - weekday)
    return [today] + [friday + timedelta(days=d) for d in range(3)]


def swep_nights(partnership_id: Any, nights: Iterable[date]) -> set[date]:
    """The nights an active SWEP activation of the partnership covers (any part of the night,
    waypost/lib/nights.py, between its start and its end or expected end). One query."""
    nights = list(nights)
    if not nights:
        return set()
    activation = apps.get_model("swep", "Activation")
    spells = list(
        activation.objects.filter(
            partnership_id=partnership_id,
            status=SWEP_ACTIVE,
            starts_at__lt=night_window(max(nights))[1],
        ).values_list("starts_at", "expected_end_at", "ended_at")
    )
    return {
        night
        for night in nights
        if any(covers(start, ended or expected, night) for start, expected, ended in spells)
    }


def new_people_window(partnership_id: Any) -> int:
    """The partnership's window for the rate of new people (the settings row is made on first
    use, with the default)."""
    settings, _ = HousingSettings.objects.get_or_create(partnership_id=partnership_id)
    return settings.new_people_window_days


def new_people(partnership_id: Any, today: date, window_days: int) -> int:
    """People added to the by-name list from the start of the day `window_days` days before
    today (UK time) until now: live, unrestricted records only."""
    since = datetime.combine(today - timedelta(days=window_days), time(0, 0), tzinfo=LONDON)
    return ByNameEntry.objects.filter(
        partnership_id=partnership_id,
        added_at__gte=since,
        person__merged_into__isnull=True,
        person__anonymised_at__isnull=True,
        person__restricted_at__isnull=True,
    ).count()


def _occupies(placement: dict[str, Any], night: date, today: date) -> bool:
    if placement["started_on"] > night:
        return False
    if placement["ended_on"] is not None and placement["ended_on"] <= night:
        return False
    expected = placement["expected_end_on"]
    # An expected end already past, on a placement still open: they have not left yet.
    return expected is None or expected > night or expected < today


def capacity_on(
    units: Sequence[dict[str, Any]],
    placements: Sequence[dict[str, Any]],
    night: date,
    today: date,
    *,
    swep: bool,
) -> tuple[int, int, int]:
    """(places, taken, free) on one night, from units (id, sleeps, kind) and their
    placements (unit_id, started_on, ended_on, expected_end_on)."""
    counted = [u for u in units if swep or u["scheme__kind"] != AccommodationKind.SWEP]
    taken_by_unit: dict[Any, int] = {}
    for p in placements:
        if _occupies(p, night, today):
            taken_by_unit[p["unit_id"]] = taken_by_unit.get(p["unit_id"], 0) + 1
    places = sum(u["sleeps"] for u in counted)
    taken = sum(min(taken_by_unit.get(u["id"], 0), u["sleeps"]) for u in counted)
    return places, taken, places - taken


def nights_ahead(partnership_id: Any, today: date) -> list["NightFigure"]:
    """The figures for tonight and the coming weekend's nights (see the module docstring).
    A fixed number of queries, however many beds and people."""
    nights = nights_for(today)
    in_use = Unit.objects.filter(
        scheme__partnership_id=partnership_id,
        scheme__is_active=True,
        scheme__kind__in=list(EMERGENCY_KINDS),
        is_active=True,
    ).exclude(status__in=[UnitStatus.OUT_OF_USE, UnitStatus.HELD])
    units = list(in_use.values("id", "sleeps", "scheme__kind"))
    placements = list(
        Placement.objects.filter(unit__in=in_use.values("id"))
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today))
        .values("unit_id", "started_on", "ended_on", "expected_end_on")
    )
    swep = swep_nights(partnership_id, nights)
    without = without_accommodation(partnership_id).count()
    window = new_people_window(partnership_id)
    new = new_people(partnership_id, today, window)
    figures = []
    for night in nights:
        days = (night - today).days + 1
        places, taken, free = capacity_on(units, placements, night, today, swep=night in swep)
        expected = -(-new * days // window) if window else 0  # rounded up
        figures.append(
            NightFigure(
                night=night,
                days_ahead=days,
                places=places,
                taken=taken,
                capacity=free,
                swep_counted=night in swep,
                without_accommodation=without,
                new_people=new,
                window_days=window,
                expected_new=expected,
                demand=without + expected,
            )
        )
    return figures
