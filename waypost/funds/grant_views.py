"""A grant's budget lines, spend recorded against them, and the quarterly spend-to-date report
(plans CP4, P2.8). Fund managers add lines and record spend; whoever may read the fund may
read the report. Grant spend is business data: no personal data, no access event.
"""

import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from waypost.funds import fund_actions as actions
from waypost.funds import ledger
from waypost.funds.fund_views import csv_response, manageable_fund, readable_fund
from waypost.funds.grant_forms import BudgetLineForm, SpendForm
from waypost.funds.grant_report import GrantReport, LineRow, grant_report
from waypost.funds.models import BudgetLine, Fund
from waypost.lib.csv_safety import safe_cell
from waypost.lib.form_errors import show_refusal
from waypost.lib.money import pounds, pounds_column


def _grant(fund: Fund) -> Fund:
    if not fund.is_grant:
        raise Http404
    return fund


@login_required
@require_http_methods(["GET", "POST"])
def budget_line_form(
    request: HttpRequest, fund_id: uuid.UUID, line_id: uuid.UUID | None = None
) -> HttpResponse:
    fund = _grant(manageable_fund(request, fund_id))
    line = None
    if line_id is not None:
        line = BudgetLine.objects.filter(fund=fund, pk=line_id).first()
        if line is None:
            raise Http404
    initial = BudgetLineForm.initial_for(line) if line else None
    form = BudgetLineForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        target = form.apply_to(line or BudgetLine(fund=fund))
        try:
            actions.save_budget_line(
                target,
                version=form.cleaned_data.get("version") if line else None,
                by=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            show_refusal(form, error)
        except actions.Stale as error:
            form.add_error(None, str(error))
        else:
            return redirect("funds:fund", fund.pk)
    allocated = actions.allocated_pence(fund, excluding=line.pk if line else None)
    return render(
        request,
        "funds/grant_line_form.html",
        {
            "fund": fund,
            "line": line,
            "form": form,
            "award": pounds(fund.award_pence),
            "unallocated": pounds(max((fund.award_pence or 0) - allocated, 0)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def spend_new(request: HttpRequest, fund_id: uuid.UUID) -> HttpResponse:
    fund = _grant(manageable_fund(request, fund_id))
    lines = BudgetLine.objects.filter(fund=fund)
    form = SpendForm(request.POST or None, lines=lines)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_grant_spend(
                data["budget_line"],
                amount_pence=data["amount"],
                occurred_on=data["occurred_on"],
                description=form.full_description(),
                purpose=data["purpose"],
                by=request.user,  # type: ignore[arg-type]
            )
        except ledger.NotEnoughMoney as error:
            form.add_error("amount", str(error))
        else:
            return redirect("funds:grant_report", fund.pk)
    return render(
        request,
        "funds/grant_spend_form.html",
        {
            "fund": fund,
            "form": form,
            "has_lines": lines.exists(),
            "available": pounds(ledger.available(fund)),
        },
    )


def _money_row(row: LineRow) -> dict[str, Any]:
    return {
        "row": row,
        "allocation": pounds_column(row.allocation_pence),
        "by_quarter": [pounds_column(p) for p in row.by_quarter],
        "spent": pounds_column(row.spent_pence),
        "left": pounds_column(row.left_pence),
        "percent": "" if row.percent_spent is None else f"{row.percent_spent}%",
    }


def _report(request: HttpRequest, fund_id: uuid.UUID) -> GrantReport:
    fund = _grant(readable_fund(request, fund_id))
    return grant_report(fund, today=timezone.localdate())


@login_required
@require_GET
def grant_report_page(request: HttpRequest, fund_id: uuid.UUID) -> HttpResponse:
    report = _report(request, fund_id)
    return render(
        request,
        "funds/grant_report.html",
        {
            "fund": report.fund,
            "report": report,
            "rows": [_money_row(r) for r in report.lines],
            "total": _money_row(report.total),
            "award": pounds(report.fund.award_pence),
        },
    )


def _decimal(pence: int) -> str:
    return f"{pence / 100:.2f}"


@login_required
@require_GET
def grant_report_csv(request: HttpRequest, fund_id: uuid.UUID) -> HttpResponse:
    report = _report(request, fund_id)
    response, writer = csv_response(f"grant-spend-{report.fund.pk}.csv")
    writer.writerow(
        [
            "Budget line",
            "Allocation (£)",
            *[f"{q.short} (£)" for q in report.quarters],
            "Spent to date (£)",
            "Left (£)",
            "Spent (%)",
        ]
    )
    for row in [*report.lines, report.total]:
        writer.writerow(
            [
                safe_cell(row.name),
                _decimal(row.allocation_pence),
                *[_decimal(p) for p in row.by_quarter],
                _decimal(row.spent_pence),
                _decimal(row.left_pence),
                "" if row.percent_spent is None else str(row.percent_spent),
            ]
        )
    return response
