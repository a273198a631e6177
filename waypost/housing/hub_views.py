"""/housing/: the accommodation hub, listing the accommodation pages the user's roles can use."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from waypost.accounts.models import AgencyType, Role
from waypost.lib.hubs import HubLink, ShownLink, links_for

CASE_STAFF = frozenset({Role.COORDINATOR, Role.CASEWORKER, Role.OUTREACH_WORKER})
PROVIDERS = frozenset({Role.PROVIDER})
FIGURES = frozenset({Role.COORDINATOR, Role.COMMISSIONER, Role.PARTNERSHIP_ADMIN})
MANAGERS = frozenset({Role.COORDINATOR, Role.PARTNERSHIP_ADMIN})

LINKS = (
    HubLink(
        "Vacancy board",
        "housing:board",
        "Free beds now, and when each provider last updated them.",
        CASE_STAFF | PROVIDERS,
    ),
    HubLink(
        "Room for all",
        "housing:room_for_all",
        "Tonight's and the weekend's beds against the people who need one.",
        CASE_STAFF | FIGURES,
    ),
    HubLink(
        "Accommodation register",
        "housing:register",
        "Providers, schemes and beds, and what each suits.",
        CASE_STAFF | MANAGERS,
    ),
    HubLink(
        "Housing First",
        "housing:hf_pipeline",
        "Referral to tenancy, the time at each stage, and the plan's target.",
        CASE_STAFF | FIGURES,
    ),
    HubLink(
        "Tenancy sustainment",
        "housing:tenancies",
        "Tenancies, the risks to them and the support in place.",
        frozenset({Role.COORDINATOR, Role.CASEWORKER}),
    ),
    HubLink(
        "Landlords",
        "housing:landlords",
        "Landlords, their homes, agreements and incentives paid.",
        frozenset({Role.COORDINATOR, Role.CASEWORKER, Role.PARTNERSHIP_ADMIN}),
    ),
    HubLink(
        "Accommodation settings",
        "housing:settings",
        "The Housing First target and how room for all expects new people.",
        MANAGERS,
    ),
)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    links = links_for(LINKS, (m.role for m in request.memberships))
    # JobCentre staff tell a lead worker about a sanction; nothing else here is theirs.
    if any(m.agency.type == AgencyType.DWP for m in request.memberships):
        links.append(
            ShownLink(
                "Report a benefit sanction",
                reverse("housing:sanction_notify"),
                "Tell someone's lead worker that a sanction puts their tenancy at risk.",
            )
        )
    return render(request, "lib/hub.html", {"title": "Accommodation", "links": links})
