"""The access policy: which sections of a person's record a user may see. One module, used by
every read path (pages, search, API, exports, PDFs, dashboards).

For a user and a person in one partnership, over each of the user's active memberships there:

- the role allows a set of sections (ROLE_SECTIONS); nothing else is ever visible;
- records the membership's own agency made are visible in those sections;
- other agencies' records are visible in those sections when the agency has an in-date
  signature of the partnership's Information Sharing Agreement **and** the person's current
  sharing permission (consent given, best interests, or a lawful gateway) covers the section and
  the agency, or the user has an active break-glass for the person through that agency;
- staff-safety warnings, the lead worker and the fact that a record exists are visible to
  front-line staff whose agency signed the agreement or recorded the person;
- a safe address is visible only to the agency that recorded it, and never printed or exported.

Withdrawal of consent and expiry of a signature or a break-glass take effect on the next
request: nothing here is cached between requests.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from waypost.accounts.models import Membership, Role
from waypost.audit.models import Section
from waypost.sharing.models import (
    PERMITS_SHARING,
    AgreementSignature,
    BreakGlass,
    SharingPermission,
)

if TYPE_CHECKING:
    from waypost.accounts.models import User
    from waypost.people.models import Person

# The sections of a person's record, in the order the person page shows them.
PERSON_SECTIONS: tuple[Section, ...] = (
    Section.IDENTITY,
    Section.CONTACT,
    Section.SUPPORT,
    Section.HEALTH,
    Section.OFFENDING,
    Section.SAFEGUARDING,
    Section.IMMIGRATION,
    Section.HOUSING_HISTORY,
    Section.NOTES,
)
ALL = frozenset(PERSON_SECTIONS)

# What each role's work needs. Admins, commissioners and DPOs see no casework: DPOs reach a
# person's data only through a subject access request, which is its own audited path.
ROLE_SECTIONS: dict[str, frozenset[Section]] = {
    Role.COORDINATOR: ALL,
    Role.CASEWORKER: ALL,
    Role.OUTREACH_WORKER: ALL - {Section.OFFENDING},
    Role.REFERRER: frozenset({Section.IDENTITY, Section.CONTACT, Section.SAFEGUARDING}),
    # A hostel or shelter: who is staying, how to reach them, risks, and their housing story.
    Role.PROVIDER: frozenset(
        {Section.IDENTITY, Section.CONTACT, Section.SAFEGUARDING, Section.HOUSING_HISTORY}
    ),
    Role.PARTNERSHIP_ADMIN: frozenset(),
    Role.COMMISSIONER: frozenset(),
    Role.DPO: frozenset(),
}
FRONTLINE_ROLES = frozenset(role for role, sections in ROLE_SECTIONS.items() if sections)


def active_memberships(user: "User") -> list[Membership]:
    return list(Membership.objects.active().filter(user=user).select_related("agency"))


def signed_agency_ids(agency_ids: Iterable[Any]) -> set[Any]:
    """Which of these agencies have an in-date signature of an agreement in force today."""
    return set(
        AgreementSignature.objects.in_date()
        .filter(agency_id__in=list(agency_ids))
        .values_list("agency_id", flat=True)
    )


@dataclass(frozen=True)
class PersonAccess:
    """What one user may see of one person, decided once per request."""

    person_id: Any
    knows_exists: bool = False
    # Sections visible whoever recorded the data.
    shared: frozenset[Section] = frozenset()
    # Sections visible for records made by each of the user's own agencies.
    own: dict[Any, frozenset[Section]] = field(default_factory=dict)
    # The agencies the user reads through (for the access log), and any break-glass in use.
    agency_ids: tuple[Any, ...] = ()
    break_glass_ids: tuple[Any, ...] = ()
    has_permission: bool = False

    def can_see(self, section: str, recorded_by_agency_id: Any) -> bool:
        if section in self.shared:
            return True
        return section in self.own.get(recorded_by_agency_id, frozenset())

    def can_see_any(self, section: str) -> bool:
        return section in self.shared or any(section in s for s in self.own.values())

    def is_partial(self, section: str) -> bool:
        """True when the user sees only their own agency's records in this section."""
        return section not in self.shared and self.can_see_any(section)

    def own_agencies_for(self, section: str) -> list[Any]:
        return [agency for agency, sections in self.own.items() if section in sections]

    def can_see_sealed(self, recorded_by_agency_id: Any) -> bool:
        """Safe addresses: only the agency that recorded it, never through sharing."""
        return Section.CONTACT in self.own.get(recorded_by_agency_id, frozenset())

    def filter_records(self, queryset: QuerySet[Any], section: str) -> QuerySet[Any]:
        """Rows of one section's model that the user may see (rows have recorded_by_agency)."""
        if section in self.shared:
            return queryset
        return queryset.filter(recorded_by_agency_id__in=self.own_agencies_for(section))

    def visible_rows(self, rows: Iterable[Any]) -> list[Any]:
        """Rows of a model whose section varies by row (notes, identifiers)."""
        from waypost.people.models import record_section

        return [r for r in rows if self.can_see(record_section(r), r.recorded_by_agency_id)]


