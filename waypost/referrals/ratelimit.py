"""Per-address limits on the public alert pages and API, so nobody can flood outreach's queue
or try references until one works.

Counts live in Django's cache (fixed windows). The client address is the connection's, or with
PROXY_COUNT proxies in front the address the nearest of them saw: X-Forwarded-For is only
trusted that far, otherwise anyone could dodge the limit by sending their own header.
Addresses are hashed before they become cache keys.
"""

import hashlib
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from rest_framework.throttling import AnonRateThrottle

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
    cache.add(key, 0, timeout=seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds)
        count = 1
    return count <= limit


def form_rate() -> str:
    return str(getattr(settings, "ALERTS_FORM_RATE", FORM_RATE))


def status_rate() -> str:
    return str(getattr(settings, "ALERTS_STATUS_RATE", STATUS_RATE))


class PublicApiThrottle(AnonRateThrottle):
    """DRF's anonymous throttle (rate: API_ANON_RATE) keyed on the trusted client address."""

    def get_ident(self, request: Any) -> str:
        return hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]
