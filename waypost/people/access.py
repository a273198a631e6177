"""The only doors to person records. Each records what it showed in the access log.

`read_person` answers 404 both when the record does not exist and when the user may not know
it exists, so nobody learns of a record outside their reach; for a record that exists it
raises RecordHidden (the same 404), so the refusal is logged. Lists and search use
`Person.objects.visible_to(user)` and record one event per person shown (`record_listed`).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from waypost.accounts.models import Agency, Membership
from waypost.audit.access import access_event, record_access, record_accesses
from waypost.audit.models import AccessEvent, Channel, Section
from waypost.lib.security_log import RecordHidden
from waypost.people.models import (
    NOTE_SECTIONS,
    Alias,
    CareOfAddress,
    ContactDetail,
    HousingHistoryEntry,
    Identifier,
    IdVerification,
    Note,
    Person,
    PostItem,
    SafeAddress,
    StaffSafetyWarning,
    SupportNeed,
)
from waypost.sharing.policy import (
    FRONTLINE_ROLES,
    PERSON_SECTIONS,
    PersonAccess,
    access_for,
    active_memberships,
    signed_agency_ids,
)

if TYPE_CHECKING:
    from waypost.accounts.models import User


class PersonMoved(Exception):
    """The record was merged into another; callers redirect to `person_id`."""

    def __init__(self, person_id: UUID) -> None:
        super().__init__("merged")
        self.person_id = person_id


# Why a section is hidden from the user, for the plain-English message on the person page.
HIDDEN_BY_ROLE = "role"
HIDDEN_BY_AGREEMENT = "agreement"
HIDDEN_BY_CONSENT = "consent"


@dataclass
class SectionView:
    """One section as the user may see it: `state` is shared, partial (their agency's
    records only) or hidden; `hidden_reason` says why it is not shared (role, agreement,
    consent)."""

    section: Section
    state: str
    records: dict[str, list[Any]] = field(default_factory=dict)
    shows_person_fields: bool = False
    hidden_reason: str = ""

    @property
    def label(self) -> str:
        return str(self.section.label)

    @property
    def is_hidden(self) -> bool:
        return self.state == "hidden"

    @property
    def has_records(self) -> bool:
        return self.shows_person_fields or any(self.records.values())


@dataclass
class RecordContact:
    """Who to ask about the person: the lead worker and their agency, or when there is no
    lead worker the agency that recorded the person. Visible to everyone who may know the
    record exists."""

    lead_worker_name: str
    agency: Agency | None

    @property
    def agency_name(self) -> str:
        return self.agency.name if self.agency else ""


@dataclass
class PersonRead:
    person: Person
    access: PersonAccess
    sections: dict[Section, SectionView]
    warnings: list[StaffSafetyWarning]
    contact: RecordContact | None = None

    def section(self, name: str) -> SectionView:
        return self.sections[Section(name)]

    @property
    def shows_identity(self) -> bool:
        """Whether the user may see the person's name and date of birth."""
        return self.sections[Section.IDENTITY].shows_person_fields

    @property
    def hidden_sections(self) -> list[SectionView]:
        return [view for view in self.sections.values() if view.is_hidden]


def _acting_agency(memberships: Sequence[Membership], person: Person) -> Agency | None:
    mine = {m.agency_id: m.agency for m in memberships}
    if person.recorded_by_agency_id in mine:
        return mine[person.recorded_by_agency_id]
    in_partnership = [a for a in mine.values() if a.partnership_id == person.partnership_id]
    return in_partnership[0] if len(in_partnership) == 1 else None


def find_person(
    user: "User", person_id: UUID, memberships: Sequence[Membership] | None = None
) -> tuple[Person, PersonAccess]:
    """The person and the user's access to it, or 404. Follows nothing: see `read_person`."""
    memberships = active_memberships(user) if memberships is None else memberships
    person = (
        Person.objects.filter(pk=person_id, anonymised_at__isnull=True)
        .select_related("recorded_by_agency", "lead_worker")
        .first()
    )
    if person is None:
        raise Http404
    access = access_for(user, person, memberships)
    if not access.knows_exists:
        raise RecordHidden("person", person.pk)
    if person.merged_into_id is not None:
        raise PersonMoved(person.merged_into_id)
    return person, access


class RestrictedExport(PermissionDenied):
    """UK GDPR Art 18: a record whose processing is restricted is kept, and readable on its
    page, but never leaves Waypost in an export."""


