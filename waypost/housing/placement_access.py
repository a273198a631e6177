"""Reads of placements, housing needs and suitable beds: the doors.

Placements are housing history (Section.HOUSING_HISTORY) and housing needs are support
(Section.SUPPORT), so the access policy (waypost.sharing.policy) decides which rows a user
sees: their own agencies' records in a section their role covers, and other agencies' when
the agency signed the agreement and the person's sharing permission covers the section (or a
break-glass is in use). Rows are filtered in the database (`by_section`), never after.

Suitable beds are worked out from what the record says **and the user may see**: a fact the
user may not see is unknown (None) to waypost.housing.suitability, which then offers only
what is safe without it (beds open to everyone, for an unknown gender).

Every read records access events (waypost.audit.access): one per section shown, identity
when the name is shown. 404 for a person or placement that does not exist or that the user may
not know of; 403 when they know of it but may not do what they asked.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from waypost.accounts.models import Agency, Membership, Role
from waypost.audit.access import access_event, record_accesses
from waypost.audit.models import Channel, Section
from waypost.housing.models import (
    AccommodationKind,
    HousingNeeds,
    Placement,
    SupportLevel,
    Unit,
    UnitStatus,
)
from waypost.housing.room_for_all import swep_nights
from waypost.housing.suitability import Fit, PersonFacts, age_on, suitable
from waypost.people.access import (
    PersonWrite,
    RecordContact,
    find_person,
    get_person_for_section_write,
    record_contact,
)
from waypost.people.models import (
    BirthDatePrecision,
    Gender,
    LocalConnection,
    Person,
    PublicFunds,
)
from waypost.people.section_rows import acting_agency, by_section, shows_name
from waypost.sharing.policy import PersonAccess, access_for

if TYPE_CHECKING:
    from waypost.accounts.models import User

PAGE_SIZE = 25
# Who may place someone (and so see which beds suit them): front-line staff who make
# placements. Accommodation providers keep their vacancies and may end a placement in their
# own schemes, but do not place people.
PLACE_ROLES = (Role.COORDINATOR, Role.CASEWORKER, Role.OUTREACH_WORKER)
END_ROLES = (*PLACE_ROLES, Role.PROVIDER)
# Housing needs are support: the roles whose work covers it.
NEEDS_ROLES = PLACE_ROLES


def with_roles(memberships: Sequence[Membership], roles: Iterable[str]) -> list[Membership]:
    wanted = set(roles)
    return [m for m in memberships if m.role in wanted]


def record_shown(
    user: "User",
    rows: Sequence[tuple[Person, str, Agency | None]],
    *,
    route: str,
    channel: str = Channel.PAGE,
) -> None:
    """One access event per (person, section) shown, in one insert."""
    seen: dict[tuple[Any, str], tuple[Person, str, Agency | None]] = {}
    for person, section, agency in rows:
        seen.setdefault((person.pk, section), (person, section, agency))
    record_accesses(
        access_event(
            user,
            channel=channel,
            section=section,
            subject_type="person",
            subject_id=person.pk,
            person_id=person.pk,
            agency=agency,
            route=route,
        )
        for person, section, agency in seen.values()
    )


# --- A person's placements ---------------------------------------------------------------------


@dataclass
class PlacementsRead:
    person: Person
    access: PersonAccess
    name: str  # empty when the user may not see who the person is
    page: Page[Placement]
    hidden: bool  # some placements exist that sharing rules keep from the user
    can_see_section: bool  # their role covers housing history at all
    can_place: bool
    endable: set[Any] = field(default_factory=set)  # ids of placements they may end
    contact: RecordContact | None = None


def _ender_agency(
    memberships: Sequence[Membership], person: Person, placement: Placement
) -> Agency | None:
    """Who may end a placement they can see: front-line staff who place people, in the
    person's partnership (preferring the agency that made it), and the provider whose scheme
    it is. Returns the agency they act for, or None."""
    placers = [
        m.agency
        for m in with_roles(memberships, PLACE_ROLES)
        if m.agency.partnership_id == person.partnership_id
    ]
    for agency in placers:
        if agency.pk == placement.recorded_by_agency_id:
            return agency
    if placers:
        return placers[0]
    provider_agency = placement.scheme.provider.agency_id
    for m in with_roles(memberships, [Role.PROVIDER]):
        if m.agency_id == provider_agency:
            return m.agency
    return None


def read_placements(
    user: "User",
    person_id: UUID,
    *,
    memberships: Sequence[Membership],
    page: Any = 1,
    route: str,
) -> PlacementsRead:
    """The person's placements that `user` may see, the current one first, then the most
    recent, 25 a page. 404 (or PersonMoved) as `find_person`. Records housing history and
    identity access events for what is shown."""
    person, access = find_person(user, person_id, memberships)
    visible = by_section(access, Section.HOUSING_HISTORY)
    rows = Placement.objects.filter(person=person)
    hidden = rows.exclude(visible).exists()
    shown = (
        rows.filter(visible)
        .select_related("scheme__provider", "unit", "recorded_by_agency", "recorded_by")
        .order_by(F("ended_on").desc(nulls_first=True), "-started_on", "-recorded_at", "pk")
    )
    numbers = Paginator(shown, PAGE_SIZE).get_page(page)
    name = person.display_name if shows_name(access, person) else ""
    endable = {
        p.pk
        for p in numbers.object_list
        if p.ended_on is None and _ender_agency(memberships, person, p) is not None
    }
    agency = acting_agency(memberships, person)
    sections = ([Section.HOUSING_HISTORY] if numbers.object_list else []) + (
        [Section.IDENTITY] if name else []
    )
    record_shown(user, [(person, s, agency) for s in sections], route=route)
    placers = with_roles(memberships, PLACE_ROLES)
    return PlacementsRead(
        person=person,
        access=access,
        name=name,
        page=numbers,
        hidden=hidden,
        can_see_section=access.can_see_any(Section.HOUSING_HISTORY),
        can_place=any(m.agency.partnership_id == person.partnership_id for m in placers),
        endable=endable,
        contact=record_contact(person) if hidden else None,
    )


@dataclass
class PlacementEnd:
    placement: Placement
    person: Person
    access: PersonAccess
    agency: Agency  # the agency the user acts for in ending it
    name: str


def get_placement_for_end(
    user: "User", placement_id: UUID, memberships: Sequence[Membership], *, route: str
) -> PlacementEnd:
    """A placement the user may see and end (see `_ender_agency`). 404 when it does not
    exist or they may not see it; 403 when they see it but may not end it. Records a housing
    history access event (and identity when the name is shown)."""
    placement = (
        Placement.objects.filter(pk=placement_id)
        .select_related("scheme__provider", "unit", "recorded_by_agency", "recorded_by")
        .first()
    )
    if placement is None:
        raise Http404
    person, access = find_person(user, placement.person_id, memberships)
    if not access.can_see(Section.HOUSING_HISTORY, placement.recorded_by_agency_id):
        raise Http404
    agency = _ender_agency(memberships, person, placement)
    if agency is None:
        raise PermissionDenied
    name = person.display_name if shows_name(access, person) else ""
    sections = [Section.HOUSING_HISTORY] + ([Section.IDENTITY] if name else [])
    record_shown(user, [(person, s, agency) for s in sections], route=route)
    return PlacementEnd(placement=placement, person=person, access=access, agency=agency, name=name)


def placing_write(user: "User", person_id: UUID, memberships: Sequence[Membership]) -> PersonWrite:
    """The person, for placing them: 404 as `find_person`, 403 unless the user places people
    (PLACE_ROLES) and their role covers housing history for the person. The acting agency is
    chosen among those memberships only."""
    placers = with_roles(memberships, PLACE_ROLES)
    if not placers:
        raise PermissionDenied
    return get_person_for_section_write(user, person_id, Section.HOUSING_HISTORY, placers)


def current_placement(person: Person, access: PersonAccess) -> Placement | None:
    """The person's placement that has not ended, when the user may see it."""
    return (
        Placement.objects.filter(person=person, ended_on__isnull=True)
        .filter(by_section(access, Section.HOUSING_HISTORY))
        .select_related("scheme", "unit")
        .first()
    )


