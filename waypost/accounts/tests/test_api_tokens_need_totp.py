"""An API token acts as its user, so it needs the user's second factor too (ASVS 6.3.4, gap
G15): the command refuses a user without TOTP, and a token made before that is refused."""

from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import CommandError, call_command
from django.test import override_settings

from waypost.accounts.actions import create_api_token
from waypost.accounts.models import Role
from waypost.testing.personas import make_user


@pytest.fixture
def new_starter(world):
    """A caseworker who has a password but has never set up an authenticator."""
    return make_user(
        "new.starter@coventry.test", agency=world.council, role=Role.CASEWORKER, totp=False
    )


def _get_me(client, raw):
    return client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {raw}")


def test_the_command_refuses_a_user_without_totp(new_starter):
    out = StringIO()
    with pytest.raises(CommandError, match="has not set up two-factor authentication"):
        call_command("create_api_token", new_starter.email, stdout=out, stderr=StringIO())
    assert out.getvalue() == ""


def test_a_token_made_before_the_rule_is_refused_with_a_clear_error(client, new_starter):
    _, raw = create_api_token(user=new_starter, name="Old token", by=new_starter)
    response = _get_me(client, raw)
    assert response.status_code == 403
    error = response.json()["errors"][0]
    assert error["code"] == "mfa_required"
    assert "two-factor authentication" in error["detail"]


def test_a_public_endpoint_refuses_such_a_token_rather_than_ignoring_it(client, new_starter):
    _, raw = create_api_token(user=new_starter, name="Old token", by=new_starter)
    response = client.get(
        "/api/v1/housing/capacity/", {"partnership": "coventry"}, HTTP_AUTHORIZATION=f"Token {raw}"
    )
    assert response.status_code == 403


def test_the_token_works_once_the_user_sets_up_totp(client, new_starter, caseworker_user):
    _, raw = create_api_token(user=new_starter, name="Old token", by=new_starter)
    assert _get_me(client, raw).status_code == 403
    Authenticator.objects.filter(user=caseworker_user).update(user=new_starter)
    assert _get_me(client, raw).status_code == 200


def test_a_demo_account_needs_no_totp_only_in_demo_mode(client, new_starter):
    new_starter.is_demo = True
    new_starter.save()
    _, raw = create_api_token(user=new_starter, name="Demo", by=new_starter)
    assert _get_me(client, raw).status_code == 403
    with override_settings(WAYPOST_DEMO=True):
        assert _get_me(client, raw).status_code == 200
        out = StringIO()
        call_command("create_api_token", new_starter.email, stdout=out, stderr=StringIO())
        assert _get_me(client, out.getvalue().strip()).status_code == 200
