"""Shared fixtures: a small world of two partnerships and one logged-in client per role.

Every persona signs in with a TOTP second factor, as real staff must.
"""

import pytest
from django.test import Client

from waypost.accounts.models import Role, User
from waypost.testing.personas import (
    ROLE_HOMES,
    World,
    make_user,
    make_world,
    mark_recently_authenticated,
)

pytest_plugins = ["waypost.testing.browser"]


@pytest.fixture
def world(db) -> World:
    return make_world()


@pytest.fixture(autouse=True)
def _reference_data_after_flush(request):
    """A transactional test (a browser test's live server) ends by emptying every table, the
    rows data migrations wrote included: Waypost's service categories and the bank holidays
    are put back before each such test."""
    names = request.fixturenames
    if "transactional_db" not in names and "live_server" not in names:
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps

    from waypost.directory.bank_holidays import seed_bank_holidays
    from waypost.directory.terms import sync_waypost_taxonomies

    sync_waypost_taxonomies()
    seed_bank_holidays(apps)


def _persona(world: World, role: str) -> User:
    agency = getattr(world, ROLE_HOMES[role])
    return make_user(f"{role.replace('_', '.')}@coventry.test", agency=agency, role=role)


@pytest.fixture
def admin_user(world):
    """Partnership admin at Coventry Housing Options: invites staff and manages memberships."""
    return _persona(world, Role.PARTNERSHIP_ADMIN)


@pytest.fixture
def coordinator_user(world):
    """Rough sleeper coordinator at Coventry Housing Options."""
    return _persona(world, Role.COORDINATOR)


@pytest.fixture
def caseworker_user(world):
    """Caseworker at Coventry Housing Options."""
    return _persona(world, Role.CASEWORKER)


@pytest.fixture
def outreach_user(world):
    """Outreach worker at Coventry Outreach, often on a phone at night."""
    return _persona(world, Role.OUTREACH_WORKER)


@pytest.fixture
def referrer_user(world):
    """Discharge nurse at University Hospital Coventry who sends referrals."""
    return _persona(world, Role.REFERRER)


@pytest.fixture
def commissioner_user(world):
    """Commissioner: aggregate figures only, never personal data."""
    return _persona(world, Role.COMMISSIONER)


@pytest.fixture
def dpo_user(world):
    """Data protection officer at Coventry Housing Options."""
    return _persona(world, Role.DPO)


@pytest.fixture
def provider_user(world):
    """Accommodation provider at Coventry Night Shelter: keeps its own beds' vacancies."""
    return _persona(world, Role.PROVIDER)


@pytest.fixture
def birmingham_admin_user(world):
    """Partnership admin in the other partnership (Birmingham)."""
    return make_user(
        "admin@birmingham.test", agency=world.brum_council, role=Role.PARTNERSHIP_ADMIN
    )


def _client_for(user: User) -> Client:
    """A client signed in as `user` just now, with password and TOTP (as allauth records it)."""
    client = Client()
    client.force_login(user)
    mark_recently_authenticated(client, user)
    return client


@pytest.fixture
def admin_client(admin_user):  # noqa: F811  (shadows pytest-django's superuser admin_client)
    return _client_for(admin_user)


@pytest.fixture
def coordinator_client(coordinator_user):
    return _client_for(coordinator_user)


@pytest.fixture
def caseworker_client(caseworker_user):
    return _client_for(caseworker_user)


@pytest.fixture
def outreach_client(outreach_user):
    return _client_for(outreach_user)


@pytest.fixture
def referrer_client(referrer_user):
    return _client_for(referrer_user)


@pytest.fixture
def commissioner_client(commissioner_user):
    return _client_for(commissioner_user)


@pytest.fixture
def dpo_client(dpo_user):
    return _client_for(dpo_user)


@pytest.fixture
def provider_client(provider_user):
    return _client_for(provider_user)


@pytest.fixture
def regional_user(world):
    """Combined authority officer: sees the region's partnerships side by side, figures only."""
    return _persona(world, Role.REGIONAL)


@pytest.fixture
def regional_client(regional_user):
    return _client_for(regional_user)


@pytest.fixture
def birmingham_admin_client(birmingham_admin_user):
    return _client_for(birmingham_admin_user)
