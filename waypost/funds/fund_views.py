"""The funds hub, one fund with its ledger, setting a fund up, and correcting an entry.

Who may reach these (waypost.funds.roles): fund managers (partnership admins, coordinators,
commissioners) every fund of their partnership; budget holders the funds they hold. Others get
403, and a fund of another partnership is 404. Funds, ledgers and entries hold no personal
data (a payment points to its request; the request is not shown here), so no access event is
recorded for reading them.
"""

import csv
import uuid
from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Max, Min, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from waypost.accounts.models import Partnership
from waypost.funds import fund_actions as actions
from waypost.funds import ledger
from waypost.funds.annual import year_bounds, year_label
from waypost.funds.fund_forms import FundForm, ReverseForm
from waypost.funds.models import EntryKind, Fund, LedgerEntry
from waypost.funds.request_access import approvals_waiting
from waypost.funds.roles import (
    FUND_MANAGER_ROLES,
    REQUESTER_ROLES,
    fund_for,
    funds_visible_to,
    is_fund_manager,
    managed_fund,
    managed_partnership_ids,
)
from waypost.lib.csv_safety import safe_row
from waypost.lib.form_errors import show_refusal
from waypost.lib.money import pounds, pounds_column

LATEST_ENTRIES = 25
ENTRIES_PER_PAGE = 50


# --- Who may reach what ----------------------------------------------------------------------
def memberships_of(request: HttpRequest) -> list[Any]:
    return list(getattr(request, "memberships", []))


def require_funds_user(request: HttpRequest) -> list[Any]:
    """403 unless the user manages money somewhere or holds a fund's budget."""
    memberships = memberships_of(request)
    if managed_partnership_ids(memberships):
        return memberships
    if request.user.budget_holder_of.exists():  # type: ignore[union-attr]
        return memberships
    raise PermissionDenied


def readable_fund(request: HttpRequest, fund_id: Any) -> Fund:
    memberships = require_funds_user(request)
    return fund_for(request.user, memberships, fund_id)  # type: ignore[arg-type]


def manageable_fund(request: HttpRequest, fund_id: Any) -> Fund:
    memberships = memberships_of(request)
    if not managed_partnership_ids(memberships):
        raise PermissionDenied
    return managed_fund(memberships, fund_id)


def managed_partnerships(request: HttpRequest) -> list[Partnership]:
    found = {
        m.agency.partnership_id: m.agency.partnership
        for m in memberships_of(request)
        if m.role in FUND_MANAGER_ROLES
    }
    return sorted(found.values(), key=lambda p: p.name)


