"""/cases/: the case work hub, listing the case work pages the user's roles can use."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from waypost.accounts.models import Role
from waypost.lib.hubs import HubLink, links_for

CASE_STAFF = frozenset({Role.COORDINATOR, Role.CASEWORKER, Role.OUTREACH_WORKER})
BOARD = frozenset({Role.COORDINATOR, Role.COMMISSIONER, Role.PARTNERSHIP_ADMIN})
COORDINATORS = frozenset({Role.COORDINATOR})
# A referrer's agency may own actions (a ward asked to arrange a follow-up appointment).
ACTION_OWNERS = CASE_STAFF | {Role.REFERRER}

LINKS = (
    HubLink("Your actions", "cases:my_actions", "Support plan actions you own.", ACTION_OWNERS),
    HubLink(
        "Your agency’s actions",
        "cases:agency_actions",
        "Actions owned by your agency.",
        ACTION_OWNERS,
    ),
    HubLink("Overdue actions", "cases:overdue_actions", "Actions past their due date.", CASE_STAFF),
    HubLink(
        "Meetings",
        "cases:meetings",
        "Case meetings and tasking, with agendas that build themselves.",
        CASE_STAFF,
    ),
    HubLink(
        "Threshold model",
        "cases:threshold",
        "How need is scored into tiers, and who ends up in each tier.",
        BOARD,
    ),
    HubLink(
        "Enforcement",
        "cases:enforcement_list",
        "Enforcement recorded against people on the by-name list.",
        COORDINATORS,
    ),
    HubLink(
        "Deaths",
        "cases:death_list",
        "Deaths of people sleeping rough or recently homeless, and their reviews.",
        COORDINATORS,
    ),
    HubLink(
        "Learning from deaths",
        "cases:death_learning",
        "Anonymised learning summaries for the partnership board.",
        BOARD,
    ),
)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    links = links_for(LINKS, (m.role for m in request.memberships))
    return render(request, "lib/hub.html", {"title": "Case work", "links": links})
