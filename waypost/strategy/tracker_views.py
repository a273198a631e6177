"""The strategy tracker: a partnership's action plans, their progress, commitments with live
measures, actions, and review rounds. Coordinators and partnership admins keep the plan;
commissioners and regional officers of the same partnership read it (403 for other roles,
404 for another partnership's plan). Plans hold nothing about a person."""

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from waypost.accounts.models import Membership
from waypost.accounts.roles import role_required
from waypost.lib import charts
from waypost.lib.disclosure import FEWER_THAN, Cell, Table
from waypost.strategy import measures, progress
from waypost.strategy import tracker_actions as actions
from waypost.strategy.models import Action, ActionStatus, Strategy
from waypost.strategy.tracker_access import (
    READER_ROLES,
    get_action_for_user,
    get_commitment_for_user,
    get_review_for_user,
    get_strategy_for_user,
    may_keep,
    reader_partnerships,
    sees_exact_counts,
)
from waypost.strategy.tracker_forms import (
    ActionFilterForm,
    ActionForm,
    MeasureForm,
    ReviewForm,
    ReviewNoteForm,
)


def _memberships(request: HttpRequest) -> list[Membership]:
    return list(request.memberships)  # type: ignore[attr-defined]


def _keeper_or_403(request: HttpRequest, partnership_id: Any) -> None:
    if not may_keep(_memberships(request), partnership_id):
        raise PermissionDenied


# --- The partnership's strategies ------------------------------------------------------------
@role_required(*READER_ROLES)
@require_GET
def strategies(request: HttpRequest) -> HttpResponse:
    partnerships = reader_partnerships(_memberships(request))
    slug = request.GET.get("partnership")
    if slug:
        partnership = next((p for p in partnerships if p.slug == slug), None)
        if partnership is None:
            raise Http404
    else:
        partnership = partnerships[0]
    plans = list(Strategy.objects.filter(partnership=partnership).order_by("title"))
    return render(
        request,
        "strategy/tracker/strategies.html",
        {
            "partnership": partnership,
            "partnerships": partnerships,
            "several": len(partnerships) > 1,
            "strategies": plans,
        },
    )


# --- One strategy ------------------------------------------------------------------------------
@role_required(*READER_ROLES)
@require_GET
def strategy_page(request: HttpRequest, strategy_id: Any) -> HttpResponse:
    memberships = _memberships(request)
    strategy = get_strategy_for_user(memberships, strategy_id)
    today = timezone.localdate()
    themes = progress.load_plan(strategy)
    form = ActionFilterForm(request.GET or None, themes=themes)
    status = theme_code = ""
    overdue_only = False
    if form.is_valid():
        status = form.cleaned_data["status"]
        theme_code = form.cleaned_data["theme"]
        overdue_only = form.cleaned_data["overdue"]
    suppress = not sees_exact_counts(memberships, strategy.partnership_id)
    commitments = [c for t in themes for c in t.commitments.all()]
    readings = progress.readings(commitments, strategy.partnership, today, suppress=suppress)
    groups = []
    shown = 0
    for theme in themes:
        if theme_code and theme.code != theme_code:
            continue
        rows = []
        for commitment in theme.commitments.all():
            acts = [
                a
                for a in commitment.actions.all()
                if (not status or a.status == status)
                and (not overdue_only or progress.is_overdue(a, today))
            ]
            if acts or not (status or overdue_only):
                rows.append(
                    {
                        "commitment": commitment,
                        "reading": readings.get(commitment.pk),
                        "actions": [_shown_action(a, today) for a in acts],
                    }
                )
            shown += len(acts)
        groups.append({"theme": theme, "rows": rows, "count": sum(len(r["actions"]) for r in rows)})
    rows = progress.theme_progress(themes)
    return render(
        request,
        "strategy/tracker/strategy.html",
        {
            "strategy": strategy,
            "form": form,
            "groups": groups,
            "shown": shown,
            "filtered": bool(status or theme_code or overdue_only),
            "chart": progress.progress_chart(rows),
            "table": progress.progress_table(rows),
            "overdue": sum(
                1
                for t in themes
                for c in t.commitments.all()
                for a in c.actions.all()
                if progress.is_overdue(a, today)
            ),
            "can_keep": may_keep(memberships, strategy.partnership_id),
        },
    )


