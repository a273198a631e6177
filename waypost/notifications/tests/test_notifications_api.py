import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from waypost.notifications.actions import mark_read, notify

URL = "/api/v1/notifications/"


@pytest.fixture
def api_client(caseworker_user):
    client = APIClient()
    client.force_authenticate(caseworker_user)
    return client


def test_it_lists_only_my_notifications(api_client, caseworker_user, outreach_user):
    first = notify(caseworker_user, title="First", body="a", link="/a/")
    mark_read(first, by=caseworker_user)
    second = notify(caseworker_user, title="Second", body="b")
    notify(outreach_user, title="Not mine", body="c")

    response = api_client.get(URL)

    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["id"] for r in results] == [str(second.pk), str(first.pk)]
    assert set(results[0]) == {"id", "title", "body", "link", "created_at", "read_at"}
    assert results[0]["read_at"] is None
    assert results[1]["read_at"] is not None
    assert results[1]["link"] == "/a/"


def test_it_works_with_a_signed_in_session(caseworker_client, caseworker_user):
    notify(caseworker_user, title="Hello", body="")

    response = caseworker_client.get(URL)

    assert response.status_code == 200
    assert [r["title"] for r in response.json()["results"]] == ["Hello"]


def test_it_refuses_anonymous_callers(db):
    response = APIClient().get(URL)

    assert response.status_code in (401, 403)


def test_it_is_described_in_the_openapi_schema(db):
    schema = SchemaGenerator().get_schema(request=None, public=True)

    operation = schema["paths"]["/api/v1/notifications/"]["get"]
    assert operation["summary"] == "Your notifications"
    component = schema["components"]["schemas"]["Notification"]
    assert set(component["properties"]) == {
        "id",
        "title",
        "body",
        "link",
        "created_at",
        "read_at",
    }
