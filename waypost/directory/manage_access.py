"""Who keeps which directory entries: the only door for the manage pages' reads.

Coordinators and partnership admins keep every organisation, service, place and area of their
partnership. Any other active member of an agency (caseworker, outreach worker, referrer,
accommodation provider...) keeps the services and places of the organisation linked to their own
agency (`Organization.agency`). Commissioners and data protection officers keep nothing.

The directory holds nothing about the people who use services, so reading it is not logged as
an access event; changes are (django-auditlog). A record the user may not change answers 404,
whether it does not exist or belongs to another agency or partnership.
"""

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from waypost.accounts.models import Agency, Membership, Partnership, Role
from waypost.directory.models import (
    STALE_AFTER_DAYS,
    Area,
    Closure,
    Location,
    Organization,
    Service,
    ServiceStatus,
)

if TYPE_CHECKING:
    from waypost.accounts.models import User

# Keep every entry of their partnership, add organisations and areas.
MANAGER_ROLES = (Role.COORDINATOR, Role.PARTNERSHIP_ADMIN)
# Keep their own agency's services. Commissioners and DPOs see figures and logs, not services.
KEEPER_ROLES = tuple(r for r in Role if r not in (Role.COMMISSIONER, Role.DPO))

Memberships = Sequence[Membership]


def memberships_of(user: "User", memberships: Memberships | None = None) -> list[Membership]:
    """The user's active memberships (as the request loaded them, when given)."""
    if memberships is not None:
        return list(memberships)
    return list(Membership.objects.active().filter(user=user).select_related("agency__partnership"))


# --- Who ---------------------------------------------------------------------------------------
def managed_partnership_ids(memberships: Memberships) -> set[Any]:
    """Partnerships where the user keeps everything (coordinator or partnership admin)."""
    return {m.agency.partnership_id for m in memberships if m.role in MANAGER_ROLES}


def managed_partnerships(memberships: Memberships) -> list[Partnership]:
    found = {m.agency.partnership_id: m.agency.partnership for m in memberships}
    return sorted((found[pk] for pk in managed_partnership_ids(memberships)), key=lambda p: p.name)


def own_agency_ids(memberships: Memberships) -> set[Any]:
    """Agencies whose own organisation's services the user keeps."""
    return {m.agency_id for m in memberships if m.role in KEEPER_ROLES}


def keeps_services(memberships: Memberships) -> bool:
    return bool(own_agency_ids(memberships))


def manages(memberships: Memberships) -> bool:
    return bool(managed_partnership_ids(memberships))


# --- Which records -----------------------------------------------------------------------------
def _organizations_q(memberships: Memberships, prefix: str = "") -> Q:
    """Organisations the user keeps, as a filter on `prefix` (like "organization__")."""
    partnerships = sorted(managed_partnership_ids(memberships), key=str)
    agencies = sorted(own_agency_ids(memberships), key=str)
    if not partnerships and not agencies:
        return Q(pk__in=[])
    return Q(**{f"{prefix}partnership_id__in": partnerships}) | Q(
        **{f"{prefix}agency_id__in": agencies}
    )


def editable_organizations(
    user: "User", memberships: Memberships | None = None
) -> QuerySet[Organization]:
    """Organisations whose services the user may change."""
    return Organization.objects.filter(_organizations_q(memberships_of(user, memberships)))


def editable_services(user: "User", memberships: Memberships | None = None) -> QuerySet[Service]:
    """Services the user may change: the partnership's for its coordinators and admins, their
    own agency's organisation's for its other staff."""
    mine = memberships_of(user, memberships)
    partnerships = sorted(managed_partnership_ids(mine), key=str)
    agencies = sorted(own_agency_ids(mine), key=str)
    if not partnerships and not agencies:
        return Service.objects.none()
    return Service.objects.filter(
        Q(partnership_id__in=partnerships) | Q(organization__agency_id__in=agencies)
    )


def editable_locations(user: "User", memberships: Memberships | None = None) -> QuerySet[Location]:
    """Places the user may change: any in a partnership they manage; their own organisation's."""
    mine = memberships_of(user, memberships)
    partnerships = sorted(managed_partnership_ids(mine), key=str)
    agencies = sorted(own_agency_ids(mine), key=str)
    if not partnerships and not agencies:
        return Location.objects.none()
    return Location.objects.filter(
        Q(partnership_id__in=partnerships) | Q(organization__agency_id__in=agencies)
    )


