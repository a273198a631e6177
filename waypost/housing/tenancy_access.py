"""The doors to tenancies and their risk flags (the housing history section of a person's
record), and the sustainment list.

**Who.** Staff whose role covers housing history (waypost.sharing.policy.ROLE_SECTIONS:
coordinators, caseworkers, outreach workers, accommodation providers) start tenancies, flag and
resolve risks, refer to the complex needs panel and end tenancies, on tenancies they may see.
The sustainment list is for coordinators and caseworkers. The DWP reaches a person only
through its narrow door (waypost.housing.sanction_views): it records a sanction and sees a
confirmation, never the tenancy.

**What.** A tenancy, and each risk flag, shows when the policy lets the user see the housing
history section for the agency that recorded it (their own agency's, or others' with the
person's sharing permission); otherwise the tenancy is "not found" (404). Names follow the
identity section. Every read is recorded in the access log (section housing history,
subjects "tenancy" and "tenancy_risk"; names as identity reads).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.http import Http404

from waypost.accounts.models import Agency, Membership, Partnership, Role, User
from waypost.audit.access import access_event, record_accesses
from waypost.audit.models import Channel, Section
from waypost.housing.models import Landlord, Tenancy, TenancyRisk
from waypost.people.access import find_person, record_listed
from waypost.people.models import Person
from waypost.people.section_rows import acting_agency
from waypost.sharing.policy import (
    ROLE_SECTIONS,
    PersonAccess,
    section_visible_q,
    signed_agency_ids,
)

SECTION = Section.HOUSING_HISTORY
# Roles whose work covers housing history: they may open tenancy pages and write to them.
TENANCY_ROLES = tuple(role for role, sections in ROLE_SECTIONS.items() if SECTION in sections)
SUSTAINMENT_ROLES = (Role.COORDINATOR, Role.CASEWORKER)


# --- One tenancy ---------------------------------------------------------------------------------
@dataclass
class TenancyRead:
    """A tenancy the user may see, the person, what the user may see of them, and the agency
    a write would carry (None when their role does not let them write)."""

    tenancy: Tenancy
    person: Person
    access: PersonAccess
    agency: Agency | None
    write_agency: Agency | None

    @property
    def shows_name(self) -> bool:
        return self.access.can_see(Section.IDENTITY, self.person.recorded_by_agency_id)

    @property
    def may_write(self) -> bool:
        return self.write_agency is not None


def _write_agency(
    memberships: Sequence[Membership], access: PersonAccess, prefer: Any
) -> Agency | None:
    own = access.own_agencies_for(SECTION)
    if not own:
        return None
    by_id = {m.agency_id: m.agency for m in memberships}
    chosen = prefer if prefer in own else next(a for a in by_id if a in own)
    return by_id[chosen]


def get_tenancy_for_user(
    user: User,
    tenancy_id: UUID,
    memberships: Sequence[Membership],
    *,
    write: bool = False,
    route: str = "",
    record: bool = True,
) -> TenancyRead:
    """The tenancy, when the user may see it.

    404 when it does not exist, when the user may not know of the person, and when the policy
    hides the tenancy from them; PersonMoved for a merged person; with `write`, 403 when their
    role does not cover housing history. Records the read (the tenancy, and the person's name
    when shown) unless `record` is False.
    """
    tenancy = (
        Tenancy.objects.filter(pk=tenancy_id)
        .select_related(
            "property", "landlord", "floating_support_agency", "recorded_by_agency", "recorded_by"
        )
        .first()
    )
    if tenancy is None:
        raise Http404
    person, access = find_person(user, tenancy.person_id, memberships)
    if not access.can_see(SECTION, tenancy.recorded_by_agency_id):
        raise Http404
    write_agency = _write_agency(memberships, access, tenancy.recorded_by_agency_id)
    if write and write_agency is None:
        raise PermissionDenied
    read = TenancyRead(
        tenancy=tenancy,
        person=person,
        access=access,
        agency=acting_agency(memberships, person, tenancy.recorded_by_agency_id),
        write_agency=write_agency,
    )
    if record:
        record_tenancies_shown(user, [tenancy], agency=read.agency, route=route)
        if read.shows_name:
            record_listed(
                user, [person], channel=Channel.PAGE, route=route, memberships=memberships
            )
    return read


def visible_risks(read: TenancyRead) -> QuerySet[TenancyRisk]:
    """The tenancy's risk flags the user may see (each carries the agency that recorded it:
    a sanction is the DWP's record)."""
    return read.access.filter_records(
        TenancyRisk.objects.filter(tenancy=read.tenancy), SECTION
    ).select_related("recorded_by_agency")


def get_risk_for_user(read: TenancyRead, risk_id: UUID) -> TenancyRisk:
    risk = visible_risks(read).filter(pk=risk_id).first()
    if risk is None:
        raise Http404
    return risk


def record_tenancies_shown(
    user: User,
    tenancies: Iterable[Tenancy],
    *,
    agency: Agency | None,
    route: str,
    channel: str = Channel.PAGE,
) -> None:
    """One housing history event per tenancy shown (one INSERT)."""
    record_accesses(
        access_event(
            user,
            channel=channel,
            section=SECTION,
            subject_type="tenancy",
            subject_id=t.pk,
            person_id=t.person_id,
            agency=agency,
            route=route,
        )
        for t in tenancies
    )


