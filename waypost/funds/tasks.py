"""Scheduled work for the funds app.

`remind_reconnection_follow_ups` (daily, the scheduler's `reconnection-follow-ups` job): when
a reconnection's follow-up falls due (28 days after the person travelled) and nothing is
recorded yet, the worker who made the offer is told once, in Waypost and by email. The message
names nobody: it links to the follow-ups list, where the access policy applies. When that
worker no longer works for the agency that made the offer, the agency's coordinators are told
instead, so the follow-up is not lost.
"""

from collections import Counter
from datetime import date

from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from waypost.accounts.models import Membership, Role, User
from waypost.funds.models import OfferStatus, ReconnectionOffer
from waypost.notifications.actions import notify
from waypost.sharing.policy import FRONTLINE_ROLES

TITLE_ONE = "A reconnection follow-up is due"
TITLE_MANY = "Reconnection follow-ups are due"


def _recipients(offer: ReconnectionOffer) -> list[User]:
    worker = offer.offered_by
    if (
        worker.is_active
        and Membership.objects.active()
        .filter(user=worker, agency_id=offer.recorded_by_agency_id, role__in=FRONTLINE_ROLES)
        .exists()
    ):
        return [worker]
    return list(
        User.objects.filter(
            is_active=True,
            pk__in=Membership.objects.active()
            .filter(agency_id=offer.recorded_by_agency_id, role=Role.COORDINATOR)
            .values("user"),
        ).order_by("pk")
    )


def send_follow_up_reminders(today: date | None = None) -> int:
    """Tell workers of follow-ups that have come due; return how many offers were reminded.

    Each offer is claimed by a conditional update of `follow_up_reminded_at` (only while it
    is still empty and no follow-up is recorded), in the same transaction as the
    notifications, so a second run or a second worker sends nothing twice. People whose
    records are restricted, merged or anonymised are not reminded about.
    """
    today = today or timezone.localdate()
    due = list(
        ReconnectionOffer.objects.filter(
            status=OfferStatus.TRAVELLED,
            follow_up="",
            follow_up_due_on__lte=today,
            follow_up_reminded_at__isnull=True,
            person__restricted_at__isnull=True,
            person__merged_into__isnull=True,
            person__anonymised_at__isnull=True,
        )
        .select_related("offered_by")
        .order_by("follow_up_due_on", "pk")
    )
    now = timezone.now()
    told: Counter[User] = Counter()
    claimed = 0
    with transaction.atomic():
        for offer in due:
            won = ReconnectionOffer.objects.filter(
                pk=offer.pk, follow_up_reminded_at__isnull=True, follow_up=""
            ).update(follow_up_reminded_at=now)
            if not won:
                continue
            claimed += 1
            for user in _recipients(offer):
                told[user] += 1
        link = reverse("funds:follow_ups")
        for user, count in told.items():
            if count == 1:
                title = TITLE_ONE
                body = (
                    "A reconnection you or your agency arranged is 4 weeks on. Find out "
                    "whether it held and record the follow-up."
                )
            else:
                title = TITLE_MANY
                body = (
                    f"{count} reconnections you or your agency arranged are 4 weeks on. "
                    "Find out whether they held and record the follow-ups."
                )
            notify(user, title=title, body=body, link=link, email=True)
    return claimed


@task
def remind_reconnection_follow_ups() -> int:
    """Reminders of reconnection follow-ups that have come due.

    Takes no arguments, so no personal data ever sits in the task queue.
    """
    return send_follow_up_reminders()
