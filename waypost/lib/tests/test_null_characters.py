"""A null character anywhere in a web address's query is a clear 400 before any view runs:
PostgreSQL cannot hold one, so a search passing it on would be a server error (G28). Pages get
the GOV.UK error page, the API its one error shape naming the parameter."""

import pytest
from django.test import Client


@pytest.mark.parametrize(
    "query",
    [{"q": "Ok\x00onjo"}, {"q\x00": "food"}, {"q": ["food", "bed\x00s"]}],
    ids=["in a value", "in a name", "in a repeated value"],
)
def test_a_public_page_answers_400_with_a_page_that_says_what_is_wrong(world, query):
    response = Client().get("/services/coventry/", query)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem with the web address" in page
    assert "Okonjo" not in page and "Ok\x00onjo" not in page


def test_a_signed_in_page_answers_400_too(caseworker_client):
    response = caseworker_client.get("/people/", {"q": "Ok\x00onjo"})
    assert response.status_code == 400
    assert "a character that Waypost cannot use" in response.content.decode()


def test_the_api_answers_in_its_error_shape_naming_the_parameter(client, world):
    response = client.get("/api/v1/housing/capacity/", {"partnership": "cov\x00entry"})
    assert response.status_code == 400
    assert response.json() == {
        "type": "validation_error",
        "errors": [
            {
                "code": "null_characters_not_allowed",
                "detail": "The web address contains a null character, which Waypost cannot use.",
                "attr": "partnership",
            }
        ],
    }


def test_an_address_without_one_is_untouched(caseworker_client):
    assert caseworker_client.get("/people/", {"q": "Okonjo"}).status_code == 200
