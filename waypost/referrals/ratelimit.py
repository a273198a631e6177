"""Per-address limits on the public alert pages and API, so nobody can flood outreach's queue
or try references until one works.

Counts live in Django's cache (fixed windows). The client address is the connection's, or with
PROXY_COUNT proxies in front the address the nearest of them saw: X-Forwarded-For is only
trusted that far, otherwise anyone could dodge the limit by sending their own header.
Addresses are hashed before they become cache keys. Every refusal is logged (security_log).
"""

import hashlib
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from waypost.lib import security_log

# Defaults; a deployment may set ALERTS_FORM_RATE / ALERTS_STATUS_RATE in settings.
FORM_RATE = "20/hour"
STATUS_RATE = "60/minute"
_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def client_ip(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = int(getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0) or 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return remote
    addresses = [a.strip() for a in forwarded.split(",") if a.strip()]
    return addresses[-min(proxies, len(addresses))] if addresses else remote


def parse_rate(rate: str) -> tuple[int, int]:
    """'20/hour' -> (20, 3600)."""
    count, _, period = rate.partition("/")
    return int(count), _PERIODS[period.strip()[0].lower()]


def _key(scope: str, request: HttpRequest, window: int) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client_ip(request)}".encode()).hexdigest()
    return f"waypost:ratelimit:{scope}:{digest[:32]}:{window}"


def allow(request: HttpRequest, scope: str, rate: str) -> bool:
    """Count one request from this address in `scope`; False once over `rate`."""
    limit, seconds = parse_rate(rate)
    window = int(time.time()) // seconds
    key = _key(scope, request, window)
    # incr first: on the database cache it costs half of add-then-incr, and only the window's
    # first request needs the add.
    try:
        count = cache.incr(key)
    except ValueError:  # the window's first request
        count = 1 if cache.add(key, 1, timeout=seconds) else _incr_or_restart(key, seconds)
    if count > limit:
        security_log.refused(request, reason="rate_limited", object_kind=scope)
        return False
    return True


def _incr_or_restart(key: str, seconds: int) -> int:
    """Another process added the count first; it may even have expired since."""
    try:
        return cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=seconds)
        return 1


def too_many_requests(request: HttpRequest, rate: str) -> HttpResponse:
    """The GOV.UK "Too many requests" page (429), with Retry-After: the seconds left in the
    window that `allow` counted in."""
    _, seconds = parse_rate(rate)
    response = render(request, "referrals/public/too_many.html", status=429)
    response["Retry-After"] = str(seconds - int(time.time()) % seconds)
    return response


def limited_per_address(scope: str, rate_setting: str) -> Callable[[Callable], Callable]:
    """A public view counted per address in `scope` at the rate in setting `rate_setting`
    (read on each call, so a deployment or a test can change it); over it, the 429 page."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def limited(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            rate = str(getattr(settings, rate_setting))
            if not allow(request, scope, rate):
                return too_many_requests(request, rate)
            return view(request, *args, **kwargs)

        return limited

    return decorate


def form_rate() -> str:
    return str(getattr(settings, "ALERTS_FORM_RATE", FORM_RATE))


def status_rate() -> str:
    return str(getattr(settings, "ALERTS_STATUS_RATE", STATUS_RATE))


class PublicApiThrottle(AnonRateThrottle):
    """DRF's anonymous throttle (rate: API_ANON_RATE) keyed on the trusted client address."""

    def get_ident(self, request: Any) -> str:
        return hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]


class SignedInApiThrottle(UserRateThrottle):
    """DRF's per-user throttle for the API. Its rate is API_USER_RATE, read from settings for
    each request (DRF makes a throttle per request, but its own rates are read once, at import).
    Calls without a user are not counted here: the views open to them use PublicApiThrottle."""

    def get_rate(self) -> str:
        return str(settings.API_USER_RATE)

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        if not request.user or not request.user.is_authenticated:
            return None
        return super().get_cache_key(request, view)
