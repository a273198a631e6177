"""The public giving page at /giving/ (no sign-in, phone first): what each partnership's
public funds (Fund.is_public) raised and what the money paid for.

Aggregates only, from the ledger: money raised by source, what it paid for by purpose, how
many grants went to people by purpose, and the balance, for this financial year so far and
the last full one (April to March). Nothing personal is loaded: no request, no person, no
single payment, no date finer than a month. Corrections count where the entry they correct
counts (a reversal carries the source or purpose of what it reverses), so every figure is a
sum of ledger entries. Numbers of grants from 1 to 4 could point to someone, so they are
written "fewer than 5", and those purposes' money is shown together as one row.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from waypost.accounts.models import Partnership
from waypost.funds.models import (
    PERSON_PURPOSES,
    EntryKind,
    Fund,
    IncomeSource,
    LedgerEntry,
    Purpose,
)
from waypost.lib.money import pounds, pounds_column
from waypost.lib.suppression import SMALLEST_SHOWN
from waypost.referrals.ratelimit import limited_per_address

FEWER_THAN = f"fewer than {SMALLEST_SHOWN}"
GROUPED_LABEL = "Other help for people (grouped: fewer than 5 grants each)"
OTHER_SPEND_LABEL = "Running the scheme and other spending"


@dataclass(frozen=True)
class Period:
    key: str
    starts_on: date
    ends_on: date  # exclusive
    title: str
    span: str  # "April 2026 to November 2026", for table captions


def financial_years(today: date) -> tuple[Period, Period]:
    """This financial year so far and the last full one (April to March)."""
    start = date(today.year if today.month >= 4 else today.year - 1, 4, 1)
    last_start = date(start.year - 1, 4, 1)
    return (
        Period(
            "this",
            start,
            today + timedelta(days=1),
            f"This year so far: April {start.year} to {today:%B %Y}",
            f"April {start.year} to {today:%B %Y}",
        ),
        Period(
            "last",
            last_start,
            start,
            f"Last year: April {last_start.year} to March {start.year}",
            f"April {last_start.year} to March {start.year}",
        ),
    )


@dataclass
class Line:
    label: str
    text: str


@dataclass
class PeriodFigures:
    period: Period
    raised: list[Line] = field(default_factory=list)
    raised_total: str = ""
    fees: str = ""
    has_fees: bool = False
    paid_for: list[Line] = field(default_factory=list)
    paid_for_total: str = ""
    grants: list[Line] = field(default_factory=list)
    has_money: bool = False


def _public_partnerships():  # type: ignore[no-untyped-def]
    return Partnership.objects.filter(
        pk__in=Fund.objects.filter(is_public=True).values("partnership_id")
    )


@limited_per_address("public-giving", "PUBLIC_PAGE_RATE")
def index(request: HttpRequest) -> HttpResponse:
    """Every partnership with at least one public fund."""
    partnerships = list(_public_partnerships().order_by("name"))
    return render(request, "funds/public_index.html", {"partnerships": partnerships})


@limited_per_address("public-giving", "PUBLIC_PAGE_RATE")
def partnership_page(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _public_partnerships().filter(slug=slug).first()
    if partnership is None:
        raise Http404
    funds = list(
        Fund.objects.filter(partnership=partnership, is_public=True)
        .order_by("name")
        .values_list("name", flat=True)
    )
    periods = financial_years(timezone.localdate())
    entries = LedgerEntry.objects.filter(fund__partnership=partnership, fund__is_public=True)
    figures = giving_figures(entries, periods)
    balance = entries.aggregate(total=Coalesce(Sum("amount_pence"), 0))["total"]
    return render(
        request,
        "funds/public_partnership.html",
        {
            "partnership": partnership,
            "fund_names": funds,
            "figures": figures,
            "balance": pounds(balance),
        },
    )


def giving_figures(entries, periods: tuple[Period, ...]) -> list[PeriodFigures]:  # type: ignore[no-untyped-def]
    """The page's figures in two grouped queries: money by what it is, and grants counted."""
    earliest = min(p.starts_on for p in periods)
    latest = max(p.ends_on for p in periods)
    in_range = entries.filter(occurred_on__gte=earliest, occurred_on__lt=latest)
    sums = {
        p.key: Sum(
            "amount_pence", filter=Q(occurred_on__gte=p.starts_on, occurred_on__lt=p.ends_on)
        )
        for p in periods
    }
    money = list(
        in_range.annotate(counts_as=Coalesce(F("reverses__kind"), F("kind")))
        .values("counts_as", "source", "purpose")
        .annotate(**sums)
        .order_by()
    )
    # A payment to a person counts one grant; a correction of that payment takes it back.
    counts = {}
    for p in periods:
        when = Q(occurred_on__gte=p.starts_on, occurred_on__lt=p.ends_on)
        counts[f"{p.key}_paid"] = Count("id", filter=when & Q(kind=EntryKind.PAYMENT))
        counts[f"{p.key}_undone"] = Count(
            "id", filter=when & Q(kind=EntryKind.REVERSAL, reverses__kind=EntryKind.PAYMENT)
        )
    grant_rows = list(
        in_range.filter(grant_request__isnull=False).values("purpose").annotate(**counts).order_by()
    )
    return [_figures_for(p, money, grant_rows) for p in periods]


def _figures_for(period: Period, money: list[dict], grant_rows: list[dict]) -> PeriodFigures:
    key = period.key
    figures = PeriodFigures(period)
    raised: dict[str, int] = {}
    paid: dict[str, int] = {}
    fees = 0
    for row in money:
        amount = row[key] or 0
        if not amount:
            continue
        if row["counts_as"] == EntryKind.INCOME:
            raised[row["source"]] = raised.get(row["source"], 0) + amount
        elif row["counts_as"] in (EntryKind.FEE, EntryKind.REFUND):
            fees += amount
        elif row["counts_as"] in (EntryKind.PAYMENT, EntryKind.SPEND):
            paid[row["purpose"]] = paid.get(row["purpose"], 0) - amount
    grants = {
        row["purpose"]: (row[f"{key}_paid"] or 0) - (row[f"{key}_undone"] or 0)
        for row in grant_rows
    }

    source_labels = dict(IncomeSource.choices)
    figures.raised = [
        Line(source_labels.get(source, "Other income"), pounds_column(amount))
        for source, amount in sorted(raised.items(), key=lambda kv: -kv[1])
    ]
    figures.has_fees = bool(fees)
    figures.fees = pounds_column(fees)
    figures.raised_total = pounds_column(sum(raised.values()) + fees)

    purpose_labels = dict(Purpose.choices)
    grouped = 0
    lines = []
    for purpose, amount in sorted(paid.items(), key=lambda kv: -kv[1]):
        if purpose in PERSON_PURPOSES and 0 < grants.get(purpose, 0) < SMALLEST_SHOWN:
            grouped += amount  # one grant's amount must not be readable from the page
            continue
        lines.append(Line(purpose_labels.get(purpose, OTHER_SPEND_LABEL), pounds_column(amount)))
    if grouped:
        lines.append(Line(GROUPED_LABEL, pounds_column(grouped)))
    figures.paid_for = lines
    figures.paid_for_total = pounds_column(sum(paid.values()))
    figures.grants = [
        Line(
            purpose_labels[purpose],
            f"{grants[purpose]:,}" if grants[purpose] >= SMALLEST_SHOWN else FEWER_THAN,
        )
        for purpose in PERSON_PURPOSES
        if grants.get(purpose, 0) > 0
    ]
    figures.has_money = bool(raised or fees or paid)
    return figures