# --- Housing needs -----------------------------------------------------------------------------


def latest_needs(person: Person, access: PersonAccess) -> HousingNeeds | None:
    """The latest housing needs the user may see: that one counts."""
    return (
        HousingNeeds.objects.filter(person=person)
        .filter(by_section(access, Section.SUPPORT))
        .select_related("recorded_by_agency", "recorded_by", "partner")
        .order_by("-recorded_at", "-pk")
        .first()
    )


def visible_partner(
    user: "User", person: Person, needs: HousingNeeds | None, memberships: Sequence[Membership]
) -> Person | None:
    """The partner named in the needs, when the user may see who they are."""
    if needs is None or needs.partner_id is None:
        return None
    return (
        Person.objects.visible_to(user)
        .filter(pk=needs.partner_id, partnership_id=person.partnership_id)
        .first()
    )


def partner_candidates(
    user: "User", person: Person, memberships: Sequence[Membership], ids: Iterable[Any]
) -> dict[str, Person]:
    """People the user may choose as the person's partner, of these ids: identity visible to
    the user, in the same partnership, not the person themself."""
    wanted = [i for i in ids if i]
    if not wanted:
        return {}
    found = (
        Person.objects.visible_to(user)
        .filter(pk__in=wanted, partnership_id=person.partnership_id)
        .exclude(pk=person.pk)
    )
    return {str(p.pk): p for p in found}


