"""Pages for commissioned services: the contracts list, a contract with its KPIs and returns,
forms to add and change them, and a quarterly return (filled in by the provider, accepted or
sent back by the commissioning side). Who may do what: contract_access.py.

Contracts, KPIs and returns are business data about services, not about a person, so no
access event is recorded for reading them (as for the other figures pages).
"""

import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from waypost.commissioning import contract_actions as actions
from waypost.commissioning.contract_access import (
    ContractAccess,
    contracts_visible_to,
    get_contract_for_user,
    manage_partnerships,
    may_use_contracts,
    memberships_of,
)
from waypost.commissioning.contract_forms import (
    ContractForm,
    DecisionForm,
    KpiForm,
    ReturnForm,
    SendBackForm,
)
from waypost.commissioning.forum import RAG_WORDS
from waypost.commissioning.kpi_sources import compute
from waypost.commissioning.models import Contract, Kpi, QuarterlyReturn, ReturnStatus
from waypost.commissioning.rag import figure_for
from waypost.lib.quarters import Quarter, quarters_between

CONTRACTS_SHOWN = 200


def _form_error(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- The list ----------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET"])
def contracts_page(request: HttpRequest) -> HttpResponse:
    memberships = memberships_of(request)
    if not may_use_contracts(memberships):
        raise PermissionDenied
    reporting = Quarter.current().previous()
    contracts = list(
        contracts_visible_to(memberships)
        .select_related("partnership", "provider")
        .order_by("partnership__name", "name")[:CONTRACTS_SHOWN]
    )
    returns = {
        r.contract_id: r
        for r in QuarterlyReturn.objects.filter(
            contract__in=contracts, year=reporting.year, quarter=reporting.number
        )
    }
    rows = [(c, returns.get(c.pk)) for c in contracts]
    return render(
        request,
        "commissioning/contracts/list.html",
        {
            "rows": rows,
            "reporting": reporting,
            "manage_partnerships": manage_partnerships(memberships),
            "several_partnerships": len({c.partnership_id for c in contracts}) > 1,
        },
    )


# --- One contract ------------------------------------------------------------------------------
def reportable_quarters(contract: Contract) -> list[Quarter]:
    """The quarters a return can be made for: from the contract's start to its end or the
    current quarter, whichever is sooner."""
    today = timezone.localdate()
    return quarters_between(contract.starts_on, min(contract.ends_on, today))


@login_required
@require_http_methods(["GET"])
def contract_page(request: HttpRequest, contract_id: uuid.UUID) -> HttpResponse:
    access = get_contract_for_user(request, contract_id)
    contract = access.contract
    returns = {(r.year, r.quarter): r for r in contract.returns.all()}
    quarters = [
        (q, returns.get((q.year, q.number))) for q in reversed(reportable_quarters(contract))
    ]
    return render(
        request,
        "commissioning/contracts/detail.html",
        {
            "access": access,
            "contract": contract,
            "kpis": list(contract.kpis.all()),
            "quarters": quarters,
        },
    )


def _chosen_partnership(request: HttpRequest) -> Any:
    partnerships = manage_partnerships(memberships_of(request))
    if not partnerships:
        raise PermissionDenied
    slug = request.GET.get("partnership") or request.POST.get("partnership")
    if slug:
        found = next((p for p in partnerships if p.slug == slug), None)
        if found is None:
            raise Http404
        return found
    return partnerships[0]


@login_required
@require_http_methods(["GET", "POST"])
def contract_new(request: HttpRequest) -> HttpResponse:
    partnership = _chosen_partnership(request)
    form = ContractForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        contract = form.apply_to(Contract(partnership=partnership))
        try:
            actions.save_contract(contract, version=None, by=request.user)  # type: ignore[arg-type]
        except ValidationError as error:
            _form_error(form, error)
        else:
            return redirect("commissioning:contract", contract.pk)
    return render(
        request,
        "commissioning/contracts/form.html",
        {"form": form, "partnership": partnership, "contract": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def contract_edit(request: HttpRequest, contract_id: uuid.UUID) -> HttpResponse:
    access = get_contract_for_user(request, contract_id, manage=True)
    contract = access.contract
    initial = ContractForm.initial_for(contract)
    form = ContractForm(request.POST or None, initial=initial, partnership=contract.partnership)
    if request.method == "POST" and form.is_valid():
        form.apply_to(contract)
        try:
            actions.save_contract(
                contract,
                version=form.cleaned_data.get("version"),
                by=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            return redirect("commissioning:contract", contract.pk)
    return render(
        request,
        "commissioning/contracts/form.html",
        {"form": form, "partnership": contract.partnership, "contract": contract},
    )


@login_required
@require_http_methods(["GET", "POST"])
def kpi_form(
    request: HttpRequest, contract_id: uuid.UUID, kpi_id: uuid.UUID | None = None
) -> HttpResponse:
    access = get_contract_for_user(request, contract_id, manage=True)
    contract = access.contract
    kpi = None
    if kpi_id is not None:
        kpi = Kpi.objects.filter(contract=contract, pk=kpi_id).first()
        if kpi is None:
            raise Http404
    form = KpiForm(request.POST or None, instance=kpi or Kpi(contract=contract))
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_kpi(form.instance, by=request.user)  # type: ignore[arg-type]
        except ValidationError as error:
            _form_error(form, error)
        else:
            return redirect("commissioning:contract", contract.pk)
    return render(
        request,
        "commissioning/contracts/kpi_form.html",
        {"form": form, "contract": contract, "kpi": kpi},
    )


# --- A quarterly return ------------------------------------------------------------------------
def _quarter_of(contract: Contract, slug: str) -> Quarter:
    quarter = Quarter.from_slug(slug)
    if quarter is None or quarter not in reportable_quarters(contract):
        raise Http404
    return quarter


def _return_rows(
    access: ContractAccess, quarter: Quarter, found: QuarterlyReturn | None
) -> list[dict[str, Any]]:
    """Each KPI with its figure as recorded (or, before anything is saved, the computed ones
    as Waypost counts them now), its target and RAG."""
    contract = access.contract
    values = {v.kpi_id: v for v in found.values.all()} if found else {}
    rows = []
    for kpi in contract.kpis.all():
        value = values.get(kpi.pk)
        if value is not None:
            count, out_of, comment = value.count, value.out_of, value.comment
        elif kpi.is_computed:
            (count, out_of), comment = compute(kpi.computation, contract, quarter), ""
        else:
            count, out_of, comment = None, None, ""
        figure = figure_for(kpi, count, out_of)
        if figure.value is None:
            text = "No figure"
        elif kpi.is_percent:
            text = f"{figure.value.normalize():f}% ({count:,} of {out_of:,})"
        else:
            text = f"{count:,}"
        rows.append(
            {
                "kpi": kpi,
                "text": text,
                "rag": figure.rag,
                "rag_text": RAG_WORDS[figure.rag],
                "comment": comment,
                "is_live": value is None and kpi.is_computed,
            }
        )
    return rows


def _return_initial(found: QuarterlyReturn | None) -> dict[str, Any]:
    initial: dict[str, Any] = {"version": found.version if found else 0}
    if found:
        for value in found.values.all():
            initial[f"count_{value.kpi_id}"] = "" if value.count is None else str(value.count)
            initial[f"out_of_{value.kpi_id}"] = "" if value.out_of is None else str(value.out_of)
            initial[f"comment_{value.kpi_id}"] = value.comment
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def return_page(request: HttpRequest, contract_id: uuid.UUID, quarter: str) -> HttpResponse:
    access = get_contract_for_user(request, contract_id)
    contract = access.contract
    chosen = _quarter_of(contract, quarter)
    found = actions.find_return(contract, chosen)
    kpis = list(contract.kpis.all())
    action = request.POST.get("action", "")
    return_form = ReturnForm(initial=_return_initial(found), kpis=kpis)
    send_back_form = SendBackForm(initial={"version": found.version if found else 0})
    stale = False
    decision_error = ""
    if request.method == "POST":
        if action in ("save", "submit"):
            if not access.may_enter:
                raise PermissionDenied
            return_form = ReturnForm(request.POST, kpis=kpis)
            if return_form.is_valid():
                try:
                    actions.save_return(
                        contract,
                        chosen,
                        entries=return_form.entries(),
                        version=return_form.cleaned_data.get("version") or 0,
                        submit=action == "submit",
                        by=request.user,  # type: ignore[arg-type]
                    )
                except actions.StaleReturn:
                    stale = True
                except ValidationError as error:
                    _form_error(return_form, error)
                else:
                    return redirect("commissioning:return", contract.pk, chosen.slug)
        elif action in ("accept", "send_back"):
            if not access.may_manage:
                raise PermissionDenied
            if found is None:
                raise Http404
            form = DecisionForm(request.POST) if action == "accept" else SendBackForm(request.POST)
            if action == "send_back":
                send_back_form = form  # type: ignore[assignment]
            if form.is_valid():
                try:
                    if action == "accept":
                        actions.accept_return(
                            found,
                            version=form.cleaned_data["version"],
                            by=request.user,  # type: ignore[arg-type]
                        )
                    else:
                        actions.send_back_return(
                            found,
                            reason=form.cleaned_data["reason"],
                            version=form.cleaned_data["version"],
                            by=request.user,  # type: ignore[arg-type]
                        )
                except actions.StaleReturn:
                    stale = True
                except ValidationError as error:
                    if action == "accept":
                        decision_error = " ".join(error.messages)
                    else:
                        _form_error(form, error)
                else:
                    return redirect("commissioning:return", contract.pk, chosen.slug)
        else:
            raise PermissionDenied
    if stale:
        # Show the return as it is now, with what the user typed kept in the form.
        found = actions.find_return(contract, chosen)
        current = str(found.version if found else 0)
        if return_form.is_bound:
            data = return_form.data.copy()
            data["version"] = current
            return_form = ReturnForm(data, kpis=kpis)
        else:
            return_form = ReturnForm(initial=_return_initial(found), kpis=kpis)
        if send_back_form.is_bound:
            data = send_back_form.data.copy()
            data["version"] = current
            send_back_form = SendBackForm(data)
        else:
            send_back_form = SendBackForm(initial={"version": current})
    editable = access.may_enter and (found is None or not found.is_locked)
    return render(
        request,
        "commissioning/returns/page.html",
        {
            "access": access,
            "contract": contract,
            "quarter": chosen,
            "found": found,
            "status": found.get_status_display() if found else "Not started",
            "rows": _return_rows(access, chosen, found),
            "editable": editable,
            "form": return_form,
            "form_rows": return_form.rows(),
            "send_back_form": send_back_form,
            "may_decide": access.may_manage
            and found is not None
            and found.status in (ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED),
            "may_accept": access.may_manage
            and found is not None
            and found.status == ReturnStatus.SUBMITTED,
            "stale": stale,
            "decision_error": decision_error,
            "stale_message": actions.STALE,
        },
    )