def get_service_for_edit(
    user: "User", service_id: UUID, memberships: Memberships | None = None
) -> Service:
    """A service the user may change; 404 when it does not exist or is not theirs to keep."""
    service = (
        editable_services(user, memberships)
        .filter(pk=service_id)
        .select_related("organization__agency", "partnership", "last_checked_by")
        .first()
    )
    if service is None:
        raise Http404
    return service


def get_organization_for_services(
    user: "User", organization_id: UUID, memberships: Memberships | None = None
) -> Organization:
    """An organisation the user may add services to (404 when not theirs)."""
    organization = (
        editable_organizations(user, memberships)
        .filter(pk=organization_id)
        .select_related("partnership", "agency")
        .first()
    )
    if organization is None:
        raise Http404
    return organization


def get_organization_for_manager(
    user: "User", organization_id: UUID, memberships: Memberships | None = None
) -> Organization:
    """An organisation whose own details the user may change: coordinators and partnership
    admins of its partnership only (404 otherwise)."""
    ids = managed_partnership_ids(memberships_of(user, memberships))
    organization = (
        Organization.objects.filter(pk=organization_id, partnership_id__in=ids)
        .select_related("partnership", "agency")
        .first()
    )
    if organization is None:
        raise Http404
    return organization


def get_location_for_edit(
    user: "User", location_id: UUID, memberships: Memberships | None = None
) -> Location:
    location = (
        editable_locations(user, memberships)
        .filter(pk=location_id)
        .select_related("organization", "partnership", "area")
        .prefetch_related("addresses", "accessibility")
        .first()
    )
    if location is None:
        raise Http404
    return location


def get_closure_for_edit(
    user: "User", service: Service, closure_id: str, memberships: Memberships | None = None
) -> Closure:
    """A closure of `service`, which the user keeps (404 otherwise, or for an id that is not
    a number)."""
    if not str(closure_id).isdigit():
        raise Http404
    services = editable_services(user, memberships).filter(pk=service.pk)
    closure = (
        Closure.objects.filter(pk=int(closure_id), service__in=services)
        .select_related("service")
        .first()
    )
    if closure is None:
        raise Http404
    return closure


def managed_areas(user: "User", memberships: Memberships | None = None) -> QuerySet[Area]:
    ids = managed_partnership_ids(memberships_of(user, memberships))
    return Area.objects.filter(partnership_id__in=sorted(ids, key=str))


def get_area_for_edit(user: "User", area_id: UUID, memberships: Memberships | None = None) -> Area:
    """An area the user may rename or remove: their partnership's, as coordinator or admin."""
    area = managed_areas(user, memberships).filter(pk=area_id).select_related("partnership").first()
    if area is None:
        raise Http404
    return area


def linkable_agencies(partnership: Partnership, organization: Organization | None) -> list[Agency]:
    """The partnership's active agencies free to be linked to an organisation (each agency
    keeps at most one), with the organisation's own agency."""
    agencies = Agency.objects.filter(partnership=partnership, is_active=True).filter(
        Q(directory_organization__isnull=True)
        | Q(directory_organization=organization.pk if organization else None)
    )
    found = list(agencies.order_by("name"))
    if organization is not None and organization.agency and organization.agency not in found:
        found.append(organization.agency)
    return found


# --- For actions (memberships not loaded) ------------------------------------------------------
def user_may_edit_service(user: "User", service: Service) -> bool:
    return editable_services(user).filter(pk=service.pk).exists()


def user_may_add_to(user: "User", organization: Organization) -> bool:
    return editable_organizations(user).filter(pk=organization.pk).exists()


def user_manages(user: "User", partnership_id: Any) -> bool:
    return partnership_id in managed_partnership_ids(memberships_of(user))


def user_may_edit_location(user: "User", location: Location) -> bool:
    return editable_locations(user).filter(pk=location.pk).exists()


# --- Staleness ---------------------------------------------------------------------------------
def stale_before(now: datetime | None = None) -> datetime:
    """Services last checked before this moment are out of date."""
    return (now or timezone.now()) - timedelta(days=STALE_AFTER_DAYS)


def stale_q(now: datetime | None = None) -> Q:
    """Services not checked for STALE_AFTER_DAYS (closed-for-good ones need no checking)."""
    return Q(last_checked_at__lt=stale_before(now)) & ~Q(status=ServiceStatus.DEFUNCT)


def is_stale(service: Service, now: datetime | None = None) -> bool:
    return service.status != ServiceStatus.DEFUNCT and service.last_checked_at < stale_before(now)
