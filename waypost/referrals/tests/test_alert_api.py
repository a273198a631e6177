"""POST /api/v1/alerts/: the same alert from another app. Public and limited per address;
oversized, malformed and invalid input is refused in the API's one JSON error shape."""

import json
from datetime import date, timedelta

import yaml

from waypost.accounts.models import ApiToken
from waypost.referrals.models import Alert, AlertStatus

URL = "/api/v1/alerts/"


def _alert(**overrides):
    body = {
        "street": "Hertford Street",
        "postcode": "cv1 1la",
        "town": "Coventry",
        "location_description": "In the doorway of the bank opposite the bus stop",
        "seen_on": str(date.today()),
        "seen_time": "early_morning",
        "how_often": "regularly",
        "appearance": "Man in a green coat with a blue sleeping bag",
        "age_range": "36_50",
        "gender": "man",
        "alerter_type": "agency",
        "alerter_email": "alerter@example.com",
        "wants_feedback": True,
        "latitude": 52.4081234,
        "longitude": -1.51,
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


def _post(client, body, **extra):
    return client.post(URL, json.dumps(body), content_type="application/json", **extra)


def _errors(response):
    body = response.json()
    assert body["type"] in ("validation_error", "client_error")
    return {e["attr"]: e["detail"] for e in body["errors"]}


def test_an_app_sends_an_alert_and_gets_a_reference(client, areas, world):
    response = _post(client, _alert())
    assert response.status_code == 201
    alert = Alert.objects.get()
    body = response.json()
    assert body == {
        "reference": alert.display_reference,
        "status": "waiting",
        "status_url": f"http://testserver/alerts/status/{alert.reference}/",
        "received_at": body["received_at"],
        "outcome_due_on": str(alert.due_on),
    }
    assert response["Location"] == f"/alerts/status/{alert.reference}/"
    assert alert.partnership == world.coventry
    assert alert.source == "api"
    assert alert.sent_by is None
    assert alert.postcode == "CV1 1LA"
    assert str(alert.latitude) == "52.40812"
    assert alert.alerter_email == "alerter@example.com"


def test_an_alert_no_area_covers_says_so(client, areas):
    response = _post(client, _alert(postcode="LS1 4AP", town="Leeds"))
    assert response.status_code == 201
    assert response.json()["status"] == "out_of_area"
    assert Alert.objects.get().status == AlertStatus.OUT_OF_AREA


def test_a_partner_systems_token_is_recorded_as_the_sender(client, areas, outreach_user):
    raw, hashed = ApiToken.new_token()
    ApiToken.objects.create(
        user=outreach_user, name="App", prefix=raw[:8], token_hash=hashed,
        expires_at=ApiToken.default_expiry(),
    )  # fmt: skip
    response = _post(client, _alert(), HTTP_AUTHORIZATION=f"Token {raw}")
    assert response.status_code == 201
    assert Alert.objects.get().sent_by == outreach_user


def test_a_bad_token_is_refused_rather_than_ignored(client, areas):
    response = _post(client, _alert(), HTTP_AUTHORIZATION="Token wp_not-a-real-token")
    assert response.status_code == 401
    assert not Alert.objects.exists()


def test_missing_and_invalid_fields_are_named(client, db):
    response = _post(
        client,
        _alert(
            location_description=None,
            seen_time="midnight",
            postcode="XYZ",
            seen_on=str(date.today() + timedelta(days=2)),
            latitude=123,
        ),
    )
    assert response.status_code == 400
    errors = _errors(response)
    assert set(errors) >= {"location_description", "seen_time", "postcode", "seen_on", "latitude"}
    assert errors["postcode"] == "Send a UK postcode, like CV1 2AB, or leave it out."
    assert not Alert.objects.exists()


def test_cross_field_rules_are_checked(client, db):
    errors = _errors(_post(client, _alert(postcode="", town="")))
    assert errors == {"town": "Send the town or area, or the postcode."}
    errors = _errors(_post(client, _alert(alerter_email="")))
    assert "alerter_email" in errors
    errors = _errors(_post(client, _alert(wants_feedback=False)))
    assert "wants_feedback" in errors
    errors = _errors(_post(client, _alert(longitude=None)))
    assert "longitude" in errors


def test_unknown_fields_are_refused(client, db):
    response = _post(client, _alert(description="typo for location_description"))
    assert response.status_code == 400
    assert _errors(response) == {"description": "This field is not part of an alert."}


def test_malformed_json_and_other_shapes_are_refused(client, db):
    response = client.post(URL, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "parse_error"
    response = _post(client, [_alert()])
    assert response.status_code == 400
    assert "one alert as a JSON object" in json.dumps(response.json())
    response = client.post(URL, {"street": "x"})  # a form post, not JSON
    assert response.status_code == 415
    assert response.json()["errors"][0]["code"] == "unsupported_media_type"
    assert not Alert.objects.exists()


def test_an_oversized_body_is_refused_with_413(client, db):
    response = _post(client, _alert(concerns="x" * 70_000))
    assert response.status_code == 413
    assert response.json() == {
        "type": "client_error",
        "errors": [
            {
                "code": "request_too_large",
                "detail": "The request body is larger than 64 KB. "
                "Keep each field within its maximum length.",
                "attr": None,
            }
        ],
    }
    assert not Alert.objects.exists()


def test_overlong_fields_are_refused_by_name(client, db):
    errors = _errors(_post(client, _alert(appearance="x" * 1001)))
    assert "appearance" in errors


def test_calls_without_a_token_are_limited_per_address(client, areas, monkeypatch):
    from waypost.referrals.ratelimit import PublicApiThrottle

    # The rate comes from API_ANON_RATE (settings.REST_FRAMEWORK); 2 a minute here.
    assert PublicApiThrottle.scope == "anon"
    monkeypatch.setattr(PublicApiThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    assert _post(client, _alert()).status_code == 201
    assert _post(client, _alert()).status_code == 201
    response = _post(client, _alert())
    assert response.status_code == 429
    assert response.json()["errors"][0]["code"] == "throttled"
    assert "Retry-After" in response
    assert Alert.objects.count() == 2


def test_the_endpoint_is_in_the_openapi_schema(client, db):
    schema = yaml.safe_load(client.get("/api/schema/").content)
    operation = schema["paths"]["/api/v1/alerts/"]["post"]
    assert {"201", "400", "413", "429"} <= set(operation["responses"])


def test_only_post_is_allowed(client, db):
    response = client.get(URL)
    assert response.status_code == 405
    assert response.json()["errors"][0]["code"] == "method_not_allowed"


def test_a_partner_system_retrying_with_the_same_key_sends_the_alert_once(
    client, areas, outreach_user
):
    raw, hashed = ApiToken.new_token()
    ApiToken.objects.create(
        user=outreach_user, name="App", prefix=raw[:8], token_hash=hashed,
        expires_at=ApiToken.default_expiry(),
    )  # fmt: skip
    headers = {"HTTP_AUTHORIZATION": f"Token {raw}", "HTTP_IDEMPOTENCY_KEY": "alert-123"}
    first = _post(client, _alert(), **headers)
    again = _post(client, _alert(), **headers)
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json()["reference"] == first.json()["reference"]
    assert Alert.objects.count() == 1
    other = _post(client, _alert(street="Another Street"), **headers)
    assert other.status_code == 422
