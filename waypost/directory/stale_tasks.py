"""Tell agencies about their directory entries that nobody has checked for six months (the
issue's point 2). Run daily by the scheduler (`stale-services` in waypost/scheduling/jobs.py).

Each lapse is told once: a service is flagged when it was last checked more than
STALE_AFTER_DAYS ago and has not been flagged since that check (`stale_notified_at` empty or
older than `last_checked_at`). Marking it as still right, or saving it, starts a new lapse.

Who is told: the staff of the agency linked to the service's organisation who keep its
services; when the organisation has no agency (or nobody there keeps services), the
partnership's coordinators. In Waypost and by email, like the other reminders, with a link to
the page that lists them. Service names are not personal; the task takes no arguments.
"""

import logging
from collections import defaultdict
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from waypost.accounts.models import Membership, Role, User
from waypost.directory.manage_access import KEEPER_ROLES, stale_q
from waypost.directory.models import Service
from waypost.notifications.actions import notify

logger = logging.getLogger(__name__)
# How many service names one notification lists before "and N more".
NAMES_SHOWN = 10


@task
def flag_stale_services() -> int:
    """Flag every service not checked for six months to its agency, once per lapse."""
    told = tell_about_stale_services()
    logger.info("Directory: %s people told about services to check", told)
    return told


def _unflagged_q() -> Q:
    """Not yet flagged since it was last checked."""
    return Q(stale_notified_at__isnull=True) | Q(stale_notified_at__lt=F("last_checked_at"))


def tell_about_stale_services(now: datetime | None = None) -> int:
    """Claim and tell, one organisation at a time. Returns how many people were told."""
    now = now or timezone.now()
    due = (
        Service.objects.filter(stale_q(now))
        .filter(_unflagged_q())
        .select_related("organization")
        .order_by("organization_id", "name")
    )
    by_organization: dict[Any, list[Service]] = defaultdict(list)
    for service in due:
        by_organization[service.organization_id].append(service)
    told = 0
    for services in by_organization.values():
        with transaction.atomic():
            # Claim each service in this transaction, so a second run or worker tells nobody
            # again, and a failed notification leaves it to be flagged next time.
            claimed = [
                s
                for s in services
                if Service.objects.filter(pk=s.pk)
                .filter(stale_q(now))
                .filter(_unflagged_q())
                .update(stale_notified_at=now)
            ]
            if claimed:
                told += _tell(claimed)
    return told


def _recipients(service: Service) -> list[User]:
    organization = service.organization
    keepers: list[User] = []
    if organization.agency_id:
        keepers = _users(
            Membership.objects.active().filter(
                agency_id=organization.agency_id, role__in=KEEPER_ROLES
            )
        )
    if keepers:
        return keepers
    return _users(
        Membership.objects.active().filter(
            agency__partnership_id=service.partnership_id, role=Role.COORDINATOR
        )
    )


def _users(memberships: Any) -> list[User]:
    found: dict[Any, User] = {}
    for membership in memberships.select_related("user").order_by("user__email"):
        found.setdefault(membership.user_id, membership.user)
    return list(found.values())


def _tell(services: list[Service]) -> int:
    """One notification to each person, naming the services they should check."""
    recipients = _recipients(services[0])
    if not recipients:
        logger.warning("Directory: nobody to tell about %s stale service(s)", len(services))
        return 0
    count = len(services)
    names = [s.name for s in services[:NAMES_SHOWN]]
    listed = ", ".join(names) + (f" and {count - NAMES_SHOWN} more" if count > NAMES_SHOWN else "")
    title = (
        "A directory entry needs checking"
        if count == 1
        else f"{count} directory entries need checking"
    )
    body = (
        f"{services[0].organization.name}: {listed} "
        f"{'has' if count == 1 else 'have'} not been checked for 6 months. Check each is still "
        "right and mark it so, or change it, so people are not sent to a service that has moved "
        "or closed."
    )
    link = reverse("directory:manage") + "?needs_check=1"
    for user in recipients:
        notify(user, title=title, body=body, link=link, email=True)
    return len(recipients)
