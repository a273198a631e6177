"""Who may do what on a person's sharing record, and the doors to sharing records.

The decisions about what a user may *see* of a person are the access policy's
(waypost.sharing.policy). This module answers the narrower questions the sharing pages ask:
who may record consent or a lawful basis, who may restrict processing, who may break glass,
and who may download an uploaded consent form.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404

from waypost.accounts.models import Agency, Membership, Partnership, Role
from waypost.audit.models import Section
from waypost.people.access import PersonMoved, find_person
from waypost.people.models import Person
from waypost.sharing.models import BreakGlass, LawfulBasis, PermittedSection, SharingPermission
from waypost.sharing.policy import ROLE_SECTIONS, PersonAccess, signed_agency_ids

if TYPE_CHECKING:
    from waypost.accounts.models import User

# Front-line staff who meet people and may record their decision about sharing.
RECORDING_ROLES = frozenset({Role.COORDINATOR, Role.CASEWORKER, Role.OUTREACH_WORKER})
# Restriction of processing (UK GDPR Art 18) is a rights request: coordinators and DPOs.
RESTRICTING_ROLES = frozenset({Role.COORDINATOR, Role.DPO})


@dataclass
class SharingRights:
    """What one user may change on one person's sharing record, and through which agencies."""

    # Agencies the user may record sharing permission and lawful basis for.
    recording_agencies: list[Agency] = field(default_factory=list)
    can_restrict: bool = False
    # Agencies the user may break glass through (signed, front-line, not already seeing all).
    break_glass_agencies: list[Agency] = field(default_factory=list)
    sees_identity: bool = False

    @property
    def can_record(self) -> bool:
        return bool(self.recording_agencies)

    @property
    def can_break_glass(self) -> bool:
        return bool(self.break_glass_agencies)


def sharing_rights(
    memberships: Sequence[Membership], person: Person, access: PersonAccess
) -> SharingRights:
    """Decide what the user holding `memberships` may change about `person`'s sharing.

    - Record permission or lawful basis: a coordinator, caseworker or outreach worker in the
      person's partnership who can see the person's identity (the name on the record), so
      nobody records a decision for a person they cannot identify.
    - Restrict processing: a coordinator who knows the record exists, or a DPO of the
      partnership.
    - Break glass: front-line staff who know the record exists, through an agency that has an
      in-date signature, when the policy hides some of their role's sections from them and no
      break-glass is already running.
    """
    here = [m for m in memberships if m.agency.partnership_id == person.partnership_id]
    sees_identity = access.can_see(Section.IDENTITY, person.recorded_by_agency_id)
    recording = _unique_agencies(m for m in here if m.role in RECORDING_ROLES and sees_identity)
    can_restrict = any(m.role == Role.DPO for m in here) or (
        access.knows_exists and any(m.role == Role.COORDINATOR for m in here)
    )
    glass: list[Agency] = []
    if access.knows_exists and not access.break_glass_ids:
        wanting = [m for m in here if ROLE_SECTIONS.get(m.role, frozenset()) - access.shared]
        if wanting:
            signed = signed_agency_ids({m.agency_id for m in wanting})
            glass = _unique_agencies(m for m in wanting if m.agency_id in signed)
    return SharingRights(
        recording_agencies=recording,
        can_restrict=can_restrict,
        break_glass_agencies=glass,
        sees_identity=sees_identity,
    )


def _unique_agencies(memberships: Any) -> list[Agency]:
    seen: dict[Any, Agency] = {}
    for m in memberships:
        seen.setdefault(m.agency_id, m.agency)
    return sorted(seen.values(), key=lambda a: a.name)


def find_person_for_sharing(
    user: "User", person_id: UUID, memberships: Sequence[Membership]
) -> tuple[Person, PersonAccess, SharingRights]:
    """The person, the user's access and their sharing rights; 404 when the user may not
    know the record exists. A data protection officer of the person's partnership may reach
    it too (for restriction requests), though the policy shows them none of the record."""
    try:
        person, access = find_person(user, person_id, memberships)
    except Http404:
        person = _person_for_dpo(person_id, memberships)
        access = PersonAccess(person_id=person.pk)
    return person, access, sharing_rights(memberships, person, access)


def _person_for_dpo(person_id: UUID, memberships: Sequence[Membership]) -> Person:
    partnerships = {m.agency.partnership_id for m in memberships if m.role == Role.DPO}
    person = Person.objects.filter(
        pk=person_id,
        partnership_id__in=partnerships,
        anonymised_at__isnull=True,
        merged_into__isnull=True,
    ).first()
    if person is None:
        raise Http404
    return person


def require_recording_agency(rights: SharingRights) -> list[Agency]:
    """The agencies the user may record for, or 403 (they know the record exists)."""
    if not rights.recording_agencies:
        raise PermissionDenied
    return rights.recording_agencies


def current_permission(person: Person) -> SharingPermission | None:
    """The person's current sharing permission with its scope, in three queries at most."""
    return (
        SharingPermission.objects.filter(person=person, is_current=True)
        .select_related("recorded_by", "recorded_by_agency")
        .prefetch_related(
            Prefetch("sections", queryset=PermittedSection.objects.order_by("section")),
            "agencies",
        )
        .first()
    )


def current_lawful_basis(person: Person) -> LawfulBasis | None:
    return (
        LawfulBasis.objects.filter(person=person, is_current=True)
        .select_related("recorded_by", "recorded_by_agency")
        .first()
    )


def active_break_glass(user: "User", access: PersonAccess) -> BreakGlass | None:
    """The user's running break-glass for this person (the one that ends last), if any."""
    if not access.break_glass_ids:
        return None
    return (
        BreakGlass.objects.active()
        .filter(pk__in=access.break_glass_ids, user=user)
        .select_related("agency")
        .order_by("-expires_at")
        .first()
    )


def get_proforma_for_user(
    user: "User", permission_id: UUID, memberships: Sequence[Membership]
) -> SharingPermission:
    """A sharing permission whose signed consent form the user may download, or 404.

    Staff of the recording agency who can see the person's identity, and data protection
    officers of the recording agency. Everyone else, and permissions with no form, get 404.
    """
    permission = (
        SharingPermission.objects.filter(pk=permission_id)
        .exclude(proforma="")
        .select_related("person", "recorded_by_agency")
        .first()
    )
    if permission is None:
        raise Http404
    agency_id = permission.recorded_by_agency_id
    if any(m.agency_id == agency_id and m.role == Role.DPO for m in memberships):
        return permission
    if not any(m.agency_id == agency_id and ROLE_SECTIONS.get(m.role) for m in memberships):
        raise Http404
    try:
        person, access = find_person(user, permission.person_id, memberships)
    except PersonMoved as moved:
        # The form stays with the decision; whether the user may see the person now is
        # decided on the record it was merged into.
        person, access = find_person(user, moved.person_id, memberships)
    if not access.can_see(Section.IDENTITY, person.recorded_by_agency_id):
        raise Http404
    return permission


def partnerships_for(memberships: Sequence[Membership], *roles: str) -> list[Partnership]:
    seen: dict[Any, Partnership] = {}
    for m in memberships:
        if m.role in roles:
            seen.setdefault(m.agency.partnership_id, m.agency.partnership)
    return sorted(seen.values(), key=lambda p: p.name)
