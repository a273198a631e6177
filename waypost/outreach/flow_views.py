"""Flows of people sleeping rough per month (new, continuing, returner; waypost.outreach.flows
has the definitions): a chart with its data table beside it, and the table as CSV.

Aggregates only, never a person: no access-log event per person. Who may see it: coordinators,
commissioners and partnership admins of the partnership. Commissioners see no count from 1 to
4 (small numbers can identify someone), as in the referrals analysis, whose rules are reused;
when a month's flow is hidden its total is hidden too, so it cannot be worked out.
"""

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import SafeString

from waypost.accounts.models import Membership, Partnership, Role
from waypost.accounts.roles import holds_role_in, role_required
from waypost.lib import charts
from waypost.lib.csv_safety import safe_row
from waypost.lib.disclosure import FEWER_THAN, NOT_SHOWN, Cell, Disclosure, Table
from waypost.outreach.flows import MonthFlow, add_months, month_flows, region_partners
from waypost.outreach.list_access import partnerships_for
from waypost.outreach.list_forms import FlowsForm
from waypost.outreach.models import NEW_LOOKBACK_MONTHS

FLOW_ROLES = (Role.COORDINATOR, Role.COMMISSIONER, Role.PARTNERSHIP_ADMIN)
DEFAULT_MONTHS = 12
PURPLE = "#4c2c92"  # GOV.UK purple, 10:1 against white
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def month_label(month: date) -> str:
    return f"{_MONTHS[month.month - 1]} {month.year}"


# --- The table ---------------------------------------------------------------------------------


@dataclass
class ShownMonth:
    """One month as the user may see it: counts as text, and whether its bar can be drawn."""

    flow: MonthFlow
    label: str
    cells: list[str]
    is_hidden: bool  # some flow hidden: no bar for the month


# The page's column headings are short, to fit beside the chart; the CSV spells them out.
HEAD = ["Month", "New", "Continuing", "Returners", "Total", "Not yet identified"]
CSV_HEAD = [
    "Month",
    "New",
    "Continuing",
    "Returners",
    "People seen bedded down",
    "Not yet identified (contacts)",
]


def shown_months(flows: Sequence[MonthFlow], show: Disclosure, today: date) -> list[ShownMonth]:
    rows = []
    for flow in flows:
        parts = [flow.new, flow.continuing, flow.returner]
        hidden = any([show.hides(n) for n in parts])  # every part checked: each is counted
        label = month_label(flow.month)
        if flow.month == today.replace(day=1):
            label += " (so far)"
        rows.append(
            ShownMonth(
                flow=flow,
                label=label,
                cells=[
                    *(show.count(n) for n in parts),
                    NOT_SHOWN if hidden else f"{flow.people:,}",
                    show.count(flow.unidentified),
                ],
                is_hidden=hidden,
            )
        )
    return rows


def flow_table(months: Sequence[ShownMonth]) -> Table:
    table = Table(
        "flows-table",
        "People seen sleeping rough each month, by flow",
        [Cell(HEAD[0])] + [Cell(text, is_numeric=True) for text in HEAD[1:]],
    )
    for month in months:
        table.rows.append([Cell(month.label)] + [Cell(c, is_numeric=True) for c in month.cells])
    return table


# --- The chart ---------------------------------------------------------------------------------


def stacked_bar_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    chart_id: str,
    title: str,
    description: str,
) -> SafeString:
    """Vertical bars, one per label, stacked from `series` ((name, values) in stacking order;
    a None value means no bar for that label), told apart by colour and pattern. Built the
    way waypost.lib.charts builds its charts (the same settings and SVG rewriting); it may
    move there."""
    colours = [(charts.BLUE, ""), (charts.DARK_GREY, "//"), (PURPLE, "xx")]
    with charts.drawing((6, 4.4)) as figure:
        axes = figure.add_subplot()
        positions = list(range(len(labels)))
        bottoms = [0.0] * len(labels)
        handles = []
        for (name, values), (colour, hatch) in zip(series, colours, strict=False):
            heights = [value or 0.0 for value in values]
            drawn = axes.bar(
                positions,
                heights,
                bottom=bottoms,
                color=colour,
                hatch=hatch,
                edgecolor="white",
                width=0.65,
                zorder=2,
                label=name,
            )
            handles.append(drawn)
            bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
        hidden = [any(values[i] is None for _, values in series) for i in positions]
        if len(labels) <= 12:
            totals = [NOT_SHOWN if hidden[i] else f"{int(bottoms[i]):,}" for i in positions]
            axes.bar_label(handles[-1], labels=totals, padding=3)
            axes.set_xticks(positions, [label.replace(" ", "\n", 1) for label in labels])
        else:
            axes.set_xticks(positions, list(labels))
            axes.tick_params(axis="x", labelrotation=90)
        axes.set_ylim(0, max(bottoms + [1.0]) * 1.18)
        axes.yaxis.get_major_locator().set_params(integer=True)
        axes.set_xlim(-0.6, max(len(labels), 1) - 0.4)
        charts._plain(axes)
        axes.grid(axis="y", color="#b1b4b6", linewidth=0.8, zorder=0)
        figure.legend(loc="outside upper center", ncols=len(series), frameon=False)
        return charts._svg(figure, chart_id=chart_id, title=title, description=description)


