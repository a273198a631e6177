"""The people API: the same doors and rules as the pages, with channel "api" in the log."""

from datetime import date

import pytest
import yaml

from waypost.accounts.actions import create_api_token
from waypost.audit.models import AccessEvent, Channel, Section
from waypost.people.actions import add_note, set_lead_worker
from waypost.people.models import Identifier, Person
from waypost.testing.people import add_one_of_each, give_consent, make_person, sign_agreement_for


def _auth(user) -> dict[str, str]:
    _, raw = create_api_token(user=user, name="Partner system", by=user)
    return {"HTTP_AUTHORIZATION": f"Token {raw}"}


def test_the_list_shows_visible_people_and_logs_each(client, caseworker_user, world):
    shown = make_person(world.council, by=caseworker_user)
    make_person(world.outreach)  # not shared with the council
    response = client.get("/api/v1/people/", **_auth(caseworker_user))
    assert response.status_code == 200
    body = response.json()
    assert [p["id"] for p in body["results"]] == [str(shown.pk)]
    assert body["results"][0]["recorded_by_agency"]["name"] == "Coventry Housing Options"
    event = AccessEvent.objects.get(user=caseworker_user, person_id=shown.pk)
    assert (event.channel, event.route, event.section) == (Channel.API, "api-people", "identity")


def test_search_uses_q_and_pages(client, caseworker_user, world):
    for i in range(55):
        make_person(world.council, given_name=f"Sam{i}", family_name="Okonjo")
    make_person(world.council, given_name="Other", family_name="Person")
    auth = _auth(caseworker_user)
    first = client.get("/api/v1/people/", {"q": "Okonjo"}, **auth).json()
    assert len(first["results"]) == 50 and first["count"] == 55 and first["next"]
    assert all("Okonjo" == p["family_name"] for p in first["results"])
    assert len(client.get(first["next"], **auth).json()["results"]) == 5


def test_a_null_character_in_the_search_is_a_clear_400_not_a_server_error(
    client, caseworker_user, world
):
    """PostgreSQL stores no NUL: the search would otherwise fail inside the database."""
    response = client.get("/api/v1/people/", {"q": "Ok\x00onjo"}, **_auth(caseworker_user))
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "q"


def test_detail_shows_visible_sections_and_lists_hidden_ones_with_the_contact(
    client, outreach_user, caseworker_user, world
):
    person = make_person(world.council, by=caseworker_user)
    add_one_of_each(person, caseworker_user, world.council)
    set_lead_worker(person, lead_worker=caseworker_user, by=caseworker_user)
    sign_agreement_for(world.council, world.outreach)
    give_consent(person, caseworker_user, world.council, sections=[Section.IDENTITY])
    body = client.get(f"/api/v1/people/{person.pk}/", **_auth(outreach_user)).json()
    assert body["sections"]["identity"]["fields"]["given_name"] == "Jo"
    assert body["sections"]["identity"]["state"] == "shared"
    assert [w["text"] for w in body["warnings"]] == ["Warning 0"]
    hidden = {h["section"]: h for h in body["hidden_sections"]}
    assert "offending" in hidden  # outreach workers' role never includes it
    assert hidden["offending"]["reason"] == "role"
    assert hidden["offending"]["contact"]["lead_worker"] == "Caseworker"
    assert body["sections"]["health"] == {"state": "partial", "reason": "consent", "notes": []}
    assert "health note" not in str(body)
    sections = set(
        AccessEvent.objects.filter(user=outreach_user, channel=Channel.API).values_list(
            "section", flat=True
        )
    )
    assert sections == {Section.IDENTITY}


def test_detail_for_the_recording_agency_has_every_record_but_the_safe_address(
    client, caseworker_user, world
):
    person = make_person(world.council, by=caseworker_user)
    add_one_of_each(person, caseworker_user, world.council)
    body = client.get(f"/api/v1/people/{person.pk}/", **_auth(caseworker_user)).json()
    assert body["hidden_sections"] == []
    assert body["sections"]["contact"]["care_of_addresses"][0]["post"][0]["description"]
    assert body["sections"]["offending"]["identifiers"][0]["value"] == "A0000BC"
    assert "Refuge Road" not in str(body) and "safe_address" not in str(body)


