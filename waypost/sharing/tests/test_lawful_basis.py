"""The lawful basis is recorded separately from consent, with the extra conditions special
category and offending data need, and its absence is plain to see."""

import re

import pytest
from django.urls import reverse

from waypost.people.models import Identifier, IdentifierKind, Note, NoteKind
from waypost.sharing.models import LawfulBasis
from waypost.testing.people import give_consent


def _url(person):
    return reverse("sharing:lawful_basis", args=[person.pk])


def _form(**overrides):
    return {"article_6": "public_task", "article_9": "", "article_10": "", "schedule_1": "",
            "notes": "", **overrides}  # fmt: skip


def test_its_absence_is_shown_until_one_is_recorded(person, caseworker_client, caseworker_user):
    sharing_page = reverse("sharing:person", args=[person.pk])
    assert "No lawful basis recorded" in caseworker_client.get(sharing_page).content.decode()
    response = caseworker_client.post(_url(person), _form(notes="Housing Act 1996 Part 7"))
    assert response.status_code == 302
    basis = LawfulBasis.objects.get(person=person, is_current=True)
    assert basis.article_6 == "public_task"
    assert basis.notes == "Housing Act 1996 Part 7"
    assert basis.recorded_by == caseworker_user
    page = caseworker_client.get(sharing_page).content.decode()
    assert "No lawful basis recorded" not in page
    assert "6(1)(e) Public task" in page


def test_a_new_basis_replaces_the_old_and_keeps_it_as_history(person, caseworker_client):
    caseworker_client.post(_url(person), _form())
    caseworker_client.post(_url(person), _form(article_6="vital_interests"))
    assert LawfulBasis.objects.filter(person=person).count() == 2
    assert LawfulBasis.objects.get(is_current=True).article_6 == "vital_interests"
    page = caseworker_client.get(_url(person)).content.decode()
    assert re.search(r'value="vital_interests"[^>]* checked>', page)


def test_it_is_independent_of_consent(world, person, caseworker_client, caseworker_user):
    caseworker_client.post(_url(person), _form())
    give_consent(person, caseworker_user, world.council, status="withdrawn")
    assert LawfulBasis.objects.get(is_current=True).article_6 == "public_task"


def test_an_article_6_basis_is_required(person, caseworker_client):
    response = caseworker_client.post(_url(person), _form(article_6=""))
    assert "Select the Article 6 lawful basis" in response.content.decode()


def test_health_data_needs_an_article_9_condition_and_its_schedule_1_condition(
    world, person, caseworker_client
):
    Note.objects.create(
        person=person, kind=NoteKind.HEALTH, text="Diabetic", recorded_by_agency=world.council
    )
    page = caseworker_client.get(_url(person)).content.decode()
    assert "an Article 9 condition" in page
    response = caseworker_client.post(_url(person), _form())
    assert "Select an Article 9 condition" in response.content.decode()
    response = caseworker_client.post(_url(person), _form(article_9="health_social_care"))
    assert "DPA 2018 section 10 requires one" in response.content.decode()
    assert not LawfulBasis.objects.exists()
    caseworker_client.post(
        _url(person), _form(article_9="health_social_care", schedule_1="health_social_care")
    )
    assert LawfulBasis.objects.get().article_9 == "health_social_care"


def test_offending_data_needs_an_article_10_basis(world, person, caseworker_client):
    Identifier.objects.create(
        person=person,
        kind=IdentifierKind.PRISON_NUMBER,
        value="A1234BC",
        partnership=world.coventry,
        recorded_by_agency=world.council,
    )
    response = caseworker_client.post(_url(person), _form())
    assert "Select an Article 10 basis: the record holds offending data" in (
        response.content.decode()
    )
    response = caseworker_client.post(_url(person), _form(article_10="schedule_1"))
    assert "Select the Schedule 1 condition for Article 10" in response.content.decode()
    caseworker_client.post(
        _url(person), _form(article_10="schedule_1", schedule_1="preventing_crime")
    )
    assert LawfulBasis.objects.get().schedule_1 == "preventing_crime"


@pytest.mark.parametrize("client_name", ["referrer_client", "dpo_client", "outreach_client"])
def test_only_front_line_staff_who_can_identify_the_person_may_record(request, person, client_name):
    client = request.getfixturevalue(client_name)
    assert client.post(_url(person), _form()).status_code == 403
    assert not LawfulBasis.objects.exists()


def test_people_who_may_not_know_the_record_get_not_found(person, commissioner_client):
    assert commissioner_client.get(_url(person)).status_code == 404