def read_person(
    user: "User",
    person_id: UUID,
    *,
    channel: str = Channel.PAGE,
    route: str = "",
    memberships: Sequence[Membership] | None = None,
    record: bool = True,
    export: bool = False,
) -> PersonRead:
    """Everything about one person that `user` may see, section by section.

    Raises Http404 when the person does not exist or the user may not know of them, and
    PersonMoved for a merged record. Records one access event per section it shows (and one
    for staff-safety warnings), with the channel and route given. With `export`, raises
    RestrictedExport for a record whose processing is restricted, before anything is read.
    """
    memberships = active_memberships(user) if memberships is None else memberships
    person, access = find_person(user, person_id, memberships)
    if export and person.restricted_at is not None:
        raise RestrictedExport
    # One query for every kind of note, shared out by section below.
    notes = list(Note.objects.filter(person=person).select_related("recorded_by_agency"))
    sections = {s: _section_view(person, access, s, notes) for s in PERSON_SECTIONS}
    _explain_hidden(sections, access, memberships, person)
    warnings = list(
        StaffSafetyWarning.objects.filter(person=person, ended_at__isnull=True).select_related(
            "recorded_by_agency"
        )
    )
    if record:
        agency = _acting_agency(memberships, person)
        shown = [s for s, view in sections.items() if view.has_records]
        reason = "break-glass" if access.break_glass_ids else ""
        # One event per section shown, in one INSERT.
        record_accesses(
            access_event(
                user,
                channel=channel,
                section=section,
                subject_type="person",
                subject_id=person.pk,
                person_id=person.pk,
                agency=agency,
                reason=reason,
                route=route,
            )
            for section in shown or [Section.IDENTITY]
        )
    return PersonRead(
        person=person,
        access=access,
        sections=sections,
        warnings=warnings,
        contact=record_contact(person),
    )


def record_contact(person: Person) -> RecordContact:
    """The lead worker and the agency they work for in the person's partnership (one query),
    or the recording agency when there is no lead worker."""
    lead = person.lead_worker
    if lead is None:
        return RecordContact(lead_worker_name="", agency=person.recorded_by_agency)
    membership = (
        Membership.objects.active()
        .filter(user=lead, agency__partnership_id=person.partnership_id, role__in=FRONTLINE_ROLES)
        .select_related("agency")
        .order_by("started_at")
        .first()
    )
    return RecordContact(
        lead_worker_name=lead.full_name or lead.email,
        agency=membership.agency if membership else person.recorded_by_agency,
    )


def _explain_hidden(
    sections: dict[Section, SectionView],
    access: PersonAccess,
    memberships: Sequence[Membership],
    person: Person,
) -> None:
    """Fill in why each section is hidden, or shown only in part: the user's role, their
    agency not having signed the agreement, or the person's sharing permission."""
    limited = [view for view in sections.values() if view.state != "shared"]
    if not limited:
        return
    signed = signed_agency_ids(access.agency_ids) if access.agency_ids else set()
    for view in limited:
        agencies = access.own_agencies_for(view.section)
        if not agencies:
            view.hidden_reason = HIDDEN_BY_ROLE
        elif not signed.intersection(agencies):
            view.hidden_reason = HIDDEN_BY_AGREEMENT
        else:
            view.hidden_reason = HIDDEN_BY_CONSENT


def _rows(access: PersonAccess, queryset: QuerySet[Any], section: Section) -> list[Any]:
    return list(access.filter_records(queryset, section).select_related("recorded_by_agency"))


