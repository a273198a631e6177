"""The API's contract: OpenAPI 3 schema, browsable docs, one JSON error shape."""

import yaml
from openapi_spec_validator import validate


def test_the_schema_is_valid_openapi_3(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    validate(schema)
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/me/" in schema["paths"]


def test_the_docs_page_loads_without_outside_hosts(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "swagger" in page.lower()
    assert "cdn" not in page.lower()


def test_unknown_api_paths_answer_in_the_error_shape(client, caseworker_client):
    for who in (client, caseworker_client):
        response = who.get("/api/v1/no-such-thing/")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json() == {
            "type": "client_error",
            "errors": [{"code": "not_found", "detail": "Not found.", "attr": None}],
        }


def test_unauthenticated_calls_answer_in_the_error_shape(client):
    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    body = response.json()
    assert body["type"] == "client_error"
    assert body["errors"][0]["code"] == "not_authenticated"


def test_wrong_methods_answer_in_the_error_shape(caseworker_client):
    response = caseworker_client.delete("/api/v1/me/")
    assert response.status_code == 405
    assert response.json()["errors"][0]["code"] == "method_not_allowed"
