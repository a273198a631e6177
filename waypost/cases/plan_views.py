"""Support plan pages: a person's plan, adding goals and actions, closing goals, updating an
action; and the lists across people: your actions, your agency's, overdue.

Each page: access (waypost.cases.plan_access, or people.access for a write) → form → action
(waypost.cases.plan_actions) → back to the plan or the list the user came from.
"""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from waypost.accounts.models import Agency, User
from waypost.accounts.roles import role_required
from waypost.audit.models import Section
from waypost.cases import plan_access, plan_actions
from waypost.cases.models import PlanAction, PlanStatus
from waypost.cases.plan_forms import (
    ActionForm,
    ActionUpdateForm,
    AgencyActionsFilterForm,
    CloseGoalForm,
    GoalForm,
    staff_choices,
)
from waypost.lib.form_errors import show_refusal
from waypost.people.views import follows_merges, name_for_heading, writer_for
from waypost.sharing.policy import FRONTLINE_ROLES

# Where "Save" goes back to: the plan or one of the lists (never a URL from the request).
BACK = {
    "mine": "cases:my_actions",
    "agency": "cases:agency_actions",
    "overdue": "cases:overdue_actions",
}


def _memberships(request: HttpRequest) -> Any:
    return request.memberships  # type: ignore[attr-defined]


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _posted(request: HttpRequest) -> Any:
    """The form data of a POST (even an empty one, so it shows its errors), else None."""
    return request.POST if request.method == "POST" else None


def _plan_url(person_id: Any, anchor: str = "") -> str:
    url = reverse("cases:plan", args=[person_id])
    return f"{url}#{anchor}" if anchor else url


@role_required(*FRONTLINE_ROLES)
@follows_merges
def plan(request: HttpRequest, person_id: UUID) -> HttpResponse:
    read = plan_access.read_plan(
        _user(request), person_id, memberships=_memberships(request), route="cases:plan"
    )
    return render(
        request,
        "cases/plan/plan.html",
        {"read": read, "person": read.person, "today": timezone.localdate()},
    )


