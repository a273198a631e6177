"""The only doors to person records. Each records what it showed in the access log.

`read_person` answers 404 both when the record does not exist and when the user may not know
it exists, so nobody learns of a record outside their reach. Lists and search use
`Person.objects.visible_to(user)` and record one event per person shown (`record_listed`).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from waypost.accounts.models import Agency, Membership
from waypost.audit.access import record_access
from waypost.audit.models import Channel, Section
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
    SafeAddress,
    StaffSafetyWarning,
    SupportNeed,
)
from waypost.sharing.policy import PERSON_SECTIONS, PersonAccess, access_for, active_memberships

if TYPE_CHECKING:
    from waypost.accounts.models import User


class PersonMoved(Exception):
    """The record was merged into another; callers redirect to `person_id`."""

    def __init__(self, person_id: UUID) -> None:
        super().__init__("merged")
        self.person_id = person_id


@dataclass
class SectionView:
    """One section as the user may see it: `state` is shared, own (their agency's records
    only) or hidden."""

    section: Section
    state: str
    records: dict[str, list[Any]] = field(default_factory=dict)
    shows_person_fields: bool = False

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
class PersonRead:
    person: Person
    access: PersonAccess
    sections: dict[Section, SectionView]
    warnings: list[StaffSafetyWarning]

    def section(self, name: str) -> SectionView:
        return self.sections[Section(name)]


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
    person = Person.objects.filter(pk=person_id, anonymised_at__isnull=True).first()
    if person is None:
        raise Http404
    access = access_for(user, person, memberships)
    if not access.knows_exists:
        raise Http404
    if person.merged_into_id is not None:
        raise PersonMoved(person.merged_into_id)
    return person, access


def read_person(
    user: "User",
    person_id: UUID,
    *,
    channel: str = Channel.PAGE,
    route: str = "",
    memberships: Sequence[Membership] | None = None,
    record: bool = True,
) -> PersonRead:
    """Everything about one person that `user` may see, section by section.

    Raises Http404 when the person does not exist or the user may not know of them, and
    PersonMoved for a merged record. Records one access event per section it shows (and one
    for staff-safety warnings), with the channel and route given.
    """
    memberships = active_memberships(user) if memberships is None else memberships
    person, access = find_person(user, person_id, memberships)
    sections = {s: _section_view(person, access, s) for s in PERSON_SECTIONS}
    warnings = list(
        StaffSafetyWarning.objects.filter(person=person, ended_at__isnull=True).select_related(
            "recorded_by_agency"
        )
    )
    if record:
        agency = _acting_agency(memberships, person)
        shown = [s for s, view in sections.items() if view.has_records]
        reason = "break-glass" if access.break_glass_ids else ""
        for section in shown or [Section.IDENTITY]:
            record_access(
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
    return PersonRead(person=person, access=access, sections=sections, warnings=warnings)


def _rows(access: PersonAccess, queryset: QuerySet[Any], section: Section) -> list[Any]:
    return list(access.filter_records(queryset, section).select_related("recorded_by_agency"))


def _section_view(person: Person, access: PersonAccess, section: Section) -> SectionView:
    if not access.can_see_any(section):
        return SectionView(section=section, state="hidden")
    view = SectionView(section=section, state="partial" if access.is_partial(section) else "shared")
    # Fields on the person row belong to the agency that recorded the person.
    if section in (Section.IDENTITY, Section.IMMIGRATION, Section.HOUSING_HISTORY):
        view.shows_person_fields = access.can_see(section, person.recorded_by_agency_id)
    notes = Note.objects.filter(
        person=person, kind__in=[k for k, s in NOTE_SECTIONS.items() if s == section]
    )
    view.records["notes"] = _rows(access, notes, section)
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
            .prefetch_related("post")
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
    """Record that these people's identity was shown in a list or search result."""
    memberships = active_memberships(user) if memberships is None else memberships
    for person in people:
        record_access(
            user,
            channel=channel,
            section=Section.IDENTITY,
            subject_type="person",
            subject_id=person.pk,
            person_id=person.pk,
            agency=_acting_agency(memberships, person),
            route=route,
        )


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
        raise Http404
    return person, access
