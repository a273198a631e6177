"""The annual report on the partnership's money (plan P3.9: "report annually on funds raised
and distributed to the Homelessness Forum"), for one financial year, April to March.

Per fund and in total: the opening balance, money raised by source, money distributed by
purpose (payments for people and spend), fees, and the closing balance. A correction is netted
into the source or purpose of the entry it reverses, in the year it is dated. The closing
balance is read from the ledger and checked against opening + in - out.

How many people were helped is counted per purpose (payments in the year not since reversed)
and shown only when 5 or more: the report goes outside the partnership.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce

from waypost.accounts.models import Partnership
from waypost.funds.models import EntryKind, Fund, IncomeSource, LedgerEntry, Purpose

SMALLEST_COUNT_SHOWN = 5
NO_PURPOSE = ""


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 4, 1), date(year + 1, 3, 31)


def year_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


@dataclass
class FundYear:
    """One fund's year, or the total of all of them (fund None). Amounts in pence, out as
    positive numbers."""

    fund: Fund | None
    opening: int = 0
    raised: dict[str, int] = field(default_factory=dict)  # by source
    payments: dict[str, int] = field(default_factory=dict)  # by purpose: for people
    spend: dict[str, int] = field(default_factory=dict)  # by purpose: grant and other spend
    fees: int = 0
    closing: int = 0  # from the ledger
    entries: int = 0

    @property
    def raised_total(self) -> int:
        return sum(self.raised.values())

    @property
    def payments_total(self) -> int:
        return sum(self.payments.values())

    @property
    def spend_total(self) -> int:
        return sum(self.spend.values())

    @property
    def distributed_total(self) -> int:
        return self.payments_total + self.spend_total

    @property
    def expected_closing(self) -> int:
        return self.opening + self.raised_total - self.distributed_total - self.fees

    @property
    def balances(self) -> bool:
        return self.expected_closing == self.closing

    def add(self, other: "FundYear") -> None:
        self.opening += other.opening
        self.fees += other.fees
        self.closing += other.closing
        self.entries += other.entries
        for mine, theirs in (
            (self.raised, other.raised),
            (self.payments, other.payments),
            (self.spend, other.spend),
        ):
            for key, pence in theirs.items():
                mine[key] = mine.get(key, 0) + pence


@dataclass
class PeopleHelped:
    purpose: str
    label: str
    count: int

    @property
    def shown(self) -> bool:
        return self.count >= SMALLEST_COUNT_SHOWN


@dataclass
class AnnualReport:
    partnership: Partnership
    year: int
    funds: list[FundYear]
    total: FundYear
    people: list[PeopleHelped]

    @property
    def label(self) -> str:
        return year_label(self.year)

    @property
    def bounds(self) -> tuple[date, date]:
        return year_bounds(self.year)

    @property
    def has_entries(self) -> bool:
        return self.total.entries > 0

    @property
    def sources(self) -> list[tuple[str, str]]:
        return [(v, label) for v, label in IncomeSource.choices if v in self.total.raised]

    @property
    def purposes(self) -> list[tuple[str, str]]:
        used = set(self.total.payments) | set(self.total.spend)
        found = [(v, label) for v, label in Purpose.choices if v in used]
        if NO_PURPOSE in used:
            found.append((NO_PURPOSE, "Purpose not given"))
        return found


def _sums_by_fund(entries: Any) -> dict[Any, int]:
    return dict(
        entries.values("fund_id")
        .annotate(total=Coalesce(Sum("amount_pence"), 0))
        .values_list("fund_id", "total")
    )


def annual_report(partnership: Partnership, year: int) -> AnnualReport:
    starts, ends = year_bounds(year)
    funds = list(Fund.objects.filter(partnership=partnership).order_by("name"))
    ours = LedgerEntry.objects.filter(fund__partnership=partnership)
    opening = _sums_by_fund(ours.filter(occurred_on__lt=starts))
    closing = _sums_by_fund(ours.filter(occurred_on__lte=ends))
    in_year = ours.filter(occurred_on__gte=starts, occurred_on__lte=ends)
    grouped = (
        in_year.values("fund_id", "kind", "reverses__kind", "source", "purpose")
        .annotate(total=Sum("amount_pence"), entries=Count("id"))
        .order_by()
    )
    years = {
        f.pk: FundYear(f, opening=opening.get(f.pk, 0), closing=closing.get(f.pk, 0)) for f in funds
    }
    for row in grouped:
        found = years[row["fund_id"]]
        found.entries += row["entries"]
        kind = row["reverses__kind"] if row["kind"] == EntryKind.REVERSAL else row["kind"]
        pence = row["total"]
        if kind == EntryKind.INCOME:
            found.raised[row["source"]] = found.raised.get(row["source"], 0) + pence
        elif kind == EntryKind.FEE:
            found.fees -= pence
        elif kind == EntryKind.PAYMENT:
            found.payments[row["purpose"]] = found.payments.get(row["purpose"], 0) - pence
        else:  # spend
            found.spend[row["purpose"]] = found.spend.get(row["purpose"], 0) - pence
    shown = [y for y in years.values() if y.entries or y.opening or y.closing]
    total = FundYear(None)
    for fund_year in shown:
        total.add(fund_year)
    helped = dict(
        in_year.filter(kind=EntryKind.PAYMENT, reversed_by__isnull=True)
        .values("purpose")
        .annotate(people=Count("grant_request__person_id", distinct=True))
        .values_list("purpose", "people")
        .order_by()
    )
    people = [
        PeopleHelped(value, label, helped[value])
        for value, label in Purpose.choices
        if helped.get(value)
    ]
    return AnnualReport(partnership, year, shown, total, people)
