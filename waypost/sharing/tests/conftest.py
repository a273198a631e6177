"""Sharing test fixtures: uploaded files go to a temporary MEDIA_ROOT, never var/media."""

import pytest
from django.test import Client

from waypost.accounts.models import Role
from waypost.testing.people import make_person, sign_agreement_for
from waypost.testing.personas import make_user, mark_recently_authenticated


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def signed(world):
    """Coventry's agreement, signed by the council, outreach and hospital."""
    return sign_agreement_for(world.council, world.outreach, world.hospital)


@pytest.fixture
def person(world, signed, caseworker_user):
    """Jo Bloggs, recorded by the council; no sharing permission yet."""
    return make_person(world.council, by=caseworker_user)


@pytest.fixture
def outreach_dpo(world):
    """Data protection officer at Coventry Outreach."""
    return make_user("dpo@outreach.test", agency=world.outreach, role=Role.DPO)


@pytest.fixture
def client_for():
    """A signed-in client (password and TOTP just now) for any user."""

    def make(user):
        client = Client()
        client.force_login(user)
        mark_recently_authenticated(client, user)
        return client

    return make
