"""/directory/: the service directory hub, listing the directory pages the user's roles can use,
the public directory of each of their partnerships, and the open data (HSDS) API."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from waypost.accounts.models import Role
from waypost.lib.hubs import HubLink, ShownLink, links_for

EVERYONE = frozenset(Role)
MANAGERS = frozenset({Role.COORDINATOR, Role.PARTNERSHIP_ADMIN})
# Commissioners and data protection officers see the directory but keep no services.
KEEPERS = EVERYONE - {Role.COMMISSIONER, Role.DPO}
FIGURES = frozenset({Role.COORDINATOR, Role.COMMISSIONER, Role.PARTNERSHIP_ADMIN})

LINKS = (
    HubLink(
        "Find a service",
        "directory:search",
        "Search the directory by need, area and opening times, with referral routes and "
        "contacts for professionals.",
        EVERYONE,
    ),
    HubLink(
        "Your services",
        "directory:manage",
        "Keep your agency's services up to date: details, opening hours, closures.",
        KEEPERS,
    ),
    HubLink(
        "Areas",
        "directory:areas",
        "The parts of the partnership's area people can search by.",
        MANAGERS,
    ),
    HubLink(
        "Printable toolkits",
        "directory:toolkit",
        "Leaflets for schools, hospitals, GP practices and JobCentres, made from the directory.",
        EVERYONE,
    ),
    HubLink(
        "Gap analysis",
        "directory:gaps",
        "Needs recorded in assessments against the services in each area.",
        FIGURES,
    ),
)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    memberships = list(request.memberships)  # type: ignore[attr-defined]
    links = links_for(LINKS, (m.role for m in memberships))
    partnerships = {m.agency.partnership for m in memberships}
    for partnership in sorted(partnerships, key=lambda p: p.name):
        links.append(
            ShownLink(
                f"The public directory for {partnership.name}",
                reverse("services:search", args=[partnership.slug]),
                "What the public sees: no sign-in, no referral routes or internal contacts.",
            )
        )
    if memberships:
        links.append(
            ShownLink(
                "Open data (Open Referral HSDS 3 API)",
                reverse("hsds-root"),
                "The directory as open data for other systems: JSON, no sign-in.",
            )
        )
    return render(request, "lib/hub.html", {"title": "Service directory", "links": links})
