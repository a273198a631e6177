"""The doors to street contacts. Who may see a contact:

- a contact with a **known person** is that person's contact-and-location data: the user sees
  it when the access policy lets them see the person's contact section for records made by
  the agency that recorded the contact (`PersonAccess.can_see(Section.CONTACT, agency)`);
- a contact with someone **not identified yet** is visible to the outreach workers,
  coordinators and caseworkers of the contact's partnership whose agency recorded it or has
  signed the partnership's information sharing agreement.

Only outreach workers, coordinators and caseworkers reach these pages and the API (referrers,
commissioners, admins and DPOs do not), and only through their memberships in those roles.
`get_contact_for_user` answers 404 both when a contact does not exist and when the user may
not see it. Every contact shown, in a list or on its own, is recorded in the access log
(subject "street_contact", section contact and location, with the person's id once known);
a person's name shown beside it is recorded as an identity read.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404

from waypost.accounts.models import Agency, Membership, Role, User
from waypost.audit.access import record_access
from waypost.audit.models import Channel, Section
from waypost.outreach.models import StreetContact
from waypost.people.access import record_listed
from waypost.people.matching.visibility import access_for_many
from waypost.people.models import Person
from waypost.sharing.policy import PersonAccess, access_for, section_visible_q, signed_agency_ids

# Who meets people on the street or works their cases: they record and read street contacts.
RECORD_ROLES = (Role.OUTREACH_WORKER, Role.COORDINATOR, Role.CASEWORKER)
# Who keeps the partnership's named places and hotspots.
PLACE_ROLES = (Role.COORDINATOR, Role.PARTNERSHIP_ADMIN)
CONTACT_SECTION = Section.CONTACT
SUBJECT = "street_contact"


def recording_memberships(memberships: Sequence[Membership]) -> list[Membership]:
    return [m for m in memberships if m.role in RECORD_ROLES]


def recording_agencies(
    memberships: Sequence[Membership], partnership_id: Any = None
) -> list[Agency]:
    """The agencies the user records street contacts for (in one partnership, if given)."""
    seen: dict[Any, Agency] = {}
    for m in recording_memberships(memberships):
        if partnership_id is None or m.agency.partnership_id == partnership_id:
            seen.setdefault(m.agency_id, m.agency)
    return list(seen.values())


def acting_agency(memberships: Sequence[Membership], contact: StreetContact) -> Agency | None:
    """The agency the user works for on this contact: the one that recorded it when they
    work there, else their first recording agency in the contact's partnership."""
    agencies = recording_agencies(memberships, contact.partnership_id)
    for agency in agencies:
        if agency.pk == contact.recorded_by_agency_id:
            return agency
    return agencies[0] if agencies else None


def contacts_visible_q(user: User, memberships: Sequence[Membership]) -> Q:
    """The SQL form of who may see a contact (see the module docstring), for lists.

    Contacts with a known person follow `waypost.sharing.policy.decide` for the contact
    section, and leave out people who are restricted, merged away or anonymised (they appear
    in no list). tests/test_contact_access.py checks it agrees with `access_for`.
    """
    able = recording_memberships(memberships)
    if not able:
        return Q(pk__in=[])
    own = {m.agency_id for m in able}
    signed = signed_agency_ids(own)
    signed_by_partnership: dict[Any, list[Any]] = {}
    for m in able:
        if m.agency_id in signed:
            signed_by_partnership.setdefault(m.agency.partnership_id, []).append(m.agency_id)

    unidentified = Q(person__isnull=True) & (
        Q(recorded_by_agency_id__in=own) | Q(partnership_id__in=list(signed_by_partnership))
    )
    shared = section_visible_q(user, able, CONTACT_SECTION, signed=signed)
    known = (
        Q(
            person__isnull=False,
            person__merged_into__isnull=True,
            person__anonymised_at__isnull=True,
            person__restricted_at__isnull=True,
        )
        & shared
    )
    return unidentified | known


