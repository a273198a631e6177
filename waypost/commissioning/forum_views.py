"""The quarterly report to the homelessness forum and the annual summary, as pages and as
tagged PDFs (PDF/UA-1), for the commissioning side and commissioners of a partnership.

The report leaves the partnership, so every viewer sees counts of 1 to 4 as "fewer than 5"
(waypost.commissioning.forum). Figures about services only: no access event per person.
"""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from waypost.accounts.models import Partnership
from waypost.accounts.roles import role_required
from waypost.commissioning.contract_access import READ_ROLES, memberships_of
from waypost.commissioning.forum import ForumReport, forum_report
from waypost.lib.quarters import Quarter, year_quarters

QUARTERS_OFFERED = 8
TREND_QUARTERS = 4


def _partnerships(request: HttpRequest) -> list[Partnership]:
    found = {
        m.agency.partnership_id: m.agency.partnership
        for m in memberships_of(request)
        if m.role in READ_ROLES
    }
    return sorted(found.values(), key=lambda p: p.name)


def _partnership(request: HttpRequest) -> tuple[Partnership, list[Partnership]]:
    partnerships = _partnerships(request)
    slug = request.GET.get("partnership")
    if not slug:
        return partnerships[0], partnerships
    found = next((p for p in partnerships if p.slug == slug), None)
    if found is None:
        raise Http404
    return found, partnerships


def offered_quarters() -> list[Quarter]:
    """The last quarters that have ended, latest first."""
    return list(reversed(Quarter.current().previous().last(QUARTERS_OFFERED)))


def _quarter(request: HttpRequest) -> Quarter:
    offered = offered_quarters()
    slug = request.GET.get("quarter")
    if not slug:
        return offered[0]
    quarter = Quarter.from_slug(slug)
    if quarter is None:
        raise Http404
    return quarter


def _year(request: HttpRequest) -> int:
    default = Quarter.current().previous().year
    text = request.GET.get("year") or str(default)
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        raise Http404
    return int(text)


def _quarterly(request: HttpRequest) -> tuple[ForumReport, dict[str, Any]]:
    partnership, partnerships = _partnership(request)
    quarter = _quarter(request)
    report = forum_report(partnership, quarter.last(TREND_QUARTERS))
    context = {
        "report": report,
        "partnership": partnership,
        "partnerships": partnerships,
        "quarter": quarter,
        "offered": offered_quarters(),
        "title": f"Commissioned services: report to the homelessness forum, {quarter.short}",
        "made_on": timezone.localdate(),
    }
    return report, context


def _annual(request: HttpRequest) -> tuple[ForumReport, dict[str, Any]]:
    partnership, partnerships = _partnership(request)
    year = _year(request)
    quarters = year_quarters(year)
    report = forum_report(partnership, quarters)
    latest = Quarter.current().previous().year
    context = {
        "report": report,
        "partnership": partnership,
        "partnerships": partnerships,
        "year": year,
        "financial_year": quarters[0].financial_year,
        "years": [y for y in range(latest, latest - 4, -1)],
        "title": f"Commissioned services: annual summary, {quarters[0].financial_year}",
        "made_on": timezone.localdate(),
    }
    return report, context


def _pdf(html: str, filename: str) -> HttpResponse:
    from weasyprint import HTML

    pdf = HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@role_required(*READ_ROLES)
@require_GET
def forum_page(request: HttpRequest) -> HttpResponse:
    _, context = _quarterly(request)
    return render(request, "commissioning/forum/page.html", context)


@role_required(*READ_ROLES)
@require_GET
def forum_pdf(request: HttpRequest) -> HttpResponse:
    report, context = _quarterly(request)
    html = render_to_string("commissioning/forum/pdf.html", context, request=request)
    return _pdf(html, f"{report.partnership.slug}-forum-report-{context['quarter'].slug}.pdf")


@role_required(*READ_ROLES)
@require_GET
def annual_page(request: HttpRequest) -> HttpResponse:
    _, context = _annual(request)
    return render(request, "commissioning/forum/annual.html", context)


@role_required(*READ_ROLES)
@require_GET
def annual_pdf(request: HttpRequest) -> HttpResponse:
    report, context = _annual(request)
    html = render_to_string("commissioning/forum/annual_pdf.html", context, request=request)
    return _pdf(html, f"{report.partnership.slug}-annual-summary-{context['year']}.pdf")
