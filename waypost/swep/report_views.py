"""The end-of-activation report page and its CSV: figures only (waypost.swep.report), a table
for each part and a chart of beds used each night with its table beside it.

Aggregates only, never a person: no access-log event per person. Commissioners see no count
from 1 to 4 (small numbers can identify someone), as on the other figures pages; a total
whose parts are hidden is hidden too, so it cannot be worked out.
"""

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString

from waypost.accounts.models import Membership, Role
from waypost.accounts.roles import role_required
from waypost.lib import charts
from waypost.lib.csv_safety import safe_row
from waypost.lib.disclosure import FEWER_THAN, NOT_SHOWN, Cell, Disclosure, Table
from waypost.swep.models import Activation
from waypost.swep.report import Report, activation_report
from waypost.swep.sweep_access import (
    REPORT_ROLES,
    activation_title,
    get_activation_for_user,
    night_label,
)

# Who sees counts of 1 to 4: everyone but commissioners (the casework roles and the
# partnership's admins), as on the flows page.
EXACT_ROLES = frozenset(REPORT_ROLES) - {Role.COMMISSIONER}


def sees_exact_counts(memberships: Sequence[Membership]) -> bool:
    """`memberships` are the user's report memberships in the activation's partnership."""
    return any(m.role in EXACT_ROLES for m in memberships)


def short_night(night: object) -> str:
    return f"{night:%a} {night.day} {night:%b}"  # type: ignore[attr-defined]


@dataclass
class ShownReport:
    report: Report
    tables: list[Table]
    show: Disclosure


def shown_report(report: Report, show: Disclosure) -> ShownReport:
    """The report's tables, with counts written as the user may see them."""
    count = show.count
    move_cells = [count(m.people) for m in report.moves_on]
    moved_total = NOT_SHOWN if any(c == FEWER_THAN for c in move_cells) else f"{report.moved_on:,}"

    def numeric(text: str, bold: bool = False) -> Cell:
        return Cell(text, is_numeric=True, is_bold=bold)

    summary = Table(
        "summary-table",
        "Summary",
        [Cell("Figure"), numeric("Number")],
        [
            [Cell("Nights SWEP was on"), numeric(f"{report.nights_active:,}")],
            [Cell("People offered a bed"), numeric(count(report.people_offered))],
            [Cell("People who accepted a bed"), numeric(count(report.people_accepted))],
            [Cell("People who declined a bed"), numeric(count(report.people_declined))],
            [Cell("People looked for but never found"), numeric(count(report.people_not_found))],
            [Cell("New people found"), numeric(count(report.new_people_found))],
            [Cell("People who moved on to longer-term accommodation"), numeric(moved_total)],
        ],
    )
    outcomes = Table(
        "outcomes-table",
        "Outcomes each night",
        [
            Cell("Night"),
            numeric("Offered, not yet decided"),
            numeric("Accepted"),
            numeric("Declined"),
            numeric("Not found"),
            numeric("New people found"),
        ],
        [
            [
                Cell(night_label(n.night)),
                *(
                    numeric(count(value))
                    for value in (n.offered, n.accepted, n.declined, n.not_found, n.new_people)
                ),
            ]
            for n in report.nights
        ],
    )
    beds = Table(
        "beds-table",
        "Beds used each night",
        [Cell("Night"), numeric("Beds used")],
        [[Cell(night_label(n.night)), numeric(count(n.beds_used))] for n in report.nights],
    )
    moves = Table(
        "moves-table",
        "Moves on into longer-term accommodation",
        [Cell("Moved on to"), numeric("People")],
        [
            *(
                [Cell(m.label), numeric(text)]
                for m, text in zip(report.moves_on, move_cells, strict=True)
            ),
            [Cell("Total", is_bold=True), numeric(moved_total, bold=True)],
        ],
    )
    return ShownReport(report=report, tables=[summary, outcomes, beds, moves], show=show)


def beds_chart(report: Report, show: Disclosure) -> SafeString | None:
    """Horizontal bars of beds used each night, first night at the top; None when no bed
    was used (the table says so)."""
    if not report.most_beds_used:
        return None
    bars = []
    for n in report.nights:
        hidden = show.hides(n.beds_used)
        bars.append(
            charts.Bar(
                short_night(n.night),
                None if hidden else float(n.beds_used),
                NOT_SHOWN if hidden else f"{n.beds_used:,}",
            )
        )
    return charts.horizontal_bar_chart(
        bars,
        chart_id="beds-chart",
        title="Beds used each night",
        description=(
            "Bar chart of the severe weather beds in use on each night SWEP was on, one bar a "
            "night, the first night at the top. The table beside the chart has the figures."
        ),
    )


def _report(request: HttpRequest, activation_id: UUID) -> tuple[Activation, ShownReport]:
    memberships = list(request.memberships)  # type: ignore[attr-defined]
    reach = get_activation_for_user(memberships, activation_id, REPORT_ROLES)
    show = Disclosure(suppress=not sees_exact_counts(reach.memberships))
    return reach.activation, shown_report(activation_report(reach.activation), show)


@role_required(*REPORT_ROLES)
def report_page(request: HttpRequest, activation_id: UUID) -> HttpResponse:
    activation, shown = _report(request, activation_id)
    summary, outcomes, beds, moves = shown.tables
    chart = beds_chart(shown.report, shown.show)
    return render(
        request,
        "swep/sweep/report.html",
        {
            "activation": activation,
            "title": activation_title(activation),
            "report": shown.report,
            "summary": summary,
            "outcomes": outcomes,
            "beds": beds,
            "moves": moves,
            "chart": chart,
            "is_suppressed": shown.show.used,
        },
    )


@role_required(*REPORT_ROLES)
def report_csv(request: HttpRequest, activation_id: UUID) -> HttpResponse:
    activation, shown = _report(request, activation_id)
    report = shown.report
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(safe_row(["Partnership", activation.partnership.name]))
    writer.writerow(safe_row(["Activation", activation_title(activation)]))
    writer.writerow(safe_row(["Status", activation.get_status_display()]))
    if report.first_night and report.last_night:
        nights = f"{night_label(report.first_night)} to {night_label(report.last_night)}"
        writer.writerow(safe_row(["Nights", nights]))
    if shown.show.suppress:
        writer.writerow(safe_row(["Counts from 1 to 4", f"shown as “{FEWER_THAN}”"]))
    for table in shown.tables:
        writer.writerow([])
        writer.writerow(safe_row([table.caption]))
        writer.writerow(safe_row([cell.text for cell in table.head]))
        for row in table.rows:
            writer.writerow(safe_row([cell.text for cell in row]))
    first = report.first_night.isoformat() if report.first_night else "no-nights"
    filename = f"waypost-swep-report-{activation.partnership.slug}-{first}.csv"
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
