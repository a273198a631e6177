"""API authentication: `Authorization: Token <token>`, acting exactly as the token's user."""

from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from rest_framework import authentication, exceptions, permissions, serializers
from rest_framework.request import Request

from waypost.accounts.models import Agency, ApiToken, Membership


def lacks_required_totp(user: Any) -> bool:
    """True for a user with no TOTP authenticator, unless a demo account in demo mode."""
    from allauth.mfa.models import Authenticator

    if user.may_skip_mfa:
        return False
    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class MfaRequired(exceptions.PermissionDenied):
    default_detail = (
        "This token's user has not set up two-factor authentication. Sign in to Waypost and "
        "set it up, then the token will work."
    )
    default_code = "mfa_required"


class ApiTokenAuthentication(authentication.TokenAuthentication):
    keyword = "Token"

    def authenticate_credentials(self, key: str) -> tuple[Any, ApiToken]:
        token = ApiToken.find_usable(key)
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed("The token is unknown, expired or revoked.")
        if lacks_required_totp(token.user):
            # A token acts as its user, so it needs the user's second factor too (ASVS 6.3.4):
            # this also stops tokens made before the command checked. Same answer as a
            # password-only session gets from RequireMfaMiddleware.
            raise MfaRequired()
        # Record use at most once a minute: a busy partner system should not write every call.
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token


class HasActiveMembership(permissions.BasePermission):
    """The user still works for an agency (checked on every call, like the pages)."""

    message = "Your access to Waypost has ended."

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        # A session-signed-in call already has this request's memberships from the middleware;
        # a token call's user is only known now.
        if getattr(request._request, "memberships_user_id", None) != user.pk:
            request._request.memberships = list(
                Membership.objects.active().filter(user=user).select_related("agency__partnership")
            )
        return bool(request.memberships) or user.is_superuser  # type: ignore[attr-defined]


def acting_agency(agencies: Iterable[Agency], agency_id: Any, *, acts: str) -> Agency:
    """Which of the caller's `agencies` an API write is for: the one named by `agency_id`, or
    the only one. `acts` says what they do for it ("refer", "record street contacts"), for the
    400 message."""
    by_id = {a.pk: a for a in agencies}
    if agency_id is not None:
        if agency_id not in by_id:
            raise serializers.ValidationError(
                {"agency": f"Send the id of an agency you {acts} for."}
            )
        return by_id[agency_id]
    if len(by_id) > 1:
        raise serializers.ValidationError(
            {"agency": f"You {acts} for more than one agency: send the id of the one you use."}
        )
    return next(iter(by_id.values()))
