"""Signed-in sessions (allauth.usersessions): recording them, describing them, ending them.

ASVS 7.4.3, 7.4.5, 7.5.2: a user sees where they are signed in and signs the other devices
out; a change to their second factor signs the other devices out; a partnership admin can sign
someone out everywhere (accounts.actions.end_all_sessions).
"""

import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from allauth.usersessions.adapter import get_adapter
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse

# How often one session's "last seen" time is written: allauth's own middleware writes on every
# request, which costs a write (and, on SQLite, the write lock) per page.
SEEN_EVERY_SECONDS = 60
_SEEN = "waypost_session_seen"


class SessionTrackingMiddleware:
    """Records the signed-in session in allauth's UserSession table: when it is first seen,
    when its address or browser changes, and at most once a minute otherwise. What was last
    recorded is kept in the session itself (saved on every request anyway), so most requests
    cost no query."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.USERSESSIONS_TRACK_ACTIVITY and request.user.is_authenticated:
            record_session(request)
        return self.get_response(request)


def record_session_at_sign_in(sender: object, *, request: HttpRequest, **kwargs: Any) -> None:
    """Every sign-in is recorded at once (allauth's own receiver sees only allauth's sign-ins,
    not accepting an invitation). A sign-in without a client address (the test client's
    force_login) is recorded on its first request instead."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and request.META.get("REMOTE_ADDR"):
        record_session(request)


def record_session(request: HttpRequest) -> None:
    """Record the signed-in session unless it was recorded under a minute ago from the same
    address and browser."""
    session = request.session
    if not session.session_key:
        session.save()
    client = _client_fingerprint(request)
    seen = session.get(_SEEN)
    if (
        isinstance(seen, dict)
        and seen.get("key") == session.session_key
        and seen.get("client") == client
        and time.time() - float(seen.get("at", 0)) < SEEN_EVERY_SECONDS
    ):
        return
    UserSession.objects.create_from_request(request)
    session[_SEEN] = {"key": session.session_key, "client": client, "at": time.time()}


def _client_fingerprint(request: HttpRequest) -> str:
    """Address and browser, hashed: the session keeps no copy of either."""
    text = f"{request.META.get('REMOTE_ADDR', '')}|{request.headers.get('x-forwarded-for', '')}"
    text += f"|{request.headers.get('user-agent', '')}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class SignedInSession:
    """One row of "Where you are signed in"."""

    device: str
    address: str
    signed_in_at: datetime
    last_seen_at: datetime
    is_this_device: bool


def sessions_of(request: HttpRequest) -> list[SignedInSession]:
    """The signed-in user's live sessions, this device first, then the most recently seen."""
    current = request.session.session_key
    rows = [
        SignedInSession(
            device=describe_device(session.user_agent),
            address=session.ip,
            signed_in_at=session.created_at,
            last_seen_at=session.last_seen_at,
            is_this_device=session.session_key == current,
        )
        for session in UserSession.objects.purge_and_list(request.user)
    ]
    return sorted(rows, key=lambda row: (not row.is_this_device, -row.last_seen_at.timestamp()))


def end_other_sessions(request: HttpRequest) -> int:
    """Sign the user out everywhere but here; return how many sessions ended."""
    others = UserSession.objects.filter(user_id=request.user.pk).exclude(
        session_key=request.session.session_key
    )
    return end_sessions(others)


def end_sessions(sessions: Iterable[UserSession]) -> int:
    """End these sessions now: their next request is signed out."""
    sessions = list(sessions)
    get_adapter().end_sessions(sessions)
    return len(sessions)


def end_other_sessions_after_mfa_change(
    sender: object, *, request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """ASVS 7.4.3: after the authenticator app is set up or removed, or recovery codes are made
    again, anyone signed in elsewhere (perhaps with the old factor) is signed out."""
    if request is None or not request.user.is_authenticated:
        return
    if end_other_sessions(request):
        messages.info(request, "For your security, you have been signed out on other devices.")


def connect_signals() -> None:
    from allauth.mfa import signals
    from django.contrib.auth.signals import user_logged_in

    user_logged_in.connect(record_session_at_sign_in, dispatch_uid="waypost-sessions-sign-in")
    for name in ("authenticator_added", "authenticator_removed", "authenticator_reset"):
        getattr(signals, name).connect(
            end_other_sessions_after_mfa_change, dispatch_uid=f"waypost-sessions-{name}"
        )


_BROWSERS = (
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("CrOS", "ChromeOS"),
    ("Mac OS X", "Mac"),
    ("Macintosh", "Mac"),
    ("Linux", "Linux"),
)


def describe_device(user_agent: str) -> str:
    """A browser's User-Agent as people say it ("Firefox on Windows"), or "Unknown device"."""
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), None)
    system = next((name for mark, name in _SYSTEMS if mark in user_agent), None)
    if browser and system:
        return f"{browser} on {system}"
    return browser or system or "Unknown device"
