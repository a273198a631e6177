"""API authentication: `Authorization: Token <token>`, acting exactly as the token's user."""

from typing import Any

from django.utils import timezone
from rest_framework import authentication, exceptions, permissions
from rest_framework.request import Request

from waypost.accounts.models import ApiToken, Membership


class ApiTokenAuthentication(authentication.TokenAuthentication):
    keyword = "Token"

    def authenticate_credentials(self, key: str) -> tuple[Any, ApiToken]:
        token = ApiToken.find_usable(key)
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed("The token is unknown, expired or revoked.")
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