def test_detail_is_not_found_for_those_who_may_not_know_of_the_person(
    client, outreach_user, caseworker_user, world
):
    person = make_person(world.council, by=caseworker_user)
    give_consent(person, caseworker_user, world.council)
    response = client.get(f"/api/v1/people/{person.pk}/", **_auth(outreach_user))
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"


@pytest.mark.parametrize("persona", ["commissioner_user", "dpo_user", "admin_user"])
def test_roles_without_casework_are_refused(client, request, persona, world):
    person = make_person(world.council)
    auth = _auth(request.getfixturevalue(persona))
    assert client.get("/api/v1/people/", **auth).status_code == 403
    assert client.get(f"/api/v1/people/{person.pk}/", **auth).status_code == 403
    assert client.post("/api/v1/people/", {"given_name": "A"}, **auth).status_code == 403


def test_a_merged_record_points_to_the_kept_one(client, caseworker_user, world):
    kept, merged = make_person(world.council), make_person(world.council)
    Person.objects.filter(pk=merged.pk).update(merged_into=kept)
    response = client.get(f"/api/v1/people/{merged.pk}/", **_auth(caseworker_user))
    assert response.status_code == 301
    assert response["Location"] == f"/api/v1/people/{kept.pk}/"


def test_create_records_a_person_with_identifiers(client, caseworker_user, world):
    response = client.post(
        "/api/v1/people/",
        {
            "given_name": "Robin",
            "family_name": "Ashdown",
            "birth_date_precision": "month",
            "birth_date": "1975-07-19",
            "nhs_number": "943 476 5919",
        },
        content_type="application/json",
        **_auth(caseworker_user),
    )
    assert response.status_code == 201, response.json()
    person = Person.objects.get(pk=response.json()["id"])
    assert (person.birth_date, person.recorded_by_agency) == (date(1975, 7, 1), world.council)
    assert Identifier.objects.get(person=person).value == "9434765919"
    assert AccessEvent.objects.filter(person_id=person.pk, channel=Channel.API).exists()


def test_create_refuses_a_bad_nhs_number_in_the_error_shape(client, caseworker_user, world):
    response = client.post(
        "/api/v1/people/",
        {"given_name": "Robin", "nhs_number": "943 476 5910"},
        content_type="application/json",
        **_auth(caseworker_user),
    )
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["attr"] == "nhs_number" and "not a valid NHS number" in error["detail"]
    assert not Person.objects.exists()


def test_create_offers_possible_existing_people_first(client, caseworker_user, world):
    existing = make_person(
        world.council, given_name="Robin", family_name="Ashdown", birth_date=date(1975, 7, 14)
    )
    data = {
        "given_name": "Robin",
        "family_name": "Ashdown",
        "birth_date_precision": "exact",
        "birth_date": "1975-07-14",
    }
    auth = _auth(caseworker_user)
    response = client.post("/api/v1/people/", data, content_type="application/json", **auth)
    assert response.status_code == 409
    body = response.json()
    assert body["errors"][0]["code"] == "possible_existing_person"
    candidate = body["candidates"][0]
    assert candidate["person"]["id"] == str(existing.pk)
    assert 0 < candidate["score"] <= 1 and candidate["explanation"]
    assert Person.objects.count() == 1
    assert AccessEvent.objects.filter(person_id=existing.pk, channel=Channel.API).exists()
    again = client.post(
        "/api/v1/people/", {**data, "create_anyway": True}, content_type="application/json", **auth
    )
    assert again.status_code == 201 and Person.objects.count() == 2


def test_the_schema_describes_the_people_endpoints(client):
    schema = yaml.safe_load(client.get("/api/schema/").content)
    assert {"/api/v1/people/", "/api/v1/people/{person_id}/"} <= set(schema["paths"])


def test_notes_from_another_agency_follow_consent(client, outreach_user, caseworker_user, world):
    person = make_person(world.council, by=caseworker_user)
    add_note(person, kind="support", text="Needs a GP", by=caseworker_user, agency=world.council)
    sign_agreement_for(world.council, world.outreach)
    auth = _auth(outreach_user)
    assert "Needs a GP" not in client.get(f"/api/v1/people/{person.pk}/", **auth).content.decode()
    give_consent(person, caseworker_user, world.council)
    assert "Needs a GP" in client.get(f"/api/v1/people/{person.pk}/", **auth).content.decode()
