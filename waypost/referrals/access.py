"""The doors to alerts. Alert data is personal data about the person seen; it is visible to
the outreach workers and coordinators of the partnership the alert was routed to, and alerts
no partnership's area covers are visible to coordinators (so one can forward them).

`get_alert_for_user` answers 404 both when the alert does not exist and when the user may not
see it. Every alert shown, in a list or on its own, is recorded in the access log
(subject_type "alert", with the person's id once the alert is linked to a person).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import Q
from django.http import Http404

from waypost.accounts.models import Agency, Membership, Role, User
from waypost.audit.access import record_access
from waypost.audit.models import Channel, Section
from waypost.referrals.models import Alert

ALERT_ROLES = (Role.OUTREACH_WORKER, Role.COORDINATOR)
# Alert data is about where someone sleeps and what they look like.
ALERT_SECTION = Section.CONTACT


def alert_partnership_ids(memberships: Sequence[Membership]) -> set[Any]:
    return {m.agency.partnership_id for m in memberships if m.role in ALERT_ROLES}


def is_coordinator(memberships: Sequence[Membership], partnership_id: Any = None) -> bool:
    """A coordinator anywhere (or, given a partnership, in that partnership)."""
    return any(
        m.role == Role.COORDINATOR
        and (partnership_id is None or m.agency.partnership_id == partnership_id)
        for m in memberships
    )


def alerts_visible_q(memberships: Sequence[Membership]) -> Q:
    """The SQL form of who may see an alert."""
    q = Q(partnership_id__in=alert_partnership_ids(memberships))
    if is_coordinator(memberships):
        q |= Q(partnership__isnull=True)
    return q


def acting_agency(memberships: Sequence[Membership], alert: Alert) -> Agency | None:
    """The agency the user works for on this alert: their alert role in its partnership, or
    for an alert outside every area their coordinator membership."""
    for m in memberships:
        if m.role not in ALERT_ROLES:
            continue
        if alert.partnership_id is None and m.role == Role.COORDINATOR:
            return m.agency
        if m.agency.partnership_id == alert.partnership_id:
            return m.agency
    return None


@dataclass
class AlertRead:
    alert: Alert
    agency: Agency | None


def get_alert_for_user(
    user: User,
    alert_id: UUID,
    memberships: Sequence[Membership],
    *,
    route: str,
    channel: str = Channel.PAGE,
) -> AlertRead:
    """One alert the user may see, and the agency they act for; 404 otherwise.

    Records one access event (section contact and location, subject "alert").
    """
    alert = (
        Alert.objects.filter(alerts_visible_q(memberships), pk=alert_id)
        .select_related("partnership", "closed_by")
        .first()
    )
    if alert is None:
        raise Http404
    agency = acting_agency(memberships, alert)
    _record(user, alert, agency, channel=channel, route=route)
    return AlertRead(alert=alert, agency=agency)


def record_alerts_listed(
    user: User,
    alerts: Iterable[Alert],
    memberships: Sequence[Membership],
    *,
    route: str,
    channel: str = Channel.PAGE,
) -> None:
    """Record that these alerts were shown in a list."""
    for alert in alerts:
        _record(user, alert, acting_agency(memberships, alert), channel=channel, route=route)


def _record(user: User, alert: Alert, agency: Agency | None, *, channel: str, route: str) -> None:
    record_access(
        user,
        channel=channel,
        section=ALERT_SECTION,
        subject_type="alert",
        subject_id=alert.pk,
        person_id=alert.person_id,
        agency=agency,
        route=route,
    )
