"""The monthly return: the Ending Rough Sleeping Data Framework's indicators for a month, live
until a coordinator signs the return off (then the frozen figures), each with a drill-down to
the people counted for the street and case teams; the signed-off return as CSV.

Who: coordinators, caseworkers, outreach workers, commissioners and partnership admins of the
partnership see the figures (commissioners see counts from 1 to 4 as "fewer than 5", and any
figure worked out from such a count as "Not shown"); coordinators sign off; coordinators,
caseworkers and outreach workers see the drill-downs (403 for the others; 404 for a
partnership the user does not work in). Thin views: form → indicators / access → render.
"""

import csv
import io
import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from waypost.accounts.models import Membership, Partnership, Role, User
from waypost.accounts.roles import holds_role_in, partnerships_where, role_required
from waypost.audit.access import record_request_access
from waypost.audit.models import Channel, Section
from waypost.lib.csv_safety import safe_row
from waypost.lib.disclosure import FEWER_THAN, NOT_SHOWN, Cell, Disclosure, Table
from waypost.lib.replica import reads_from_replica
from waypost.outreach.flows import add_months
from waypost.reporting import return_actions as actions
from waypost.reporting.indicators import (
    COUNT,
    DAYS,
    DEFINITIONS,
    PERCENT,
    RATE,
    TITLES,
    frozen_figures,
    monthly_indicators,
)
from waypost.reporting.models import MonthlyReturn, ReturnStatus
from waypost.reporting.return_access import (
    DRILL_DOWN_ROLES,
    counted_people,
    record_rows_shown,
    rows_for,
)
from waypost.reporting.return_forms import ReturnMonthForm, SignOffForm

RETURN_ROLES = (
    Role.COORDINATOR,
    Role.CASEWORKER,
    Role.OUTREACH_WORKER,
    Role.COMMISSIONER,
    Role.PARTNERSHIP_ADMIN,
)
SIGN_OFF_ROLES = (Role.COORDINATOR,)
EXACT_ROLES = {Role.COORDINATOR, Role.CASEWORKER, Role.OUTREACH_WORKER, Role.PARTNERSHIP_ADMIN}
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
PER_PAGE = 50


def _memberships(request: HttpRequest) -> list[Membership]:
    return list(request.memberships)  # type: ignore[attr-defined]


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _month(text: str) -> date:
    match = MONTH.match(text)
    if not match:
        raise Http404
    year, month = int(match[1]), int(match[2])
    if not 1 <= month <= 12 or year < 2000:
        raise Http404
    found = date(year, month, 1)
    if found > timezone.localdate().replace(day=1):
        raise Http404
    return found


def _partnership(request: HttpRequest, roles: Sequence[str]) -> Partnership:
    """The partnership named by ?partnership= among those where the user holds `roles` (the
    first when none is named); 404 for any other."""
    partnerships = partnerships_where(request, *roles)
    slug = request.GET.get("partnership") or request.POST.get("partnership")
    if not partnerships:
        raise Http404
    if not slug:
        return partnerships[0]
    for partnership in partnerships:
        if partnership.slug == slug:
            return partnership
    raise Http404


# --- Figures as shown ------------------------------------------------------------------------


def figure_text(figure: dict[str, Any], show: Disclosure) -> str:
    value, kind = figure["value"], figure["kind"]
    if value is None:
        return "No figure"
    if any(show.hides(base) for base in figure.get("bases", []) if base is not None):
        return NOT_SHOWN
    if kind == COUNT:
        return show.count(int(value))
    if kind == PERCENT:
        return f"{value:g}%"
    if kind == RATE:
        return f"{value:,.1f}"
    if kind == DAYS:
        return f"{value:g}"
    return str(value)


def shown_indicators(figures: dict[str, Any], show: Disclosure) -> list[dict[str, Any]]:
    """The return's indicators as text, from the live or frozen figures."""
    shown = []
    for indicator in figures["indicators"]:
        shown.append(
            {
                "code": indicator["code"],
                "slug": indicator["code"].lower(),
                "title": TITLES.get(indicator["code"], ""),
                "definition": DEFINITIONS.get(indicator["code"], ""),
                "figures": [
                    {"label": f["label"], "text": figure_text(f, show)}
                    for f in indicator["figures"]
                ],
            }
        )
    return shown


@reads_from_replica
def _live_figures(partnership: Partnership, month: date) -> dict[str, Any]:
    return frozen_figures(monthly_indicators(partnership, month))


def _return_for(partnership: Partnership, month: date) -> MonthlyReturn | None:
    return (
        MonthlyReturn.objects.filter(partnership=partnership, month=month)
        .select_related("signed_off_by")
        .first()
    )


