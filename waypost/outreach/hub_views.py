"""/street/: the street work hub, listing the street work pages the user's roles can use."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from waypost.accounts.models import Role
from waypost.lib.hubs import HubLink, links_for

STREET_STAFF = frozenset({Role.COORDINATOR, Role.CASEWORKER, Role.OUTREACH_WORKER})
FIGURES = frozenset({Role.COORDINATOR, Role.COMMISSIONER, Role.PARTNERSHIP_ADMIN})
SETTINGS = frozenset({Role.COORDINATOR, Role.PARTNERSHIP_ADMIN})

LINKS = (
    HubLink(
        "Record a street contact",
        "outreach:contact_new",
        "Someone you met tonight, known or not yet identified.",
        STREET_STAFF,
    ),
    HubLink("Recent street contacts", "outreach:contacts", "Contacts you may see.", STREET_STAFF),
    HubLink(
        "Not yet identified",
        "outreach:contacts_unidentified",
        "Contacts with a description but no person yet.",
        STREET_STAFF,
    ),
    HubLink(
        "By-name list",
        "outreach:list",
        "Everyone known to be sleeping rough or at risk.",
        STREET_STAFF,
    ),
    HubLink(
        "Street counts",
        "outreach:counts",
        "The annual snapshot and monthly single-night figures.",
        STREET_STAFF | FIGURES,
    ),
    HubLink(
        "Flows",
        "outreach:flows",
        "New, continuing and returning people sleeping rough, per month.",
        FIGURES,
    ),
    HubLink("Places and hotspots", "outreach:places", "Where outreach teams go.", SETTINGS),
    HubLink(
        "By-name list settings",
        "outreach:list_settings",
        "After how many days without contact someone is flagged.",
        SETTINGS,
    ),
)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    links = links_for(LINKS, (m.role for m in request.memberships))
    return render(request, "lib/hub.html", {"title": "Street work", "links": links})