# --- Facts for suitability ---------------------------------------------------------------------


@dataclass
class FactsRead:
    """What suitability used, in plain words: `based_on` lists the facts known, `unknown`
    says what was not known (or not shared with the user) and what that means."""

    facts: PersonFacts
    based_on: list[str]
    unknown: list[str]
    needs: HousingNeeds | None
    sections: set[str]  # the parts of the record read (for the access log)


SUPPORT_WORDS = {
    SupportLevel.LOW: "needs visiting support",
    SupportLevel.MEDIUM: "needs staff on site by day",
    SupportLevel.HIGH: "needs staff on site day and night",
}
GENDER_WORDS = {
    Gender.WOMAN: "woman",
    Gender.MAN: "man",
    Gender.NON_BINARY: "non-binary",
    Gender.NOT_SAID: "prefers not to say their gender",
}
LOCAL_WORDS = {
    LocalConnection.HAS: "has a local connection here",
    LocalConnection.ELSEWHERE: "has a local connection elsewhere",
    LocalConnection.NONE: "has no local connection anywhere",
}


def person_age(person: Person, today: date) -> tuple[int | None, bool]:
    """Age today from the identity fields, and whether it is approximate."""
    if (
        person.birth_date_precision == BirthDatePrecision.ESTIMATED
        and person.estimated_age_years is not None
        and person.estimated_on is not None
    ):
        elapsed = age_on(person.estimated_on, today) or 0
        return person.estimated_age_years + max(elapsed, 0), True
    if person.birth_date is None:
        return None, False
    return age_on(person.birth_date, today), person.birth_date_precision != BirthDatePrecision.EXACT


