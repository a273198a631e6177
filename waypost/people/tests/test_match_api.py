"""POST /api/v1/people/match/: the contract (OpenAPI, errors in the standard shape) and the
promise that a caller never gets a candidate, alias or identifier it may not see."""

from datetime import date

import pytest
import yaml
from django.test import Client

from waypost.accounts.actions import create_api_token
from waypost.audit.models import AccessEvent
from waypost.people import actions
from waypost.people.models import AliasKind, IdentifierKind
from waypost.testing.people import give_consent, make_person, sign_agreement_for

URL = "/api/v1/people/match/"
NHS = "9434765919"


def _api(user):
    _, raw = create_api_token(user=user, name="Partner system", by=user)
    return Client(HTTP_AUTHORIZATION=f"Token {raw}")


def _post(client, body):
    return client.post(URL, body, content_type="application/json")


@pytest.fixture
def jo(world):
    person = make_person(world.council, gender="woman")
    actions.add_identifier(
        person, kind=IdentifierKind.NHS_NUMBER, value=NHS, by=None, agency=world.council
    )
    actions.add_identifier(
        person, kind=IdentifierKind.SOURCE_ID, system="Old CRM", value="77-123", by=None,
        agency=world.council,
    )  # fmt: skip
    return person


def test_it_returns_ranked_candidates_with_agreements_and_visible_identifiers(jo, caseworker_user):
    response = _post(
        _api(caseworker_user),
        {"given_name": "Joe", "family_name": "Blogs", "date_of_birth": "1980-01-03",
         "gender": "woman"},
    )  # fmt: skip
    assert response.status_code == 200
    [candidate] = response.json()["candidates"]
    assert candidate["id"] == str(jo.pk)
    assert 0 < candidate["score"] <= 1
    assert candidate["agreements"] == {
        "given_name": "nickname",  # Jo and Joe: both short for Joseph
        "family_name": "similar",
        "date_of_birth": "swapped",
        "gender": "same",
        "identifiers": "missing",
    }
    assert "Date of birth: day and month swapped" in candidate["explanation"]
    assert {(i["kind"], i["value"], i["system"]) for i in candidate["identifiers"]} == {
        ("nhs_number", NHS, ""),
        ("source_id", "77-123", "Old CRM"),
    }
    assert candidate["display_name"] == "Jo Bloggs"


def test_every_candidate_returned_is_in_the_access_log(jo, caseworker_user):
    _post(_api(caseworker_user), {"given_name": "Jo", "family_name": "Bloggs"})
    event = AccessEvent.objects.get(person_id=jo.pk)
    assert (event.channel, event.section, event.user_id) == ("api", "identity", caseworker_user.pk)
    assert event.route == "api-people-match"


def test_a_year_of_birth_or_an_identifier_alone_is_enough(jo, caseworker_user):
    client = _api(caseworker_user)
    by_year = _post(client, {"given_name": "Jo", "family_name": "Bloggs", "birth_year": 1980})
    assert [c["id"] for c in by_year.json()["candidates"]] == [str(jo.pk)]
    by_id = _post(client, {"identifiers": [{"kind": "nhs_number", "value": "943 476 5919"}]})
    [candidate] = by_id.json()["candidates"]
    assert candidate["agreements"]["identifiers"] == "exact"


def test_an_agency_without_permission_never_gets_a_candidate_it_may_not_see(
    jo, world, caseworker_user, outreach_user, referrer_user
):
    exact = {
        "given_name": "Jo", "family_name": "Bloggs", "date_of_birth": "1980-03-01",
        "identifiers": [{"kind": "nhs_number", "value": NHS}],
    }  # fmt: skip
    outreach = _api(outreach_user)
    # No agreement signed: nothing, however exact the query.
    assert _post(outreach, exact).json() == {"candidates": []}
    # Signed, but Jo has not agreed to share: still nothing.
    sign_agreement_for(world.council, world.outreach, world.hospital)
    assert _post(outreach, exact).json() == {"candidates": []}
    # Jo agrees to share identity with outreach only: the hospital still gets nothing.
    give_consent(jo, by=caseworker_user, agency=world.council, agencies=[world.outreach])
    assert [c["id"] for c in _post(outreach, exact).json()["candidates"]] == [str(jo.pk)]
    assert _post(_api(referrer_user), exact).json() == {"candidates": []}
    assert not AccessEvent.objects.filter(user=referrer_user).exists()


