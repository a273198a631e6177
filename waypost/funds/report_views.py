"""The annual report on funds raised and distributed (plan P3.9), as a page, a CSV with every
entry of the year behind its totals, and a tagged PDF (PDF/UA-1) for the Homelessness Forum.

For fund managers of the partnership (admins, coordinators, commissioners): 403 for others,
404 for a partnership they do not manage. Totals only; no personal data, and the count of
people helped is shown only when 5 or more.
"""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from waypost.accounts.models import Partnership
from waypost.funds.annual import AnnualReport, FundYear, annual_report, year_label
from waypost.funds.fund_views import (
    CSV_HEADER,
    chosen_year,
    csv_response,
    entry_csv_row,
    financial_year_of,
    managed_partnerships,
)
from waypost.funds.models import IncomeSource, LedgerEntry, Purpose
from waypost.lib.csv_safety import safe_cell
from waypost.lib.money import pounds_column

YEARS_OFFERED = 5


def _partnership(request: HttpRequest) -> tuple[Partnership, list[Partnership]]:
    partnerships = managed_partnerships(request)
    if not partnerships:
        raise PermissionDenied
    slug = request.GET.get("partnership")
    if not slug:
        return partnerships[0], partnerships
    found = next((p for p in partnerships if p.slug == slug), None)
    if found is None:
        raise Http404
    return found, partnerships


def _money(fund_year: FundYear, report: AnnualReport) -> dict[str, Any]:
    """The fund's year as the page shows it: every source and purpose of the report in the
    same order, so the per-fund tables line up with the totals."""
    return {
        "fund": fund_year.fund,
        "opening": pounds_column(fund_year.opening),
        "raised": [
            (label, pounds_column(fund_year.raised.get(value, 0)))
            for value, label in report.sources
        ],
        "raised_total": pounds_column(fund_year.raised_total),
        "distributed": [
            (
                label,
                pounds_column(fund_year.payments.get(value, 0)),
                pounds_column(fund_year.spend.get(value, 0)),
                pounds_column(fund_year.payments.get(value, 0) + fund_year.spend.get(value, 0)),
            )
            for value, label in report.purposes
        ],
        "payments_total": pounds_column(fund_year.payments_total),
        "spend_total": pounds_column(fund_year.spend_total),
        "distributed_total": pounds_column(fund_year.distributed_total),
        "fees": pounds_column(fund_year.fees),
        "closing": pounds_column(fund_year.closing),
        "balances": fund_year.balances,
        "expected_closing": pounds_column(fund_year.expected_closing),
    }


def _context(request: HttpRequest) -> tuple[AnnualReport, dict[str, Any]]:
    partnership, partnerships = _partnership(request)
    latest = financial_year_of(timezone.localdate()) - 1  # the last complete year
    year = chosen_year(request, default=latest)
    assert year is not None
    report = annual_report(partnership, year)
    starts, ends = report.bounds
    return report, {
        "report": report,
        "partnership": partnership,
        "partnerships": partnerships,
        "year": year,
        "years": [(y, year_label(y)) for y in range(latest + 1, latest - YEARS_OFFERED, -1)],
        "starts": starts,
        "ends": ends,
        "funds": [_money(f, report) for f in report.funds],
        "total": _money(report.total, report),
        "title": f"Money raised and distributed, {report.label}",
        "made_on": timezone.localdate(),
        "smallest": 5,
    }


@login_required
@require_GET
def annual_page(request: HttpRequest) -> HttpResponse:
    _, context = _context(request)
    return render(request, "funds/annual_report.html", context)


@login_required
@require_GET
def annual_csv(request: HttpRequest) -> HttpResponse:
    report, context = _context(request)
    starts, ends = report.bounds
    response, writer = csv_response(
        f"{report.partnership.slug}-funds-annual-report-{report.year}.csv"
    )
    writer.writerow(["Fund", *CSV_HEADER])
    entries = (
        LedgerEntry.objects.filter(
            fund__partnership=report.partnership, occurred_on__gte=starts, occurred_on__lte=ends
        )
        .select_related("fund", "budget_line")
        .order_by("fund__name", "occurred_on", "recorded_at")
    )
    for entry in entries.iterator(chunk_size=500):
        writer.writerow([safe_cell(entry.fund.name), *entry_csv_row(entry)])
    writer.writerow([])
    writer.writerow(["Totals", f"Financial year {report.label}"])
    total = report.total

    def line(label: str, pence: int) -> None:
        writer.writerow([label, "", f"{pence / 100:.2f}"])

    line("Opening balance", total.opening)
    for value, label in IncomeSource.choices:
        if value in total.raised:
            line(f"Raised: {label}", total.raised[value])
    line("Raised in total", total.raised_total)
    for value, label in [*Purpose.choices, ("", "Purpose not given")]:
        if value in total.payments:
            line(f"Paid for people: {label}", total.payments[value])
        if value in total.spend:
            line(f"Spent: {label}", total.spend[value])
    line("Distributed in total", total.distributed_total)
    line("Fees", total.fees)
    line("Closing balance", total.closing)
    return response


@login_required
@require_GET
def annual_pdf(request: HttpRequest) -> HttpResponse:
    from weasyprint import HTML

    report, context = _context(request)
    html = render_to_string("funds/annual_pdf.html", context, request=request)
    pdf = HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"{report.partnership.slug}-funds-annual-report-{report.year}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
