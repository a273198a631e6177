"""The street contacts API: an outreach app records a contact as the form does, safely retried
with an Idempotency-Key and never recorded twice; bad input is refused field by field; callers
read back only the contacts the access policy lets them see, at a fixed cost in reads."""

import json
import uuid

import pytest
import yaml

from waypost.accounts.actions import create_api_token
from waypost.accounts.models import IdempotencyKey, Membership, Role
from waypost.audit.models import AccessEvent, Section
from waypost.outreach.models import ByNameEntry, ListStatus, StreetContact
from waypost.outreach.tests.contact_helpers import (
    birmingham_outreach_user,
    make_contact,
    make_place,
)
from waypost.testing.people import give_consent, make_person, sign_agreement_for

URL = "/api/v1/street-contacts/"


def _body(**overrides):
    body = {
        "description": "Man in his 40s, grey beard, red sleeping bag, has a small dog",
        "location_detail": "Doorway of the old bank",
        "bedded_down": True,
        "activities": ["begging"],
        "offered": ["accommodation", "food"],
        "accepted": ["food"],
        "notes": "Did not want a bed because of the dog.",
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


def _auth(user, key=None):
    _, raw = create_api_token(user=user, name="Outreach app", by=user)
    headers = {"HTTP_AUTHORIZATION": f"Token {raw}"}
    if key:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return headers


def _post(client, auth, body):
    return client.post(URL, json.dumps(body), content_type="application/json", **auth)


def _errors(response):
    body = response.json()
    assert body["type"] == "validation_error", body
    return {e["attr"]: e["detail"] for e in body["errors"]}


def test_an_outreach_app_records_someone_not_identified_yet(client, outreach_user, world):
    place = make_place(world.coventry)
    response = _post(
        client,
        _auth(outreach_user),
        _body(place=str(place.pk), latitude=52.408123, longitude=-1.510987),
    )
    assert response.status_code == 201, response.json()
    contact = StreetContact.objects.get()
    body = response.json()
    assert response["Location"] == f"/api/v1/street-contacts/{contact.pk}/"
    assert body["id"] == str(contact.pk)
    assert body["person"] is None
    assert body["place"] == {
        "id": str(place.pk),
        "name": "Broadgate",
        "kind": "hotspot",
        "area": "City centre",
    }
    assert body["latitude"] == 52.4081 and body["longitude"] == -1.511
    assert body["recorded_by_agency"] == {"id": str(world.outreach.pk), "name": "Coventry Outreach"}
    assert body["page_url"] == f"http://testserver/street/contacts/{contact.pk}/"
    assert contact.recorded_by == outreach_user and contact.accepted == ["food"]


def test_a_contact_with_someone_known_puts_them_on_the_list(client, outreach_user, world):
    person = make_person(world.outreach, given_name="Grace")
    response = _post(
        client,
        _auth(outreach_user),
        _body(person=str(person.pk), description=None, contacted_at="2026-01-10T23:30:00+00:00"),
    )
    assert response.status_code == 201, response.json()
    assert response.json()["person"] == {"id": str(person.pk), "display_name": "Grace Bloggs"}
    assert response.json()["contacted_at"] == "2026-01-10T23:30:00Z"
    assert ByNameEntry.objects.get(person=person).status == ListStatus.ROUGH_SLEEPING


def test_a_retry_with_the_same_idempotency_key_records_one_contact(client, outreach_user, world):
    auth = _auth(outreach_user, key="tablet-7-contact-19")
    first = _post(client, auth, _body())
    again = _post(client, auth, _body())
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert StreetContact.objects.count() == 1
    other = _post(client, auth, _body(notes="Something else"))
    assert other.status_code == 422
    assert other.json()["errors"][0]["code"] == "idempotency_key_reused"
    assert StreetContact.objects.count() == 1


def test_a_refused_contact_does_not_use_up_its_key(client, outreach_user, world):
    auth = _auth(outreach_user, key="k-1")
    assert _post(client, auth, _body(description="")).status_code == 400
    assert not IdempotencyKey.objects.exists()
    assert _post(client, auth, _body()).status_code == 201


@pytest.mark.parametrize(
    ("changes", "attr"),
    [
        ({"description": ""}, "description"),
        ({"bedded_down": None}, "bedded_down"),
        ({"accepted": ["food", "health"]}, "accepted"),
        ({"activities": ["loitering"]}, "activities.0"),
        ({"location_detail": ""}, "place"),
        ({"contacted_at": "2099-01-01T00:00:00Z"}, "contacted_at"),
        ({"latitude": 52.4}, "latitude"),
        ({"place": str(uuid.uuid4())}, "place"),
        ({"person": str(uuid.uuid4()), "description": None}, "person"),
        ({"name": "Dave"}, "name"),
    ],
)
def test_bad_input_is_refused_field_by_field(client, outreach_user, world, changes, attr):
    response = _post(client, _auth(outreach_user), _body(**changes))
    assert response.status_code == 400
    assert list(_errors(response)) == [attr]
    assert not StreetContact.objects.exists()


def test_a_person_or_place_the_caller_may_not_use_is_refused_alike(client, outreach_user, world):
    hidden = make_person(world.council)  # the council's, not shared with outreach
    brum_place = make_place(world.birmingham)
    auth = _auth(outreach_user)
    errors = _errors(_post(client, auth, _body(person=str(hidden.pk))))
    assert errors == {
        "person": "No person you can see has this id in the partnership you record for."
    }
    assert list(_errors(_post(client, auth, _body(place=str(brum_place.pk))))) == ["place"]


def test_a_worker_for_two_agencies_says_which(client, outreach_user, world):
    Membership.objects.create(user=outreach_user, agency=world.council, role=Role.CASEWORKER)
    auth = _auth(outreach_user)
    assert list(_errors(_post(client, auth, _body()))) == ["agency"]
    assert list(_errors(_post(client, auth, _body(agency=str(world.hospital.pk))))) == ["agency"]
    assert _post(client, auth, _body(agency=str(world.council.pk))).status_code == 201
    assert StreetContact.objects.get().recorded_by_agency == world.council


@pytest.mark.parametrize("user", ["referrer_user", "commissioner_user", "admin_user", "dpo_user"])
def test_roles_that_do_not_record_contacts_are_refused(request, client, world, user):
    auth = _auth(request.getfixturevalue(user))
    contact = make_contact(world.outreach)
    assert _post(client, auth, _body()).status_code == 403
    assert client.get(URL, **auth).status_code == 403
    assert client.get(f"{URL}{contact.pk}/", **auth).status_code == 403
    assert StreetContact.objects.count() == 1


def test_callers_read_only_what_the_policy_lets_them_see(
    client, outreach_user, caseworker_user, world
):
    sign_agreement_for(world.council, world.outreach)
    shared = make_person(world.outreach, given_name="Aisha")
    give_consent(shared, outreach_user, world.outreach)
    unshared = make_person(world.outreach, given_name="Liam")
    seen = make_contact(world.outreach, outreach_user, person=shared)
    not_seen = make_contact(world.outreach, outreach_user, person=unshared, notes="SECRET-88")
    nobody_yet = make_contact(world.outreach, outreach_user)
    auth = _auth(caseworker_user)

    listing = client.get(URL, **auth)
    assert listing.status_code == 200
    ids = [c["id"] for c in listing.json()["results"]]
    assert set(ids) == {str(seen.pk), str(nobody_yet.pk)}
    assert "SECRET-88" not in listing.content.decode()
    assert client.get(f"{URL}{not_seen.pk}/", **auth).status_code == 404
    one = client.get(f"{URL}{seen.pk}/", **auth).json()
    assert one["person"]["display_name"] == "Aisha Bloggs"

    only_unidentified = client.get(f"{URL}?identified=false", **auth).json()["results"]
    assert [c["id"] for c in only_unidentified] == [str(nobody_yet.pk)]
    theirs = client.get(f"{URL}?person={shared.pk}", **auth).json()["results"]
    assert [c["id"] for c in theirs] == [str(seen.pk)]
    assert list(_errors(client.get(f"{URL}?person=nope", **auth))) == ["person"]

    events = AccessEvent.objects.filter(user=caseworker_user, channel="api")
    assert {(e.route, e.subject_id) for e in events if e.section == Section.CONTACT} >= {
        ("api-street-contacts", str(seen.pk)),
        ("api-street-contact", str(seen.pk)),
    }
    assert not events.filter(subject_id=str(not_seen.pk)).exists()


def test_another_partnership_gets_nothing(client, outreach_user, world):
    contact = make_contact(world.outreach, outreach_user)
    auth = _auth(birmingham_outreach_user(world))
    assert client.get(f"{URL}{contact.pk}/", **auth).status_code == 404
    assert client.get(URL, **auth).json()["results"] == []


def test_the_list_costs_a_fixed_number_of_reads(
    client, outreach_user, world, django_assert_max_num_queries
):
    for i in range(4):
        person = make_person(world.outreach, given_name=f"P{i}")
        make_contact(world.outreach, outreach_user, person=person)
        make_contact(world.outreach, outreach_user)
    auth = _auth(outreach_user)
    # Token and its use, memberships, signatures, the page, the policy for its people; then
    # a log row per contact and per name shown; and 6 to count the call against API_USER_RATE
    # in the database cache (none with Redis).
    with django_assert_max_num_queries(8 + 8 + 4 + 6):
        assert client.get(URL, **auth).status_code == 200


def test_the_schema_documents_the_street_contacts_api(client):
    schema = yaml.safe_load(client.get("/api/schema/").content)
    paths = schema["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/street-contacts/"])
    assert "get" in paths["/api/v1/street-contacts/{contact_id}/"]
    post = paths["/api/v1/street-contacts/"]["post"]
    assert {"201", "400", "422"} <= set(post["responses"])
    assert any(p["name"] == "Idempotency-Key" for p in post["parameters"])
    get = paths["/api/v1/street-contacts/"]["get"]
    assert {"person", "identified"} <= {p["name"] for p in get["parameters"]}
