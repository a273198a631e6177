"""Grant spend to date (plans CP4, P2.8): for each budget line, its allocation, the spend in
each financial quarter of the grant, spent to date, left and the share spent.

Sums are made in the database, grouped by line and quarter; a correction counts in the
quarter it is dated, so a spend reversed later lowers that later quarter.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Sum
from django.db.models.functions import TruncQuarter

from waypost.funds.models import BudgetLine, Fund, LedgerEntry
from waypost.lib.quarters import Quarter, quarters_between


@dataclass
class LineRow:
    line: BudgetLine | None  # None: the totals row
    name: str
    allocation_pence: int
    by_quarter: list[int] = field(default_factory=list)

    @property
    def spent_pence(self) -> int:
        return sum(self.by_quarter)

    @property
    def left_pence(self) -> int:
        return self.allocation_pence - self.spent_pence

    @property
    def percent_spent(self) -> int | None:
        if not self.allocation_pence:
            return None
        return round(self.spent_pence * 100 / self.allocation_pence)


@dataclass
class GrantReport:
    fund: Fund
    quarters: list[Quarter]
    lines: list[LineRow]
    total: LineRow


def grant_report(fund: Fund, *, today: date) -> GrantReport:
    """Spend per line and financial quarter, from the grant's start to its end (or to the
    latest entry, when spend is dated outside the grant's period)."""
    lines = list(BudgetLine.objects.filter(fund=fund))
    sums = (
        LedgerEntry.objects.filter(fund=fund, budget_line__isnull=False)
        .annotate(quarter=TruncQuarter("occurred_on"))
        .values("budget_line_id", "quarter")
        .annotate(total=Sum("amount_pence"))
        .values_list("budget_line_id", "quarter", "total")
    )
    spent: dict[tuple[object, Quarter], int] = {}
    days: list[date] = []
    for line_id, quarter_start, total in sums:
        # Calendar quarters line up with financial ones (April to June is both).
        quarter = Quarter.containing(quarter_start)
        spent[(line_id, quarter)] = spent.get((line_id, quarter), 0) - total
        days.append(quarter.starts_on)
    first = min([d for d in (fund.starts_on, *days) if d] or [today])
    last = max([d for d in (fund.ends_on, *days) if d] or [today])
    quarters = quarters_between(first, last)
    rows = [
        LineRow(
            line, line.name, line.allocation_pence, [spent.get((line.pk, q), 0) for q in quarters]
        )
        for line in lines
    ]
    total = LineRow(
        None,
        "Total",
        sum(r.allocation_pence for r in rows),
        [sum(r.by_quarter[i] for r in rows) for i in range(len(quarters))],
    )
    return GrantReport(fund=fund, quarters=quarters, lines=rows, total=total)
