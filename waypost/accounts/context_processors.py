"""Service navigation by role, and the demo banner."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from waypost.accounts.models import Role


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
        items.append(("Notifications", reverse("notifications:list")))
        if Role.PARTNERSHIP_ADMIN in roles:
            items.append(("Staff", reverse("accounts:staff")))
        if Role.DPO in roles:
            items.append(("Access log", reverse("audit:log")))
        items.append(("Your account", reverse("accounts:account")))
    path = request.path
    nav = [
        {
            "text": text,
            "href": href,
            "active": path == href or (href != "/" and path.startswith(href)),
        }
        for text, href in items
    ]
    return {
        "service_navigation": nav,
        "demo_mode": settings.WAYPOST_DEMO,
        "user_roles": roles,
    }
