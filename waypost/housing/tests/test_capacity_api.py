"""Live bed availability as Open Referral HSDS 3.1 service_capacity objects: each answer
validates against the JSON Schema in waypost/housing/schemas/, the counts are the vacancy
board's, only emergency accommodation is published, and the public endpoint answers anyone
(rate-limited) with counts only: never a name, a person's id or a placement."""

import json
from datetime import datetime

import pytest
from django.test import override_settings
from jsonschema import Draft202012Validator, FormatChecker

from waypost.housing.board_actions import update_vacancies
from waypost.housing.capacity import (
    SCHEMA_PATH,
    capacity_for_partnership,
    capacity_id,
    scheme_capacity,
)
from waypost.housing.models import AccommodationKind, UnitStatus
from waypost.housing.placement_actions import place_person
from waypost.housing.register_actions import add_unit
from waypost.housing.tests.register_helpers import make_provider, make_scheme, unit
from waypost.testing.people import make_person

URL = "/api/v1/housing/capacity/"


def _validator():
    schema = json.loads(SCHEMA_PATH.read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def _valid(objects):
    validator = _validator()
    for found in objects:
        errors = [e.message for e in validator.iter_errors(found)]
        assert not errors, errors
        # jsonschema checks date-time only with an extra package: check it here too.
        assert datetime.fromisoformat(found["updated"]).tzinfo is not None
        assert len(found["updated"].split("T")[1].split(".")[1]) >= 3  # milliseconds


@pytest.fixture
def beds(world, caseworker_user, provider_user):
    shelter = make_provider(world.shelter)
    night = make_scheme(shelter, "Night Shelter", units=12)
    couples = make_scheme(shelter, "Station Hostel", units=2, kind=AccommodationKind.HOSTEL)
    add_unit(couples, label="Couple's room", sleeps=2, by=None)
    make_scheme(shelter, "Young People's Foyer", units=3, kind=AccommodationKind.SUPPORTED)
    make_scheme(shelter, "Closed Shelter", units=3, is_active=False)
    make_scheme(make_provider(world.brum_council, "Brum"), "Digbeth Shelter", units=5)
    night.refresh_from_db()
    statuses = {u.pk: UnitStatus.OCCUPIED for u in night.units.all()}
    for label in ("Bed 1", "Bed 2", "Bed 3"):
        statuses[unit(night, label).pk] = UnitStatus.FREE
    statuses[unit(night, "Bed 4").pk] = UnitStatus.OUT_OF_USE
    update_vacancies(night, statuses, version=night.version, by=provider_user)
    person = make_person(world.council, caseworker_user, given_name="Xanthe", family_name="Quill")
    placement = place_person(
        person, unit(couples, "Couple's room"), agency=world.council, by=caseworker_user
    )
    return {"night": night, "hostel": couples, "person": person, "placement": placement}


def test_a_schemes_capacity_validates_and_counts_places(beds):
    night = scheme_capacity(beds["night"])
    _valid([night])
    assert (night["available"], night["maximum"]) == (3, 12)
    assert night["service_id"] == str(beds["night"].pk)
    assert night["id"] == capacity_id(beds["night"].pk) == scheme_capacity(beds["night"])["id"]
    assert night["unit"]["name"] == "Bed"
    hostel = scheme_capacity(beds["hostel"])
    # Two single beds and a couple's room with one of the couple in it.
    assert (hostel["available"], hostel["maximum"]) == (3, 4)


def test_the_partnership_publishes_only_its_emergency_beds(world, beds):
    found = capacity_for_partnership(world.coventry.pk)
    _valid(found)
    assert [f["description"].split(" at ")[1].split(",")[0] for f in found] == [
        "Night Shelter",
        "Station Hostel",
    ]
    assert len(capacity_for_partnership(world.birmingham.pk)) == 1


def test_the_partnership_list_costs_one_query(world, beds, django_assert_num_queries):
    with django_assert_num_queries(1):
        capacity_for_partnership(world.coventry.pk)


def test_anyone_may_ask_and_learns_only_counts(client, world, beds):
    response = client.get(URL, {"partnership": "coventry"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    _valid(body)
    assert [(b["available"], b["maximum"]) for b in body] == [(3, 12), (3, 4)]
    text = response.content.decode()
    person, placement = beds["person"], beds["placement"]
    for secret in ("Xanthe", "Quill", str(person.pk), str(placement.pk), "Coventry Housing"):
        assert secret not in text


def test_a_partnership_must_be_named_and_exist(client, db):
    response = client.get(URL)
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "partnership"
    response = client.get(URL, {"partnership": "atlantis"})
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"
    # PostgreSQL refuses a NUL in a query: refused before the look-up (lib.null_characters).
    response = client.get(URL, {"partnership": "cov\x00entry"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "partnership"


def test_calls_without_a_token_are_limited_per_address(client, world, beds, monkeypatch):
    from waypost.referrals.ratelimit import PublicApiThrottle

    monkeypatch.setattr(PublicApiThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    assert client.get(URL, {"partnership": "coventry"}).status_code == 200
    assert client.get(URL, {"partnership": "coventry"}).status_code == 200
    response = client.get(URL, {"partnership": "coventry"})
    assert response.status_code == 429
    assert response.json()["errors"][0]["code"] == "throttled"


def test_only_get_is_allowed(client, db):
    assert client.post(URL, {"partnership": "coventry"}).status_code == 405


def test_the_endpoint_is_in_the_openapi_schema(client, db):
    import yaml

    schema = yaml.safe_load(client.get("/api/schema/").content)
    operation = schema["paths"]["/api/v1/housing/capacity/"]["get"]
    assert {"200", "400", "404", "429"} <= set(operation["responses"])
    assert operation["security"] == [{"tokenAuth": []}, {}]  # anonymous, or with a token
    assert [p["name"] for p in operation["parameters"]] == ["partnership"]


@override_settings(API_USER_RATE="2/minute")
def test_calls_with_a_token_are_limited_per_user(client, world, beds, caseworker_user):
    """A token caller is not counted by the per-address limit (DRF's anonymous throttle lets
    signed-in callers through), so the per-user limit applies here too."""
    from waypost.accounts.actions import create_api_token

    _, raw = create_api_token(user=caseworker_user, name="Partner system", by=caseworker_user)
    auth = {"HTTP_AUTHORIZATION": f"Token {raw}"}
    for _ in range(2):
        assert client.get(URL, {"partnership": "coventry"}, **auth).status_code == 200
    response = client.get(URL, {"partnership": "coventry"}, **auth)
    assert response.status_code == 429
    assert client.get(URL, {"partnership": "coventry"}).status_code == 200  # others unaffected
