"""Service navigation by role, and the demo banner."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from waypost.accounts.models import Role

# Roles that work with people's records (waypost.sharing.policy.ROLE_SECTIONS gives them sections).
FRONTLINE_ROLES = {Role.COORDINATOR, Role.CASEWORKER, Role.OUTREACH_WORKER, Role.REFERRER}


def navigation(request: HttpRequest) -> dict[str, Any]:
    roles = {m.role for m in getattr(request, "memberships", [])}
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
        items.append(("Notifications", reverse("notifications:list")))
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
        items.append(("Your account", reverse("accounts:account")))
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
