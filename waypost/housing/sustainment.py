"""Tenancy sustainment: how long tenancies last, and the partnership's figures.

"Sustained at N months" follows the idea of the NR2 measure: of the tenancies that started at
least N months ago, how many had not ended by the date N months after they started. A
tenancy that ended on that date lasted the N months. Figures are counts over the whole
partnership (no names, no rows), leaving out people whose records are restricted.
"""

import calendar
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count
from django.utils import timezone

from waypost.housing.models import RiskKind, Tenancy, TenancyRisk

MILESTONES_MONTHS = (6, 12)


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later (or earlier), kept within the month: one
    month after 31 January is 28 or 29 February."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_sustained(
    started_on: date, ended_on: date | None = None, today: date | None = None
) -> int:
    """Whole calendar months from the start to the end (or to today while it lasts): the most
    months m for which the date m months after the start is on or before the end."""
    end = ended_on or today or timezone.localdate()
    if end < started_on:
        return 0
    months = (end.year - started_on.year) * 12 + end.month - started_on.month
    if add_months(started_on, months) > end:
        months -= 1
    return max(months, 0)


def months_text(months: int) -> str:
    if months == 0:
        return "Less than a month"
    return f"{months} month{'s' if months != 1 else ''}"


@dataclass(frozen=True)
class Milestone:
    """Of `started` tenancies that began at least `months` months ago, `sustained` lasted."""

    months: int
    started: int
    sustained: int

    @property
    def percent(self) -> int | None:
        if not self.started:
            return None
        return round(100 * self.sustained / self.started)

    @property
    def text(self) -> str:
        if not self.started:
            return "No tenancies started that long ago"
        return f"{self.sustained} of {self.started} ({self.percent}%)"


def sustained_at(rows: list[tuple[date, date | None]], months: int, today: date) -> Milestone:
    """The milestone over (started_on, ended_on) pairs (pure: tested number by number)."""
    started = sustained = 0
    for started_on, ended_on in rows:
        milestone = add_months(started_on, months)
        if milestone > today:
            continue
        started += 1
        if ended_on is None or ended_on >= milestone:
            sustained += 1
    return Milestone(months=months, started=started, sustained=sustained)


@dataclass(frozen=True)
class Figures:
    milestones: list[Milestone]
    current: int
    open_flags: list[tuple[str, int]]  # (label, count) for every kind, in the kinds' order


def _counted(partnership_id: Any) -> Any:
    return Tenancy.objects.filter(
        partnership_id=partnership_id,
        person__restricted_at__isnull=True,
        person__merged_into__isnull=True,
    )


def sustainment_figures(partnership_id: Any, today: date | None = None) -> Figures:
    """The partnership's sustainment figures (three queries)."""
    today = today or timezone.localdate()
    earliest = add_months(today, -min(MILESTONES_MONTHS))
    rows = list(
        _counted(partnership_id)
        .filter(started_on__lte=earliest)
        .values_list("started_on", "ended_on")
    )
    current = _counted(partnership_id).filter(ended_on__isnull=True).count()
    by_kind = Counter(
        dict(
            TenancyRisk.objects.filter(
                tenancy__partnership_id=partnership_id,
                tenancy__ended_on__isnull=True,
                resolved_on__isnull=True,
                person__restricted_at__isnull=True,
                person__merged_into__isnull=True,
            )
            .order_by()
            .values("kind")
            .annotate(n=Count("id"))
            .values_list("kind", "n")
        )
    )
    return Figures(
        milestones=[sustained_at(rows, months, today) for months in MILESTONES_MONTHS],
        current=current,
        open_flags=[(str(kind.label), by_kind.get(kind.value, 0)) for kind in RiskKind],
    )
