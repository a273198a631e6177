"""Every route is declared public or protected, and protected routes refuse anonymous visitors.

Adding a URL without adding it here fails this test: decide who may reach it first.
"""

import uuid

import pytest

from waypost.testing.routes import PUBLIC, ROLE, SIGNED_IN, every_route

ROUTES: dict[str, str] = {
    "pages:home": PUBLIC,  # start page when signed out
    "pages:privacy": PUBLIC,
    "pages:accessibility": PUBLIC,
    "pages:cookies": PUBLIC,
    "accounts:invitation_link": PUBLIC,  # the emailed token, moved into the session
    "accounts:accept_invitation": PUBLIC,  # needs the token in the session
    "accounts:account": SIGNED_IN,
    "accounts:sessions": SIGNED_IN,
    "accounts:token_create": SIGNED_IN,
    "accounts:token_revoke": SIGNED_IN,
    "accounts:staff": ROLE,
    "accounts:invite": ROLE,
    "accounts:invitation_revoke": ROLE,
    "accounts:staff_member": ROLE,
    "accounts:staff_sign_out": ROLE,
    "accounts:membership_add": ROLE,
    "accounts:membership_end": ROLE,
    "audit:log": ROLE,
    "audit:export": ROLE,
    "notifications:list": SIGNED_IN,
    "notifications:mark_read": SIGNED_IN,
    "api-schema": PUBLIC,
    "api-docs": PUBLIC,
    "api-me": SIGNED_IN,
    "api-notifications": SIGNED_IN,
}


def _app_routes() -> dict[str, str]:
    """Each app declares its own routes in `waypost/<app>/tests/routes*.py` (ROUTES)."""
    import importlib
    from pathlib import Path

    import waypost

    found: dict[str, str] = {}
    for path in sorted(Path(waypost.__path__[0]).glob("*/tests/routes*.py")):
        module = importlib.import_module(f"waypost.{path.parts[-3]}.tests.{path.stem}")
        found.update(module.ROUTES)
    return found


ROUTES.update(_app_routes())

# allauth's own views (sign-in, MFA, password reset) guard themselves.
THIRD_PARTY_PREFIXES = ("accounts/",)


def _ours():
    for route in every_route():
        if route.pattern.startswith(THIRD_PARTY_PREFIXES) or route.pattern.startswith("^api/"):
            continue
        yield route.name, route.pattern


def test_every_route_is_declared():
    undeclared = sorted(f"{name} ({route})" for name, route in _ours() if name not in ROUTES)
    assert not undeclared, f"Declare who may reach these routes: {undeclared}"


def test_no_declared_route_is_stale():
    names = {name for name, _ in _ours()}
    assert not set(ROUTES) - names


def _example_path(name):
    """The route with a random UUID (or "x") for each parameter."""
    from django.urls import reverse

    route = next(route for route_name, route in _ours() if route_name == name)
    kwargs = {}
    for part in route.split("<")[1:]:
        converter, _, key = part.split(">")[0].rpartition(":")
        kwargs[key] = uuid.uuid4() if converter == "uuid" else "x"
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("name", [n for n, kind in ROUTES.items() if kind != PUBLIC])
def test_protected_routes_refuse_anonymous_visitors(client, db, name):
    path = _example_path(name)
    for method in ("get", "post"):
        response = getattr(client, method)(path)
        if response.status_code == 405:  # a POST-only action refuses GET outright
            continue
        if path.startswith("/api/"):
            assert response.status_code in (401, 403), (method, path)
        else:
            assert response.status_code == 302, (method, path)
            assert response.url.startswith("/accounts/login/")
