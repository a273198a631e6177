"""Data protection officer pages for retention: periods, dry-run reports, applying them."""

from uuid import UUID

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from waypost.accounts.models import Role
from waypost.accounts.roles import partnerships_where, role_required
from waypost.audit.models import RecordType
from waypost.audit.retention import actions
from waypost.audit.retention.access import get_partnership_for_dpo, get_run_for_dpo, runs_visible_to
from waypost.audit.retention.forms import RetentionRuleForm
from waypost.audit.retention.report import rows
from waypost.audit.retention.rules import DEFAULTS, describe_months, periods_for

PAGE_SIZE = 20


@role_required(Role.DPO)
def overview(request: HttpRequest) -> HttpResponse:
    partnerships = [(p, periods_for(p)) for p in partnerships_where(request, Role.DPO)]
    runs = runs_visible_to(request).select_related("partnership").order_by("-created_at")
    page = Paginator(runs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/retention/overview.html",
        {"partnerships": partnerships, "page_obj": page, "defaults": DEFAULTS},
    )


@role_required(Role.DPO)
def rule(request: HttpRequest, partnership_id: UUID, record_type: str) -> HttpResponse:
    partnership = get_partnership_for_dpo(request, partnership_id)
    if record_type not in RecordType.values:
        raise Http404
    period = next(p for p in periods_for(partnership) if p.record_type == record_type)
    form = RetentionRuleForm(request.POST or None, initial={"period_months": period.months})
    if request.method == "POST" and "reset" in request.POST:
        actions.set_retention_period(partnership, record_type, months=None, by=request.user)
        messages.success(
            request,
            f"{period.label}: back to the default, {describe_months(period.default.months)}.",
        )
        return redirect("audit:retention")
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_retention_period(
                partnership, record_type, months=form.cleaned_data["period_months"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            months = describe_months(form.cleaned_data["period_months"])
            messages.success(request, f"{period.label}: kept for {months}.")
            return redirect("audit:retention")
    return render(
        request,
        "audit/retention/rule.html",
        {"partnership": partnership, "period": period, "form": form},
    )


@require_POST
@role_required(Role.DPO)
def dry_run(request: HttpRequest, partnership_id: UUID) -> HttpResponse:
    partnership = get_partnership_for_dpo(request, partnership_id)
    run = actions.plan_retention(partnership, by=request.user)
    messages.success(request, "Dry run finished. Nothing has been changed yet.")
    return redirect("audit:retention_report", run_id=run.pk)


@role_required(Role.DPO)
def report(request: HttpRequest, run_id: UUID) -> HttpResponse:
    run = get_run_for_dpo(request, run_id)
    return render(
        request,
        "audit/retention/report.html",
        {"run": run, "rows": rows(run), "held": run.report.get("held", {})},
    )


@require_POST
@role_required(Role.DPO)
@reauthentication_required
def apply(request: HttpRequest, run_id: UUID) -> HttpResponse:
    run = get_run_for_dpo(request, run_id)
    try:
        run = actions.apply_retention_run(run, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        done = sum(item["count"] for item in run.applied.values())
        messages.success(
            request, f"Retention applied: {done} record{'s' if done != 1 else ''} changed."
        )
    return redirect("audit:retention_report", run_id=run.pk)