def access_for(
    user: "User", person: "Person", memberships: Sequence[Membership] | None = None
) -> PersonAccess:
    """Decide what `user` may see of `person` now. Costs three or four small queries."""
    if memberships is None:
        memberships = active_memberships(user)
    mine = [
        m
        for m in memberships
        if m.agency.partnership_id == person.partnership_id and ROLE_SECTIONS.get(m.role)
    ]
    if not mine:
        return PersonAccess(person_id=person.pk)
    signed = signed_agency_ids({m.agency_id for m in mine})
    permission = _current_permission(person) if signed else None
    glass = (
        list(
            BreakGlass.objects.active()
            .filter(user=user, person=person, agency_id__in=signed)
            .values_list("id", "agency_id")
        )
        if signed
        else []
    )
    return decide(person, mine, signed, permission, glass)


def decide(
    person: "Person",
    mine: Sequence[Membership],
    signed: set[Any],
    permission: dict[str, Any] | None,
    glass: Sequence[tuple[Any, Any]],
) -> PersonAccess:
    """The rules themselves, on facts already read: `mine` are the user's front-line
    memberships in the person's partnership, `signed` the agencies with an in-date signature,
    `permission` the current sharing permission when it permits sharing (sections, agencies,
    all_agencies), `glass` the user's active break-glass uses as (id, agency id). Shared by
    `access_for` and the bulk reads of search and matching, so there is one copy of the rules.
    """
    if not mine:
        return PersonAccess(person_id=person.pk)
    my_agencies = {m.agency_id for m in mine}
    glass = [(g, agency) for g, agency in glass if agency in my_agencies]
    glass_agencies = {agency for _, agency in glass}
    own: dict[Any, frozenset[Section]] = {}
    shared: set[Section] = set()
    for m in mine:
        sections = ROLE_SECTIONS[m.role]
        own[m.agency_id] = own.get(m.agency_id, frozenset()) | sections
        if m.agency_id not in signed:
            continue
        if m.agency_id in glass_agencies:
            shared |= sections
        elif permission is not None and (
            permission["all_agencies"] or m.agency_id in permission["agencies"]
        ):
            shared |= sections & permission["sections"]
    knows = any(m.agency_id in signed or m.agency_id == person.recorded_by_agency_id for m in mine)
    return PersonAccess(
        person_id=person.pk,
        knows_exists=knows,
        shared=frozenset(shared),
        own=own,
        agency_ids=tuple(sorted(my_agencies, key=str)),
        break_glass_ids=tuple(g for g, _ in glass),
        has_permission=permission is not None and bool(my_agencies & signed),
    )


def _current_permission(person: "Person") -> dict[str, Any] | None:
    """The person's current sharing permission, when it permits sharing."""
    row = (
        SharingPermission.objects.filter(person=person, is_current=True, status__in=PERMITS_SHARING)
        .values("id", "all_agencies")
        .first()
    )
    if row is None:
        return None
    permission = SharingPermission.objects.get(pk=row["id"])
    return {
        "all_agencies": row["all_agencies"],
        "sections": frozenset(permission.sections.values_list("section", flat=True)),
        "agencies": set(permission.agencies.values_list("id", flat=True)),
    }


def section_visible_q(
    user: "User",
    memberships: Sequence[Membership],
    section: Section,
    *,
    owner: str = "recorded_by_agency_id",
    person: str = "person_id",
    partnership: str = "partnership_id",
    signed: set[Any] | None = None,
) -> Q:
    """A filter for rows whose `section` the user may see: the SQL form of
    `access_for(...).can_see(section, row.<owner>)`, for many rows and people at once.

    `owner` names the field holding the agency that recorded the row, `person` the person's id
    and `partnership` the person's partnership (paths from the filtered model); `signed` may
    pass the user's agencies with an in-date signature when the caller has them already. The
    rules are `decide`'s: the user's own agencies' records in a section their role covers; or,
    through an agency that signed, the person's current sharing permission covering the
    section and that agency, or the user's active break-glass through it. Tests beside each
    caller check it agrees with `access_for`.
    """
    able = [m for m in memberships if section in ROLE_SECTIONS.get(m.role, ())]
    if not able:
        return Q(pk__in=[])
    q = Q(**{f"{owner}__in": sorted({m.agency_id for m in able}, key=str)})
    if signed is None:
        signed = signed_agency_ids({m.agency_id for m in able})
    by_partnership: dict[Any, list[Any]] = {}
    for m in able:
        if m.agency_id in signed:
            by_partnership.setdefault(m.agency.partnership_id, []).append(m.agency_id)
    for partnership_id, agencies in by_partnership.items():
        permitted = SharingPermission.objects.filter(
            Q(all_agencies=True) | Q(agencies__in=agencies),
            person_id=OuterRef(person),
            is_current=True,
            status__in=PERMITS_SHARING,
            sections__section=section,
        )
        glass = BreakGlass.objects.filter(
            person_id=OuterRef(person),
            user=user,
            agency_id__in=agencies,
            expires_at__gt=timezone.now(),
            ended_at__isnull=True,
        )
        q |= Q(**{partnership: partnership_id}) & (Exists(permitted) | Exists(glass))
    return q


def identity_visible_q(user: "User", memberships: Sequence[Membership] | None = None) -> Q:
    """A filter on Person for records whose identity `user` may see."""
    if memberships is None:
        memberships = active_memberships(user)
    return section_visible_q(user, memberships, Section.IDENTITY, person="pk")
