"""The officer finds the requester's record through the request only: by a number, or a name
and date of birth, across the partnership's records (restricted ones too), each shown record
logged against the request with no names or search terms in the log."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from waypost.audit.models import AccessEvent, Channel, Section
from waypost.audit.tests.conftest import open_request_for
from waypost.people.models import Alias, Identifier, Person
from waypost.testing.people import make_person


@pytest.fixture
def sar(world, dpo_user):
    return open_request_for(dpo_user, world)


def _find(client, sar, **data):
    return client.post(reverse("audit:sar_find", args=[sar.pk]), data)


def _shown(response):
    return [c.person for c in response.context["candidates"]]


def test_it_finds_a_person_by_nhs_number(dpo_client, world, sar):
    person = make_person(world.council)
    Identifier.objects.create(
        person=person, kind="nhs_number", value="9434765919", partnership=world.coventry,
        recorded_by_agency=world.council,
    )  # fmt: skip
    make_person(world.council, given_name="Other")

    response = _find(dpo_client, sar, identifier_kind="nhs_number", identifier_value="943 476 5919")

    assert _shown(response) == [person]
    assert "Jo Bloggs" in response.text


def test_a_wrong_nhs_number_is_explained(dpo_client, sar):
    response = _find(dpo_client, sar, identifier_kind="nhs_number", identifier_value="1234567890")
    assert "identifier_value" in response.context["form"].errors
    assert response.context["candidates"] is None


def test_it_finds_a_person_by_name_and_date_of_birth_or_another_name(dpo_client, world, sar):
    by_name = make_person(world.council, given_name="Sam", family_name="Okoro")
    by_alias = make_person(world.outreach, given_name="Samuel", family_name="Smith")
    Alias.objects.create(
        person=by_alias, kind="previous_name", given_name="Sam", family_name="Okoro",
        recorded_by_agency=world.outreach,
    )  # fmt: skip
    make_person(world.council, given_name="Sam", family_name="Okoro", birth_date=date(1990, 1, 1))

    response = _find(
        dpo_client, sar, family_name="okoro", given_name="SAM", birth_date="1980-03-01"
    )

    assert set(_shown(response)) == {by_name, by_alias}


def test_a_name_search_needs_a_date_of_birth(dpo_client, sar):
    response = _find(dpo_client, sar, family_name="Okoro")
    assert response.context["form"].errors["birth_date"] == [
        "Enter the date of birth to search by name"
    ]
    assert 'value="Okoro"' in response.text


def test_restricted_records_are_found(dpo_client, world, sar):
    person = make_person(world.council)
    Person.objects.filter(pk=person.pk).update(restricted_at=timezone.now())
    response = _find(dpo_client, sar, family_name="Bloggs", birth_date="1980-03-01")
    assert _shown(response) == [person]
    assert "Restricted" in response.text


def test_a_merged_record_leads_to_the_record_it_was_merged_into(dpo_client, world, sar):
    kept = make_person(world.council, given_name="Joanne")
    merged = make_person(world.council)
    Person.objects.filter(pk=merged.pk).update(merged_into=kept)

    response = _find(
        dpo_client, sar, family_name="Bloggs", given_name="Jo", birth_date="1980-03-01"
    )

    assert _shown(response) == [kept]
    assert response.context["candidates"][0].merged_records == 1


def test_other_partnerships_and_anonymised_records_are_not_found(dpo_client, world, sar):
    make_person(world.brum_council)
    gone = make_person(world.council)
    Person.objects.filter(pk=gone.pk).update(anonymised_at=timezone.now())
    response = _find(dpo_client, sar, family_name="Bloggs", birth_date="1980-03-01")
    assert _shown(response) == []
    assert "No record matches" in response.text


def test_each_record_shown_is_logged_against_the_request_without_names(dpo_client, world, sar):
    person = make_person(world.council)

    _find(dpo_client, sar, family_name="Bloggs", birth_date="1980-03-01")

    event = AccessEvent.objects.get(person_id=person.pk)
    assert event.channel == Channel.SEARCH
    assert event.section == Section.IDENTITY
    assert event.reason == f"subject access request {sar.pk}"
    assert event.route == "audit:sar_find"
    assert event.agency == world.council
    logged = " ".join(str(v) for v in AccessEvent.objects.values_list())
    assert "Bloggs" not in logged
    assert "1980" not in logged


def test_choosing_the_person_links_the_request(dpo_client, world, sar):
    kept = make_person(world.council)
    merged = make_person(world.council)
    Person.objects.filter(pk=merged.pk).update(merged_into=kept)

    response = dpo_client.post(
        reverse("audit:sar_identify", args=[sar.pk]), {"person_id": str(merged.pk)}
    )

    assert response.status_code == 302
    sar.refresh_from_db()
    assert sar.person == kept
    page = dpo_client.get(reverse("audit:sar_detail", args=[sar.pk]))
    assert "Jo Bloggs" in page.text
    assert AccessEvent.objects.filter(
        person_id=kept.pk, route="audit:sar_detail", reason=sar.audit_reason
    ).exists()


def test_the_search_is_a_post_so_names_stay_out_of_urls(dpo_client, world, sar):
    make_person(world.council)
    response = dpo_client.get(
        reverse("audit:sar_find", args=[sar.pk]),
        {"family_name": "Bloggs", "birth_date": "1980-03-01"},
    )
    assert response.context["candidates"] is None
    assert not AccessEvent.objects.exists()
