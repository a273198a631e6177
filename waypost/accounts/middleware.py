"""Per-request access gates: a session within its lifetime, active membership, and a second
factor for every account; and what the browser may keep."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from waypost.accounts.models import Membership

# Paths a signed-in user may reach before MFA is set up, or after access has ended.
_ALWAYS_ALLOWED = ("/static/", "/accounts/logout/", "/privacy/", "/accessibility/", "/cookies/")
_MFA_SETUP_ALLOWED = ("/accounts/2fa/", "/accounts/reauthenticate/", "/accounts/logout/")


class MembershipMiddleware:
    """Loads the user's active memberships on every request.

    Ending a membership (or deactivating the user) takes effect on the very next request:
    nothing is cached in the session.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.memberships = []  # type: ignore[attr-defined]
        user = request.user
        if user.is_authenticated:
            memberships = list(
                Membership.objects.active()
                .filter(user=user)
                .select_related("agency__partnership")
                .order_by("agency__partnership__name", "agency__name", "role")
            )
            request.memberships = memberships  # type: ignore[attr-defined]
            request.memberships_user_id = user.pk  # type: ignore[attr-defined]
            if not memberships and not user.is_superuser and not _allowed(request, _ALWAYS_ALLOWED):
                logout(request)
                return render(request, "accounts/access_ended.html", status=403)
        return self.get_response(request)


class SessionLifetimeMiddleware:
    """A session ends SESSION_MAX_HOURS after signing in, however busy it has been (the idle
    timeout alone would let a session used every few minutes last for ever). The sign-in time
    is the first method allauth recorded in the session; re-authenticating does not extend it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and _signed_in_too_long(request):
            logout(request)
            if not request.path.startswith("/api/"):
                messages.info(
                    request,
                    f"You had been signed in for {settings.SESSION_MAX_HOURS} hours, so you "
                    "were signed out. Sign in again to carry on.",
                )
                return redirect(reverse("account_login"))
        return self.get_response(request)


def _signed_in_too_long(request: HttpRequest) -> bool:
    methods = request.session.get("account_authentication_methods") or []
    times = [m["at"] for m in methods if isinstance(m, dict) and isinstance(m.get("at"), float)]
    return bool(times) and time.time() - min(times) > settings.SESSION_MAX_HOURS * 3600


class RequireMfaMiddleware:
    """A password-only session reaches nothing but the page that sets up the second factor."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        request.needs_mfa_setup = (  # type: ignore[attr-defined]
            user.is_authenticated and not user.may_skip_mfa and not _has_totp(user)
        )
        if request.needs_mfa_setup and not _allowed(  # type: ignore[attr-defined]
            request, _ALWAYS_ALLOWED + _MFA_SETUP_ALLOWED
        ):
            if request.path.startswith("/api/"):
                return _api_mfa_required()
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


def _allowed(request: HttpRequest, prefixes: tuple[str, ...]) -> bool:
    return request.path.startswith(prefixes)


def _has_totp(user: object) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def _api_mfa_required() -> HttpResponse:
    from django.http import JsonResponse

    return JsonResponse(
        {
            "type": "client_error",
            "errors": [
                {
                    "code": "mfa_required",
                    "detail": "Set up two-factor authentication before using the API.",
                    "attr": None,
                }
            ],
        },
        status=403,
    )


SIGN_OUT_PATH = "/accounts/logout/"


class RefuseTraceMiddleware:
    """No page answers TRACE or TRACK (ASVS 13.4.4): refused before any view runs, as function
    views otherwise answer any method."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("TRACE", "TRACK"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"])
        return self.get_response(request)


class NoStoreMiddleware:
    """Nothing Waypost answers is kept in the browser's cache (Cache-Control: no-store) unless
    the view says otherwise: on a shared computer in a ward or a day centre, Back after signing
    out must not show someone's record. Static files never reach here (WhiteNoise answers them
    first, with their own long-lived headers). Signing out clears the site's data too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        if request.method == "POST" and request.path == SIGN_OUT_PATH:
            # Signing out also empties what the browser kept of this site.
            response["Clear-Site-Data"] = '"cache", "storage"'
        return response
