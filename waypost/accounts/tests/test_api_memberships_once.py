"""An API call loads the caller's memberships once, whichever way they signed in."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from waypost.accounts.actions import create_api_token


def _membership_queries(queries) -> int:
    return sum(1 for q in queries if 'FROM "accounts_membership"' in q["sql"])


def test_a_session_call_reuses_the_middlewares_memberships(caseworker_client):
    with CaptureQueriesContext(connection) as queries:
        assert caseworker_client.get("/api/v1/me/").status_code == 200
    assert _membership_queries(queries.captured_queries) == 1


def test_a_token_call_loads_them_for_the_tokens_user(client, caseworker_user):
    _, raw = create_api_token(user=caseworker_user, name="Partner", by=caseworker_user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {raw}")
    assert response.status_code == 200
    assert _membership_queries(queries.captured_queries) == 1
