"""Every step of signing in leaves one line on the security log (ASVS 16.3.1), through the real
sign-in forms: a wrong password, a lockout, a wrong authenticator code, the code accepted and
the sign-in itself. Users are named by id; an email nobody has only by its keyed hash."""

import logging

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from waypost.lib.security_log import email_hash
from waypost.testing.personas import PASSWORD, totp_code_for


@pytest.fixture
def events(caplog):
    caplog.set_level(logging.INFO, logger="waypost.security")

    def lines(name: str | None = None) -> list[logging.LogRecord]:
        found = [r for r in caplog.records if r.name == "waypost.security"]
        return [r for r in found if name is None or r.security["event"] == name]

    return lines


def _password(client: Client, email: str, password: str = PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def _wrong_code(user) -> str:
    return f"{(int(totp_code_for(user)) + 500_000) % 1_000_000:06d}"


def test_a_wrong_password_logs_one_failure_by_user_id(events, caseworker_user):
    _password(Client(), caseworker_user.email, "wrong password")
    [line] = events()
    assert line.security["event"] == "sign_in_failed"
    assert line.security["user"] == str(caseworker_user.pk)
    assert len(line.security["address"]) == 16
    assert caseworker_user.email not in line.getMessage()


def test_an_unknown_email_is_logged_only_as_its_keyed_hash(events, db):
    _password(Client(), "Nobody.Here@example.test", "wrong password")
    [line] = events()
    assert line.security["user"] == "-"
    assert line.security["email"] == email_hash("nobody.here@example.test")
    assert "nobody" not in line.getMessage().lower()


def test_a_lockout_is_logged(events, caseworker_user):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _password(client, caseworker_user.email, "wrong password")
    assert _password(client, caseworker_user.email).status_code == 429
    locked = events("locked_out")
    assert locked and all(r.security["user"] == str(caseworker_user.pk) for r in locked)
    assert len(events("sign_in_failed")) == settings.AXES_FAILURE_LIMIT + 1
    assert events("signed_in") == []


def test_a_wrong_code_logs_one_failure_and_no_sign_in(events, caseworker_user):
    client = Client()
    assert _password(client, caseworker_user.email).url == reverse("mfa_authenticate")
    assert events() == []  # the password alone signs nobody in
    client.post(reverse("mfa_authenticate"), {"code": _wrong_code(caseworker_user)})
    [line] = events()
    assert (line.security["event"], line.security["user"]) == (
        "mfa_failed",
        str(caseworker_user.pk),
    )
    assert line.security["reason"] == "sign_in"
    assert line.levelno == logging.WARNING


def test_the_right_code_logs_mfa_passed_then_signed_in(events, caseworker_user):
    client = Client()
    _password(client, caseworker_user.email)
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code_for(caseworker_user)})
    assert response.status_code == 302 and response.url != reverse("mfa_authenticate")
    assert [r.security["event"] for r in events()] == ["mfa_passed", "signed_in"]
    assert {r.security["user"] for r in events()} == {str(caseworker_user.pk)}
    assert {r.levelno for r in events()} == {logging.INFO}
    assert all(caseworker_user.email not in r.getMessage() for r in events())
