"""The partnership dashboard: each family of figures (waypost.reporting.figures) as tables of
text the viewer may see, with a chart drawn from the same shown numbers.

Suppression (commissioners): a count from 1 to 4 is "fewer than 5"; a total (of a row or of a
column) is "Not shown" when any count it adds up is hidden, so a hidden count can never be
worked out by subtracting the shown ones from a total. A chart draws nothing for a hidden
count (a stacked bar with a hidden part is not drawn at all).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.utils.safestring import SafeString

from waypost.accounts.models import Partnership
from waypost.housing.models import EndReason
from waypost.lib import charts
from waypost.lib.disclosure import NOT_SHOWN, Cell, Disclosure, Table, percent_text
from waypost.lib.replica import reads_from_replica
from waypost.outreach.flow_views import flow_chart, month_label, shown_months, stacked_bar_chart
from waypost.outreach.flows import month_flows
from waypost.outreach.models import ListStatus
from waypost.referrals.models import ClosureReason, DutyKind, DutyOutcome, Pathway
from waypost.reporting.figures import (
    accommodation,
    housing_first,
    last_day,
    months_between,
    people_list,
    referrals,
)
from waypost.reporting.figures.street import single_night_figures
from waypost.reporting.figures.swep import swep_by_month


@dataclass
class Section:
    id: str
    title: str
    summary: str
    tables: list[Table]
    chart: SafeString | None = None


@dataclass
class Dashboard:
    partnership: Partnership
    first: date
    last: date
    show: Disclosure
    sections: list[Section] = field(default_factory=list)

    @property
    def period_text(self) -> str:
        return f"{month_label(self.first)} to {month_label(self.last)}"

    @property
    def tables(self) -> list[Table]:
        return [table for section in self.sections for table in section.tables]

    @property
    def charts(self) -> dict[str, SafeString | None]:
        return {s.tables[0].id: s.chart for s in self.sections}


# --- Tables with suppression --------------------------------------------------------------------


@dataclass
class Grid:
    """Counts in rows and columns, as shown: `values[r][c]` is None where a count is hidden."""

    table: Table
    values: list[list[int | None]]


def grid(
    table_id: str,
    caption: str,
    corner: str,
    columns: Sequence[str],
    rows: Sequence[tuple[str, Sequence[int]]],
    show: Disclosure,
    *,
    row_totals: str = "",
    column_totals: str = "",
) -> Grid:
    """A table of counts with optional row and column totals, suppressed as the module says."""
    numeric = [Cell(text, is_numeric=True) for text in columns]
    head = [Cell(corner), *numeric] + ([Cell(row_totals, is_numeric=True)] if row_totals else [])
    table = Table(table_id, caption, head)
    values: list[list[int | None]] = []
    hidden_in_column = [False] * len(columns)
    for label, counts in rows:
        hidden = [show.hides(n) for n in counts]
        texts = [show.count(n) for n in counts]
        values.append([None if h else n for n, h in zip(counts, hidden, strict=True)])
        for i, h in enumerate(hidden):
            hidden_in_column[i] = hidden_in_column[i] or h
        if row_totals:
            texts.append(NOT_SHOWN if any(hidden) else f"{sum(counts):,}")
        table.rows.append([Cell(label), *(Cell(t, is_numeric=True) for t in texts)])
    if column_totals:
        sums = [sum(counts[i] for _, counts in rows) for i in range(len(columns))]
        texts = [NOT_SHOWN if h else f"{n:,}" for n, h in zip(sums, hidden_in_column, strict=True)]
        if row_totals:
            texts.append(NOT_SHOWN if any(hidden_in_column) else f"{sum(sums):,}")
        table.rows.append(
            [Cell(column_totals, is_bold=True), *(Cell(t, True, True) for t in texts)]
        )
    return Grid(table, values)


def _stacked(
    labels: Sequence[str],
    names: Sequence[str],
    values: list[list[int | None]],
    *,
    chart_id: str,
    title: str,
    description: str,
) -> SafeString | None:
    """A stacked bar per label from up to three series (columns of `values`); nothing to draw
    when every shown value is 0."""
    if not any(v for row in values for v in row if v):
        return None
    series = [(name, [row[i] for row in values]) for i, name in enumerate(names)]
    hidden = sum(1 for row in values if any(v is None for v in row))
    note = f" {hidden} bars are not drawn: their numbers are too small." if hidden else ""
    return stacked_bar_chart(
        labels,
        series,
        chart_id=chart_id,
        title=title,
        description=f"{description}{note} The table beside the chart has the figures.",
    )


def _bars(
    items: Sequence[tuple[str, int | None, str]], *, chart_id: str, title: str, description: str
) -> SafeString | None:
    if not any(value for _, value, _ in items):
        return None
    return charts.horizontal_bar_chart(
        [charts.Bar(label, value, text) for label, value, text in items],
        chart_id=chart_id,
        title=title,
        description=f"{description} The table beside the chart has the figures.",
    )


# --- The sections -------------------------------------------------------------------------------


def by_name_list(partnership: Partnership, months: list[date], show: Disclosure) -> Section:
    counts = people_list.list_by_status(partnership, months)
    statuses = people_list.OPEN_STATUSES
    shown = grid(
        "list-table",
        "People on the by-name list at the end of each month, by status",
        "Month",
        [str(s.label) for s in statuses],
        [(month_label(m), [counts[m][s] for s in statuses]) for m in months],
        show,
        row_totals="On the list",
    )
    accommodated = {ListStatus.EMERGENCY, ListStatus.SUPPORTED}
    groups = [
        [i for i, s in enumerate(statuses) if s == ListStatus.ROUGH_SLEEPING],
        [i for i, s in enumerate(statuses) if s in accommodated],
        [i for i, s in enumerate(statuses) if s not in accommodated | {ListStatus.ROUGH_SLEEPING}],
    ]
    values = [
        [None if any(row[i] is None for i in g) else sum(row[i] or 0 for i in g) for g in groups]
        for row in shown.values
    ]
    return Section(
        "list",
        "People on the by-name list",
        "Everyone on the list at the end of each month, by their status then. People housed, "
        "who left the area or who died are no longer on the list.",
        [shown.table],
        _stacked(
            [month_label(m) for m in months],
            ["Sleeping rough", "In accommodation", "Other"],
            values,
            chart_id="list-chart",
            title="People on the by-name list at the end of each month",
            description="Stacked bar chart: sleeping rough (solid blue, at the bottom), in "
            "emergency or supported accommodation (grey stripes) and everyone else on the list "
            "(purple cross-hatch, at the top).",
        ),
    )


def flows(partnership: Partnership, months: list[date], show: Disclosure, today: date) -> Section:
    shown = shown_months(month_flows(partnership, months[0], months[-1]), show, today)
    table = Table(
        "flows-table",
        "People seen sleeping rough each month, by flow",
        [Cell("Month")]
        + [Cell(t, is_numeric=True) for t in ("New", "Continuing", "Returners", "Total")],
        [[Cell(m.label)] + [Cell(c, is_numeric=True) for c in m.cells[:4]] for m in shown],
    )
    return Section(
        "flows",
        "Flows: new, continuing and returning",
        "People seen bedded down each month: new to rough sleeping (not seen in the 60 months "
        "before), continuing from the month before, or returning after a gap.",
        [table],
        flow_chart(shown),
    )


def single_night(partnership: Partnership, months: list[date], show: Disclosure) -> Section:
    found = single_night_figures(partnership, months)
    table = Table(
        "single-night-table",
        "People sleeping rough on a single night each month",
        [Cell("Month"), Cell("Night"), Cell("People", is_numeric=True)],
    )
    values: list[list[int | None]] = []
    for month in months:
        figure = found[month]
        if figure is None:
            table.rows.append([Cell(month_label(month)), Cell("No figure"), Cell("", True)])
            values.append([0])
            continue
        night, total = figure
        table.rows.append(
            [Cell(month_label(month)), Cell(f"{night:%-d %b %Y}"), Cell(show.count(total), True)]
        )
        values.append([None if show.hides(total) else total])
    return Section(
        "single-night",
        "Rough sleeping on a single night",
        "The monthly single-night figure the partnership recorded for each month.",
        [table],
        _stacked(
            [month_label(m) for m in months],
            ["People"],
            values,
            chart_id="single-night-chart",
            title="People sleeping rough on a single night each month",
            description="Bar chart of the monthly single-night figure.",
        ),
    )


def in_accommodation(partnership: Partnership, months: list[date], show: Disclosure) -> Section:
    counts = accommodation.in_accommodation(partnership, months)
    keys = list(accommodation.GROUPS)
    shown = grid(
        "accommodation-table",
        "People in accommodation at the end of each month",
        "Month",
        [f"{accommodation.GROUPS[k]} accommodation" for k in keys],
        [(month_label(m), [counts[m][k] for k in keys]) for m in months],
        show,
        row_totals="Total",
    )
    return Section(
        "accommodation",
        "People in emergency and longer-term accommodation",
        "Placements open at the end of each month: emergency (emergency beds, night shelters, "
        "SWEP beds, hostels), temporary, and longer-term (supported accommodation and "
        "tenancies).",
        [shown.table],
        _stacked(
            [month_label(m) for m in months],
            [accommodation.GROUPS[k] for k in keys],
            shown.values,
            chart_id="accommodation-chart",
            title="People in accommodation at the end of each month",
            description="Stacked bar chart: emergency (solid blue, at the bottom), temporary "
            "(grey stripes) and longer-term (purple cross-hatch, at the top).",
        ),
    )


def moves_on(partnership: Partnership, months: list[date], show: Disclosure) -> Section:
    moves = accommodation.moves_on(partnership, months)
    rows = []
    for m in months:
        planned = moves[m].by_reason[EndReason.MOVE_ON]
        settled = moves[m].into_longer_term
        others = moves[m].ended - planned
        rows.append((month_label(m), [settled, planned - settled, others]))
    shown = grid(
        "moves-table",
        "Placements ended each month",
        "Month",
        ["Moved on to longer-term", "Other planned moves on", "Ended another way"],
        rows,
        show,
        row_totals="All ended",
        column_totals="Total",
    )
    reasons = [r for r in EndReason if r != EndReason.MOVE_ON]
    by_reason = grid(
        "end-reasons-table",
        "Placements that ended another way, by reason",
        "Reason",
        ["Placements"],
        [(str(r.label), [sum(moves[m].by_reason[r] for m in months)]) for r in reasons],
        show,
        column_totals="Total",
    )
    return Section(
        "moves-on",
        "Moves on",
        "Placements that ended each month. A planned move on counts as into longer-term "
        "accommodation when the person started a placement in longer-term accommodation, or a "
        f"tenancy, within {accommodation.MOVE_ON_DAYS} days of leaving.",
        [shown.table, by_reason.table],
        _stacked(
            [month_label(m) for m in months],
            ["Moved on to longer-term", "Other planned moves on", "Ended another way"],
            shown.values,
            chart_id="moves-chart",
            title="Placements ended each month",
            description="Stacked bar chart: moved on to longer-term accommodation (solid blue, "
            "at the bottom), other planned moves on (grey stripes) and placements that ended "
            "another way (purple cross-hatch, at the top).",
        ),
    )


def duty_to_refer(partnership: Partnership, first: date, last: date, show: Disclosure) -> Section:
    closed = referrals.referrals_closed(partnership, first, last)
    reasons = [r for r in ClosureReason if r != ClosureReason.DUPLICATE]
    closures = grid(
        "referrals-closed-table",
        "Referrals closed in the period, by how they closed",
        "How the referral closed",
        ["Referrals"],
        [(str(r.label), [closed[r]]) for r in reasons],
        show,
        column_totals="Total",
    )
    ended = referrals.duties_ended(partnership, first, last)
    kinds = list(DutyKind)
    duties = grid(
        "duties-table",
        "Prevention and relief duties ended in the period, by outcome",
        "Outcome",
        [str(k.label) for k in kinds],
        [(str(o.label), [ended[o][k] for k in kinds]) for o in DutyOutcome if o in ended],
        show,
        row_totals="Both duties",
        column_totals="Total",
    )
    return Section(
        "duty-to-refer",
        "Duty to Refer outcomes",
        "Referrals closed in the period (duplicates left out) and the prevention and relief "
        "duties that ended in it.",
        [closures.table, duties.table],
        _bars(
            [
                (str(r.label), v[0], row[1].text)
                for r, v, row in zip(reasons, closures.values, closures.table.rows, strict=False)
            ],
            chart_id="referrals-chart",
            title="Referrals closed in the period, by how they closed",
            description="Horizontal bar chart, one bar for each way a referral closed.",
        ),
    )


def discharge(partnership: Partnership, first: date, last: date, show: Disclosure) -> Section:
    found = referrals.discharges(partnership, first, last)
    keys = list(referrals.DISCHARGE_GROUPS)
    labels = {Pathway.HOSPITAL: "Hospital discharges", Pathway.PRISON: "Prison releases"}
    shown = grid(
        "discharge-table",
        "Hospital discharges and prison releases in the period",
        "Pathway",
        [referrals.DISCHARGE_GROUPS[k] for k in keys],
        [(labels[row.pathway], [row.counts[k] for k in keys]) for row in found],
        show,
        row_totals="All",
        column_totals="Total",
    )
    return Section(
        "discharge",
        "Discharge pathways",
        "People who left hospital or prison in the period, by whether they had somewhere to go: "
        "confirmed before the day they left, found on the day, or nowhere.",
        [shown.table],
        _stacked(
            list(labels.values()),
            ["Confirmed before", "Found on the day", "Nowhere"],
            shown.values,
            chart_id="discharge-chart",
            title="Hospital discharges and prison releases in the period",
            description="Stacked bar chart for hospitals and prisons: somewhere to go confirmed "
            "before the day (solid blue, at the bottom), found on the day (grey stripes), "
            "nowhere to go (purple cross-hatch, at the top).",
        ),
    )


def swep(partnership: Partnership, months: list[date], show: Disclosure) -> Section:
    found = swep_by_month(partnership, months)
    table = Table(
        "swep-table",
        "Severe weather emergency protocol (SWEP) each month",
        [Cell("Month")]
        + [
            Cell(t, is_numeric=True)
            for t in ("Activations", "Nights on", "People offered a bed", "People who accepted")
        ],
    )
    values: list[list[int | None]] = []
    for m in months:
        f = found[m]
        hidden = [show.hides(f.accepted), show.hides(f.offered - f.accepted)]
        offered = NOT_SHOWN if any(hidden) and not show.hides(f.offered) else show.count(f.offered)
        table.rows.append(
            [Cell(month_label(m))]
            + [
                Cell(t, is_numeric=True)
                for t in (f"{f.activations:,}", f"{f.nights:,}", offered, show.count(f.accepted))
            ]
        )
        values.append([None, None] if any(hidden) else [f.accepted, f.offered - f.accepted])
    return Section(
        "swep",
        "SWEP",
        "Activations that began in each month, the nights SWEP was on, and the people offered "
        "a bed on those nights and who accepted one.",
        [table],
        _stacked(
            [month_label(m) for m in months],
            ["Accepted a bed", "Offered, did not accept"],
            values,
            chart_id="swep-chart",
            title="People offered a SWEP bed each month",
            description="Stacked bar chart: people who accepted a bed (solid blue, at the "
            "bottom) and people offered one who did not accept (grey stripes, on top).",
        ),
    )


def occupancy(partnership: Partnership, months: list[date], show: Disclosure) -> Section:
    found = accommodation.bed_occupancy(partnership, months)
    table = Table(
        "occupancy-table",
        "Bed occupancy each month",
        [Cell("Month")]
        + [Cell(t, is_numeric=True) for t in ("Occupied bed-nights", "Bed-nights", "Occupancy")],
    )
    bars = []
    for m in months:
        beds = found[m]
        share = show.share(beds.occupied, beds.percent)
        table.rows.append(
            [Cell(month_label(m))]
            + [
                Cell(t, is_numeric=True)
                for t in (show.count(beds.occupied), f"{beds.available:,}", share)
            ]
        )
        hidden = show.hides(beds.occupied)
        bars.append((month_label(m), None if hidden else beds.percent, share))
    return Section(
        "occupancy",
        "Bed occupancy",
        "Occupied bed-nights as a share of the bed-nights available in emergency, temporary and "
        "supported accommodation (beds as they are now).",
        [table],
        _bars(
            bars,
            chart_id="occupancy-chart",
            title="Bed occupancy each month",
            description="Horizontal bar chart of the share of bed-nights occupied, one bar a "
            "month.",
        ),
    )


HF_COLUMNS = [
    (housing_first.REFERRED, "Referred"),
    (housing_first.APPROVED, "Approved by the panel"),
    (housing_first.HOUSED, "Housed"),
    *((key, f"Tenancies sustained {n} months") for n, key in housing_first.SUSTAINED.items()),
]


def housing_first_section(
    partnership: Partnership, months: list[date], show: Disclosure
) -> Section:
    found = housing_first.housing_first_by_month(partnership, months)
    shown = grid(
        "housing-first-table",
        "Housing First each month",
        "Month",
        [label for _, label in HF_COLUMNS],
        [(month_label(m), [found[m][key] for key, _ in HF_COLUMNS]) for m in months],
        show,
        column_totals="Total",
    )
    totals = shown.table.rows[-1][1:]
    return Section(
        "housing-first",
        "Housing First",
        "People referred to Housing First, approved by its panel and housed in each month, and "
        "Housing First tenancies that reached 6 and 12 months still going in that month.",
        [shown.table],
        _bars(
            [
                (label, None if cell.text == NOT_SHOWN else int(cell.text.replace(",", "")), c)
                for (_, label), cell, c in zip(
                    HF_COLUMNS, totals, [t.text for t in totals], strict=True
                )
            ],
            chart_id="housing-first-chart",
            title="Housing First in the period",
            description="Horizontal bar chart of the period's totals: referred, approved, "
            "housed, and tenancies sustained 6 and 12 months.",
        ),
    )


@reads_from_replica
def build_dashboard(
    partnership: Partnership, first: date, last: date, *, suppress: bool, today: date
) -> Dashboard:
    """Every section for the months from `first` to `last` (first days of months)."""
    months = months_between(first, last)
    show = Disclosure(suppress=suppress)
    end = last_day(last)
    board = Dashboard(partnership, first, last, show)
    board.sections = [
        by_name_list(partnership, months, show),
        flows(partnership, months, show, today),
        single_night(partnership, months, show),
        in_accommodation(partnership, months, show),
        moves_on(partnership, months, show),
        duty_to_refer(partnership, first, end, show),
        discharge(partnership, first, end, show),
        swep(partnership, months, show),
        occupancy(partnership, months, show),
        housing_first_section(partnership, months, show),
    ]
    return board


__all__ = ["Dashboard", "Section", "build_dashboard", "grid", "percent_text"]
