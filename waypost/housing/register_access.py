"""Reading the accommodation register: who may see and change which providers, schemes and
units, and who is placed in a scheme's units as the access policy lets the user see.

The register itself (providers, schemes, units) is not personal data: the street and case teams
of the partnership read all of it, its coordinators and partnership admins change it, and a
provider's own staff read their own schemes. Placements are: a name is shown only where
`waypost.sharing.policy` lets the user see both the person's identity and the placement's
housing history section, decided for all of a scheme's units in one query, and every name shown
is recorded in the access log.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.http import Http404

from waypost.accounts.models import Agency, Membership, Partnership, Role
from waypost.audit.access import access_event, record_accesses
from waypost.audit.models import Section
from waypost.housing.models import Placement, Provider, Scheme, Unit
from waypost.people.section_rows import acting_agency
from waypost.sharing.policy import section_visible_q, signed_agency_ids

if TYPE_CHECKING:
    from waypost.accounts.models import User

# The street and case teams read the register; coordinators and partnership admins keep it.
CASE_ROLES = (Role.COORDINATOR, Role.CASEWORKER, Role.OUTREACH_WORKER)
READ_ROLES = (*CASE_ROLES, Role.PARTNERSHIP_ADMIN)
EDIT_ROLES = (Role.COORDINATOR, Role.PARTNERSHIP_ADMIN)
# A provider's own staff: they keep its vacancies and read its schemes.
PROVIDER_STAFF_ROLES = (Role.PROVIDER, Role.COORDINATOR, Role.CASEWORKER)


# --- Who ---------------------------------------------------------------------------------------
def partnerships_for(memberships: Sequence[Membership], roles: Iterable[str]) -> list[Partnership]:
    """The partnerships where the user holds one of `roles`, by name."""
    roles = set(roles)
    found: dict[Any, Partnership] = {}
    for m in memberships:
        if m.role in roles:
            found.setdefault(m.agency.partnership_id, m.agency.partnership)
    return sorted(found.values(), key=lambda p: p.name)


def partnership_ids(memberships: Sequence[Membership], roles: Iterable[str]) -> set[Any]:
    roles = set(roles)
    return {m.agency.partnership_id for m in memberships if m.role in roles}


def provider_agency_ids(memberships: Sequence[Membership]) -> set[Any]:
    """The agencies whose accommodation the user keeps (provider staff there)."""
    return {m.agency_id for m in memberships if m.role in PROVIDER_STAFF_ROLES}


def may_edit(memberships: Sequence[Membership], partnership_id: Any) -> bool:
    return partnership_id in partnership_ids(memberships, EDIT_ROLES)


def may_update_vacancies(memberships: Sequence[Membership], scheme: Scheme) -> bool:
    """Only the provider's own staff say which of its beds are free."""
    return scheme.provider.agency_id in provider_agency_ids(memberships)


def user_may_update_vacancies(user: "User", scheme: Scheme) -> bool:
    """`may_update_vacancies` for a user whose memberships are not loaded (actions)."""
    return (
        Membership.objects.active()
        .filter(user=user, agency_id=scheme.provider.agency_id, role__in=PROVIDER_STAFF_ROLES)
        .exists()
    )


def user_may_edit(user: "User", partnership_id: Any) -> bool:
    """`may_edit` for a user whose memberships are not loaded (actions)."""
    return (
        Membership.objects.active()
        .filter(user=user, agency__partnership_id=partnership_id, role__in=EDIT_ROLES)
        .exists()
    )


# --- Which records -----------------------------------------------------------------------------
def schemes_visible_q(memberships: Sequence[Membership], *, prefix: str = "") -> Q:
    """Schemes the user may read: their partnership's, for the street and case teams and the
    register's keepers; their own agency's, for a provider's staff."""
    readers = sorted(partnership_ids(memberships, READ_ROLES), key=str)
    own = sorted(provider_agency_ids(memberships), key=str)
    return Q(**{f"{prefix}partnership_id__in": readers}) | Q(
        **{f"{prefix}provider__agency_id__in": own}
    )


def schemes_visible_to(memberships: Sequence[Membership]) -> QuerySet[Scheme]:
    return Scheme.objects.filter(schemes_visible_q(memberships))


def get_scheme_for_user(memberships: Sequence[Membership], scheme_id: UUID) -> Scheme:
    """A scheme the user may read; 404 when it does not exist or is not theirs to see."""
    scheme = (
        schemes_visible_to(memberships)
        .filter(pk=scheme_id)
        .select_related("provider__agency", "partnership", "vacancies_updated_by")
        .first()
    )
    if scheme is None:
        raise Http404
    return scheme


