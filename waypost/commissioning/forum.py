"""The quarterly report to the homelessness forum and the annual summary (plan P1.6): each
contract of a partnership, its KPIs, their targets, and the accepted figures for a run of
quarters with their RAG status and the provider's comments.

The report leaves the partnership, so counts from 1 to 4 are shown as "fewer than 5", and a
percentage made from such a count (or from fewer than 5 people either side of it) is not
shown. A RAG status that would pin a hidden count to a single number is not shown either.
Only accepted returns count: a return still under review is reported as such.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q

from waypost.accounts.models import Partnership
from waypost.commissioning.models import Contract, Kpi, KpiValue, QuarterlyReturn, ReturnStatus
from waypost.commissioning.rag import Figure, Rag, figure_for, rag_status
from waypost.lib.disclosure import FEWER_THAN, NOT_SHOWN, SMALLEST_SHOWN, Disclosure
from waypost.lib.quarters import Quarter
from waypost.lib.replica import reads_from_replica

NO_RETURN = "No return"
UNDER_REVIEW = "Not yet accepted"
RAG_WORDS = {Rag.GREEN: "Green", Rag.AMBER: "Amber", Rag.RED: "Red", Rag.GREY: "No figure"}


@dataclass(frozen=True)
class ShownFigure:
    text: str  # the value as the forum sees it
    rag: Rag
    rag_text: str  # the RAG as a word, never colour alone
    comment: str
    value: Decimal | None  # None when hidden or missing: the trend compares these only


@dataclass
class KpiRow:
    kpi: Kpi
    target: str
    cells: list[ShownFigure]  # one per quarter, oldest first

    @property
    def latest(self) -> ShownFigure:
        return self.cells[-1]

    @property
    def trend(self) -> str:
        """How the latest figure moved since the quarter before, in words."""
        if len(self.cells) < 2:
            return ""
        now, before = self.cells[-1].value, self.cells[-2].value
        if now is None or before is None:
            return "Not known"
        if now == before:
            return "No change"
        better = (now > before) == (self.kpi.direction == "higher")
        return "Better" if better else "Worse"


@dataclass
class ContractSection:
    contract: Contract
    rows: list[KpiRow] = field(default_factory=list)
    statuses: list[tuple[Quarter, str]] = field(default_factory=list)  # each return's state


@dataclass
class ForumReport:
    partnership: Partnership
    quarters: list[Quarter]
    sections: list[ContractSection]
    disclosure: Disclosure

    @property
    def latest(self) -> Quarter:
        return self.quarters[-1]

    @property
    def is_suppressed(self) -> bool:
        return self.disclosure.used


def _rag_would_pin(kpi: Kpi, rag: Rag) -> bool:
    """Whether only one count from 1 to 4 has this RAG (then the RAG would reveal it)."""
    same = [
        n
        for n in range(1, SMALLEST_SHOWN)
        if rag_status(
            Decimal(n),
            kpi.target,
            higher_is_better=kpi.direction == "higher",
            tolerance_percent=kpi.tolerance_percent,
        )
        == rag
    ]
    return len(same) == 1


def shown_figure(kpi: Kpi, value: KpiValue | None, show: Disclosure) -> ShownFigure:
    """One KPI's accepted figure as the forum may see it."""
    if value is None:
        return ShownFigure(NO_RETURN, Rag.GREY, RAG_WORDS[Rag.GREY], "", None)
    figure: Figure = figure_for(kpi, value.count, value.out_of)
    rag_text = RAG_WORDS[figure.rag]
    if figure.value is None:
        return ShownFigure("No figure", Rag.GREY, RAG_WORDS[Rag.GREY], value.comment, None)
    count = figure.count or 0
    if kpi.is_percent:
        out_of = figure.out_of or 0
        if show.hides(count) or show.hides(out_of - count):
            return ShownFigure(NOT_SHOWN, figure.rag, rag_text, value.comment, None)
        text = f"{figure.value.normalize():f}%"
        return ShownFigure(
            f"{text} ({count:,} of {out_of:,})", figure.rag, rag_text, value.comment, figure.value
        )
    if show.hides(count):
        if _rag_would_pin(kpi, figure.rag):
            return ShownFigure(FEWER_THAN, Rag.GREY, NOT_SHOWN, value.comment, None)
        return ShownFigure(FEWER_THAN, figure.rag, rag_text, value.comment, None)
    return ShownFigure(f"{count:,}", figure.rag, rag_text, value.comment, figure.value)


def _status_text(found: QuarterlyReturn | None) -> str:
    if found is None:
        return NO_RETURN
    if found.status == ReturnStatus.ACCEPTED:
        return "Accepted"
    return UNDER_REVIEW


@reads_from_replica
def forum_report(
    partnership: Partnership, quarters: list[Quarter], *, show: Disclosure | None = None
) -> ForumReport:
    """The report for these quarters (oldest first): every contract running in any of them,
    with its KPIs and accepted figures. Four queries, whatever the number of contracts."""
    show = show or Disclosure(suppress=True)
    first, last = quarters[0], quarters[-1]
    wanted = Q()
    for quarter in quarters:
        wanted |= Q(year=quarter.year, quarter=quarter.number)
    returns = QuarterlyReturn.objects.filter(wanted).prefetch_related("values")
    contracts = (
        Contract.objects.filter(
            partnership=partnership, starts_on__lte=last.ends_on, ends_on__gte=first.starts_on
        )
        .select_related("provider")
        .prefetch_related("kpis", Prefetch("returns", queryset=returns, to_attr="chosen_returns"))
        .order_by("name")
    )
    sections = []
    for contract in contracts:
        by_quarter = {Quarter(r.year, r.quarter): r for r in contract.chosen_returns}
        section = ContractSection(contract)
        section.statuses = [(q, _status_text(by_quarter.get(q))) for q in quarters]
        accepted: dict[Quarter, dict] = {
            q: {v.kpi_id: v for v in r.values.all()}
            for q, r in by_quarter.items()
            if r.status == ReturnStatus.ACCEPTED
        }
        for kpi in contract.kpis.all():
            cells = [shown_figure(kpi, accepted.get(q, {}).get(kpi.pk), show) for q in quarters]
            section.rows.append(KpiRow(kpi, kpi.target_text, cells))
        sections.append(section)
    return ForumReport(partnership, quarters, sections, show)