def person_facts(person: Person, access: PersonAccess, today: date) -> FactsRead:
    """PersonFacts from what the record says and the user may see: gender and age from
    identity, recourse to public funds from immigration, local connection from housing
    history (all fields of the person row, so visible as the recording agency's records), the
    rest from the latest housing needs the user may see."""
    owner = person.recorded_by_agency_id
    based: list[str] = []
    unknown: list[str] = []
    sections: set[str] = set()

    gender: str | None = None
    age: int | None = None
    if access.can_see(Section.IDENTITY, owner):
        sections.add(Section.IDENTITY)
        if person.gender != Gender.UNKNOWN:
            gender = person.gender
            based.append(GENDER_WORDS.get(gender) or person.gender_display())
        else:
            unknown.append("Gender not recorded: only beds open to everyone are shown.")
        age, approximate = person_age(person, today)
        if age is not None:
            based.append(f"aged {'about ' if approximate else ''}{age}")
        else:
            unknown.append(
                "Age not recorded: schemes for one age group (like under 25s) are not shown."
            )
    else:
        unknown.append(
            "Gender and age are not shared with you: only beds open to everyone, with no age "
            "limit, are shown."
        )
    if gender is not None and gender not in (Gender.WOMAN, Gender.MAN):
        unknown.append(
            "Only beds open to everyone are shown: women-only and men-only schemes are matched "
            "to women and men. Ask a single-sex scheme directly if one may suit them."
        )

    no_recourse: bool | None = None
    if access.can_see(Section.IMMIGRATION, owner):
        sections.add(Section.IMMIGRATION)
        if person.public_funds == PublicFunds.NO_RECOURSE:
            no_recourse = True
            based.append("has no recourse to public funds")
        elif person.public_funds == PublicFunds.HAS_RECOURSE:
            no_recourse = False
            based.append("has recourse to public funds")
    if no_recourse is None:
        unknown.append(
            "Recourse to public funds not known"
            + ("" if Section.IMMIGRATION in sections else " (not shared with you)")
            + ": check it before placing them in a scheme that needs it."
        )

    local: str | None = None
    if access.can_see(Section.HOUSING_HISTORY, owner):
        sections.add(Section.HOUSING_HISTORY)
        if person.local_connection != LocalConnection.UNKNOWN:
            local = person.local_connection
            based.append(LOCAL_WORDS[LocalConnection(local)])
    if local is None:
        unknown.append(
            "Local connection not known"
            + ("" if Section.HOUSING_HISTORY in sections else " (not shared with you)")
            + ": schemes that need one are marked."
        )

    needs = latest_needs(person, access)
    if needs is not None:
        sections.add(Section.SUPPORT)
        for flag, words in (
            (needs.couple, "a couple"),
            (needs.pet, "has a pet"),
            (needs.wheelchair, "uses a wheelchair"),
            (needs.step_free and not needs.wheelchair, "needs step-free access"),
            (needs.harm_reduction, "needs a harm reduction place"),
            (needs.avoid_city_centre, "wants to avoid the city centre"),
        ):
            if flag:
                based.append(words)
        if needs.support_level in SUPPORT_WORDS:
            based.append(SUPPORT_WORDS[SupportLevel(needs.support_level)])
    else:
        unknown.append(
            "No housing needs recorded that you can see: beds are not checked for a partner, "
            "pets, access or support."
        )
    facts = PersonFacts(
        gender=gender,
        age=age,
        couple=bool(needs and needs.couple),
        pet=bool(needs and needs.pet),
        step_free=bool(needs and needs.step_free),
        wheelchair=bool(needs and needs.wheelchair),
        support_level=needs.support_level if needs else SupportLevel.NONE,
        harm_reduction=bool(needs and needs.harm_reduction),
        avoid_city_centre=bool(needs and needs.avoid_city_centre),
        no_recourse=no_recourse,
        local_connection=local,
    )
    return FactsRead(facts=facts, based_on=based, unknown=unknown, needs=needs, sections=sections)


# --- Free units --------------------------------------------------------------------------------


