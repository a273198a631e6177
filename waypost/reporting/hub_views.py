"""/reports/: the reporting hub, listing the figures pages, returns, forecasts, the strategy
and commissioned services that the user's roles can use."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from waypost.accounts.models import Role
from waypost.lib.hubs import HubLink, links_for

FIGURES = frozenset({Role.COORDINATOR, Role.COMMISSIONER, Role.PARTNERSHIP_ADMIN})
REGION = FIGURES | {Role.REGIONAL}

LINKS = (
    HubLink(
        "Partnership dashboard",
        "reporting:dashboard",
        "The by-name list, flows, rough sleeping on a single night, accommodation, Duty to "
        "Refer, discharges, SWEP, beds and Housing First for a period, with downloads.",
        FIGURES,
    ),
    HubLink(
        "Monthly return",
        "reporting:returns",
        "The Ending Rough Sleeping Data Framework indicators for a month, signed off by a "
        "coordinator, then downloaded.",
        FIGURES,
    ),
    HubLink(
        "Built for Zero figures",
        "reporting:return_bfz",
        "Monthly by-name list figures: actively homeless, inflow and outflow.",
        FIGURES,
    ),
    HubLink(
        "HMIS CSV export",
        "reporting:return_hmis",
        "A ZIP of HMIS CSV files for partners who use US-style tools (what your agency may "
        "see of each person; restricted records never).",
        frozenset({Role.COORDINATOR}),
    ),
    HubLink(
        "The current cohort",
        "reporting:cohort",
        "Who is sleeping rough now and how that has changed: age, gender, nationality, time "
        "on the street, needs and the health-needs audit.",
        FIGURES,
    ),
    HubLink(
        "Forecasts",
        "reporting:forecast",
        "Projections of new people sleeping rough and of SWEP bed demand, with how well the "
        "method would have predicted the last 12 months.",
        FIGURES,
    ),
    HubLink(
        "The region",
        "reporting:region",
        "The region's partnerships side by side (small numbers hidden), and shared practice.",
        REGION,
    ),
    HubLink(
        "Action plans",
        "strategy:strategies",
        "The strategy's commitments and actions, their progress and live measures.",
        REGION,
    ),
    HubLink(
        "Commissioned services",
        "commissioning:contracts",
        "Contracts, their KPIs and quarterly returns, and the report to the homelessness forum.",
        FIGURES | {Role.PROVIDER},
    ),
    HubLink(
        "Report to the homelessness forum",
        "commissioning:forum_report",
        "Each commissioned service against its KPIs this quarter, with the trend, as a page or "
        "PDF, and the year's summary.",
        FIGURES,
    ),
)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    roles = (m.role for m in request.memberships)  # type: ignore[attr-defined]
    return render(
        request, "lib/hub.html", {"title": "Reports and strategy", "links": links_for(LINKS, roles)}
    )