def visible_contacts(user: User, memberships: Sequence[Membership]) -> QuerySet[StreetContact]:
    """Contacts the user may see, newest first, with what a list shows of each."""
    return (
        StreetContact.objects.filter(contacts_visible_q(user, memberships))
        .select_related("person", "place", "recorded_by_agency", "partnership")
        .order_by("-contacted_at", "-id")
    )


@dataclass
class ContactRead:
    """A contact the user may see, the agency they act for, and whether they may see the
    person's name (identity section)."""

    contact: StreetContact
    agency: Agency | None
    access: PersonAccess | None = None
    shows_identity: bool = False

    @property
    def is_identified(self) -> bool:
        return self.contact.person_id is not None


def _unidentified_visible(contact: StreetContact, able: Sequence[Membership]) -> bool:
    mine = [m for m in able if m.agency.partnership_id == contact.partnership_id]
    if any(m.agency_id == contact.recorded_by_agency_id for m in mine):
        return True
    return bool(signed_agency_ids({m.agency_id for m in mine}))


def get_contact_for_user(
    user: User,
    contact_id: UUID,
    memberships: Sequence[Membership],
    *,
    route: str,
    channel: str = Channel.PAGE,
) -> ContactRead:
    """One contact the user may see; 404 when it does not exist or they may not see it.

    Records the read (section contact and location) and, when the person's name is shown,
    an identity read of the person.
    """
    able = recording_memberships(memberships)
    contact = (
        StreetContact.objects.filter(pk=contact_id)
        .select_related(
            "person", "place", "recorded_by_agency", "recorded_by", "identified_by", "partnership"
        )
        .first()
    )
    if contact is None or not able:
        raise Http404
    read = ContactRead(contact=contact, agency=acting_agency(able, contact))
    if contact.person is None:
        if not _unidentified_visible(contact, able):
            raise Http404
    else:
        person = contact.person
        if person.anonymised_at is not None:
            raise Http404
        access = access_for(user, person, able)
        if not access.can_see(CONTACT_SECTION, contact.recorded_by_agency_id):
            raise Http404
        read.access = access
        read.shows_identity = access.can_see(Section.IDENTITY, person.recorded_by_agency_id)
    _record(user, contact, read.agency, channel=channel, route=route)
    if read.shows_identity:
        record_listed(user, [contact.person], channel=channel, route=route, memberships=able)  # type: ignore[list-item]
    return read


@dataclass
class ContactRow:
    contact: StreetContact
    shows_identity: bool


def read_contacts(
    user: User,
    contacts: Iterable[StreetContact],
    memberships: Sequence[Membership],
    *,
    route: str,
    channel: str = Channel.PAGE,
) -> list[ContactRow]:
    """The contacts of a list page the user may see (already filtered by
    `contacts_visible_q`; checked again here against the policy for all their people at
    once), with whether each person's name may be shown. Records each read."""
    able = recording_memberships(memberships)
    contacts = list(contacts)
    people = {c.person_id: c.person for c in contacts if c.person is not None}
    access = access_for_many(user, people.values(), able) if people else {}
    rows: list[ContactRow] = []
    named: dict[Any, Person] = {}
    for contact in contacts:
        if contact.person is None:
            rows.append(ContactRow(contact, shows_identity=False))
            continue
        seen = access[contact.person_id]
        if not seen.can_see(CONTACT_SECTION, contact.recorded_by_agency_id):
            continue
        shows = seen.can_see(Section.IDENTITY, contact.person.recorded_by_agency_id)
        if shows:
            named[contact.person_id] = contact.person
        rows.append(ContactRow(contact, shows_identity=shows))
    for row in rows:
        _record(user, row.contact, acting_agency(able, row.contact), channel=channel, route=route)
    if named:
        record_listed(user, named.values(), channel=channel, route=route, memberships=able)
    return rows


def _record(
    user: User, contact: StreetContact, agency: Agency | None, *, channel: str, route: str
) -> None:
    record_access(
        user,
        channel=channel,
        section=CONTACT_SECTION,
        subject_type=SUBJECT,
        subject_id=contact.pk,
        person_id=contact.person_id,
        agency=agency,
        route=route,
    )
