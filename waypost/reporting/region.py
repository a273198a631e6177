"""The regional view's figures (plan P1.10): the partnerships of one region side by side, for
one calendar month, with a region total. Counts only, never a person; every count passes
through `waypost.lib.suppression` before anyone sees it.

For partnership P and month M (calendar months, Europe/London):

- **On the by-name list**: people whose by-name list status at the end of M (their latest
  status change before M ended) was still open: not housed, not left the area, not died.
- **New to rough sleeping**, in M and in the 12 months to the end of M, and **seen sleeping
  rough** in M: identified people, as `waypost.outreach.flows` defines them (new: not seen
  in the 60 months before, across the region).
- **Single night**: the partnership's monthly single-night figure for a night in M (the annual
  snapshot when that is the night recorded in M), and per 100,000 residents; the rate is shown
  only where the count is, and for the region only when every partnership with a figure has a
  population (otherwise the rate would give away the others' sum).
- **In accommodation**: people in a placement on the last day of M.
- **Housed through Housing First**: people whose Housing First tenancy started on or before
  the last day of M (as `waypost.housing.housing_first_figures` counts them, ever).
- **SWEP nights**: nights in M on which severe weather provision was on. Not a count of
  people, and SWEP is announced publicly: shown exactly, not added up.

Restricted records (restriction of processing) and merged-away records are never counted.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone

from waypost.accounts.models import Membership, Partnership, Role
from waypost.housing.models import HousingFirstCase, Placement
from waypost.lib.replica import reads_from_replica
from waypost.lib.suppression import Cell, Suppressed, suppress
from waypost.outreach.flows import add_months, month_flows
from waypost.outreach.models import (
    CLOSED_STATUSES,
    ByNameEntry,
    CountKind,
    StatusChange,
    StreetCount,
)
from waypost.swep.models import Activation, ActivationStatus
from waypost.swep.sweep_access import activation_nights

# Who may look at the region: read-only for the partnership's coordinators, commissioners and
# admins; the combined authority officer is who it is for.
REGION_ROLES = (Role.REGIONAL, Role.COORDINATOR, Role.COMMISSIONER, Role.PARTNERSHIP_ADMIN)
# Who may share a practice note with the region.
NOTE_WRITER_ROLES = (Role.REGIONAL, Role.COORDINATOR, Role.PARTNERSHIP_ADMIN)

# The counts, in column order: (key, short heading, heading spelt out for the CSV).
COUNTS = [
    ("by_name", "On the by-name list", "People on the by-name list at the end of the month"),
    ("new_month", "New this month", "People new to rough sleeping in the month"),
    ("new_year", "New in 12 months", "People new to rough sleeping in the 12 months to the month"),
    ("seen", "Seen sleeping rough", "People seen sleeping rough over the month"),
    ("single_night", "Single night", "People sleeping rough on a single night"),
    ("accommodated", "In accommodation", "People in accommodation at the end of the month"),
    ("housing_first", "Housing First housed", "People housed through Housing First, ever"),
]
RATE_HEAD = ("Single night per 100,000", "Single night per 100,000 residents")
SWEP_HEAD = ("SWEP nights", "Nights severe weather provision was on")
NOT_ADDED_UP = "Not added up"
NO_FIGURE = "No figure"
NO_RATE = "No rate"


def regions_for(memberships: list[Membership]) -> list[str]:
    """The regions of the partnerships where the user holds a role that may see the region."""
    return sorted(
        {
            m.agency.partnership.region
            for m in memberships
            if m.role in REGION_ROLES and m.agency.partnership.region.strip()
        }
    )


def last_full_month(today: date) -> date:
    return add_months(today.replace(day=1), -1)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())


@dataclass
class PartnershipRow:
    partnership: Partnership
    counts: dict[str, int]
    has_single_night: bool
    swep_nights: int


def _by_name(ids: list[Any], end: datetime) -> dict[Any, int]:
    status_then = Subquery(
        StatusChange.objects.filter(entry=OuterRef("pk"), changed_at__lt=end)
        .order_by("-changed_at")
        .values("status")[:1]
    )
    rows = (
        ByNameEntry.objects.filter(
            partnership_id__in=ids,
            added_at__lt=end,
            person__restricted_at__isnull=True,
            person__merged_into__isnull=True,
        )
        .annotate(status_then=status_then)
        .filter(status_then__isnull=False)
        .exclude(status_then__in=CLOSED_STATUSES)
        .values("partnership_id")
        .annotate(n=Count("person_id", distinct=True))
        .order_by()
    )
    return {row["partnership_id"]: row["n"] for row in rows}


def _single_nights(ids: list[Any], month: date, last_day: date) -> dict[Any, int]:
    """The latest single-night figure in the month: monthly figures first, then the annual."""
    found: dict[Any, int] = {}
    counts = (
        StreetCount.objects.filter(partnership_id__in=ids, night__gte=month, night__lte=last_day)
        .annotate(
            listed=Count(
                "people",
                filter=Q(people__person__isnull=True)
                | Q(people__person__restricted_at__isnull=True),
            )
        )
        .order_by("night")
    )
    # Monthly last, so a monthly figure wins over the annual snapshot in the same month.
    ordered = sorted(counts, key=lambda c: (c.kind == CountKind.MONTHLY, c.night))
    for count in ordered:
        found[count.partnership_id] = count.total if count.total is not None else count.listed
    return found


def _accommodated(ids: list[Any], last_day: date) -> dict[Any, int]:
    rows = (
        Placement.objects.current(on=last_day)
        .filter(
            partnership_id__in=ids,
            person__restricted_at__isnull=True,
            person__merged_into__isnull=True,
        )
        .values("partnership_id")
        .annotate(n=Count("person_id", distinct=True))
        .order_by()
    )
    return {row["partnership_id"]: row["n"] for row in rows}


def _housing_first(ids: list[Any], last_day: date) -> dict[Any, int]:
    rows = (
        HousingFirstCase.objects.filter(
            partnership_id__in=ids,
            tenancy__isnull=False,
            tenancy__started_on__lte=last_day,
            person__restricted_at__isnull=True,
            person__merged_into__isnull=True,
        )
        .values("partnership_id")
        .annotate(n=Count("person_id", distinct=True))
        .order_by()
    )
    return {row["partnership_id"]: row["n"] for row in rows}


def _swep_nights(ids: list[Any], month: date, last_day: date) -> dict[Any, int]:
    nights: dict[Any, set[date]] = {}
    activations = Activation.objects.filter(
        partnership_id__in=ids,
        status__in=[ActivationStatus.ACTIVE, ActivationStatus.ENDED],
        starts_at__lt=_start_of(last_day + timedelta(days=1)),
    ).exclude(ended_at__lt=_start_of(month))
    for activation in activations:
        in_month = {n for n in activation_nights(activation) if month <= n <= last_day}
        nights.setdefault(activation.partnership_id, set()).update(in_month)
    return {pid: len(found) for pid, found in nights.items()}


@reads_from_replica
def partnership_rows(region: str, month: date) -> list[PartnershipRow]:
    """Each partnership of the region (by name) and its exact counts for the month. Exact:
    pass them through `region_table` before showing them to anyone."""
    partnerships = list(Partnership.objects.filter(region=region).order_by("name"))
    ids = [p.pk for p in partnerships]
    next_month = add_months(month, 1)
    last_day = next_month - timedelta(days=1)
    end = _start_of(next_month)
    by_name = _by_name(ids, end)
    single = _single_nights(ids, month, last_day)
    accommodated = _accommodated(ids, last_day)
    housing_first = _housing_first(ids, last_day)
    swep = _swep_nights(ids, month, last_day)
    rows = []
    for partnership in partnerships:
        flows = month_flows(partnership, add_months(month, -11), month)
        rows.append(
            PartnershipRow(
                partnership=partnership,
                counts={
                    "by_name": by_name.get(partnership.pk, 0),
                    "new_month": flows[-1].new,
                    "new_year": sum(flow.new for flow in flows),
                    "seen": flows[-1].people,
                    "single_night": single.get(partnership.pk, 0),
                    "accommodated": accommodated.get(partnership.pk, 0),
                    "housing_first": housing_first.get(partnership.pk, 0),
                },
                has_single_night=partnership.pk in single,
                swep_nights=swep.get(partnership.pk, 0),
            )
        )
    return rows


@dataclass
class RegionTable:
    """The region's figures as they may be published: `suppressed.body[i][j]` is partnership
    i's count j (COUNTS order); `suppressed.col_totals` the region totals."""

    rows: list[PartnershipRow]
    suppressed: Suppressed

    def rate_text(self, cell: Cell, population: int | None, has_figure: bool) -> str:
        if not has_figure:
            return NO_FIGURE
        if cell.hidden:
            return cell.text
        if not population:
            return NO_RATE
        return f"{cell.value * 100_000 / population:.1f}"

    def partnership_cells(self, index: int) -> list[str]:
        row = self.rows[index]
        cells = self.suppressed.body[index]
        texts = []
        for (key, _, _), cell in zip(COUNTS, cells, strict=True):
            texts.append(
                NO_FIGURE if key == "single_night" and not row.has_single_night else cell.text
            )
        single = cells[_SINGLE]
        texts.append(self.rate_text(single, row.partnership.population, row.has_single_night))
        texts.append(f"{row.swep_nights:,}")
        return texts

    def total_cells(self) -> list[str]:
        totals = self.suppressed.col_totals or ()
        texts = [cell.text for cell in totals]
        with_figure = [row for row in self.rows if row.has_single_night]
        if not with_figure:
            texts[_SINGLE] = NO_FIGURE
            rate = NO_FIGURE
        elif all(row.partnership.population for row in with_figure):
            population = sum(row.partnership.population or 0 for row in with_figure)
            rate = self.rate_text(totals[_SINGLE], population, True)
        else:
            rate = NO_RATE
        return [*texts, rate, NOT_ADDED_UP]


_SINGLE = [key for key, _, _ in COUNTS].index("single_night")


def region_table(rows: list[PartnershipRow]) -> RegionTable:
    """Disclosure control over the partnerships' counts, with the region total of each."""
    table = [[row.counts[key] for key, _, _ in COUNTS] for row in rows]
    if not table:
        table = [[0] * len(COUNTS)]
    return RegionTable(rows, suppress(table, row_totals=False, col_totals=True))
