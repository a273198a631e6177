"""Service navigation by role, and the demo banner."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from waypost.accounts.models import AgencyType, Role

# Roles that work with people's records (waypost.sharing.policy.ROLE_SECTIONS gives them sections).
FRONTLINE_ROLES = {
    Role.COORDINATOR,
    Role.CASEWORKER,
    Role.OUTREACH_WORKER,
    Role.REFERRER,
    Role.PROVIDER,
}


# Roles that may send a referral (waypost.referrals.referral_access.REFERRING_ROLES).
REFERRING_ROLES = {Role.REFERRER, Role.CASEWORKER, Role.OUTREACH_WORKER, Role.COORDINATOR}

# Who works cases and the street (the hubs at /street/ and /cases/ list each role's pages).
CASE_ROLES = {Role.COORDINATOR, Role.CASEWORKER, Role.OUTREACH_WORKER}
FIGURES_ROLES = {Role.COORDINATOR, Role.COMMISSIONER, Role.PARTNERSHIP_ADMIN}
STRATEGY_ROLES = FIGURES_ROLES | {Role.REGIONAL}


def _in_triage_team(memberships: Any) -> bool:
    # The rule of waypost.referrals.referral_access.triage_memberships (accounts cannot
    # import the apps above it): caseworkers and coordinators at a housing options agency.
    return any(
        m.role in {Role.CASEWORKER, Role.COORDINATOR}
        and m.agency.type == AgencyType.HOUSING_OPTIONS
        for m in memberships
    )


def navigation(request: HttpRequest) -> dict[str, Any]:
    memberships = getattr(request, "memberships", [])
    roles = {m.role for m in memberships}
    items: list[tuple[str, str]] = []
    user = getattr(request, "user", None)
    # Until the second factor is set up, every link would lead back to the set-up page.
    if (
        user is not None
        and user.is_authenticated
        and not getattr(request, "needs_mfa_setup", False)
    ):
        items.append(("Home", reverse("pages:home")))
        if roles & FRONTLINE_ROLES:
            items.append(("People", reverse("people:list")))
        if roles & {Role.COORDINATOR, Role.CASEWORKER}:
            items.append(("Possible duplicates", reverse("duplicates:list")))
        if roles & {Role.COORDINATOR, Role.OUTREACH_WORKER}:
            items.append(("Alerts", reverse("alerts:queue")))
        triage_team = _in_triage_team(memberships)
        if triage_team:
            items.append(("Referrals", reverse("referrals:queue")))
            items.append(("Your referrals", reverse("referrals:caseload")))
        elif roles & REFERRING_ROLES:
            items.append(("Referrals you sent", reverse("referrals:mine")))
        if triage_team or Role.REFERRER in roles:
            items.append(("Due out", reverse("referrals:discharge_board")))
        if roles & FIGURES_ROLES:
            items.append(("Referral figures", reverse("referrals:analysis")))
        if roles & CASE_ROLES:
            items.append(("By-name list", reverse("outreach:list")))
        if roles & (CASE_ROLES | FIGURES_ROLES):
            items.append(("Street work", reverse("outreach:home")))
        if roles & (CASE_ROLES | FIGURES_ROLES | {Role.REFERRER}):
            items.append(("Case work", reverse("cases:home")))
        # JobCentre staff reach the accommodation hub for one page: reporting a sanction.
        dwp = any(m.agency.type == AgencyType.DWP for m in memberships)
        if roles & (CASE_ROLES | FIGURES_ROLES | {Role.PROVIDER}) or dwp:
            items.append(("Accommodation", reverse("housing:home")))
        if roles & (CASE_ROLES | FIGURES_ROLES | {Role.PROVIDER}):
            items.append(("Severe weather", reverse("swep:home")))
        # Fund managers, and the staff who ask for money for people (budget holders of other
        # roles reach their approvals from the notification they are sent).
        if roles & (FIGURES_ROLES | CASE_ROLES):
            items.append(("Money", reverse("funds:home")))
        if roles & STRATEGY_ROLES:
            items.append(("Strategy", reverse("strategy:strategies")))
        # Providers return their contracts' KPIs from there.
        if roles & (STRATEGY_ROLES | {Role.PROVIDER}):
            items.append(("Reports", reverse("reporting:home")))
        # Every member: finding a service, or keeping their agency's up to date.
        items.append(("Directory", reverse("directory:home")))
        if Role.PARTNERSHIP_ADMIN in roles:
            items.append(("Staff", reverse("accounts:staff")))
            items.append(("Alert areas", reverse("alerts:areas")))
        if roles & {Role.PARTNERSHIP_ADMIN, Role.COORDINATOR, Role.DPO}:
            items.append(("Sharing agreements", reverse("sharing:agreements")))
        if Role.DPO in roles:
            items.append(("Access log", reverse("audit:log")))
            items.append(("Subject access", reverse("audit:sar_list")))
            items.append(("Break-glass reviews", reverse("sharing:break_glass_review")))
            items.append(("Retention", reverse("audit:retention")))
    path = request.path
    # The current page is the item whose address is the longest prefix of this page's.
    matches = [href for _, href in items if path == href or (href != "/" and path.startswith(href))]
    current = max(matches, key=len, default=None)
    nav = [{"text": text, "href": href, "active": href == current} for text, href in items]
    return {
        "service_navigation": nav,
        "demo_mode": settings.WAYPOST_DEMO,
        "user_roles": roles,
    }