def _figures(partnership: Partnership, month: date) -> tuple[MonthlyReturn | None, dict[str, Any]]:
    monthly_return = _return_for(partnership, month)
    if monthly_return is not None and monthly_return.status == ReturnStatus.SIGNED_OFF:
        return monthly_return, monthly_return.figures
    return monthly_return, _live_figures(partnership, month)


def _show(request: HttpRequest, partnership: Partnership) -> Disclosure:
    return Disclosure(
        suppress=not holds_role_in(_memberships(request), partnership.pk, EXACT_ROLES)
    )


def _query(partnership: Partnership) -> str:
    return urlencode({"partnership": partnership.slug})


# --- Pages -----------------------------------------------------------------------------------


@role_required(*RETURN_ROLES)
def return_page(request: HttpRequest) -> HttpResponse:
    partnerships = partnerships_where(request, *RETURN_ROLES)
    today = timezone.localdate()
    data = request.GET.copy()
    if not data.get("month_0") and not data.get("month_1"):
        last = add_months(today.replace(day=1), -1)
        data["month_0"], data["month_1"] = str(last.month), str(last.year)
    form = ReturnMonthForm(data, partnerships=partnerships, today=today)
    if not form.is_valid() and "partnership" in form.errors:
        raise Http404
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        partnership: Partnership = form.cleaned_data["partnership"]
        month: date = form.cleaned_data["month"]
        monthly_return, figures = _figures(partnership, month)
        show = _show(request, partnership)
        memberships = _memberships(request)
        context |= {
            "partnership": partnership,
            "month": month,
            "month_slug": f"{month:%Y-%m}",
            "monthly_return": monthly_return,
            "is_signed_off": monthly_return is not None
            and monthly_return.status == ReturnStatus.SIGNED_OFF,
            "indicators": shown_indicators(figures, show),
            "show": show,
            "query": _query(partnership),
            "may_sign_off": holds_role_in(memberships, partnership.pk, SIGN_OFF_ROLES)
            and month < today.replace(day=1),
            "may_drill_down": holds_role_in(memberships, partnership.pk, DRILL_DOWN_ROLES),
        }
        record_request_access(
            request,
            channel=Channel.DASHBOARD,
            section=Section.CONTACT,
            subject_type="monthly_return",
            subject_id=f"{partnership.pk}:{month:%Y-%m}",
        )
    return render(request, "reporting/returns/page.html", context)


def _page_url(partnership: Partnership, month: date) -> str:
    query = urlencode(
        {"partnership": partnership.slug, "month_0": month.month, "month_1": month.year}
    )
    return f"{reverse('reporting:returns')}?{query}"


@role_required(*SIGN_OFF_ROLES)
def return_sign_off(request: HttpRequest, month: str) -> HttpResponse:
    """A coordinator confirms, and the return's figures are frozen."""
    partnership = _partnership(request, SIGN_OFF_ROLES)
    first = _month(month)
    page = _page_url(partnership, first)
    existing = _return_for(partnership, first)
    if existing is not None and existing.status == ReturnStatus.SIGNED_OFF:
        messages.info(request, "This return is already signed off.")
        return redirect(page)
    if first >= timezone.localdate().replace(day=1):
        messages.info(request, "A month can be signed off only once it is over.")
        return redirect(page)
    form = SignOffForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.sign_off_return(
                partnership, first, notes=form.cleaned_data["notes"].strip(), by=_user(request)
            )
        except actions.AlreadySignedOff:
            messages.info(request, "This return is already signed off.")
        except actions.MonthNotOver:
            messages.info(request, "A month can be signed off only once it is over.")
        else:
            messages.success(request, "Return signed off. Its figures are now fixed.")
        return redirect(page)
    return render(
        request,
        "reporting/returns/sign_off.html",
        {"form": form, "partnership": partnership, "month": first, "page_url": page},
    )


@role_required(*DRILL_DOWN_ROLES)
def return_people(request: HttpRequest, month: str, indicator: str) -> HttpResponse:
    """The people an indicator counted, as far as the user may know them (live figures)."""
    partnership = _partnership(request, DRILL_DOWN_ROLES)
    first = _month(month)
    found = {i.slug: i for i in monthly_indicators(partnership, first)}
    if indicator not in found:
        raise Http404
    chosen = found[indicator]
    people = counted_people(_user(request), _memberships(request), partnership, chosen.people)
    page = Paginator(people, PER_PAGE).get_page(request.GET.get("page"))
    rows = rows_for(list(page.object_list))
    record_rows_shown(
        _user(request),
        rows,
        memberships=_memberships(request),
        channel=Channel.DASHBOARD,
        route="reporting:return_people",
        subject_id=f"{partnership.pk}:{first:%Y-%m}:{chosen.code}",
    )
    return render(
        request,
        "reporting/returns/people.html",
        {
            "partnership": partnership,
            "month": first,
            "indicator": chosen,
            "rows": rows,
            "page_obj": page,
            "counted": len(chosen.people),
            "page_url": _page_url(partnership, first),
            "query": _query(partnership),
        },
    )


