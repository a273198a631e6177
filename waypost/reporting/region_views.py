"""The regional view (plan P1.10): the partnerships of the user's region side by side for one
month, with a region total, a chart, the data table and a CSV download.

Figures only, and they leave each partnership, so every count goes through disclosure control
(`waypost.lib.suppression`) for everyone, the partnership's own staff included. Who may
look: combined authority officers, and read-only the coordinators, commissioners and admins
of a partnership in the region (403 for other roles; 404 for a region the user does not work
in). Each look is recorded as an access event (a region, never a person).
"""

import csv
import io
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import SafeString

from waypost.accounts.models import Membership
from waypost.accounts.roles import role_required
from waypost.audit.access import record_request_access
from waypost.audit.models import Channel, Section
from waypost.lib import charts
from waypost.lib.csv_safety import safe_row
from waypost.lib.disclosure import Cell, Table
from waypost.lib.suppression import HIDDEN_TEXT
from waypost.outreach.flow_views import month_label
from waypost.reporting.region import (
    COUNTS,
    NOTE_WRITER_ROLES,
    RATE_HEAD,
    REGION_ROLES,
    SWEP_HEAD,
    RegionTable,
    last_full_month,
    partnership_rows,
    region_table,
    regions_for,
)
from waypost.reporting.region_forms import RegionForm

_SEEN = [key for key, _, _ in COUNTS].index("seen")


def _memberships(request: HttpRequest) -> list[Membership]:
    return list(request.memberships)  # type: ignore[attr-defined]


def user_regions(request: HttpRequest) -> list[str]:
    """The user's regions; none (their partnership has no region) answers 404."""
    regions = regions_for(_memberships(request))
    if not regions:
        raise Http404
    return regions


def can_write_notes(request: HttpRequest, region: str) -> bool:
    return any(
        m.role in NOTE_WRITER_ROLES and m.agency.partnership.region == region
        for m in _memberships(request)
    )


def _form(request: HttpRequest) -> RegionForm:
    form = RegionForm(request.GET or None, regions=user_regions(request), today=_today())
    if form.is_bound and not form.is_valid() and "region" in form.errors:
        raise Http404  # a region that is not theirs
    return form


def _today() -> Any:
    return timezone.localdate()


def _choices(form: RegionForm) -> tuple[str, Any] | None:
    """(region, month) from a valid or empty form; None when the form has errors."""
    if not form.is_bound:
        return form.regions[0], last_full_month(_today())
    if not form.is_valid():
        return None
    return form.cleaned_data["region"], form.cleaned_data["month"] or last_full_month(_today())


def figures_table(table: RegionTable, region: str) -> Table:
    head = [Cell("Partnership")] + [
        Cell(text, is_numeric=True)
        for text in [h for _, h, _ in COUNTS] + [RATE_HEAD[0], SWEP_HEAD[0]]
    ]
    shown = Table("region-table", f"{region}: figures by partnership", head)
    for index, row in enumerate(table.rows):
        shown.rows.append(
            [Cell(row.partnership.name)]
            + [Cell(text, is_numeric=True) for text in table.partnership_cells(index)]
        )
    shown.rows.append(
        [Cell(f"{region} total", is_bold=True)]
        + [Cell(text, is_numeric=True, is_bold=True) for text in table.total_cells()]
    )
    return shown


def seen_chart(table: RegionTable, region: str, month_text: str) -> SafeString | None:
    cells = [table.suppressed.body[i][_SEEN] for i in range(len(table.rows))]
    if not any(cell.shown for cell in cells):
        return None
    bars = [
        charts.Bar(row.partnership.name, cell.shown, cell.text)
        for row, cell in zip(table.rows, cells, strict=True)
    ]
    hidden = sum(1 for cell in cells if cell.hidden)
    return charts.horizontal_bar_chart(
        bars,
        chart_id="region-chart",
        title=f"People seen sleeping rough in {month_text}, by partnership",
        description=(
            f"Bar chart of the people seen sleeping rough in each partnership of {region} in "
            f"{month_text}."
            + (
                f" {hidden} partnerships have no bar: their numbers are not shown."
                if hidden
                else ""
            )
            + " The table has the figures."
        ),
    )


def _figures(region: str, month: Any) -> dict[str, Any]:
    table = region_table(partnership_rows(region, month))
    month_text = month_label(month)
    return {
        "region": region,
        "month": month,
        "month_text": month_text,
        "region_table": table,
        "table": figures_table(table, region),
        "is_suppressed": table.suppressed.is_suppressed,
    }


@role_required(*REGION_ROLES)
def region_page(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    context: dict[str, Any] = {"form": form, "hidden_text": HIDDEN_TEXT}
    choices = _choices(form)
    if choices is not None:
        region, month = choices
        figures = _figures(region, month)
        record_request_access(
            request,
            channel=Channel.DASHBOARD,
            section=Section.CONTACT,
            subject_type="region",
            subject_id=region,
        )
        context |= figures | {
            "chart": seen_chart(figures["region_table"], region, figures["month_text"]),
            "query": urlencode({"region": region, "month_0": month.month, "month_1": month.year}),
            "can_write_notes": can_write_notes(request, region),
        }
    return render(request, "reporting/region/page.html", context)


@role_required(*REGION_ROLES)
def region_csv(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    choices = _choices(form)
    if choices is None:
        return redirect(f"{reverse('reporting:region')}?{request.GET.urlencode()}")
    region, month = choices
    figures = _figures(region, month)
    record_request_access(
        request,
        channel=Channel.EXPORT,
        section=Section.CONTACT,
        subject_type="region",
        subject_id=region,
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(safe_row(["Region", region]))
    writer.writerow(safe_row(["Month", figures["month_text"]]))
    writer.writerow(
        safe_row(["Counts", f"small counts, and any that would reveal them, are “{HIDDEN_TEXT}”"])
    )
    writer.writerow([])
    writer.writerow(
        safe_row(["Partnership"] + [spelt for _, _, spelt in COUNTS] + [RATE_HEAD[1], SWEP_HEAD[1]])
    )
    for row in figures["table"].rows:
        writer.writerow(safe_row([cell.text for cell in row]))
    slug = "".join(c if c.isalnum() else "-" for c in region.lower()).strip("-")
    filename = f"waypost-region-{slug}-{month:%Y-%m}.csv"
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
