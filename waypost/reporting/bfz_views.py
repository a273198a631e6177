"""Built for Zero's monthly by-name list figures for a month, as a table and as CSV. Figures
only; the same people as the monthly return may see it, and commissioners see counts from 1 to
4 as "fewer than 5" (and no totals worked out from them)."""

import csv
import io
from datetime import date
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode

from waypost.accounts.models import Partnership
from waypost.accounts.roles import partnerships_where, role_required
from waypost.lib.csv_safety import safe_row
from waypost.lib.disclosure import NOT_SHOWN, Cell, Disclosure, Table
from waypost.outreach.flows import add_months
from waypost.reporting.bfz import BfzMonth, bfz_month
from waypost.reporting.return_forms import ReturnMonthForm
from waypost.reporting.return_views import RETURN_ROLES, _show

TOTALS = {"Inflow in all", "Outflow in all"}


def bfz_table(figures: BfzMonth, show: Disclosure) -> Table:
    table = Table(
        "bfz-table",
        f"By-name list figures, {figures.month:%B %Y}",
        [Cell("Figure"), Cell("People", is_numeric=True)],
    )
    rows = figures.rows()
    parts_hidden = any(show.hides(n) for label, n in rows if label not in TOTALS)
    for label, number in rows:
        text = NOT_SHOWN if label in TOTALS and parts_hidden else show.count(number)
        table.rows.append([Cell(label), Cell(text, is_numeric=True, is_bold=label in TOTALS)])
    return table


def _form(request: HttpRequest) -> ReturnMonthForm:
    partnerships = partnerships_where(request, *RETURN_ROLES)
    today = timezone.localdate()
    data = request.GET.copy()
    if not data.get("month_0") and not data.get("month_1"):
        last = add_months(today.replace(day=1), -1)
        data["month_0"], data["month_1"] = str(last.month), str(last.year)
    form = ReturnMonthForm(data, partnerships=partnerships, today=today)
    if not form.is_valid() and "partnership" in form.errors:
        raise Http404
    return form


@role_required(*RETURN_ROLES)
def bfz_page(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        partnership: Partnership = form.cleaned_data["partnership"]
        month: date = form.cleaned_data["month"]
        show = _show(request, partnership)
        context |= {
            "partnership": partnership,
            "month": month,
            "table": bfz_table(bfz_month(partnership, month), show),
            "show": show,
            "query": urlencode(
                {"partnership": partnership.slug, "month_0": month.month, "month_1": month.year}
            ),
        }
    return render(request, "reporting/returns/bfz.html", context)


@role_required(*RETURN_ROLES)
def bfz_csv(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    if not form.is_valid():
        raise Http404
    partnership: Partnership = form.cleaned_data["partnership"]
    month: date = form.cleaned_data["month"]
    table = bfz_table(bfz_month(partnership, month), _show(request, partnership))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(safe_row(["Partnership", partnership.name]))
    writer.writerow(safe_row(["Month", f"{month:%Y-%m}"]))
    writer.writerow([])
    writer.writerow(safe_row([cell.text for cell in table.head]))
    for row in table.rows:
        writer.writerow(safe_row([cell.text for cell in row]))
    filename = f"waypost-built-for-zero-{partnership.slug}-{month:%Y-%m}.csv"
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
