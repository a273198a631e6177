"""Pages and API answers are not kept in the browser's cache, so Back after signing out on a
shared computer shows nothing of anyone's record (ASVS 14.3.2)."""

from django.http import HttpResponse
from django.test import RequestFactory

from waypost.accounts.actions import create_api_token
from waypost.accounts.middleware import NoStoreMiddleware
from waypost.testing.people import make_person


def test_a_person_page_is_not_stored(caseworker_client, world):
    person = make_person(world.council)
    response = caseworker_client.get(f"/people/{person.pk}/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_an_api_answer_is_not_stored(client, caseworker_user, world):
    person = make_person(world.council)
    _, raw = create_api_token(user=caseworker_user, name="test", by=caseworker_user)
    response = client.get(f"/api/v1/people/{person.pk}/", HTTP_AUTHORIZATION=f"Token {raw}")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_the_sign_in_page_is_not_stored(client, db):
    assert "no-store" in client.get("/accounts/login/")["Cache-Control"]


def test_a_view_that_sets_its_own_caching_keeps_it():
    middleware = NoStoreMiddleware(lambda request: _cached())
    response = middleware(RequestFactory().get("/"))
    assert response["Cache-Control"] == "public, max-age=3600"


def _cached() -> HttpResponse:
    response = HttpResponse("a public page")
    response["Cache-Control"] = "public, max-age=3600"
    return response


def test_signing_out_clears_what_the_browser_kept(caseworker_client):
    response = caseworker_client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert caseworker_client.get("/people/").status_code == 302  # signed out
