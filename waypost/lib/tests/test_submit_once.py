"""A form saved twice makes one record: a double click, a save sent again after the phone
signal dropped, or back and Save again. Shown on the two forms where a repeat would do harm
(a second person record; a street contact counted twice in the nights out), on the token
itself, and with two saves at the same moment on PostgreSQL."""

import re
import threading

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import RequestFactory

from waypost.accounts.models import IdempotencyKey
from waypost.lib.submit_once import FIELD, save_once
from waypost.outreach.models import StreetContact
from waypost.outreach.tests.contact_helpers import form_data, make_place
from waypost.people.models import Person
from waypost.testing.people import NEW_PERSON_FORM, make_person

ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
PERSON = {**NEW_PERSON_FORM, "confirmed": "1"}


def _token_on(page: str) -> str:
    match = re.search(rf'name="{FIELD}" value="([0-9a-f]{{32}})"', page)
    assert match, "the form carries no submission token"
    return match.group(1)


def test_a_person_saved_twice_from_one_form_is_one_person(caseworker_client, world):
    token = _token_on(caseworker_client.get("/people/new/").content.decode())
    first = caseworker_client.post("/people/new/", {**PERSON, FIELD: token})
    again = caseworker_client.post("/people/new/", {**PERSON, FIELD: token})
    person = Person.objects.get(family_name="Ashdown")
    assert first.url == again.url == f"/people/{person.pk}/"
    page = caseworker_client.get(again.url).content.decode()
    assert "This person record was already saved. Here it is." in page


def test_a_repeat_skips_the_possible_match_step_and_opens_the_record(caseworker_client, world):
    token = _token_on(caseworker_client.get("/people/new/").content.decode())
    unconfirmed = {**PERSON, FIELD: token}
    del unconfirmed["confirmed"]
    caseworker_client.post("/people/new/", unconfirmed)  # nobody like them yet: saved
    again = caseworker_client.post("/people/new/", unconfirmed)
    # Without the token the new record would now be offered as a possible match.
    person = Person.objects.get(family_name="Ashdown")
    assert again.status_code == 302 and again.url == f"/people/{person.pk}/"


def test_changed_answers_sent_again_are_not_saved_and_the_user_is_told(caseworker_client, world):
    token = _token_on(caseworker_client.get("/people/new/").content.decode())
    caseworker_client.post("/people/new/", {**PERSON, FIELD: token})
    again = caseworker_client.post("/people/new/", {**PERSON, "given_name": "Robyn", FIELD: token})
    assert Person.objects.filter(family_name="Ashdown").count() == 1
    page = caseworker_client.get(again.url).content.decode()
    assert "was already saved, so it was not saved again" in page
    assert "change it here" in page


def test_a_form_shown_again_with_errors_keeps_its_token(caseworker_client, world):
    token = _token_on(caseworker_client.get("/people/new/").content.decode())
    page = caseworker_client.post(
        "/people/new/", {**PERSON, "birth_date_1": "13", FIELD: token}
    ).content.decode()
    assert _token_on(page) == token
    assert not Person.objects.exists()


def test_two_forms_make_two_people(caseworker_client, world):
    for _ in range(2):
        token = _token_on(caseworker_client.get("/people/new/").content.decode())
        caseworker_client.post("/people/new/", {**PERSON, FIELD: token})
    assert Person.objects.filter(family_name="Ashdown").count() == 2


def test_a_street_contact_saved_twice_is_one_contact(outreach_client, world):
    token = _token_on(outreach_client.get("/street/contacts/new/").content.decode())
    data = {**form_data(place=str(make_place(world.coventry).pk)), FIELD: token}
    first = outreach_client.post("/street/contacts/new/", data)
    again = outreach_client.post("/street/contacts/new/", data)
    contact = StreetContact.objects.get()
    assert first.url == again.url == f"/street/contacts/{contact.pk}/"
    page = outreach_client.get(again.url).content.decode()
    assert "This street contact was already saved. Here it is." in page


def test_another_user_cannot_use_someone_elses_token(caseworker_client, coordinator_client, world):
    token = _token_on(caseworker_client.get("/people/new/").content.decode())
    caseworker_client.post("/people/new/", {**PERSON, FIELD: token})
    coordinator_client.post("/people/new/", {**PERSON, FIELD: token})
    assert Person.objects.filter(family_name="Ashdown").count() == 2


def _request(user, token: str):
    request = RequestFactory().post("/", {FIELD: token, "given_name": "Robin"})
    request.user = user
    return request


def test_a_save_that_fails_releases_the_token(caseworker_user, world):
    request = _request(caseworker_user, "a" * 32)

    def refused():
        raise ValidationError("no")

    with pytest.raises(ValidationError):
        save_once(request, scope="test", save=refused)
    assert not IdempotencyKey.objects.exists()
    saved = save_once(request, scope="test", save=lambda: make_person(world.council))
    assert saved.first and Person.objects.filter(pk=saved.result_id).exists()


def test_what_is_kept_is_the_token_a_fingerprint_and_the_id(caseworker_user, world):
    save_once(
        _request(caseworker_user, "b" * 32), scope="test", save=lambda: make_person(world.council)
    )
    kept = IdempotencyKey.objects.get()
    assert "Robin" not in f"{kept.key} {kept.fingerprint} {kept.result_id} {kept.scope}"


@pytest.mark.skipif(not ON_POSTGRESQL, reason="two connections at once")
@pytest.mark.django_db(transaction=True)
def test_two_saves_at_the_same_moment_make_one_record(caseworker_user, world):
    """The second waits on the first's claim in the unique index, then answers with its
    record."""
    started = threading.Barrier(2)
    results = []

    def save() -> None:
        try:
            started.wait()

            def slow_create():
                person = make_person(world.council, family_name="Concurrent")
                threading.Event().wait(0.3)  # the other save arrives meanwhile
                return person

            results.append(
                save_once(_request(caseworker_user, "c" * 32), scope="t", save=slow_create)
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=save) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Person.objects.filter(family_name="Concurrent").count() == 1
    assert sorted(r.first for r in results) == [False, True]
    assert len({r.result_id for r in results}) == 1
