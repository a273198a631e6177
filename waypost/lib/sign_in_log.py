"""Sign-in events on the security log (ASVS 16.3.1): signed in, wrong password, locked out,
wrong authenticator code, authenticator code accepted. Connected in LibConfig.ready.

These receivers only log: what happens at sign-in (counting failures, locking out) stays with
axes and allauth. A failure names the user by id when the typed email is someone's, else by a
keyed hash of the email, so the log never holds an address someone typed.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.http import HttpRequest

from waypost.lib import security_log


def _typed_email(credentials: dict[str, Any]) -> str:
    return str(
        credentials.get("email") or credentials.get("login") or credentials.get("username") or ""
    )


def on_signed_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    security_log.event("signed_in", request, user=user)


def on_sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """Every refused password, including attempts refused because of a lockout (those also
    log `locked_out`, from axes' signal)."""
    email = _typed_email(credentials).strip()
    user = get_user_model().objects.filter(email__iexact=email).first() if email else None
    security_log.event("sign_in_failed", request, user=user, email=email, reason="password")


def on_locked_out(
    sender: Any, request: HttpRequest | None = None, username: str = "", **kwargs: Any
) -> None:
    user = get_user_model().objects.filter(email__iexact=username).first() if username else None
    security_log.event("locked_out", request, user=user, email=username, reason="failures")


def on_mfa_failed(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    again = "reauthentication" if kwargs.get("reauthentication") else "sign_in"
    security_log.event("mfa_failed", request, user=user, reason=again)


def on_mfa_passed(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    again = "reauthentication" if kwargs.get("reauthenticated") else "sign_in"
    security_log.event("mfa_passed", request, user=user, reason=again)


def connect() -> None:
    from allauth.mfa.signals import authentication_failed, authenticator_used
    from axes.signals import user_locked_out

    user_logged_in.connect(on_signed_in, dispatch_uid="waypost.security.signed_in")
    user_login_failed.connect(on_sign_in_failed, dispatch_uid="waypost.security.sign_in_failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="waypost.security.locked_out")
    authentication_failed.connect(on_mfa_failed, dispatch_uid="waypost.security.mfa_failed")
    authenticator_used.connect(on_mfa_passed, dispatch_uid="waypost.security.mfa_passed")
