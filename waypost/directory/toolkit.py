"""The printable toolkit (P1.1, P1.8, P2.3): which services each audience's leaflet lists, and
who may see and choose them.

A partnership's coordinators and partnership admins choose, for each audience (schools,
hospitals, GP practices, JobCentres), services from its running services, in the order the
leaflet lists them (`ToolkitChoice`). Every member of the partnership sees the choices and
downloads the leaflets; the public downloads them too. The leaflet itself is made in
`waypost.directory.toolkit_pdf`. Nothing here is about a person.
"""

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from waypost.accounts.models import Membership, Partnership, Role
from waypost.directory.models import (
    Audience,
    Service,
    ServiceAttribute,
    ServiceStatus,
    ToolkitChoice,
)
from waypost.directory.terms import CATEGORY_TAXONOMY, taxonomy_id

if TYPE_CHECKING:
    from waypost.accounts.models import User

CHOOSER_ROLES = (Role.COORDINATOR, Role.PARTNERSHIP_ADMIN)
OTHER_SERVICES = "Other services"

# What each leaflet is for, in a line (the staff and public lists show it).
AUDIENCE_SUMMARIES: dict[str, str] = {
    Audience.SCHOOLS: "For teachers and staff: young people, families and family breakdown.",
    Audience.HOSPITALS: "For ward, emergency and discharge staff: no one leaves hospital with "
    "nowhere to go.",
    Audience.GPS: "For practice staff: registering people with no fixed address.",
    Audience.JOBCENTRES: "For work coaches: sanctions, ID and bank accounts.",
}


# --- Who ---------------------------------------------------------------------------------------
def member_partnerships(memberships: Sequence[Membership]) -> list[Partnership]:
    """The partnerships the user works in (any role), by name."""
    found: dict[Any, Partnership] = {}
    for m in memberships:
        found.setdefault(m.agency.partnership_id, m.agency.partnership)
    return sorted(found.values(), key=lambda p: p.name)


def member_partnership(memberships: Sequence[Membership], slug: str) -> Partnership:
    """The partnership `slug` if the user works in it; 404 otherwise (missing or not theirs)."""
    for partnership in member_partnerships(memberships):
        if partnership.slug == slug:
            return partnership
    raise Http404


def may_choose(memberships: Sequence[Membership], partnership: Partnership) -> bool:
    return any(
        m.agency.partnership_id == partnership.pk and m.role in CHOOSER_ROLES for m in memberships
    )


def user_may_choose(user: "User", partnership_id: Any) -> bool:
    """`may_choose` for a user whose memberships are not loaded (actions)."""
    return (
        Membership.objects.active()
        .filter(user=user, agency__partnership_id=partnership_id, role__in=CHOOSER_ROLES)
        .exists()
    )


def audience_or_404(code: str) -> Audience:
    if code not in Audience.values:
        raise Http404
    return Audience(code)


def public_partnership(slug: str) -> Partnership:
    return get_object_or_404(Partnership, slug=slug)


# --- Which services ----------------------------------------------------------------------------
def running_services(partnership: Partnership) -> QuerySet[Service]:
    """The services that may go in a toolkit: the partnership's running ones."""
    return Service.objects.filter(partnership=partnership, status=ServiceStatus.ACTIVE)


def choices_for(partnership: Partnership, audience: str) -> list[ToolkitChoice]:
    """The audience's choices in order, each with its service (running or not)."""
    return list(
        ToolkitChoice.objects.filter(partnership=partnership, audience=audience)
        .select_related("service")
        .order_by("position", "id")
    )


def chosen_services(
    partnership: Partnership, audience: str, *, prefetch: Iterable[str] = ()
) -> list[Service]:
    """The running services chosen for `audience`, in the leaflet's order. A chosen service
    that has stopped running is left out until it runs again."""
    choices = (
        ToolkitChoice.objects.filter(
            partnership=partnership,
            audience=audience,
            service__partnership=partnership,
            service__status=ServiceStatus.ACTIVE,
        )
        .select_related("service__organization")
        .prefetch_related(*(f"service__{lookup}" for lookup in prefetch))
        .order_by("position", "id")
    )
    return [choice.service for choice in choices]


def chosen_counts(partnership: Partnership) -> dict[str, int]:
    """How many running services each audience's leaflet lists (one query)."""
    rows = (
        ToolkitChoice.objects.filter(partnership=partnership, service__status=ServiceStatus.ACTIVE)
        .values("audience")
        .annotate(n=Count("id"))
    )
    counts = {code: 0 for code in Audience.values}
    counts.update({row["audience"]: row["n"] for row in rows})
    return counts


def fingerprint(choices: Iterable[ToolkitChoice]) -> str:
    """A short digest of the choices as saved, so a save can tell when someone else has
    changed them since the form was read."""
    text = ";".join(f"{c.service_id}:{c.position}" for c in choices)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# --- The choosing form's groups ----------------------------------------------------------------
@dataclass
class Group:
    """Services under one category heading on the choosing page."""

    name: str
    services: list[Service]


def _category_prefetch() -> Prefetch:
    return Prefetch(
        "attributes",
        queryset=ServiceAttribute.objects.filter(
            taxonomy_term__taxonomy_id=taxonomy_id(CATEGORY_TAXONOMY)
        ).select_related("taxonomy_term"),
        to_attr="category_links",
    )


def services_for_choosing(partnership: Partnership) -> list[Service]:
    """The running services with their organisation and Waypost categories (two queries)."""
    return list(
        running_services(partnership)
        .select_related("organization")
        .prefetch_related(_category_prefetch())
        .order_by("name", "id")
    )


def grouped(services: Sequence[Service]) -> list[Group]:
    """Services under their first category (in the taxonomy's order); those with none last.
    Each service appears once, so each has one checkbox."""
    groups: dict[str, tuple[tuple[int, str], Group]] = {}
    for service in services:
        terms = sorted(
            (link.taxonomy_term for link in getattr(service, "category_links", [])),
            key=lambda t: (t.position, t.name),
        )
        if terms:
            key, name = (0, f"{terms[0].position:04d}"), terms[0].name
        else:
            key, name = (1, ""), OTHER_SERVICES
        groups.setdefault(name, (key, Group(name, [])))[1].services.append(service)
    return [group for _, group in sorted(groups.values(), key=lambda item: item[0])]
