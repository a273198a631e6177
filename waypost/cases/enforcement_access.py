"""The doors to enforcement records (criminal offence data: the offending section).

**Who records enforcement.** Staff whose role covers the offending section (caseworkers and
coordinators: see waypost.sharing.policy.ROLE_SECTIONS) at a police, community safety or council
housing options agency, and rough sleeper coordinators at any agency. Outreach workers and
referrers do not: their roles do not see offending data, so they could not read back what they
wrote. Only coordinators may override the charter of care.

**Who reads it.** A person's enforcement history: anyone whose role covers offending, row by row
as the access policy allows (their own agency's records, others' with sharing permission).
The partnership's enforcement list is for coordinators: every record in their partnerships,
to check the charter is kept, with the person's name only where the policy lets them see both
the record and the person's identity.

Every read is recorded in the access log (section offending, subject "enforcement").
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied

from waypost.accounts.models import Agency, AgencyType, Membership, Role, User
from waypost.audit.access import record_access
from waypost.audit.models import Channel, Section
from waypost.cases.models import EnforcementAction
from waypost.outreach.models import CLOSED_STATUSES, ByNameEntry
from waypost.people.access import find_person
from waypost.people.models import Person
from waypost.sharing.policy import ROLE_SECTIONS, PersonAccess

RECORDING_AGENCY_TYPES = frozenset(
    {AgencyType.POLICE, AgencyType.COMMUNITY_SAFETY, AgencyType.HOUSING_OPTIONS}
)
SECTION = Section.OFFENDING


def may_record(membership: Membership) -> bool:
    """Whether this membership lets its user record enforcement (see the module docstring)."""
    if membership.role == Role.COORDINATOR:
        return True
    return membership.agency.type in RECORDING_AGENCY_TYPES and SECTION in ROLE_SECTIONS.get(
        membership.role, frozenset()
    )


def recorder_memberships(memberships: Sequence[Membership]) -> list[Membership]:
    return [m for m in memberships if may_record(m)]


def coordinator_partnership_ids(memberships: Sequence[Membership]) -> set[Any]:
    return {m.agency.partnership_id for m in memberships if m.role == Role.COORDINATOR}


def is_coordinator_in(user: User, partnership_id: Any) -> bool:
    """Whether `user` is a rough sleeper coordinator in the partnership now (one query)."""
    return (
        Membership.objects.active()
        .filter(user=user, role=Role.COORDINATOR, agency__partnership_id=partnership_id)
        .exists()
    )


def recording_memberships_for(
    memberships: Sequence[Membership], person: Person, access: PersonAccess
) -> list[Membership]:
    """The user's memberships that may record enforcement against `person`, by agency name."""
    writable = set(access.own_agencies_for(SECTION))
    return sorted(
        (
            m
            for m in recorder_memberships(memberships)
            if m.agency.partnership_id == person.partnership_id and m.agency_id in writable
        ),
        key=lambda m: m.agency.name,
    )


@dataclass
class EnforcementWrite:
    """A person the user may record enforcement against, the agency the record will carry,
    whether the user may override the charter, and the person's by-name list entry (None when
    they are not on the list)."""

    person: Person
    access: PersonAccess
    agency: Agency
    may_override: bool
    entry: ByNameEntry | None

    @property
    def is_on_list(self) -> bool:
        return self.entry is not None and self.entry.status not in CLOSED_STATUSES


def get_person_for_enforcement(
    user: User, person_id: UUID, memberships: Sequence[Membership]
) -> EnforcementWrite:
    """The person, for recording enforcement against them.

    404 when the person does not exist or the user may not know of them; PersonMoved for a
    merged record; 403 when they know of the person but may not record enforcement in the
    person's partnership. The agency is the one that recorded the person when the user records
    enforcement there, else the first of the user's recording agencies by name.
    """
    person, access = find_person(user, person_id, memberships)
    mine = recording_memberships_for(memberships, person, access)
    if not mine:
        raise PermissionDenied
    by_id = {m.agency_id: m.agency for m in mine}
    agency = by_id.get(person.recorded_by_agency_id) or mine[0].agency
    return EnforcementWrite(
        person=person,
        access=access,
        agency=agency,
        may_override=any(m.role == Role.COORDINATOR for m in mine),
        entry=ByNameEntry.objects.filter(person=person).first(),
    )


def acting_agency(memberships: Sequence[Membership], partnership_id: Any) -> Agency | None:
    """The user's agency in the partnership: their coordinator agency if they have one."""
    here = sorted(
        (m for m in memberships if m.agency.partnership_id == partnership_id),
        key=lambda m: (m.role != Role.COORDINATOR, m.agency.name),
    )
    return here[0].agency if here else None


def record_enforcement_shown(
    user: User,
    actions: Iterable[EnforcementAction],
    *,
    agency: Agency | None,
    route: str,
    channel: str = Channel.PAGE,
) -> None:
    """Record that these enforcement records were shown (one event each)."""
    for action in actions:
        record_access(
            user,
            channel=channel,
            section=SECTION,
            subject_type="enforcement",
            subject_id=action.pk,
            person_id=action.person_id,
            agency=agency,
            route=route,
        )
