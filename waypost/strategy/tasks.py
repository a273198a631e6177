"""Overdue actions (plan point 9): an action past its due date and not done is marked late, and
its lead is told once for that due date (again only if the date moves and lapses again). Run
daily by the worker (the scheduler's `overdue-actions` job)."""

from datetime import date
from typing import Any

from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from waypost.accounts.models import Membership, Role, User
from waypost.notifications.actions import notify
from waypost.strategy.models import Action, ActionStatus

LEAD_ROLES = (Role.COORDINATOR, Role.PARTNERSHIP_ADMIN)


def lead_recipients(action: Action) -> list[User]:
    """The lead agency's coordinators and partnership admins; with no lead agency (or nobody
    there), the partnership's coordinators."""
    active = Membership.objects.active().select_related("user")
    people: list[User] = []
    if action.lead_agency_id is not None:
        people = [
            m.user for m in active.filter(agency_id=action.lead_agency_id, role__in=LEAD_ROLES)
        ]
    if not people:
        partnership_id = action.commitment.theme.strategy.partnership_id
        people = [
            m.user
            for m in active.filter(agency__partnership_id=partnership_id, role=Role.COORDINATOR)
        ]
    unique: dict[Any, User] = {}
    for user in people:
        if user.is_active:
            unique.setdefault(user.pk, user)
    return list(unique.values())


def notify_overdue(today: date | None = None) -> int:
    """Mark late and tell the lead of every overdue action not yet told for its due date.
    Returns how many actions were notified."""
    today = today or timezone.localdate()
    candidates = (
        Action.objects.filter(due_date__lt=today)
        .exclude(status=ActionStatus.DONE)
        .select_related("commitment__theme__strategy")
        .order_by("due_date", "pk")
    )
    told = 0
    for action in candidates:
        if action.status == ActionStatus.LATE and action.overdue_notified_for == action.due_date:
            continue
        if _mark_and_tell(action.pk, today):
            told += 1
    return told


def _mark_and_tell(action_id: Any, today: date) -> bool:
    with transaction.atomic():
        action = (
            Action.objects.select_for_update(of=("self",))
            .select_related("commitment__theme__strategy")
            .filter(pk=action_id, due_date__lt=today)
            .exclude(status=ActionStatus.DONE)
            .first()
        )
        if action is None:
            return False
        fields = []
        if action.status != ActionStatus.LATE:
            action.status = ActionStatus.LATE
            action.status_changed_at = timezone.now()
            action.status_changed_by = None
            action.version += 1
            fields += ["status", "status_changed_at", "status_changed_by", "version"]
        tell = action.overdue_notified_for != action.due_date
        if tell:
            action.overdue_notified_for = action.due_date
            fields.append("overdue_notified_for")
        if fields:
            action.save(update_fields=fields)
        if not tell:
            return False
        strategy = action.commitment.theme.strategy
        link = reverse("strategy:action", kwargs={"action_id": action.pk})
        for user in lead_recipients(action):
            notify(
                user,
                title="An action in the plan is overdue",
                body=(
                    f"An action of “{strategy.title}” was due on {action.due_date:%-d %B %Y} "
                    "and is not done, so it is now marked late. Update its status or due date."
                ),
                link=link,
                email=True,
            )
        return True


@task
def notify_overdue_actions() -> int:
    """Mark overdue actions late and tell their leads, once per due date. No arguments."""
    return notify_overdue()
