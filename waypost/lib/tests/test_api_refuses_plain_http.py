"""In production (SECURE_SSL_REDIRECT on) the API refuses plain HTTP with 403 and a JSON error
instead of redirecting, so a partner whose token crossed the network in clear finds out
(ASVS 4.1.2). Pages are still redirected to HTTPS."""

import logging

from django.test import Client, override_settings

from waypost.accounts.actions import create_api_token

PRODUCTION = {"SECURE_SSL_REDIRECT": True}


def _token(user) -> dict[str, str]:
    _, raw = create_api_token(user=user, name="Partner system", by=user)
    return {"HTTP_AUTHORIZATION": f"Token {raw}"}


@override_settings(**PRODUCTION)
def test_a_plain_http_api_call_is_refused_not_redirected(caseworker_user, caplog):
    caplog.set_level(logging.INFO, logger="waypost.security")
    response = Client().get("/api/v1/people/", **_token(caseworker_user))
    assert response.status_code == 403
    assert "Location" not in response
    assert response.json()["errors"][0]["code"] == "https_required"
    [line] = [r for r in caplog.records if r.name == "waypost.security"]
    assert line.security["reason"] == "plain_http"
    assert "Token" not in line.getMessage()


@override_settings(**PRODUCTION)
def test_an_https_api_call_is_answered(caseworker_user):
    response = Client().get("/api/v1/people/", secure=True, **_token(caseworker_user))
    assert response.status_code == 200


@override_settings(**PRODUCTION, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_behind_the_proxy_its_forwarded_https_counts(caseworker_user):
    client = Client()
    auth = _token(caseworker_user)
    assert client.get("/api/v1/people/", HTTP_X_FORWARDED_PROTO="https", **auth).status_code == 200
    assert client.get("/api/v1/people/", HTTP_X_FORWARDED_PROTO="http", **auth).status_code == 403


@override_settings(**PRODUCTION)
def test_pages_are_still_redirected_to_https(db):
    response = Client().get("/privacy/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_without_https_switched_on_the_api_answers_plain_http(caseworker_user):
    """The demo and the tests run over plain HTTP on localhost."""
    assert Client().get("/api/v1/people/", **_token(caseworker_user)).status_code == 200
