"""A person's sharing page: the history of decisions and lawful bases, and who may see it."""

import pytest
from django.urls import reverse

from waypost.audit.models import AccessEvent, Section
from waypost.people.models import Person
from waypost.sharing.actions import record_lawful_basis
from waypost.sharing.models import SharingPermission
from waypost.testing.people import give_consent, make_person


def _url(person):
    return reverse("sharing:person", args=[person.pk])


def test_it_lists_every_decision_newest_first(world, person, caseworker_user, caseworker_client):
    give_consent(person, caseworker_user, world.council)
    give_consent(person, caseworker_user, world.council, status="withdrawn")
    response = caseworker_client.get(_url(person))
    page = response.content.decode()
    assert "Jo Bloggs" in page
    history = page.split("Sharing decisions</h2>")[1]
    assert history.index("Consent withdrawn") < history.index("Consent given")
    assert "Witness: Wren Witness" in history


def test_viewing_it_is_logged(person, caseworker_client):
    caseworker_client.get(_url(person))
    event = AccessEvent.objects.get(person_id=person.pk, route="sharing:person")
    assert event.section == Section.IDENTITY


@pytest.mark.parametrize("decisions", [1, 15])
def test_it_costs_a_fixed_number_of_queries(
    world, person, caseworker_user, caseworker_client, decisions, django_assert_num_queries
):
    for _ in range(decisions):
        give_consent(person, caseworker_user, world.council, agencies=[world.outreach])
    record_lawful_basis(person, article_6="public_task", by=caseworker_user, agency=world.council)
    # session, user, memberships, MFA; person; policy (signatures, permission x3, break-glass);
    # break-glass offer (signatures); history (count, page, sections, agencies); lawful bases;
    # access event; panel (permission, sections, agencies, lawful basis); session save (3)
    with django_assert_num_queries(26):  # with the SWEP banner
        response = caseworker_client.get(_url(person))
    assert response.status_code == 200


def test_the_history_is_paginated(world, person, caseworker_user, caseworker_client):
    for _ in range(21):
        give_consent(person, caseworker_user, world.council)
    assert len(caseworker_client.get(_url(person)).context["permissions"]) == 20
    assert len(caseworker_client.get(_url(person), {"page": 2}).context["permissions"]) == 1


def test_the_dpo_sees_the_decisions_but_not_the_name(world, person, caseworker_user, dpo_client):
    give_consent(person, caseworker_user, world.council)
    page = dpo_client.get(_url(person)).content.decode()
    assert "Consent given" in page
    assert "Jo Bloggs" not in page


def test_staff_who_cannot_identify_the_person_are_refused(person, outreach_client):
    assert outreach_client.get(_url(person)).status_code == 403


def test_people_who_may_not_know_the_record_get_not_found(
    person, commissioner_client, birmingham_admin_client
):
    for client in (commissioner_client, birmingham_admin_client):
        assert client.get(_url(person)).status_code == 404


def test_a_merged_record_redirects_to_the_one_it_was_merged_into(world, person, caseworker_client):
    kept = make_person(world.council, given_name="Kept")
    Person.objects.filter(pk=person.pk).update(merged_into=kept)
    response = caseworker_client.get(_url(person))
    assert response.status_code == 302
    assert response.url == _url(kept)
    assert not SharingPermission.objects.exists()