@role_required(*FRONTLINE_ROLES)
@follows_merges
def add_goal(request: HttpRequest, person_id: UUID) -> HttpResponse:
    write = writer_for(request, person_id, Section.SUPPORT)
    form = GoalForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            goal = plan_actions.add_goal(
                person=write.person,
                text=form.cleaned_data["text"],
                by=_user(request),
                agency=write.agency,
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Goal added.")
            return redirect(_plan_url(write.person.pk, f"goal-{goal.pk}"))
    return render(
        request,
        "cases/plan/form.html",
        {
            "form": form,
            "person": write.person,
            "name": name_for_heading(request, write),
            "title": "Add a goal",
        },
    )


@role_required(*FRONTLINE_ROLES)
@follows_merges
def add_action(request: HttpRequest, person_id: UUID) -> HttpResponse:
    write = writer_for(request, person_id, Section.SUPPORT)
    person = write.person
    agencies = Agency.objects.filter(partnership_id=person.partnership_id, is_active=True)
    goals = plan_access.open_goals_visible(person, write.access)
    initial: dict[str, Any] = {"owner_agency": write.agency.pk}
    if request.GET.get("goal") in {str(g.pk) for g in goals}:
        initial["goal"] = request.GET["goal"]
    form = ActionForm(
        _posted(request),
        goals=goals,
        agencies=agencies.order_by("name"),
        staff=staff_choices(agencies),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        owner = User.objects.filter(pk=data["owner"]).first() if data["owner"] else None
        try:
            action = plan_actions.add_action(
                person=person,
                text=data["text"],
                owner_agency=data["owner_agency"],
                due_on=data["due_on"],
                by=_user(request),
                agency=write.agency,
                owner=owner,
                goal=data["goal"],
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Action added.")
            return redirect(_plan_url(person.pk, f"action-{action.pk}"))
    return render(
        request,
        "cases/plan/form.html",
        {
            "form": form,
            "person": person,
            "name": name_for_heading(request, write),
            "title": "Add an action",
        },
    )


@role_required(*FRONTLINE_ROLES)
@follows_merges
def close_goal(request: HttpRequest, person_id: UUID, goal_id: UUID) -> HttpResponse:
    goal, write = plan_access.get_goal_for_change(
        _user(request), person_id, goal_id, _memberships(request)
    )
    form = CloseGoalForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            plan_actions.close_goal(
                goal, status=form.cleaned_data["status"], by=_user(request), agency=write.agency
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Goal closed.")
            return redirect(_plan_url(write.person.pk, f"goal-{goal.pk}"))
    return render(
        request,
        "cases/plan/close_goal.html",
        {"form": form, "goal": goal, "person": write.person, "name": write.name},
    )


def _update_form(request: HttpRequest, action: PlanAction, data: Any = None) -> ActionUpdateForm:
    return ActionUpdateForm(
        data,
        staff=staff_choices([action.owner_agency]),
        current_due=action.due_on,
        initial={
            "status": PlanStatus.OPEN,
            "due_on": action.due_on,
            "owner": str(action.owner_id) if action.owner_id else "",
            "version": action.version,
        },
    )


@role_required(*FRONTLINE_ROLES)
@follows_merges
def update_action(request: HttpRequest, person_id: UUID, action_id: UUID) -> HttpResponse:
    action, write = plan_access.get_action_for_change(
        _user(request), person_id, action_id, _memberships(request)
    )
    back = request.GET.get("back", "")
    back_url = reverse(BACK[back]) if back in BACK else _plan_url(write.person.pk)
    is_open = action.status == PlanStatus.OPEN
    form = _update_form(request, action, request.POST if request.method == "POST" else None)
    if request.method == "POST" and is_open and form.is_valid():
        data = form.cleaned_data
        owner_id = data["owner"] or None
        owner = User.objects.filter(pk=owner_id).first() if owner_id else None
        try:
            plan_actions.update_action(
                action,
                version=data["version"],
                by=_user(request),
                agency=write.agency,
                status=data["status"] if data["status"] != PlanStatus.OPEN else None,
                outcome=data["outcome"],
                due_on=data["due_on"],
                owner=owner,
                change_owner=str(owner_id or "") != str(action.owner_id or ""),
            )
        except plan_actions.PlanConflict:
            # Show what the action says now; what they typed stays in the form.
            action, write = plan_access.get_action_for_change(
                _user(request), person_id, action_id, _memberships(request)
            )
            fresh = request.POST.copy()
            fresh["version"] = str(action.version)
            form = _update_form(request, action, fresh)
            form.is_valid()
            form.add_error(None, plan_actions.CONFLICT_MESSAGE)
            is_open = action.status == PlanStatus.OPEN
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Action updated.")
            return redirect(back_url if back in BACK else f"{back_url}#action-{action.pk}")
    return render(
        request,
        "cases/plan/update_action.html",
        {
            "form": form,
            "action": action,
            "person": write.person,
            "name": write.name,
            "is_open": is_open,
            "back_url": back_url,
            "today": timezone.localdate(),
        },
    )


# --- Lists -----------------------------------------------------------------------------------

LISTS = [
    ("mine", "cases:my_actions", "Your actions"),
    ("agency", "cases:agency_actions", "Your agency’s actions"),
    ("overdue", "cases:overdue_actions", "Overdue actions"),
]


def _list_page(
    request: HttpRequest,
    queryset: Any,
    *,
    tab: str,
    route: str,
    extra: dict[str, Any] | None = None,
    query: str = "",
) -> HttpResponse:
    page = Paginator(queryset, plan_access.PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    plan_access.record_actions_listed(_user(request), rows, _memberships(request), route=route)
    title = next(label for key, _, label in LISTS if key == tab)
    return render(
        request,
        "cases/plan/actions_list.html",
        {
            "rows": rows,
            "page_obj": page,
            "tab": tab,
            "tabs": LISTS,
            "title": title,
            "today": timezone.localdate(),
            "query": query,
            **(extra or {}),
        },
    )


@role_required(*FRONTLINE_ROLES)
def my_actions(request: HttpRequest) -> HttpResponse:
    """Open actions the user owns, soonest due first."""
    queryset = plan_access.my_actions(_user(request), _memberships(request))
    return _list_page(request, queryset, tab="mine", route="cases:my_actions")


@role_required(*FRONTLINE_ROLES)
def agency_actions(request: HttpRequest) -> HttpResponse:
    """Open actions owned by the user's agencies, optionally only those no one has taken."""
    form = AgencyActionsFilterForm(request.GET or None)
    unassigned = bool(form.is_valid() and form.cleaned_data["unassigned"])
    queryset = plan_access.agency_actions(
        _user(request), _memberships(request), unassigned_only=unassigned
    )
    return _list_page(
        request,
        queryset,
        tab="agency",
        route="cases:agency_actions",
        extra={"filter_form": form},
        query="unassigned=on" if unassigned else "",
    )


@role_required(*FRONTLINE_ROLES)
def overdue_actions(request: HttpRequest) -> HttpResponse:
    """Overdue actions of the user's agencies; for coordinators, of their partnerships."""
    listed = plan_access.overdue_actions(_user(request), _memberships(request))
    return _list_page(
        request,
        listed.actions,
        tab="overdue",
        route="cases:overdue_actions",
        extra={"hidden": listed.hidden, "is_coordinator": listed.is_coordinator},
    )