def record_risks_shown(
    user: User, risks: Iterable[TenancyRisk], *, agency: Agency | None, route: str
) -> None:
    record_accesses(
        access_event(
            user,
            channel=Channel.PAGE,
            section=SECTION,
            subject_type="tenancy_risk",
            subject_id=r.pk,
            person_id=r.person_id,
            agency=agency,
            route=route,
        )
        for r in risks
    )


# --- One person's tenancies ----------------------------------------------------------------------
def person_tenancies(person: Person, access: PersonAccess) -> list[Tenancy]:
    """The person's tenancies the user may see, newest first, each with `open_risks`: its
    unresolved risk flags the user may see (two queries)."""
    risks = access.filter_records(
        TenancyRisk.objects.filter(resolved_on__isnull=True), SECTION
    ).order_by("noted_on")
    return list(
        access.filter_records(Tenancy.objects.filter(person=person), SECTION)
        .select_related("property", "landlord", "floating_support_agency")
        .prefetch_related(Prefetch("risks", queryset=risks, to_attr="open_risks"))
        .order_by("-started_on", "-recorded_at")
    )


# --- The sustainment list ------------------------------------------------------------------------
def sustainment_partnerships(memberships: Sequence[Membership]) -> list[Partnership]:
    found: dict[Any, Partnership] = {}
    for m in memberships:
        if m.role in SUSTAINMENT_ROLES:
            found.setdefault(m.agency.partnership_id, m.agency.partnership)
    return sorted(found.values(), key=lambda p: p.name)


@dataclass
class SustainmentQuery:
    partnership: Partnership
    at_risk: bool = False
    no_support: bool = False
    landlord: Landlord | None = None

    @property
    def is_filtered(self) -> bool:
        return self.at_risk or self.no_support or self.landlord is not None


def _flag(q: Q) -> ExpressionWrapper:
    return ExpressionWrapper(q, output_field=BooleanField())


def list_current_tenancies(
    user: User, memberships: Sequence[Membership], query: SustainmentQuery
) -> QuerySet[Tenancy]:
    """Current tenancies in the partnership whose housing history the user may see (the
    policy's `section_visible_q`), filtered as asked, newest first. Each row carries
    `shows_name` (the policy's identity filter, in the same query) and, once fetched,
    `open_risks`: its unresolved risk flags the user may see (one more query)."""
    frontline = [m for m in memberships if ROLE_SECTIONS.get(m.role)]
    signed = signed_agency_ids({m.agency_id for m in frontline}) if frontline else set()
    rows_q = section_visible_q(user, frontline, SECTION, signed=signed)
    risk_q = section_visible_q(
        user, frontline, SECTION, partnership="tenancy__partnership_id", signed=signed
    )
    # identity_visible_q, with the agreement signatures already read.
    identity_q = section_visible_q(user, frontline, Section.IDENTITY, person="pk", signed=signed)
    named = Person.objects.filter(identity_q, pk=OuterRef("person_id"))
    open_risks = TenancyRisk.objects.filter(risk_q, resolved_on__isnull=True)
    tenancies = Tenancy.objects.filter(
        rows_q,
        partnership=query.partnership,
        ended_on__isnull=True,
        person__merged_into__isnull=True,
        person__anonymised_at__isnull=True,
        person__restricted_at__isnull=True,
    ).annotate(shows_name=Exists(named))
    if query.at_risk:
        tenancies = tenancies.filter(Exists(open_risks.filter(tenancy_id=OuterRef("pk"))))
    if query.no_support:
        tenancies = tenancies.filter(floating_support=False)
    if query.landlord is not None:
        tenancies = tenancies.filter(landlord=query.landlord)
    return (
        tenancies.select_related(
            "person", "person__lead_worker", "person__recorded_by_agency", "property", "landlord",
            "floating_support_agency",
        )
        .prefetch_related(
            Prefetch("risks", queryset=open_risks.order_by("noted_on"), to_attr="open_risks")
        )
        .order_by("-started_on", "id")
    )  # fmt: skip


@dataclass
class SustainmentRow:
    tenancy: Tenancy
    shows_name: bool
    months: int
    lead_worker_name: str
    lead_agency_name: str
    risk_labels: list[str] = field(default_factory=list)


def record_rows_shown(
    user: User,
    rows: Sequence[SustainmentRow],
    *,
    memberships: Sequence[Membership],
    route: str,
) -> None:
    """The list's access log: a housing history event per row, an identity event per name."""
    record_listed(
        user,
        [row.tenancy.person for row in rows if row.shows_name],
        channel=Channel.PAGE,
        route=route,
        memberships=memberships,
    )
    mine = {m.agency_id: m.agency for m in memberships}
    record_accesses(
        access_event(
            user,
            channel=Channel.PAGE,
            section=SECTION,
            subject_type="tenancy",
            subject_id=row.tenancy.pk,
            person_id=row.tenancy.person_id,
            agency=mine.get(row.tenancy.recorded_by_agency_id)
            or acting_agency(memberships, row.tenancy.person),
            route=route,
        )
        for row in rows
    )
