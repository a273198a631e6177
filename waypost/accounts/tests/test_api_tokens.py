"""API tokens: printed by a command, stored hashed, expire, revocable, act as their user."""

import hashlib
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from waypost.accounts.actions import create_api_token
from waypost.accounts.models import ApiToken


def _auth(raw):
    return {"HTTP_AUTHORIZATION": f"Token {raw}"}


def test_the_command_prints_a_token_that_acts_as_its_user(client, caseworker_user):
    out = StringIO()
    call_command("create_api_token", caseworker_user.email, stdout=out, stderr=StringIO())
    raw = out.getvalue().strip()
    response = client.get("/api/v1/me/", **_auth(raw))
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == caseworker_user.email
    assert [m["role"] for m in body["memberships"]] == ["caseworker"]


def test_the_command_explains_an_unknown_email(db):
    with pytest.raises(CommandError, match="No active user"):
        call_command("create_api_token", "nobody@example.org", stdout=StringIO())


def test_only_a_hash_is_stored(caseworker_user):
    token, raw = create_api_token(user=caseworker_user, name="x", by=caseworker_user)
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert not ApiToken.objects.filter(token_hash=raw).exists()


def test_expired_and_revoked_tokens_are_refused(client, caseworker_user):
    token, raw = create_api_token(user=caseworker_user, name="x", by=caseworker_user)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get("/api/v1/me/", **_auth(raw))
    assert response.status_code == 401
    assert response.json()["type"] == "client_error"

    token, raw = create_api_token(user=caseworker_user, name="y", by=caseworker_user)
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    assert client.get("/api/v1/me/", **_auth(raw)).status_code == 401


def test_a_user_creates_a_token_in_the_ui_and_sees_it_once(caseworker_client, client):
    response = caseworker_client.post(
        reverse("accounts:token_create"), {"name": "Case system", "days": "30"}
    )
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    page = response.content.decode()
    raw = page.split('<code id="api-token">')[1].split("</code>")[0]
    assert client.get("/api/v1/me/", **_auth(raw)).status_code == 200
    account = caseworker_client.get(reverse("accounts:account")).content.decode()
    assert "Case system" in account and raw not in account


def test_a_user_revokes_their_token_in_the_ui(caseworker_client, caseworker_user, client):
    token, raw = create_api_token(user=caseworker_user, name="x", by=caseworker_user)
    response = caseworker_client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    assert client.get("/api/v1/me/", **_auth(raw)).status_code == 401


def test_nobody_else_can_revoke_it(outreach_client, birmingham_admin_client, caseworker_user):
    token, _ = create_api_token(user=caseworker_user, name="x", by=caseworker_user)
    for other in (outreach_client, birmingham_admin_client):
        assert other.post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_partnership_admin_can_revoke_a_staff_members_token(admin_client, caseworker_user):
    token, _ = create_api_token(user=caseworker_user, name="x", by=caseworker_user)
    page = admin_client.get(reverse("accounts:staff_member", args=[caseworker_user.pk]))
    assert "x" in page.content.decode()
    admin_client.post(reverse("accounts:token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None