def _shown_action(action: Action, today: date) -> dict[str, Any]:
    return {
        "action": action,
        "tag": progress.STATUS_TAG[ActionStatus(action.status)],
        "overdue": progress.is_overdue(action, today),
    }


# --- A commitment ------------------------------------------------------------------------------
def _trend_parts(
    measure: measures.Measure, readings: list[measures.Reading], suppress: bool
) -> tuple[Any, Table]:
    table = Table(
        "trend-table",
        f"{measure.name}, month by month",
        [Cell("Month"), Cell("Value", is_numeric=True)],
    )
    bars = []
    for reading in readings:
        text = measures.value_text(measure, reading.value, suppress=suppress)
        table.rows.append([Cell(f"{reading.month:%B %Y}"), Cell(text, is_numeric=True)])
        value = None if text == FEWER_THAN else reading.value
        bars.append(charts.Bar(f"{reading.month:%b %Y}", value, text))
    chart = None
    if any(bar.value for bar in bars):
        chart = charts.horizontal_bar_chart(
            bars,
            chart_id="trend-chart",
            title=f"{measure.name}, last 12 months",
            description=(
                f"Horizontal bar chart of {measure.name.lower()} in each of the last 12 months, "
                "oldest first. The table beside the chart has the figures."
            ),
        )
    return chart, table


def _commitment_context(
    request: HttpRequest, commitment: Any, measure_form: MeasureForm | None = None
) -> dict[str, Any]:
    memberships = _memberships(request)
    strategy = commitment.theme.strategy
    today = timezone.localdate()
    suppress = not sees_exact_counts(memberships, strategy.partnership_id)
    reading = progress.readings([commitment], strategy.partnership, today, suppress=suppress).get(
        commitment.pk
    )
    chart = table = None
    if reading and reading.measure and not reading.measure.unavailable:
        history = measures.trend(reading.measure, strategy.partnership, today)
        chart, table = _trend_parts(reading.measure, history, suppress)
    can_keep = may_keep(memberships, strategy.partnership_id)
    if can_keep and measure_form is None:
        measure_form = MeasureForm(
            initial={
                "measure_code": commitment.measure_code,
                "measure_target": commitment.measure_target,
            }
        )
    acts = commitment.actions.select_related("lead_agency").order_by("position")
    return {
        "strategy": strategy,
        "commitment": commitment,
        "reading": reading,
        "chart": chart,
        "table": table,
        "actions": [_shown_action(a, today) for a in acts],
        "can_keep": can_keep,
        "measure_form": measure_form,
        "suppress": suppress,
    }


@role_required(*READER_ROLES)
@require_GET
def commitment_page(request: HttpRequest, commitment_id: Any) -> HttpResponse:
    commitment = get_commitment_for_user(_memberships(request), commitment_id)
    return render(
        request, "strategy/tracker/commitment.html", _commitment_context(request, commitment)
    )


