"""Restriction of processing (UK GDPR Art 18): the record is kept but leaves every search,
list, export and report. Coordinators and DPOs may restrict and lift; others may not."""

from django.urls import reverse

from waypost.people.models import Person
from waypost.testing.personas import make_user


def _url(person):
    return reverse("sharing:restriction", args=[person.pk])


def test_a_coordinator_restricts_and_the_person_leaves_every_list(
    person, coordinator_client, caseworker_user
):
    assert Person.objects.visible_to(caseworker_user).filter(pk=person.pk).exists()
    response = coordinator_client.post(
        _url(person), {"action": "restrict", "reason": "Contests the accuracy of the record"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.is_restricted
    assert person.restricted_reason == "Contests the accuracy of the record"
    assert not Person.objects.visible_to(caseworker_user).filter(pk=person.pk).exists()
    assert Person.objects.filter(pk=person.pk).exists()  # kept
    page = coordinator_client.get(reverse("sharing:person", args=[person.pk])).content.decode()
    assert "Processing is restricted" in page


def test_a_reason_is_required(person, coordinator_client):
    response = coordinator_client.post(_url(person), {"action": "restrict", "reason": " "})
    assert "Enter why processing is restricted" in response.content.decode()
    person.refresh_from_db()
    assert not person.is_restricted


def test_lifting_puts_the_person_back_in_lists(person, coordinator_client, caseworker_user):
    coordinator_client.post(_url(person), {"action": "restrict", "reason": "Art 18(1)(a)"})
    page = coordinator_client.get(_url(person)).content.decode()
    assert "Lift restriction" in page
    assert "Art 18(1)(a)" in page
    coordinator_client.post(_url(person), {"action": "lift"})
    person.refresh_from_db()
    assert not person.is_restricted
    assert Person.objects.visible_to(caseworker_user).filter(pk=person.pk).exists()


def test_the_partnerships_dpo_may_restrict_without_seeing_the_record(person, dpo_client):
    page = dpo_client.get(_url(person)).content.decode()
    assert "Jo Bloggs" not in page
    assert str(person.pk) in page
    dpo_client.post(_url(person), {"action": "restrict", "reason": "Subject request"})
    person.refresh_from_db()
    assert person.is_restricted


def test_other_front_line_staff_are_refused(person, caseworker_client, outreach_client):
    for client in (caseworker_client, outreach_client):
        assert client.get(_url(person)).status_code == 403
        assert client.post(_url(person), {"action": "restrict", "reason": "x"}).status_code == 403
    person.refresh_from_db()
    assert not person.is_restricted


def test_people_outside_the_partnership_get_not_found(
    world, person, commissioner_client, birmingham_admin_client, client_for
):
    from waypost.accounts.models import Role

    brum_dpo = make_user("dpo@brum.test", agency=world.brum_council, role=Role.DPO)
    for client in (commissioner_client, birmingham_admin_client, client_for(brum_dpo)):
        assert client.post(_url(person), {"action": "restrict", "reason": "x"}).status_code == 404
    person.refresh_from_db()
    assert not person.is_restricted


def test_a_restricted_record_cannot_be_downloaded_as_a_pdf(
    person, coordinator_client, caseworker_client
):
    from waypost.audit.models import AccessEvent

    pdf = reverse("people:pdf", args=[person.pk])
    assert caseworker_client.get(pdf)["Content-Type"] == "application/pdf"
    coordinator_client.post(_url(person), {"action": "restrict", "reason": "Art 18(1)(a)"})
    before = AccessEvent.objects.count()
    response = caseworker_client.get(pdf)
    assert response.status_code == 403
    assert "This record cannot be downloaded" in response.content.decode()
    assert AccessEvent.objects.count() == before  # refused before anything was read
    page = caseworker_client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert pdf not in page
