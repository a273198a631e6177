"""Policy impact checks (plan P1.9): list, start, answer, submit; a summary of answers over
submitted checks, and a CSV of the checks. For coordinators, partnership admins and
commissioners (403 for other roles; 404 for another partnership's check)."""

import csv
import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from waypost.accounts.models import Membership, Partnership
from waypost.accounts.roles import role_required
from waypost.lib.csv_safety import safe_row
from waypost.lib.disclosure import Cell, Table
from waypost.strategy import impact_actions as actions
from waypost.strategy.impact import QUESTIONS, RECOMMENDATION_LABELS
from waypost.strategy.impact_access import IMPACT_ROLES, get_check_for_user, impact_partnerships
from waypost.strategy.impact_forms import AnswersForm, StartCheckForm
from waypost.strategy.models import (
    Impact,
    ImpactCheckStatus,
    PolicyImpactAnswer,
    PolicyImpactCheck,
)

PER_PAGE = 20


def _memberships(request: HttpRequest) -> list[Membership]:
    return list(request.memberships)  # type: ignore[attr-defined]


def _chosen(request: HttpRequest) -> tuple[Partnership, list[Partnership]]:
    partnerships = impact_partnerships(_memberships(request))
    slug = request.GET.get("partnership") or request.POST.get("partnership")
    if slug:
        partnership = next((p for p in partnerships if p.slug == slug), None)
        if partnership is None:
            raise Http404
        return partnership, partnerships
    return partnerships[0], partnerships


@role_required(*IMPACT_ROLES)
@require_GET
def checks(request: HttpRequest) -> HttpResponse:
    partnership, partnerships = _chosen(request)
    rows = PolicyImpactCheck.objects.filter(partnership=partnership).order_by("-created_at")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    for check in page.object_list:
        check.recommendation_label = RECOMMENDATION_LABELS.get(check.recommendation, "")
    return render(
        request,
        "strategy/impact/checks.html",
        {
            "partnership": partnership,
            "partnerships": partnerships,
            "several": len(partnerships) > 1,
            "page_obj": page,
            "query": f"partnership={partnership.slug}",
        },
    )


@role_required(*IMPACT_ROLES)
@require_http_methods(["GET", "POST"])
def check_new(request: HttpRequest) -> HttpResponse:
    partnership, partnerships = _chosen(request)
    form = StartCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = actions.start_check(partnership, by=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        messages.success(request, "The check was started. Answer each question.")
        return redirect("strategy:impact_check", check_id=check.pk)
    return render(
        request,
        "strategy/impact/new.html",
        {"form": form, "partnership": partnership, "several": len(partnerships) > 1},
        status=400 if form.errors else 200,
    )


def _initial(check: PolicyImpactCheck) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "mitigation": check.mitigation,
        "recommendation": check.recommendation,
        "version": check.version,
    }
    for answer in check.answers.all():
        initial[f"{answer.question}_impact"] = answer.impact
        initial[f"{answer.question}_notes"] = answer.notes
    return initial


def _render_check(
    request: HttpRequest, check: PolicyImpactCheck, form: AnswersForm | None, status: int = 200
) -> HttpResponse:
    answers = {a.question: a for a in check.answers.all()}
    shown = [(q, answers.get(q.code)) for q in QUESTIONS]
    draft = check.status == ImpactCheckStatus.DRAFT
    if draft and form is None:
        form = AnswersForm(initial=_initial(check))
    return render(
        request,
        "strategy/impact/check.html",
        {
            "check": check,
            "shown": shown,
            "form": form if draft else None,
            "recommendation": RECOMMENDATION_LABELS.get(check.recommendation, ""),
            "missing": actions.missing(check) if draft else [],
        },
        status=status,
    )


@role_required(*IMPACT_ROLES)
@require_http_methods(["GET", "POST"])
def check_page(request: HttpRequest, check_id: Any) -> HttpResponse:
    check = get_check_for_user(_memberships(request), check_id)
    if request.method == "GET":
        return _render_check(request, check, None)
    form = AnswersForm(request.POST)
    if form.is_valid():
        try:
            actions.save_answers(
                check,
                answers=form.answers(),
                mitigation=form.cleaned_data["mitigation"].strip(),
                recommendation=form.cleaned_data["recommendation"],
                version=form.cleaned_data["version"],
                by=request.user,  # type: ignore[arg-type]
            )
        except actions.StaleCheck:
            check = get_check_for_user(_memberships(request), check_id)
            data = request.POST.copy()
            data["version"] = str(check.version)
            form = AnswersForm(data)
            form.is_valid()
            form.add_error(None, actions.STALE_MESSAGE)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your answers were saved.")
            return redirect("strategy:impact_check", check_id=check.pk)
    return _render_check(request, check, form, status=400)


