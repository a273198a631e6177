"""A session ends SESSION_MAX_HOURS after signing in however busy it is (ASVS 7.3.2): the idle
timeout alone lets a session used every few minutes go on for ever."""

import time

from django.conf import settings


def _signed_in_hours_ago(client, hours: float) -> None:
    session = client.session
    at = time.time() - hours * 3600
    for method in session["account_authentication_methods"]:
        method["at"] = at
    session.save()


def test_a_session_older_than_the_limit_is_signed_out(caseworker_client):
    _signed_in_hours_ago(caseworker_client, settings.SESSION_MAX_HOURS + 0.1)
    response = caseworker_client.get("/people/")
    assert response.status_code == 302 and response.url == "/accounts/login/"
    page = caseworker_client.get(response.url).content.decode()
    assert f"You had been signed in for {settings.SESSION_MAX_HOURS} hours" in page
    assert caseworker_client.get("/people/").status_code == 302  # still signed out


def test_a_session_within_the_limit_carries_on(caseworker_client):
    _signed_in_hours_ago(caseworker_client, settings.SESSION_MAX_HOURS - 0.1)
    assert caseworker_client.get("/people/").status_code == 200


def test_re_authenticating_does_not_extend_it(caseworker_client):
    _signed_in_hours_ago(caseworker_client, settings.SESSION_MAX_HOURS + 0.1)
    session = caseworker_client.session
    session["account_authentication_methods"].append({"method": "mfa", "at": time.time()})
    session.save()
    assert caseworker_client.get("/people/").status_code == 302