def _section_view(
    person: Person, access: PersonAccess, section: Section, notes: list[Note]
) -> SectionView:
    if not access.can_see_any(section):
        return SectionView(section=section, state="hidden")
    view = SectionView(section=section, state="partial" if access.is_partial(section) else "shared")
    # Fields on the person row belong to the agency that recorded the person.
    if section in (Section.IDENTITY, Section.IMMIGRATION, Section.HOUSING_HISTORY):
        view.shows_person_fields = access.can_see(section, person.recorded_by_agency_id)
    view.records["notes"] = [
        n
        for n in notes
        if NOTE_SECTIONS[n.kind] == section and access.can_see(section, n.recorded_by_agency_id)
    ]
    if section == Section.IDENTITY:
        view.records["aliases"] = _rows(access, Alias.objects.filter(person=person), section)
        view.records["identifiers"] = access.visible_rows(
            Identifier.objects.filter(person=person)
            .exclude(kind="prison_number")
            .select_related("recorded_by_agency")
        )
        view.records["verifications"] = list(
            access.filter_records(IdVerification.objects.filter(person=person), section)
            .select_related("recorded_by_agency")
            .prefetch_related("criteria")
        )
    elif section == Section.CONTACT:
        view.records["contact_details"] = _rows(
            access, ContactDetail.objects.filter(person=person), section
        )
        view.records["care_of"] = list(
            access.filter_records(CareOfAddress.objects.filter(person=person), section)
            .select_related("recorded_by_agency", "hub")
            .prefetch_related(Prefetch("post", PostItem.objects.select_related("handed_over_by")))
        )
        # Sealed: only the agency that holds a safe address ever sees it.
        view.records["safe_addresses"] = [
            a
            for a in SafeAddress.objects.filter(person=person)
            if access.can_see_sealed(a.recorded_by_agency_id)
        ]
    elif section == Section.SUPPORT:
        view.records["needs"] = _rows(access, SupportNeed.objects.filter(person=person), section)
    elif section == Section.OFFENDING:
        view.records["identifiers"] = _rows(
            access, Identifier.objects.filter(person=person, kind="prison_number"), section
        )
    elif section == Section.HOUSING_HISTORY:
        view.records["history"] = _rows(
            access, HousingHistoryEntry.objects.filter(person=person), section
        )
    return view


def record_listed(
    user: "User",
    people: Iterable[Person],
    *,
    channel: str,
    route: str = "",
    memberships: Sequence[Membership] | None = None,
) -> None:
    """Record that these people's identity was shown in a list or search result (one INSERT)."""
    record_accesses(
        listed_events(user, people, channel=channel, route=route, memberships=memberships)
    )


def listed_events(
    user: "User",
    people: Iterable[Person],
    *,
    channel: str,
    route: str = "",
    memberships: Sequence[Membership] | None = None,
) -> list[AccessEvent]:
    """`record_listed`'s events, unsaved, for a page that records more in the same INSERT."""
    memberships = active_memberships(user) if memberships is None else memberships
    return [
        access_event(
            user,
            channel=channel,
            section=Section.IDENTITY,
            subject_type="person",
            subject_id=person.pk,
            person_id=person.pk,
            agency=_acting_agency(memberships, person),
            route=route,
        )
        for person in people
    ]


@dataclass
class PersonWrite:
    """A person the user may add to in one section, and the agency the record will carry."""

    person: Person
    access: PersonAccess
    agency: Agency


def get_person_for_section_write(
    user: "User",
    person_id: UUID,
    section: Section,
    memberships: Sequence[Membership],
    *,
    needs_person_fields: bool = False,
) -> PersonWrite:
    """The person and the acting agency, for adding to `section` of their record.

    404 when the person does not exist or the user may not know of them (as `find_person`);
    403 when they know of the person but their role does not cover the section, or, with
    `needs_person_fields`, when they may not see the person-row fields they would change.
    The agency is the one that recorded the person when the user works there, else the
    first of the user's agencies whose role covers the section.
    """
    person, access = find_person(user, person_id, memberships)
    agency_ids = access.own_agencies_for(section)
    if not agency_ids:
        raise PermissionDenied
    if needs_person_fields and not access.can_see(section, person.recorded_by_agency_id):
        raise PermissionDenied
    by_id = {m.agency_id: m.agency for m in memberships}
    chosen = (
        person.recorded_by_agency_id
        if person.recorded_by_agency_id in agency_ids
        else next(a for a in by_id if a in agency_ids)
    )
    return PersonWrite(person=person, access=access, agency=by_id[chosen])


def get_person_for_write(
    user: "User",
    person_id: UUID,
    section: Section,
    memberships: Sequence[Membership] | None = None,
) -> tuple[Person, PersonAccess]:
    """The person, when the user may add to `section` of their record (they can see the
    section at least for their own agency's records). 404 otherwise."""
    person, access = find_person(user, person_id, memberships)
    if not access.own_agencies_for(section):
        raise RecordHidden("person", person.pk)
    return person, access


def name_for_write(user: "User", write: PersonWrite, *, route: str) -> str:
    """The person's name on a page that adds to their record, when the user may see it (and
    that read is logged), else ""."""
    person = write.person
    if not write.access.can_see(Section.IDENTITY, person.recorded_by_agency_id):
        return ""
    record_access(
        user,
        channel=Channel.PAGE,
        section=Section.IDENTITY,
        subject_type="person",
        subject_id=person.pk,
        person_id=person.pk,
        agency=write.agency,
        route=route,
    )
    return person.display_name
