"""Pages for money in: record takings by hand, import a settlement file, see the files imported.

Fund managers of the fund's partnership only (roles.FUND_MANAGER_ROLES): other roles get 403,
a fund of another partnership is 404. Ledgers and settlement files hold no personal data, so
no access event is recorded.
"""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from waypost.funds import income_actions
from waypost.funds.income_forms import IncomeForm, SettlementForm
from waypost.funds.ledger import NotEnoughMoney
from waypost.funds.models import Fund, SettlementImport
from waypost.funds.roles import FUND_MANAGER_ROLES, managed_fund
from waypost.funds.settlements import SettlementFileError
from waypost.lib.form_errors import show_refusal
from waypost.lib.money import pounds

SETTLEMENTS_PER_PAGE = 25


def _managed(request: HttpRequest, fund_id: uuid.UUID) -> Fund:
    """The fund when the user manages money in its partnership: 403 for roles that never
    manage money, 404 for a fund they cannot see (another partnership's included)."""
    memberships = list(request.memberships)  # type: ignore[attr-defined]
    if not any(m.role in FUND_MANAGER_ROLES for m in memberships):
        raise PermissionDenied
    return managed_fund(memberships, fund_id)


def fund_url(fund: Fund) -> str:
    return reverse("funds:fund", args=[fund.pk])


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}" if number == 1 else f"{number} {thing}s"


@login_required
@require_http_methods(["GET", "POST"])
def income_new(request: HttpRequest, fund_id: uuid.UUID) -> HttpResponse:
    fund = _managed(request, fund_id)
    posted = request.method == "POST"
    form = IncomeForm(request.POST if posted else None)
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            income_actions.record_income(
                fund,
                source=data["source"],
                amount_pence=data["amount"],
                occurred_on=data["occurred_on"],
                description=data["description"],
                by=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"{pounds(data['amount'])} recorded as money in")
            return redirect(fund_url(fund))
    return render(
        request,
        "funds/income_new.html",
        {"fund": fund, "form": form, "back_url": fund_url(fund)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def settlement_new(request: HttpRequest, fund_id: uuid.UUID) -> HttpResponse:
    fund = _managed(request, fund_id)
    posted = request.method == "POST"
    form = SettlementForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = income_actions.import_settlement(
                fund,
                data=upload.read(),
                filename=upload.name,
                file_format=form.cleaned_data["file_format"],
                by=request.user,  # type: ignore[arg-type]
            )
        except SettlementFileError as error:
            for problem in error.errors:  # beside the field and in the summary, row by row
                form.add_error("file", problem)
        except NotEnoughMoney as error:
            form.add_error("file", f"The file was not imported: {error}")
        else:
            settlement = result.settlement
            if result.is_repeat:
                messages.info(
                    request,
                    "This file was imported before, on "
                    f"{timezone.localtime(settlement.imported_at):%-d %B %Y} by "
                    f"{settlement.imported_by.full_name}. "
                    "Nothing was added.",
                )
            else:
                left_out = (
                    f" {_count(result.left_out, 'failed or cancelled payment')} left out."
                    if result.left_out
                    else ""
                )
                messages.success(
                    request,
                    f"File imported: {_count(settlement.new_rows, 'new transaction')} "
                    f"added.{left_out}",
                )
            return redirect("funds:settlement", fund.pk, settlement.pk)
    return render(
        request,
        "funds/settlement_new.html",
        {"fund": fund, "form": form, "back_url": fund_url(fund)},
    )


@login_required
@require_http_methods(["GET"])
def settlements_page(request: HttpRequest, fund_id: uuid.UUID) -> HttpResponse:
    fund = _managed(request, fund_id)
    imports = SettlementImport.objects.filter(fund=fund).select_related("imported_by")
    page_obj = Paginator(imports, SETTLEMENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "funds/settlement_list.html",
        {
            "fund": fund,
            "page_obj": page_obj,
            "rows": [(s, pounds(s.net_pence)) for s in page_obj],
            "back_url": fund_url(fund),
        },
    )


@login_required
@require_http_methods(["GET"])
def settlement_page(
    request: HttpRequest, fund_id: uuid.UUID, settlement_id: uuid.UUID
) -> HttpResponse:
    fund = _managed(request, fund_id)
    settlement = (
        SettlementImport.objects.filter(fund=fund, pk=settlement_id)
        .select_related("imported_by")
        .first()
    )
    if settlement is None:
        raise Http404
    return render(
        request,
        "funds/settlement_detail.html",
        {
            "fund": fund,
            "settlement": settlement,
            "money": _reconciliation(settlement),
            "back_url": fund_url(fund),
        },
    )


def _reconciliation(settlement: SettlementImport) -> dict[str, Any]:
    """The file's totals as text, and exactly what does not add up."""
    gross_less_fees = settlement.gross_pence - settlement.fees_pence
    problems = []
    if gross_less_fees != settlement.net_pence:
        problems.append(
            f"Gross less fees is {pounds(gross_less_fees)} but the file's net is "
            f"{pounds(settlement.net_pence)}: a difference of "
            f"{pounds(abs(gross_less_fees - settlement.net_pence))}"
        )
    declared = settlement.declared_net_pence
    if declared is not None and declared != settlement.net_pence:
        problems.append(
            f"The payout the provider declared is {pounds(declared)} but the transactions' net "
            f"is {pounds(settlement.net_pence)}: a difference of "
            f"{pounds(abs(declared - settlement.net_pence))}"
        )
    return {
        "gross": pounds(settlement.gross_pence),
        "fees": pounds(settlement.fees_pence),
        "net": pounds(settlement.net_pence),
        "declared": "Not given in the file" if declared is None else pounds(declared),
        "problems": problems,
    }