@role_required(*READER_ROLES)
@require_POST
def commitment_measure(request: HttpRequest, commitment_id: Any) -> HttpResponse:
    commitment = get_commitment_for_user(_memberships(request), commitment_id)
    _keeper_or_403(request, commitment.theme.strategy.partnership_id)
    form = MeasureForm(request.POST)
    if form.is_valid():
        try:
            actions.tie_measure(
                commitment,
                measure_code=form.cleaned_data["measure_code"],
                target=form.cleaned_data["measure_target"],
                by=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The live measure was saved.")
            return redirect("strategy:commitment", commitment_id=commitment.pk)
    return render(
        request,
        "strategy/tracker/commitment.html",
        _commitment_context(request, commitment, form),
        status=400,
    )


# --- An action ---------------------------------------------------------------------------------
@role_required(*READER_ROLES)
@require_http_methods(["GET", "POST"])
def action_page(request: HttpRequest, action_id: Any) -> HttpResponse:
    memberships = _memberships(request)
    action = get_action_for_user(memberships, action_id)
    strategy = action.commitment.theme.strategy
    can_keep = may_keep(memberships, strategy.partnership_id)
    form = None
    stale = False
    if request.method == "POST":
        if not can_keep:
            raise PermissionDenied
        form = ActionForm(request.POST, partnership_id=strategy.partnership_id)
        if form.is_valid():
            try:
                actions.update_action(
                    action,
                    status=form.cleaned_data["status"],
                    due_date=form.cleaned_data["due_date"],
                    lead_agency=form.cleaned_data["lead_agency"],
                    version=form.cleaned_data["version"],
                    by=request.user,  # type: ignore[arg-type]
                )
            except actions.StaleAction:
                stale = True
                action = get_action_for_user(memberships, action_id)
                data = request.POST.copy()
                data["version"] = str(action.version)
                form = ActionForm(data, partnership_id=strategy.partnership_id)
                form.is_valid()
                form.add_error(None, actions.STALE_MESSAGE)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "The action was saved.")
                return redirect("strategy:action", action_id=action.pk)
    elif can_keep:
        form = ActionForm(
            initial={
                "status": action.status,
                "due_date": action.due_date,
                "lead_agency": action.lead_agency_id,
                "version": action.version,
            },
            partnership_id=strategy.partnership_id,
        )
    notes = action.review_notes.select_related("review").order_by("review__held_on", "id")
    today = timezone.localdate()
    return render(
        request,
        "strategy/tracker/action.html",
        {
            "strategy": strategy,
            "action": action,
            "shown": _shown_action(action, today),
            "form": form,
            "stale": stale,
            "notes": list(notes),
        },
        status=400 if form is not None and form.errors else 200,
    )


# --- Review rounds -----------------------------------------------------------------------------
@role_required(*READER_ROLES)
@require_GET
def reviews(request: HttpRequest, strategy_id: Any) -> HttpResponse:
    memberships = _memberships(request)
    strategy = get_strategy_for_user(memberships, strategy_id)
    rounds = list(strategy.reviews.order_by("-held_on"))
    return render(
        request,
        "strategy/tracker/reviews.html",
        {
            "strategy": strategy,
            "reviews": rounds,
            "can_keep": may_keep(memberships, strategy.partnership_id),
        },
    )


@role_required(*READER_ROLES)
@require_http_methods(["GET", "POST"])
def review_new(request: HttpRequest, strategy_id: Any) -> HttpResponse:
    strategy = get_strategy_for_user(_memberships(request), strategy_id)
    _keeper_or_403(request, strategy.partnership_id)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review = actions.record_review(
                strategy,
                title=form.cleaned_data["title"],
                held_on=form.cleaned_data["held_on"],
                summary=form.cleaned_data["summary"],
                by=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The review was recorded. Add what it said about actions.")
            return redirect("strategy:review", review_id=review.pk)
    return render(
        request,
        "strategy/tracker/review_new.html",
        {"strategy": strategy, "form": form},
        status=400 if form.errors else 200,
    )


def _plan_actions(strategy: Strategy) -> list[Action]:
    return list(
        Action.objects.filter(commitment__theme__strategy=strategy)
        .select_related("commitment__theme")
        .order_by("commitment__theme__position", "commitment__position", "position")
    )


@role_required(*READER_ROLES)
@require_http_methods(["GET", "POST"])
def review_page(request: HttpRequest, review_id: Any) -> HttpResponse:
    memberships = _memberships(request)
    review = get_review_for_user(memberships, review_id)
    strategy = review.strategy
    can_keep = may_keep(memberships, strategy.partnership_id)
    form = None
    if request.method == "POST":
        if not can_keep:
            raise PermissionDenied
        form = ReviewNoteForm(request.POST, actions=_plan_actions(strategy))
        if form.is_valid():
            try:
                actions.add_review_note(
                    review,
                    action=form.cleaned_data["action"],
                    text=form.cleaned_data["text"],
                    status=form.cleaned_data["status"],
                    by=request.user,  # type: ignore[arg-type]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "The note was added.")
                return redirect("strategy:review", review_id=review.pk)
    elif can_keep:
        form = ReviewNoteForm(actions=_plan_actions(strategy))
    notes = review.notes.select_related("action__commitment__theme", "commitment").order_by("id")
    return render(
        request,
        "strategy/tracker/review.html",
        {"strategy": strategy, "review": review, "notes": list(notes), "form": form},
        status=400 if form is not None and form.errors else 200,
    )