# --- Financial years (April to March) --------------------------------------------------------
def financial_year_of(day: date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def chosen_year(request: HttpRequest, *, default: int | None) -> int | None:
    text = request.GET.get("year") or ""
    if not text:
        return default
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        raise Http404
    return int(text)


# --- Entries as shown ------------------------------------------------------------------------
def entries_of(fund: Fund) -> QuerySet[LedgerEntry]:
    return LedgerEntry.objects.filter(fund=fund).select_related(
        "budget_line", "reverses", "reversed_by"
    )


def describe(entry: LedgerEntry) -> LedgerEntry:
    """Put the words and money the pages show on the entry (no personal data)."""
    entry.amount_text = pounds(entry.amount_pence)  # type: ignore[attr-defined]
    entry.amount_column = pounds_column(entry.amount_pence)  # type: ignore[attr-defined]
    if entry.source:
        what = entry.get_source_display()
    elif entry.budget_line_id:
        what = entry.budget_line.name  # type: ignore[union-attr]
    elif entry.purpose:
        what = entry.get_purpose_display()
    else:
        what = ""
    entry.what = what  # type: ignore[attr-defined]
    try:
        entry.correction = entry.reversed_by  # type: ignore[attr-defined]
    except LedgerEntry.DoesNotExist:
        entry.correction = None  # type: ignore[attr-defined]
    return entry


# --- Pages -----------------------------------------------------------------------------------
@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The money hub: fund managers and budget holders see their funds; the staff who ask for
    money for people (who may hold no budget) see how to ask and their follow-ups."""
    memberships = memberships_of(request)
    asks = bool({m.role for m in memberships} & REQUESTER_ROLES)
    if not asks:
        require_funds_user(request)
    funds = list(
        funds_visible_to(request.user, memberships)  # type: ignore[arg-type]
        .select_related("partnership", "holding_agency")
        .order_by("partnership__name", "name")
    )
    found = ledger.positions([f.pk for f in funds])
    rows = [
        {
            "fund": fund,
            "balance": pounds_column(found[fund.pk].balance),
            "committed": pounds_column(found[fund.pk].committed),
            "available": pounds_column(found[fund.pk].available),
        }
        for fund in funds
    ]
    return render(
        request,
        "funds/home.html",
        {
            "rows": rows,
            "several_partnerships": len({f.partnership_id for f in funds}) > 1,
            "manage_partnerships": managed_partnerships(request),
            "asks": asks,
            "waiting": approvals_waiting(request.user, memberships),  # type: ignore[arg-type]
        },
    )


@login_required
@require_GET
def fund_page(request: HttpRequest, fund_id: uuid.UUID) -> HttpResponse:
    fund = readable_fund(request, fund_id)
    position = ledger.positions([fund.pk])[fund.pk]
    latest = [
        describe(e)
        for e in entries_of(fund).order_by("-occurred_on", "-recorded_at")[:LATEST_ENTRIES]
    ]
    lines = list(fund.budget_lines.all()) if fund.is_grant else []
    for line in lines:
        line.allocation_text = pounds(line.allocation_pence)  # type: ignore[attr-defined]
    return render(
        request,
        "funds/fund_detail.html",
        {
            "fund": fund,
            "balance": pounds(position.balance),
            "committed": pounds(position.committed),
            "available": pounds(position.available),
            "entries": latest,
            "lines": lines,
            "may_manage": is_fund_manager(memberships_of(request), fund),
            "holders": list(fund.budget_holders.order_by("full_name")),
            "award": pounds(fund.award_pence) if fund.award_pence is not None else "",
            "limit": pounds(fund.two_approver_limit_pence),
            "latest_count": LATEST_ENTRIES,
        },
    )


def _ledger_entries(request: HttpRequest, fund: Fund) -> tuple[QuerySet[LedgerEntry], Any]:
    year = chosen_year(request, default=None)
    entries = entries_of(fund).order_by("occurred_on", "recorded_at")
    if year is not None:
        starts, ends = year_bounds(year)
        entries = entries.filter(occurred_on__gte=starts, occurred_on__lte=ends)
    return entries, year


@login_required
@require_GET
def ledger_page(request: HttpRequest, fund_id: uuid.UUID) -> HttpResponse:
    fund = readable_fund(request, fund_id)
    entries, year = _ledger_entries(request, fund)
    page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    for entry in page.object_list:
        describe(entry)
    span = LedgerEntry.objects.filter(fund=fund).aggregate(
        first=Min("occurred_on"), last=Max("occurred_on")
    )
    years = []
    if span["first"]:
        first, last = financial_year_of(span["first"]), financial_year_of(span["last"])
        years = [(y, year_label(y)) for y in range(last, first - 1, -1)]
    return render(
        request,
        "funds/ledger.html",
        {
            "fund": fund,
            "page_obj": page,
            "year": year,
            "year_label": year_label(year) if year is not None else "",
            "years": years,
            "query": f"year={year}" if year is not None else "",
            "total": pounds(ledger._sum(entries)),
        },
    )


CSV_HEADER = [
    "Date",
    "Kind",
    "Amount (£)",
    "Source",
    "Purpose",
    "Budget line",
    "Description",
    "Reference",
    "Entry id",
    "Reverses entry id",
    "Recorded at",
]


def entry_csv_row(entry: LedgerEntry) -> list[str]:
    # The amount is a number Waypost formats itself, so it is written as it is: only the
    # typed text goes through safe_row (a leading "-" there could start a formula).
    amount = f"{entry.amount_pence / 100:.2f}"
    text = safe_row(
        [
            entry.get_kind_display(),
            entry.get_source_display() if entry.source else "",
            entry.get_purpose_display() if entry.purpose else "",
            entry.budget_line.name if entry.budget_line_id else "",  # type: ignore[union-attr]
            entry.description,
            entry.external_ref,
        ]
    )
    return [
        entry.occurred_on.isoformat(),
        text[0],
        amount,
        *text[1:],
        str(entry.pk),
        str(entry.reverses_id or ""),
        timezone.localtime(entry.recorded_at).strftime("%Y-%m-%d %H:%M"),
    ]


def csv_response(filename: str) -> tuple[HttpResponse, Any]:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    response.write("\ufeff")  # so that spreadsheet programs read the £ sign right
    return response, csv.writer(response)


@login_required
@require_GET
def ledger_csv(request: HttpRequest, fund_id: uuid.UUID) -> HttpResponse:
    fund = readable_fund(request, fund_id)
    entries, year = _ledger_entries(request, fund)
    suffix = f"-{year}" if year is not None else ""
    response, writer = csv_response(f"ledger-{fund.pk}{suffix}.csv")
    writer.writerow(CSV_HEADER)
    for entry in entries.iterator(chunk_size=500):
        writer.writerow(entry_csv_row(entry))
    return response


@login_required
@require_http_methods(["GET", "POST"])
def fund_new(request: HttpRequest) -> HttpResponse:
    partnerships = managed_partnerships(request)
    if not partnerships:
        raise PermissionDenied
    slug = request.GET.get("partnership") or request.POST.get("partnership")
    partnership = partnerships[0]
    if slug:
        partnership = next((p for p in partnerships if p.slug == slug), None)  # type: ignore[assignment]
        if partnership is None:
            raise Http404
    form = FundForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        fund = form.apply_to(Fund(partnership=partnership))
        try:
            actions.save_fund(
                fund,
                budget_holders=list(form.cleaned_data["budget_holders"]),
                version=None,
                by=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            return redirect("funds:fund", fund.pk)
    return render(
        request,
        "funds/fund_form.html",
        {"form": form, "partnership": partnership, "fund": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def fund_edit(request: HttpRequest, fund_id: uuid.UUID) -> HttpResponse:
    fund = manageable_fund(request, fund_id)
    form = FundForm(
        request.POST or None, initial=FundForm.initial_for(fund), partnership=fund.partnership
    )
    if request.method == "POST" and form.is_valid():
        form.apply_to(fund)
        try:
            actions.save_fund(
                fund,
                budget_holders=list(form.cleaned_data["budget_holders"]),
                version=form.cleaned_data.get("version"),
                by=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            show_refusal(form, error)
        except actions.Stale as error:
            form.add_error(None, str(error))
        else:
            return redirect("funds:fund", fund.pk)
    return render(
        request,
        "funds/fund_form.html",
        {"form": form, "partnership": fund.partnership, "fund": fund},
    )


def _entry_of(fund: Fund, entry_id: Any) -> LedgerEntry:
    entry = entries_of(fund).filter(pk=entry_id).first()
    if entry is None:
        raise Http404
    return describe(entry)


@login_required
@require_GET
def entry_page(request: HttpRequest, fund_id: uuid.UUID, entry_id: uuid.UUID) -> HttpResponse:
    fund = readable_fund(request, fund_id)
    entry = _entry_of(fund, entry_id)
    return render(
        request,
        "funds/entry.html",
        {
            "fund": fund,
            "entry": entry,
            "may_reverse": is_fund_manager(memberships_of(request), fund)
            and entry.kind != EntryKind.REVERSAL
            and entry.correction is None,  # type: ignore[attr-defined]
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_reverse(request: HttpRequest, fund_id: uuid.UUID, entry_id: uuid.UUID) -> HttpResponse:
    fund = manageable_fund(request, fund_id)
    entry = _entry_of(fund, entry_id)
    form = ReverseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            correction = actions.correct_entry(
                entry,
                reason=form.cleaned_data["reason"],
                occurred_on=timezone.localdate(),
                by=request.user,  # type: ignore[arg-type]
            )
        except (ledger.CannotReverse, ledger.NotEnoughMoney) as error:
            form.add_error(None, str(error))
        else:
            return redirect("funds:entry", fund.pk, correction.pk)
    return render(request, "funds/entry_reverse.html", {"fund": fund, "entry": entry, "form": form})