def test_identifiers_and_aliases_the_caller_may_not_see_stay_hidden(
    jo, world, caseworker_user, outreach_user
):
    actions.add_identifier(
        jo, kind=IdentifierKind.PRISON_NUMBER, value="A1234BC", by=None, agency=world.council
    )
    actions.add_alias(
        jo, kind=AliasKind.ALIAS, given_name="Joanna", family_name="Black", by=None,
        agency=world.council,
    )  # fmt: skip
    sign_agreement_for(world.council, world.outreach)
    give_consent(jo, by=caseworker_user, agency=world.council, sections=["identity"])
    client = _api(outreach_user)

    [candidate] = _post(client, {"given_name": "Jo", "family_name": "Bloggs"}).json()["candidates"]
    kinds = {i["kind"] for i in candidate["identifiers"]}
    assert "prison_number" not in kinds and "nhs_number" in kinds
    # A prison number is offending data: it finds nobody for outreach.
    by_prison = _post(client, {"identifiers": [{"kind": "prison_number", "value": "A1234BC"}]})
    assert by_prison.json() == {"candidates": []}


def test_bad_input_is_refused_in_the_standard_error_shape(caseworker_user):
    client = _api(caseworker_user)
    empty = _post(client, {})
    assert empty.status_code == 400
    assert empty.json()["type"] == "validation_error"
    assert "at least a name" in empty.json()["errors"][0]["detail"]

    bad = _post(
        client,
        {"given_name": "Jo", "date_of_birth": "1980-13-01", "birth_year": 1700,
         "gender": "robot", "identifiers": [{"kind": "shoe_size", "value": "9"}]},
    )  # fmt: skip
    assert bad.status_code == 400
    attrs = {e["attr"] for e in bad.json()["errors"]}
    assert {"date_of_birth", "birth_year", "gender", "identifiers.0.kind"} <= attrs

    mismatch = _post(
        client, {"given_name": "Jo", "date_of_birth": "1980-03-01", "birth_year": 1981}
    )
    assert mismatch.json()["errors"][0]["attr"] == "birth_year"
    future = _post(client, {"given_name": "Jo", "date_of_birth": f"{date.today().year + 1}-01-01"})
    assert future.json()["errors"][0]["attr"] == "date_of_birth"


def test_roles_without_casework_and_anonymous_callers_are_refused(
    client, commissioner_user, dpo_user, caseworker_user
):
    body = {"given_name": "Jo"}
    assert _post(client, body).status_code == 401
    for user in (commissioner_user, dpo_user):
        response = _post(_api(user), body)
        assert response.status_code == 403
        assert response.json()["errors"][0]["code"] == "permission_denied"
    assert _api(caseworker_user).get(URL).status_code == 405


def test_the_schema_describes_the_request_and_response(client):
    schema = yaml.safe_load(client.get("/api/schema/").content)
    operation = schema["paths"][URL]["post"]
    assert operation["summary"] == "Find possible existing records of a person"
    request = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert request.endswith("/MatchRequest")
    components = schema["components"]["schemas"]
    assert set(components["MatchRequest"]["properties"]) == {
        "given_name", "family_name", "date_of_birth", "birth_year", "gender", "identifiers",
    }  # fmt: skip
    candidate = components["MatchCandidate"]["properties"]
    assert {"id", "score", "agreements", "explanation", "identifiers"} <= set(candidate)
    assert "400" in operation["responses"] and "403" in operation["responses"]
