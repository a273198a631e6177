"""Signed-in API calls are limited per user (API_USER_RATE; ASVS 2.4.1): past the limit, 429
with Retry-After in the API's error shape, documented in the schema, and one line on the
security log. Another user is not held back by the first."""

import logging

import yaml
from django.test import Client, override_settings

from waypost.accounts.actions import create_api_token

PEOPLE = "/api/v1/people/"


def _token(user) -> dict[str, str]:
    _, raw = create_api_token(user=user, name="Partner system", by=user)
    return {"HTTP_AUTHORIZATION": f"Token {raw}"}


@override_settings(API_USER_RATE="2/minute")
def test_the_call_past_the_limit_is_refused_and_logged(caseworker_user, caplog):
    caplog.set_level(logging.INFO, logger="waypost.security")
    client, auth = Client(), _token(caseworker_user)
    for _ in range(2):
        assert client.get(PEOPLE, **auth).status_code == 200
    response = client.get(PEOPLE, **auth)
    assert response.status_code == 429
    assert response.json()["errors"][0]["code"] == "throttled"
    assert 1 <= int(response["Retry-After"]) <= 60
    [line] = [r for r in caplog.records if r.name == "waypost.security"]
    assert (line.security["reason"], line.security["user"]) == (
        "rate_limited",
        str(caseworker_user.pk),
    )


@override_settings(API_USER_RATE="2/minute")
def test_the_limit_is_per_user_not_per_address(caseworker_user, outreach_user):
    client = Client()  # both users call from the same address
    first, second = _token(caseworker_user), _token(outreach_user)
    for _ in range(2):
        client.get(PEOPLE, **first)
    assert client.get(PEOPLE, **first).status_code == 429
    assert client.get(PEOPLE, **second).status_code == 200


def test_the_429_is_in_the_schema(client, db):
    schema = yaml.safe_load(client.get("/api/schema/").content)
    assert "429" in schema["paths"]["/api/v1/people/"]["get"]["responses"]
