"""Reminders of support plan actions (plans TP1, CP6: actions owned by agencies, with
accountability): each action's owner is told when it is due within 2 days and again when it
has just become overdue, once each. With no owner, the owner agency's caseworkers and
coordinators are told. Run daily by the worker (the scheduler's `plan-reminders` job).

`PlanAction.reminded_on` is the day of the last reminder: the "due soon" one is sent while it
is empty, the "overdue" one while it is not after the due date. A new due date empties it.
"""

from collections import defaultdict
from datetime import date, timedelta

from django.db import transaction
from django.db.models import F, Q
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from waypost.accounts.models import Membership, Role, User
from waypost.cases.models import PlanAction
from waypost.notifications.actions import notify
from waypost.sharing.policy import FRONTLINE_ROLES

DUE_SOON_DAYS = 2
# Overdue reminders only for actions that fell due this recently: the first run after this
# ships does not send one for every action that went overdue long ago (they are listed on
# the overdue page and come to the next meeting).
OVERDUE_WINDOW_DAYS = 7
# Told when an action has no named owner.
AGENCY_ROLES = (Role.CASEWORKER, Role.COORDINATOR)

SOON, OVERDUE = "soon", "overdue"


def _due(today: date) -> Q:
    """Actions with a reminder due: due within the next days and not yet reminded, or
    overdue (recently) and not reminded since they fell due."""
    soon = Q(
        reminded_on__isnull=True,
        due_on__gte=today,
        due_on__lte=today + timedelta(days=DUE_SOON_DAYS),
    )
    overdue = Q(due_on__lt=today, due_on__gte=today - timedelta(days=OVERDUE_WINDOW_DAYS)) & (
        Q(reminded_on__isnull=True) | Q(reminded_on__lte=F("due_on"))
    )
    return soon | overdue


def send_action_reminders(today: date | None = None) -> int:
    """Send the reminders that are due and return how many actions were reminded.

    Each action is claimed by a conditional update of `reminded_on` (only if it still has the
    value read), in the same transaction as the notifications: a second run, or a second
    worker at the same moment, finds nothing left to claim. People whose records are
    restricted, merged or anonymised are not reminded about.
    """
    today = today or timezone.localdate()
    candidates = list(
        PlanAction.objects.open()
        .filter(_due(today))
        .filter(
            person__restricted_at__isnull=True,
            person__merged_into__isnull=True,
            person__anonymised_at__isnull=True,
        )
        .select_related("owner", "owner_agency")
        .order_by("due_on", "pk")
    )
    with transaction.atomic():
        # recipient -> how many actions due soon and overdue, and how many of them are
        # theirs by name (the rest are their agency's, with no owner)
        told: dict[User, dict[str, int]] = defaultdict(lambda: {SOON: 0, OVERDUE: 0, "named": 0})
        claimed = 0
        for action in candidates:
            if not _claim(action, today):
                continue
            claimed += 1
            which = OVERDUE if action.due_on < today else SOON
            recipients, own = _recipients(action)
            for user in recipients:
                told[user][which] += 1
                told[user]["named"] += int(own)
        for user, counts in told.items():
            _notify(user, counts)
    return claimed


def _claim(action: PlanAction, today: date) -> bool:
    filters = (
        Q(reminded_on__isnull=True)
        if action.reminded_on is None
        else Q(reminded_on=action.reminded_on)
    )
    return bool(
        PlanAction.objects.filter(filters, pk=action.pk, status=action.status).update(
            reminded_on=today
        )
    )


def _recipients(action: PlanAction) -> tuple[list[User], bool]:
    """The owner, while they still work for the owner agency; else its caseworkers and
    coordinators. The flag says whether it went to the owner."""
    owner = action.owner
    if (
        owner is not None
        and owner.is_active
        and Membership.objects.active()
        .filter(user=owner, agency_id=action.owner_agency_id, role__in=FRONTLINE_ROLES)
        .exists()
    ):
        return [owner], True
    staff = User.objects.filter(
        pk__in=Membership.objects.active()
        .filter(agency_id=action.owner_agency_id, role__in=AGENCY_ROLES)
        .values("user")
    ).order_by("pk")
    return list(staff), False


def _notify(user: User, counts: dict[str, int]) -> None:
    # No name, no action text, no agency: the title and body go by email. The link leads to
    # the list, where the access policy applies.
    soon, overdue = counts[SOON], counts[OVERDUE]
    parts = []
    if soon:
        parts.append(f"{soon} due within {DUE_SOON_DAYS} days")
    if overdue:
        parts.append(f"{overdue} now overdue")
    total = soon + overdue
    all_named = counts["named"] == total
    if total > 1:
        title = "Support plan actions need attention"
    elif overdue:
        title = "A support plan action is overdue"
    else:
        title = "A support plan action is due soon"
    whose = "you own" if all_named else "you or your agency own"
    body = (
        f"Support plan actions {whose}: {' and '.join(parts)}. "
        "Do them, or change the date if it has moved."
    )
    # Unowned actions are on the agency's list (which has the user's own too).
    link = reverse("cases:my_actions" if all_named else "cases:agency_actions")
    notify(user, title=title, body=body, link=link, email=True)


@task
def remind_plan_actions() -> int:
    """Reminders of support plan actions due within 2 days or just overdue.

    Takes no arguments, so no personal data ever sits in the task queue.
    """
    return send_action_reminders()
