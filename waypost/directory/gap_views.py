"""The gap analysis page and its CSV: needs recorded in assessments against the services in
each area (waypost.directory.gap), for coordinators, commissioners and partnership admins.

Aggregates only, never a person, so no access-log event per person. Commissioners see no count
of people from 1 to 4 (small numbers can identify someone), as on the other figures pages; a
total with a hidden part is hidden too, so it cannot be worked out. Counts of services are not
about people and are always shown.
"""

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET

from waypost.accounts.models import Membership, Partnership, Role
from waypost.accounts.roles import holds_role_in, role_required
from waypost.directory.gap import UNKNOWN_AREA, GapAnalysis, NeedRow, gap_analysis
from waypost.lib import charts
from waypost.lib.csv_safety import safe_row
from waypost.lib.disclosure import (
    FEWER_THAN,
    NOT_SHOWN,
    SMALLEST_SHOWN,
    Cell,
    Disclosure,
    Table,
)

GAP_ROLES = (Role.COORDINATOR, Role.COMMISSIONER, Role.PARTNERSHIP_ADMIN)
EXACT_ROLES = (Role.COORDINATOR, Role.PARTNERSHIP_ADMIN)
LARGEST_GAPS_SHOWN = 10
ALL_AREAS = "All areas"


# --- Who ---------------------------------------------------------------------------------------
def _memberships(request: HttpRequest) -> list[Membership]:
    return list(request.memberships)  # type: ignore[attr-defined]


def gap_partnerships(memberships: Sequence[Membership]) -> list[Partnership]:
    """The partnerships whose gap analysis the user may see, by name."""
    found: dict[Any, Partnership] = {}
    for m in memberships:
        if m.role in GAP_ROLES:
            found.setdefault(m.agency.partnership_id, m.agency.partnership)
    return sorted(found.values(), key=lambda p: p.name)


def sees_exact_counts(memberships: Sequence[Membership], partnership: Partnership) -> bool:
    """Everyone but a commissioner (who holds no other figures role there) sees 1 to 4."""
    return holds_role_in(memberships, partnership.pk, EXACT_ROLES)


def _chosen(request: HttpRequest) -> tuple[Partnership, list[Partnership], Disclosure]:
    """The partnership asked for (the first by name when none is): 404 for one the user may
    not see."""
    memberships = _memberships(request)
    partnerships = gap_partnerships(memberships)
    slug = request.GET.get("partnership")
    if slug:
        partnership = next((p for p in partnerships if p.slug == slug), None)
        if partnership is None:
            raise Http404
    else:
        partnership = partnerships[0]
    show = Disclosure(suppress=not sees_exact_counts(memberships, partnership))
    return partnership, partnerships, show


# --- As the user may see it --------------------------------------------------------------------
def people_text(count: int, show: Disclosure) -> str:
    if show.hides(count):
        return f"{FEWER_THAN} people"
    return f"{count:,} {'person' if count == 1 else 'people'}"


def services_text(count: int) -> str:
    return f"{count:,} {'service' if count == 1 else 'services'}"


@dataclass(frozen=True)
class ShownCell:
    people: str
    people_count: str  # the number alone, for the CSV
    services: str
    services_count: int
    is_gap: bool


@dataclass(frozen=True)
class ShownRow:
    label: str
    categories: str
    cells: list[ShownCell]  # the areas, then "Area not known", then all areas
    total_hidden: bool
    gap_areas: int


def shown_rows(analysis: GapAnalysis, show: Disclosure) -> list[ShownRow]:
    rows = []
    for row in analysis.rows:
        cells = [
            ShownCell(
                people_text(cell.people, show),
                show.count(cell.people),
                services_text(cell.services),
                cell.services,
                cell.is_gap,
            )
            for cell in row.cells
        ]
        hidden = any(show.hides(cell.people) for cell in row.cells)
        total = (
            ShownCell(
                NOT_SHOWN,
                NOT_SHOWN,
                services_text(row.services),
                row.services,
                row.people > 0 and row.services == 0,
            )
            if hidden
            else ShownCell(
                people_text(row.people, show),
                show.count(row.people),
                services_text(row.services),
                row.services,
                row.people > 0 and row.services == 0,
            )
        )
        rows.append(
            ShownRow(
                label=row.label,
                categories=", ".join(row.categories),
                cells=[*cells, total],
                total_hidden=hidden,
                gap_areas=sum(1 for cell in row.cells if cell.is_gap),
            )
        )
    return rows


def largest_gaps(analysis: GapAnalysis, show: Disclosure) -> list[dict[str, str]]:
    """The gaps, most people first. For a commissioner, hidden counts rank equal (in the
    table's order), so their order says nothing about their size."""
    smallest = SMALLEST_SHOWN if show.suppress else 0
    return [
        {
            "need": gap.need,
            "where": "where the area is not known"
            if gap.area == UNKNOWN_AREA
            else f"in {gap.area}",
            "people": people_text(gap.people, show),
        }
        for gap in analysis.gaps(smallest_ranked=smallest)
    ]


