"""SWEP per month: activations that began, nights SWEP was on, and the people offered a bed and
who accepted one, as waypost.swep.report counts them for one activation (each person's latest
outcome on each night counts; restricted records are left out)."""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from waypost.accounts.models import Partnership
from waypost.reporting.figures import last_day
from waypost.swep.models import Activation, ActivationStatus, SweepOutcome, SweepRecord
from waypost.swep.report import OFFERED_ANY
from waypost.swep.sweep_access import activation_nights


@dataclass(frozen=True)
class MonthSwep:
    activations: int  # activations whose first night was in the month
    nights: int  # nights SWEP was on in the month (a night two activations share counts once)
    offered: int  # people offered a bed on a night of the month
    accepted: int  # of them, people who accepted one


def swep_by_month(partnership: Partnership, months: list[date]) -> dict[date, MonthSwep]:
    """Two queries: the activations, and the sweep records of the period."""
    first, last = months[0], last_day(months[-1])
    activations = Activation.objects.filter(
        partnership=partnership, status__in=[ActivationStatus.ACTIVE, ActivationStatus.ENDED]
    ).order_by("starts_at")
    started: Counter[date] = Counter()
    nights: set[date] = set()
    for activation in activations:
        its_nights = activation_nights(activation)
        if its_nights and first <= its_nights[0] <= last:
            started[its_nights[0].replace(day=1)] += 1
        nights.update(n for n in its_nights if first <= n <= last)
    records = (
        SweepRecord.objects.filter(
            activation__partnership=partnership,
            night__gte=first,
            night__lte=last,
            person__restricted_at__isnull=True,
        )
        .order_by("recorded_at", "id")
        .values_list("person_id", "night", "outcome")
    )
    latest: dict[tuple[Any, date], str] = {}
    for person_id, night, outcome in records:
        latest[(person_id, night)] = outcome
    offered: dict[date, set[Any]] = {}
    accepted: dict[date, set[Any]] = {}
    for (person_id, night), outcome in latest.items():
        month = night.replace(day=1)
        if outcome in OFFERED_ANY:
            offered.setdefault(month, set()).add(person_id)
        if outcome == SweepOutcome.ACCEPTED:
            accepted.setdefault(month, set()).add(person_id)
    return {
        month: MonthSwep(
            activations=started[month],
            nights=sum(1 for n in nights if n.replace(day=1) == month),
            offered=len(offered.get(month, ())),
            accepted=len(accepted.get(month, ())),
        )
        for month in months
    }
