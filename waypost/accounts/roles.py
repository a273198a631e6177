"""Role checks for views: who may reach which page."""

from collections.abc import Callable, Collection, Iterable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from waypost.accounts.models import Membership, Partnership, Role


def roles_of(request: HttpRequest) -> set[str]:
    return {m.role for m in getattr(request, "memberships", [])}


def memberships_with(request: HttpRequest, *roles: str) -> list[Membership]:
    return [m for m in getattr(request, "memberships", []) if m.role in roles]


def partnerships_where(request: HttpRequest, *roles: str) -> list[Partnership]:
    seen: dict[Any, Partnership] = {}
    for membership in memberships_with(request, *roles):
        seen.setdefault(membership.agency.partnership_id, membership.agency.partnership)
    return list(seen.values())


def holds_role_in(
    memberships: Iterable[Membership], partnership_id: Any, roles: Collection[str]
) -> bool:
    """Whether any of `memberships` is in one of `roles` at an agency of the partnership:
    figures pages ask it to decide who sees counts of 1 to 4."""
    return any(m.agency.partnership_id == partnership_id and m.role in roles for m in memberships)


def role_required(
    *roles: Role,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Allow the view only to users holding one of these roles in an active membership."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not roles_of(request) & set(roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