def _total_cell(row: NeedRow, show: Disclosure) -> tuple[float | None, str]:
    hidden = any(show.hides(cell.people) for cell in row.cells) or show.hides(row.people)
    return (None, NOT_SHOWN) if hidden else (float(row.people), f"{row.people:,}")


def need_chart(analysis: GapAnalysis, show: Disclosure) -> SafeString | None:
    """People with each need, most first; striped where some area has no service."""
    bars = []
    for row in sorted(analysis.rows, key=lambda r: -r.people):
        value, label = _total_cell(row, show)
        has_gap = any(cell.is_gap for cell in row.cells)
        bars.append(charts.Bar(row.label, value, label, is_hatched=has_gap))
    if not any(bar.value for bar in bars):  # nothing to draw (the table says why)
        return None
    return charts.horizontal_bar_chart(
        bars,
        chart_id="needs-chart",
        title="People with each need",
        description=(
            "Horizontal bar chart of the number of people with a medium or high need in each "
            "area of need, most first. Grey striped bars (a gap in an area) are needs with no "
            "service in reach in at least one area where people have them; blue bars (no gap) "
            "have a service in reach wherever people need one. "
            "The table beside the chart has the figures."
        ),
        legend=("No gap", "A gap in an area"),
    )


def need_table(analysis: GapAnalysis, show: Disclosure) -> Table:
    table = Table(
        "needs-table",
        "People with each need",
        [Cell("Need"), Cell("People", is_numeric=True), Cell("Areas with no service")],
    )
    for row in sorted(analysis.rows, key=lambda r: -r.people):
        _, label = _total_cell(row, show)
        gaps = sum(1 for cell in row.cells if cell.is_gap)
        table.rows.append([Cell(row.label), Cell(label, is_numeric=True), Cell(f"{gaps:,}")])
    return table


def _context(request: HttpRequest) -> tuple[Partnership, GapAnalysis, Disclosure, dict]:
    partnership, partnerships, show = _chosen(request)
    analysis = gap_analysis(partnership)
    rows = shown_rows(analysis, show)
    gaps = largest_gaps(analysis, show)
    context = {
        "partnership": partnership,
        "partnerships": partnerships,
        "several": len(partnerships) > 1,
        "analysis": analysis,
        "columns": [c.name for c in analysis.columns] + [ALL_AREAS],
        "rows": rows,
        "gaps": gaps[:LARGEST_GAPS_SHOWN],
        "more_gaps": max(0, len(gaps) - LARGEST_GAPS_SHOWN),
        "people_assessed": people_text(analysis.people_assessed, show),
        "people_with_need": people_text(analysis.people_with_need, show),
        "chart": need_chart(analysis, show),
        "need_table": need_table(analysis, show),
    }
    context["is_suppressed"] = show.used
    return partnership, analysis, show, context


# --- Pages -------------------------------------------------------------------------------------
@role_required(*GAP_ROLES)
@require_GET
def gaps_page(request: HttpRequest) -> HttpResponse:
    _, _, _, context = _context(request)
    return render(request, "directory/gaps/page.html", context)


@role_required(*GAP_ROLES)
@require_GET
def gaps_csv(request: HttpRequest) -> HttpResponse:
    partnership, analysis, show, context = _context(request)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(safe_row(["Partnership", partnership.name]))
    period = f"{analysis.starts_on:%-d %B %Y} to {analysis.ends_on:%-d %B %Y}"
    writer.writerow(safe_row(["Latest assessments from", period]))
    writer.writerow(safe_row(["People assessed", show.count(analysis.people_assessed)]))
    writer.writerow(
        safe_row(["People with a medium or high need", show.count(analysis.people_with_need)])
    )
    if show.suppress:
        writer.writerow(safe_row(["Counts of people from 1 to 4", f"shown as “{FEWER_THAN}”"]))
    writer.writerow([])
    writer.writerow(
        safe_row(
            [
                "Need",
                "Categories of service",
                "Area",
                "People with the need",
                "Services in reach",
                "No service in reach",
            ]
        )
    )
    for row in context["rows"]:
        for area, cell in zip(context["columns"], row.cells, strict=True):
            writer.writerow(
                safe_row(
                    [
                        row.label,
                        row.categories,
                        area,
                        cell.people_count,
                        cell.services_count,
                        "Yes" if cell.is_gap else "No",
                    ]
                )
            )
    filename = f"waypost-service-gaps-{partnership.slug}-{analysis.ends_on:%Y-%m-%d}.csv"
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
