"""Small pieces every app's access module uses to read one person's records of a section:
which rows the policy lets the user see (as a Q), which agency they act for, and whether the
person's name may be shown. The decisions themselves are waypost.sharing.policy's."""

from collections.abc import Sequence
from typing import Any

from django.db.models import Q

from waypost.accounts.models import Agency, Membership
from waypost.audit.models import Section
from waypost.people.models import Person
from waypost.sharing.policy import PersonAccess

# Rows that always or never match: Q() would mean "no filter", which ~Q() cannot undo.
EVERYTHING = Q(pk__isnull=False)
NOTHING = Q(pk__isnull=True)


def by_section(access: PersonAccess, section: str) -> Q:
    """Rows of one person's records in `section` (having recorded_by_agency) that the policy
    lets the user see: all of them when the section is shared, else their own agencies'."""
    if section in access.shared:
        return EVERYTHING
    own = access.own_agencies_for(section)
    return Q(recorded_by_agency_id__in=own) if own else NOTHING


def acting_agency(
    memberships: Sequence[Membership], person: Person, prefer: Any = None
) -> Agency | None:
    """The agency the user acts for here (for the access log): `prefer` when they work there,
    then the agency that recorded the person, then their only agency in the partnership."""
    mine = {
        m.agency_id: m.agency
        for m in memberships
        if m.agency.partnership_id == person.partnership_id
    }
    for candidate in (prefer, person.recorded_by_agency_id):
        if candidate in mine:
            return mine[candidate]
    return next(iter(mine.values())) if len(mine) == 1 else None


def shows_name(access: PersonAccess, person: Person) -> bool:
    return access.can_see(Section.IDENTITY, person.recorded_by_agency_id)
