"""The person PDF holds exactly what the user may see, never a safe address, and is logged."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from waypost.audit.models import AccessEvent, Channel
from waypost.people.models import Note, SafeAddress
from waypost.testing.people import give_consent, make_person, sign_agreement_for


def _text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def person(world, caseworker_user):
    person = make_person(world.council, given_name="Rosalind", family_name="Okafor")
    Note.objects.create(
        person=person, kind="health", text="Asthma inhaler", recorded_by_agency=world.council
    )
    SafeAddress.objects.create(
        person=person, line_1="1 Refuge Row", town="Coventry", postcode="CV1 1AA",
        recorded_by_agency=world.council,
    )  # fmt: skip
    return person


def test_the_pdf_is_a_tagged_pdf_of_the_visible_record_without_the_safe_address(
    caseworker_client, person
):
    response = caseworker_client.get(reverse("people:pdf", args=[person.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "Rosalind" not in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]
    text = _text(response)
    assert "Rosalind Okafor" in text and "Asthma inhaler" in text
    assert "Refuge Row" not in text
    event = AccessEvent.objects.filter(channel=Channel.PDF, person_id=person.pk)
    assert event.exists() and event.first().route == "people:pdf"


def test_another_agency_gets_only_what_consent_allows(
    world, outreach_client, caseworker_user, person
):
    sign_agreement_for(world.council, world.outreach)
    give_consent(person, caseworker_user, world.council, sections=["identity"])
    text = _text(outreach_client.get(reverse("people:pdf", args=[person.pk])))
    assert "Rosalind Okafor" in text
    assert "Asthma inhaler" not in text and "Refuge Row" not in text


def test_no_pdf_for_an_agency_that_cannot_know_of_the_record(outreach_client, person):
    assert outreach_client.get(reverse("people:pdf", args=[person.pk])).status_code == 404


def test_no_pdf_for_roles_without_casework(commissioner_client, dpo_client, person):
    for client in (commissioner_client, dpo_client):
        assert client.get(reverse("people:pdf", args=[person.pk])).status_code == 403