def get_provider_for_editor(memberships: Sequence[Membership], provider_id: UUID) -> Provider:
    """A provider the user may change (404 for another partnership's)."""
    ids = partnership_ids(memberships, EDIT_ROLES)
    provider = (
        Provider.objects.filter(pk=provider_id, partnership_id__in=ids)
        .select_related("agency", "partnership")
        .first()
    )
    if provider is None:
        raise Http404
    return provider


def get_scheme_for_editor(memberships: Sequence[Membership], scheme_id: UUID) -> Scheme:
    ids = partnership_ids(memberships, EDIT_ROLES)
    scheme = (
        Scheme.objects.filter(pk=scheme_id, partnership_id__in=ids)
        .select_related("provider__agency", "partnership")
        .first()
    )
    if scheme is None:
        raise Http404
    return scheme


def get_unit_for_editor(memberships: Sequence[Membership], unit_id: UUID) -> Unit:
    ids = partnership_ids(memberships, EDIT_ROLES)
    unit = (
        Unit.objects.filter(pk=unit_id, scheme__partnership_id__in=ids)
        .select_related("scheme__provider", "scheme__partnership")
        .first()
    )
    if unit is None:
        raise Http404
    return unit


def agencies_for_providers(partnership: Partnership) -> QuerySet[Agency]:
    """The agencies whose staff may run a provider: the partnership's active agencies."""
    return Agency.objects.filter(partnership=partnership, is_active=True).order_by("name")


# --- Who is placed -----------------------------------------------------------------------------
@dataclass
class Occupant:
    """One current placement in a unit, as the user may see it."""

    placement: Placement
    shows_name: bool

    @property
    def name(self) -> str:
        return self.placement.person.display_name if self.shows_name else ""

    @property
    def placing_agency(self) -> str:
        return self.placement.recorded_by_agency.name


def _flag(q: Q) -> ExpressionWrapper:
    return ExpressionWrapper(q, output_field=BooleanField())


def occupants(
    user: "User", memberships: Sequence[Membership], scheme: Scheme
) -> dict[Any, list[Occupant]]:
    """The scheme's current placements by unit id, each saying whether the user may see who it
    is: the person's identity (owned by the agency that recorded the person) and the
    placement's housing history section (owned by the placing agency) must both be visible,
    and the record live and unrestricted. One query, whatever the number of units."""
    signed = signed_agency_ids({m.agency_id for m in memberships})
    identity_q = section_visible_q(
        user,
        memberships,
        Section.IDENTITY,
        owner="person__recorded_by_agency_id",
        partnership="person__partnership_id",
        signed=signed,
    )
    housing_q = section_visible_q(
        user, memberships, Section.HOUSING_HISTORY, signed=signed, partnership="partnership_id"
    )
    live = Q(
        person__merged_into__isnull=True,
        person__anonymised_at__isnull=True,
        person__restricted_at__isnull=True,
    )
    placements = (
        Placement.objects.filter(scheme=scheme, ended_on__isnull=True)
        .annotate(shows_name=_flag(identity_q & housing_q & live))
        .select_related("person", "recorded_by_agency")
        .order_by("started_on", "recorded_at")
    )
    found: dict[Any, list[Occupant]] = {}
    for placement in placements:
        shows = bool(placement.shows_name)  # type: ignore[attr-defined]
        found.setdefault(placement.unit_id, []).append(Occupant(placement, shows))
    return found


def record_occupants_shown(
    user: "User",
    memberships: Sequence[Membership],
    shown: Iterable[Occupant],
    *,
    channel: str,
    route: str,
) -> None:
    """The access log of the names shown: the person's identity and the placement (housing
    history), in one INSERT."""
    events = []
    for occupant in shown:
        if not occupant.shows_name:
            continue
        placement = occupant.placement
        person = placement.person
        for section, subject_type, subject_id, prefer in (
            (Section.IDENTITY, "person", person.pk, person.recorded_by_agency_id),
            (
                Section.HOUSING_HISTORY,
                "placement",
                placement.pk,
                placement.recorded_by_agency_id,
            ),
        ):
            events.append(
                access_event(
                    user,
                    channel=channel,
                    section=section,
                    subject_type=subject_type,
                    subject_id=subject_id,
                    person_id=person.pk,
                    agency=acting_agency(memberships, person, prefer=prefer),
                    route=route,
                )
            )
    if events:
        record_accesses(events)