def flow_chart(months: Sequence[ShownMonth]) -> SafeString | None:
    if not any(m.flow.people for m in months if not m.is_hidden):
        return None

    def values(attribute: str) -> list[float | None]:
        return [None if m.is_hidden else getattr(m.flow, attribute) for m in months]

    hidden = sum(1 for m in months if m.is_hidden)
    return stacked_bar_chart(
        [month_label(m.flow.month) for m in months],
        [
            ("New", values("new")),
            ("Continuing", values("continuing")),
            ("Returners", values("returner")),
        ],
        chart_id="flows-chart",
        title="People seen sleeping rough each month, by flow",
        description=(
            "Stacked bar chart of the identified people seen bedded down each month: new "
            "(solid blue, at the bottom), continuing (grey stripes) and returners (purple "
            "cross-hatch, at the top)."
            + (f" {hidden} months are not drawn: their numbers are too small." if hidden else "")
            + " The table beside the chart has the figures."
        ),
    )


# --- Pages -------------------------------------------------------------------------------------


def _memberships(request: HttpRequest) -> list[Membership]:
    return list(request.memberships)  # type: ignore[attr-defined]


def sees_exact_counts(memberships: Sequence[Membership], partnership: Partnership) -> bool:
    """Coordinators and admins of the partnership see counts of 1 to 4; commissioners do not."""
    return holds_role_in(memberships, partnership.pk, {Role.COORDINATOR, Role.PARTNERSHIP_ADMIN})


def _flows_form(request: HttpRequest) -> FlowsForm:
    """The form bound to the query string; the last 12 months (this one included) when no
    months are given. A partnership the user may not see answers 404."""
    partnerships = partnerships_for(_memberships(request), FLOW_ROLES)
    today = timezone.localdate()
    data = request.GET.copy()
    keys = [f"{name}_{i}" for name in ("start_on", "end_on") for i in range(2)]
    if not any(data.get(key) for key in keys):
        end = today.replace(day=1)
        start = add_months(end, 1 - DEFAULT_MONTHS)
        for name, month in (("start_on", start), ("end_on", end)):
            data.setlist(f"{name}_0", [str(month.month)])
            data.setlist(f"{name}_1", [str(month.year)])
    form = FlowsForm(data, partnerships=partnerships, today=today)
    if not form.is_valid() and "partnership" in form.errors:
        raise Http404
    return form


def _query(form: FlowsForm) -> str:
    data: QueryDict = form.data  # type: ignore[assignment]
    keys = ["partnership"] + [f"{n}_{i}" for n in ("start_on", "end_on") for i in range(2)]
    return urlencode({key: data.get(key, "") for key in keys if data.get(key)})


def _figures(request: HttpRequest, form: FlowsForm) -> dict[str, Any]:
    partnership: Partnership = form.cleaned_data["partnership"]
    today = timezone.localdate()
    flows = month_flows(partnership, form.cleaned_data["start_on"], form.cleaned_data["end_on"])
    show = Disclosure(suppress=not sees_exact_counts(_memberships(request), partnership))
    months = shown_months(flows, show, today)
    return {
        "partnership": partnership,
        "months": months,
        "table": flow_table(months),
        "show": show,
        "period_text": f"{month_label(flows[0].month)} to {month_label(flows[-1].month)}",
        "has_region": bool(region_partners(partnership)),
    }


@role_required(*FLOW_ROLES)
def flows_page(request: HttpRequest) -> HttpResponse:
    form = _flows_form(request)
    context: dict[str, Any] = {"form": form, "lookback": NEW_LOOKBACK_MONTHS}
    if form.is_valid():
        figures = _figures(request, form)
        context |= figures | {
            "chart": flow_chart(figures["months"]),
            "is_suppressed": figures["show"].used,
            "query": _query(form),
        }
    return render(request, "outreach/flows/page.html", context)


@role_required(*FLOW_ROLES)
def flows_csv(request: HttpRequest) -> HttpResponse:
    form = _flows_form(request)
    if not form.is_valid():
        return redirect(f"{reverse('outreach:flows')}?{request.GET.urlencode()}")
    figures = _figures(request, form)
    partnership: Partnership = figures["partnership"]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(safe_row(["Partnership", partnership.name]))
    writer.writerow(safe_row(["Months", figures["period_text"]]))
    if figures["show"].suppress:
        writer.writerow(safe_row(["Counts from 1 to 4", f"shown as “{FEWER_THAN}”"]))
    writer.writerow([])
    table: Table = figures["table"]
    writer.writerow(safe_row(CSV_HEAD))
    for row in table.rows:
        writer.writerow(safe_row([cell.text for cell in row]))
    start, end = form.cleaned_data["start_on"], form.cleaned_data["end_on"]
    filename = f"waypost-flows-{partnership.slug}-{start:%Y-%m}-to-{end:%Y-%m}.csv"
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