CSV_HEAD = ["Indicator", "Figure", "Value"]


def return_csv_rows(
    partnership: Partnership, monthly_return: MonthlyReturn, show: Disclosure
) -> list[list[Any]]:
    signed = (
        timezone.localtime(monthly_return.signed_off_at) if monthly_return.signed_off_at else None
    )
    by = monthly_return.signed_off_by
    rows: list[list[Any]] = [
        ["Partnership", partnership.name],
        ["Return", "Rough sleeping management information (monthly)"],
        ["Month", f"{monthly_return.month:%Y-%m}"],
        ["Signed off", f"{signed:%Y-%m-%d}" if signed else ""],
        ["Signed off by", (by.full_name or by.email) if by else ""],
        ["Notes", " ".join(monthly_return.notes.split())],
    ]
    if show.suppress:
        rows.append(["Counts from 1 to 4", f"shown as “{FEWER_THAN}”"])
    rows += [[], CSV_HEAD]
    for indicator in shown_indicators(monthly_return.figures, show):
        for figure in indicator["figures"]:
            rows.append([indicator["code"], figure["label"], figure["text"]])
    return rows


def return_table(monthly_return: MonthlyReturn, show: Disclosure) -> Table:
    table = Table(
        "return-table",
        f"Monthly return {monthly_return.month:%Y-%m}",
        [Cell(text) for text in CSV_HEAD[:2]] + [Cell(CSV_HEAD[2], is_numeric=True)],
    )
    for indicator in shown_indicators(monthly_return.figures, show):
        for figure in indicator["figures"]:
            table.rows.append(
                [
                    Cell(indicator["code"]),
                    Cell(figure["label"]),
                    Cell(figure["text"], is_numeric=True),
                ]  # fmt: skip
            )
    return table


def _signed_off(request: HttpRequest, month: str) -> tuple[Partnership, date, Any]:
    partnership = _partnership(request, RETURN_ROLES)
    first = _month(month)
    monthly_return = _return_for(partnership, first)
    if monthly_return is None or monthly_return.status != ReturnStatus.SIGNED_OFF:
        messages.info(request, "A coordinator must sign the return off before it is exported.")
        return partnership, first, redirect(_page_url(partnership, first))
    return partnership, first, monthly_return


@role_required(*RETURN_ROLES)
def return_xlsx(request: HttpRequest, month: str) -> HttpResponse:
    """The signed-off return as a spreadsheet (figures only)."""
    partnership, first, monthly_return = _signed_off(request, month)
    if isinstance(monthly_return, HttpResponse):
        return monthly_return
    from waypost.reporting.exports import tables_xlsx

    show = _show(request, partnership)
    preamble = [
        (row[0], str(row[1]))
        for row in return_csv_rows(partnership, monthly_return, show)[:7]
        if len(row) == 2
    ]
    content = tables_xlsx([return_table(monthly_return, show)], preamble)
    actions.record_return_export(monthly_return, by=_user(request))
    record_request_access(
        request,
        channel=Channel.EXPORT,
        section=Section.CONTACT,
        subject_type="monthly_return",
        subject_id=str(monthly_return.pk),
    )
    filename = f"waypost-monthly-return-{partnership.slug}-{first:%Y-%m}.xlsx"
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@role_required(*RETURN_ROLES)
def return_csv(request: HttpRequest, month: str) -> HttpResponse:
    """The signed-off return as CSV (figures only). Before sign-off there is nothing to send."""
    partnership, first, monthly_return = _signed_off(request, month)
    if isinstance(monthly_return, HttpResponse):
        return monthly_return
    show = _show(request, partnership)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in return_csv_rows(partnership, monthly_return, show):
        writer.writerow(safe_row(row))
    actions.record_return_export(monthly_return, by=_user(request))
    record_request_access(
        request,
        channel=Channel.EXPORT,
        section=Section.CONTACT,
        subject_type="monthly_return",
        subject_id=str(monthly_return.pk),
    )
    filename = f"waypost-monthly-return-{partnership.slug}-{first:%Y-%m}.csv"
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