@role_required(*IMPACT_ROLES)
@require_POST
def check_submit(request: HttpRequest, check_id: Any) -> HttpResponse:
    check = get_check_for_user(_memberships(request), check_id)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    try:
        actions.submit_check(check, version=version, by=request.user)  # type: ignore[arg-type]
    except actions.StaleCheck:
        messages.error(request, actions.STALE_MESSAGE)
    except ValidationError as error:
        for problem in error.messages:
            messages.error(request, problem)
    else:
        messages.success(request, "The check was submitted. It can no longer change.")
    return redirect("strategy:impact_check", check_id=check.pk)


def _summary_counts(partnership: Partnership) -> dict[tuple[str, str], int]:
    rows = (
        PolicyImpactAnswer.objects.filter(
            check_record__partnership=partnership,
            check_record__status=ImpactCheckStatus.SUBMITTED,
        )
        .order_by()
        .values("question", "impact")
        .annotate(n=Count("pk"))
    )
    return {(row["question"], row["impact"]): row["n"] for row in rows}


def summary_table(partnership: Partnership) -> tuple[Table, int]:
    counts = _summary_counts(partnership)
    table = Table(
        "impact-summary",
        "Answers to each question, submitted checks",
        [Cell("Question")] + [Cell(str(i.label), is_numeric=True) for i in Impact],
    )
    for question in QUESTIONS:
        table.rows.append(
            [Cell(question.title)]
            + [
                Cell(f"{counts.get((question.code, i.value), 0):,}", is_numeric=True)
                for i in Impact
            ]
        )
    submitted = PolicyImpactCheck.objects.filter(
        partnership=partnership, status=ImpactCheckStatus.SUBMITTED
    ).count()
    return table, submitted


@role_required(*IMPACT_ROLES)
@require_GET
def summary(request: HttpRequest) -> HttpResponse:
    partnership, partnerships = _chosen(request)
    table, submitted = summary_table(partnership)
    recommendations = (
        PolicyImpactCheck.objects.filter(
            partnership=partnership, status=ImpactCheckStatus.SUBMITTED
        )
        .order_by()
        .values("recommendation")
        .annotate(n=Count("pk"))
    )
    by_recommendation = {row["recommendation"]: row["n"] for row in recommendations}
    return render(
        request,
        "strategy/impact/summary.html",
        {
            "partnership": partnership,
            "several": len(partnerships) > 1,
            "table": table,
            "submitted": submitted,
            "recommendations": [
                (label, by_recommendation.get(code, 0))
                for code, label in RECOMMENDATION_LABELS.items()
            ],
        },
    )


@role_required(*IMPACT_ROLES)
@require_GET
def checks_csv(request: HttpRequest) -> HttpResponse:
    partnership, _ = _chosen(request)
    rows = (
        PolicyImpactCheck.objects.filter(partnership=partnership)
        .prefetch_related("answers")
        .order_by("created_at")
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        safe_row(
            [
                "Proposed policy change",
                "Proposed by",
                "Decision due",
                "Status",
                "Submitted on",
                *[f"{q.title}: impact" for q in QUESTIONS],
                *[f"{q.title}: notes" for q in QUESTIONS],
                "Mitigation",
                "Recommendation",
            ]
        )
    )
    for check in rows:
        answers = {a.question: a for a in check.answers.all()}
        writer.writerow(
            safe_row(
                [
                    check.title,
                    check.proposed_by,
                    f"{check.decision_due:%Y-%m-%d}" if check.decision_due else "",
                    check.get_status_display(),
                    f"{timezone.localdate(check.submitted_at):%Y-%m-%d}"
                    if check.submitted_at
                    else "",
                    *[
                        answers[q.code].get_impact_display() if q.code in answers else ""
                        for q in QUESTIONS
                    ],
                    *[answers[q.code].notes if q.code in answers else "" for q in QUESTIONS],
                    check.mitigation,
                    RECOMMENDATION_LABELS.get(check.recommendation, ""),
                ]
            )
        )
    name = f"waypost-policy-impact-checks-{partnership.slug}-{timezone.localdate():%Y-%m-%d}.csv"
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
