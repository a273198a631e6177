"""Downloading an uploaded consent form: staff of the recording agency who can see the
person, and that agency's data protection officers; nobody else. Every download is logged."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from waypost.accounts.models import Role
from waypost.audit.models import AccessEvent, Channel, Section
from waypost.people.models import Person
from waypost.sharing.actions import record_sharing_permission
from waypost.sharing.models import ObtainedHow, PermissionStatus
from waypost.sharing.policy import PERSON_SECTIONS
from waypost.testing.people import give_consent
from waypost.testing.personas import make_user

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def permission(world, person, caseworker_user):
    return record_sharing_permission(
        person,
        status=PermissionStatus.GIVEN,
        sections=PERSON_SECTIONS,
        obtained_how=ObtainedHow.SIGNED_PROFORMA,
        proforma=SimpleUploadedFile("x.pdf", PDF, content_type="application/pdf"),
        review_on=date.today() + timedelta(days=365),
        by=caseworker_user,
        agency=world.council,
    )


def _url(permission):
    return reverse("sharing:proforma", args=[permission.pk])


def test_staff_of_the_recording_agency_download_it_and_it_is_logged(
    world, permission, coordinator_client, coordinator_user
):
    response = coordinator_client.get(_url(permission))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="consent-form-{permission.pk}.pdf"'
    )
    assert response["Cache-Control"] == "no-store"
    event = AccessEvent.objects.get(subject_type="consent_form")
    assert event.user == coordinator_user
    assert event.channel == Channel.EXPORT
    assert event.section == Section.IDENTITY
    assert event.person_id == permission.person_id
    assert event.agency == world.council


def test_the_recording_agencys_dpo_may_download_it(permission, dpo_client):
    assert dpo_client.get(_url(permission)).status_code == 200


def test_the_sharing_page_links_to_it_only_for_those_who_may_download(
    permission, caseworker_client, outreach_client
):
    link = _url(permission)
    page = reverse("sharing:person", args=[permission.person_id])
    assert link in caseworker_client.get(page).content.decode()
    # Outreach sees the person (consent given to every signatory) but did not record it.
    assert link not in outreach_client.get(page).content.decode()


def test_other_agencies_cannot_download_it_even_with_consent(permission, outreach_client):
    assert outreach_client.get(_url(permission)).status_code == 404
    assert not AccessEvent.objects.filter(subject_type="consent_form").exists()


def test_another_agencys_dpo_cannot_download_it(permission, outreach_dpo, client_for):
    assert client_for(outreach_dpo).get(_url(permission)).status_code == 404


def test_staff_of_the_agency_without_a_role_seeing_records_cannot_download_it(
    world, permission, commissioner_client, admin_client
):
    for client in (commissioner_client, admin_client):
        assert client.get(_url(permission)).status_code == 404


def test_a_caseworker_who_cannot_see_the_person_any_more_cannot_download_it(
    world, permission, caseworker_client
):
    # An anonymised person has no form to hand out.
    Person.objects.filter(pk=permission.person_id).update(anonymised_at=timezone.now())
    assert caseworker_client.get(_url(permission)).status_code == 404


def test_a_permission_without_a_form_has_nothing_to_download(
    world, person, caseworker_user, caseworker_client
):
    verbal = give_consent(person, caseworker_user, world.council)
    assert caseworker_client.get(_url(verbal)).status_code == 404


def test_a_dpo_in_another_partnership_is_refused(world, permission, client_for):
    other = make_user("dpo@brum.test", agency=world.brum_council, role=Role.DPO)
    assert client_for(other).get(_url(permission)).status_code == 404
