"""The doors to referrals. Who may see a referral, and how much of it:

- the **triage team** (caseworkers and coordinators of a housing options agency in the
  partnership the referral was sent to) and the caseworker it is assigned to see all of it:
  what the referrer wrote, triage, duties, the discharge plan and the linked person;
- the **referring agency's** staff see what their agency sent and what became of it (status,
  duty outcomes, the outcome at discharge) and nothing else about the person: not triage
  notes, not eligibility or public funds, not the person's record.

`get_referral_for_user` answers 404 both when a referral does not exist and when the user may
not see it. Every referral shown, in a list or on its own, is recorded in the access log
(subject "referral", section housing history, with the person's id once linked).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import Q
from django.http import Http404

from waypost.accounts.models import Agency, AgencyType, Membership, Role, User
from waypost.audit.access import record_access
from waypost.audit.models import Channel, Section
from waypost.referrals.models import Referral

TRIAGE_ROLES = (Role.CASEWORKER, Role.COORDINATOR)
# Anyone working with people may refer: public bodies' referrers, and other agencies'
# caseworkers, outreach workers and coordinators referring voluntarily.
REFERRING_ROLES = (Role.REFERRER, Role.CASEWORKER, Role.OUTREACH_WORKER, Role.COORDINATOR)
# What a referrer wrote is mostly about the person's housing and why they are losing it.
REFERRAL_SECTION = Section.HOUSING_HISTORY


def triage_memberships(memberships: Sequence[Membership]) -> list[Membership]:
    return [
        m
        for m in memberships
        if m.role in TRIAGE_ROLES and m.agency.type == AgencyType.HOUSING_OPTIONS
    ]


def triage_partnership_ids(memberships: Sequence[Membership]) -> set[Any]:
    return {m.agency.partnership_id for m in triage_memberships(memberships)}


def referring_memberships(memberships: Sequence[Membership]) -> list[Membership]:
    return [m for m in memberships if m.role in REFERRING_ROLES]


def referring_agency_ids(memberships: Sequence[Membership]) -> set[Any]:
    return {m.agency_id for m in referring_memberships(memberships)}


def is_triage_team(memberships: Sequence[Membership], partnership_id: Any = None) -> bool:
    ids = triage_partnership_ids(memberships)
    return bool(ids) if partnership_id is None else partnership_id in ids


def team_q(user: User, memberships: Sequence[Membership]) -> Q:
    """Referrals the user sees in full: their triage team's, and those assigned to them."""
    return Q(partnership_id__in=triage_partnership_ids(memberships)) | Q(assigned_to_id=user.pk)


def referrer_q(memberships: Sequence[Membership]) -> Q:
    """Referrals the user's agency sent (seen as the referrer sees them)."""
    return Q(referring_agency_id__in=referring_agency_ids(memberships))


def referrals_visible_q(user: User, memberships: Sequence[Membership]) -> Q:
    return team_q(user, memberships) | referrer_q(memberships)


def sees_in_full(user: User, memberships: Sequence[Membership], referral: Referral) -> bool:
    return (
        referral.partnership_id in triage_partnership_ids(memberships)
        or referral.assigned_to_id == user.pk
    )


def acting_agency(
    user: User, memberships: Sequence[Membership], referral: Referral
) -> Agency | None:
    """The agency the user acts for on this referral: their triage team in its partnership,
    the caseworker's agency when assigned to them, else their referring agency."""
    for m in triage_memberships(memberships):
        if m.agency.partnership_id == referral.partnership_id:
            return m.agency
    if referral.assigned_to_id == user.pk:
        if referral.lead_agency_id is not None:
            for m in memberships:
                if m.agency_id == referral.lead_agency_id:
                    return m.agency
        return memberships[0].agency if memberships else None
    for m in referring_memberships(memberships):
        if m.agency_id == referral.referring_agency_id:
            return m.agency
    return None


@dataclass
class ReferralRead:
    referral: Referral
    agency: Agency | None
    # True for the triage team and the assigned caseworker; False for the referrer's view.
    in_full: bool


def get_referral_for_user(
    user: User,
    referral_id: UUID,
    memberships: Sequence[Membership],
    *,
    route: str,
    channel: str = Channel.PAGE,
    full_only: bool = False,
) -> ReferralRead:
    """One referral the user may see, how much of it, and the agency they act for; 404
    otherwise (and, with `full_only`, 404 to a referrer who sees only their own view)."""
    q = team_q(user, memberships) if full_only else referrals_visible_q(user, memberships)
    referral = (
        Referral.objects.filter(q, pk=referral_id)
        .select_related("partnership", "referring_agency", "assigned_to", "lead_agency")
        .first()
    )
    if referral is None:
        raise Http404
    agency = acting_agency(user, memberships, referral)
    _record(user, referral, agency, channel=channel, route=route)
    return ReferralRead(
        referral=referral, agency=agency, in_full=sees_in_full(user, memberships, referral)
    )


def record_referrals_listed(
    user: User,
    referrals: Iterable[Referral],
    memberships: Sequence[Membership],
    *,
    route: str,
    channel: str = Channel.PAGE,
) -> None:
    """Record that these referrals were shown in a list."""
    for referral in referrals:
        agency = acting_agency(user, memberships, referral)
        _record(user, referral, agency, channel=channel, route=route)


def _record(
    user: User, referral: Referral, agency: Agency | None, *, channel: str, route: str
) -> None:
    record_access(
        user,
        channel=channel,
        section=REFERRAL_SECTION,
        subject_type="referral",
        subject_id=referral.pk,
        person_id=referral.person_id,
        agency=agency,
        route=route,
    )