def free_units(
    partnership_id: Any, *, today: date, partner_unit_id: Any = None, unit_id: Any = None
) -> list[Unit]:
    """Units someone could be placed in now: free, in use, in an active scheme of the
    partnership, with `places_left` (and `partner_here`) set for suitability. Severe weather
    (SWEP) beds only while SWEP is active tonight. One query (two with SWEP beds)."""
    taken = (
        Placement.objects.filter(unit=OuterRef("pk"), ended_on__isnull=True)
        .order_by()
        .values("unit")
        .annotate(n=Count("pk"))
        .values("n")
    )
    units = (
        Unit.objects.filter(
            scheme__partnership_id=partnership_id,
            status=UnitStatus.FREE,
            is_active=True,
            scheme__is_active=True,
        )
        .select_related("scheme__provider")
        .annotate(taken=Coalesce(Subquery(taken), Value(0)))
        .order_by("scheme__name", "label")
    )
    if unit_id is not None:
        units = units.filter(pk=unit_id)
    found = list(units)
    if any(u.scheme.kind == AccommodationKind.SWEP for u in found) and not swep_nights(
        partnership_id, [today]
    ):
        found = [u for u in found if u.scheme.kind != AccommodationKind.SWEP]
    for unit in found:
        unit.places_left = max(unit.sleeps - unit.taken, 0)  # type: ignore[attr-defined]
        unit.partner_here = partner_unit_id is not None and unit.pk == partner_unit_id  # type: ignore[attr-defined]
    return found


def partner_unit(
    user: "User", needs: HousingNeeds | None, memberships: Sequence[Membership]
) -> tuple[Person | None, Any]:
    """For a couple, the unit their partner is placed in, when the user may see that
    placement (it is the partner's housing history): (partner, unit id) or (None, None)."""
    if needs is None or not needs.couple or needs.partner_id is None:
        return None, None
    partner = Person.objects.filter(pk=needs.partner_id, anonymised_at__isnull=True).first()
    if partner is None:
        return None, None
    partner_access = access_for(user, partner, memberships)
    placed = (
        Placement.objects.filter(person=partner, ended_on__isnull=True)
        .filter(by_section(partner_access, Section.HOUSING_HISTORY))
        .values_list("unit_id", flat=True)
        .first()
    )
    return (partner, placed) if placed is not None else (None, None)


@dataclass
class BedsRead:
    write: PersonWrite
    name: str
    facts: FactsRead
    fits: list[Fit]
    current: Placement | None  # their placement that has not ended, when visible
    partner: Person | None  # whose placement was read to find their room

    @property
    def person(self) -> Person:
        return self.write.person


def read_beds(
    user: "User",
    person_id: UUID,
    *,
    memberships: Sequence[Membership],
    route: str,
    unit_id: Any = None,
    write: PersonWrite | None = None,
) -> BedsRead:
    """The free beds that suit the person, best first, as `user` may know them (see
    `person_facts`). Only for those who may place the person (`placing_write`). With
    `unit_id`, only that unit (for the confirmation page; `write` is then the answer of
    `placing_write` already asked). Records an access event for each part of the record read
    to decide, and identity when the name is shown."""
    write = write or placing_write(user, person_id, memberships)
    person, access = write.person, write.access
    today = timezone.localdate()
    facts = person_facts(person, access, today)
    partner, partner_unit_id = partner_unit(user, facts.needs, memberships)
    units = free_units(
        person.partnership_id, today=today, partner_unit_id=partner_unit_id, unit_id=unit_id
    )
    fits = suitable(facts.facts, units, swep=None)
    name = person.display_name if shows_name(access, person) else ""
    current = current_placement(person, access)
    sections = set(facts.sections) | ({Section.HOUSING_HISTORY} if current else set())
    if name:
        sections.add(Section.IDENTITY)
    rows: list[tuple[Person, str, Agency | None]] = [
        (person, s, write.agency) for s in sorted(sections)
    ]
    if partner is not None:
        rows.append((partner, Section.HOUSING_HISTORY, write.agency))
    record_shown(user, rows, route=route)
    return BedsRead(
        write=write, name=name, facts=facts, fits=fits, current=current, partner=partner
    )


def find_unit(partnership_id: Any, unit_id: UUID) -> Unit:
    """A unit of the partnership, or 404 (a unit elsewhere is as good as missing)."""
    unit = (
        Unit.objects.filter(scheme__partnership_id=partnership_id, pk=unit_id)
        .select_related("scheme__provider")
        .first()
    )
    if unit is None:
        raise Http404
    return unit
