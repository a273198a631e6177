"""Withdrawal of consent takes effect on the very next request, through the pages."""

from datetime import date, timedelta

from django.urls import reverse

from waypost.people.models import Note, NoteKind
from waypost.testing.people import give_consent


def test_withdrawing_consent_hides_the_record_from_another_agency_on_its_next_click(
    world, person, caseworker_user, caseworker_client, outreach_client
):
    give_consent(person, caseworker_user, world.council)
    Note.objects.create(
        person=person, kind=NoteKind.SUPPORT, text="Needs help with benefits",
        recorded_by_agency=world.council,
    )  # fmt: skip
    detail = reverse("people:detail", args=[person.pk])
    before = outreach_client.get(detail).content.decode()
    assert "Bloggs" in before
    assert "Needs help with benefits" in before

    response = caseworker_client.post(
        reverse("sharing:permission", args=[person.pk]),
        {
            "status": "withdrawn",
            "scope": "all",
            "obtained_how": "verbal_witnessed",
            "witness_name": "Wren Witness",
            "review_on": (date.today() + timedelta(days=90)).isoformat(),
        },
    )
    assert response.status_code == 302

    after = outreach_client.get(detail).content.decode()
    assert "Bloggs" not in after
    assert "Needs help with benefits" not in after
    assert "Consent withdrawn" in after
    # The recording agency still sees its own record.
    assert "Needs help with benefits" in caseworker_client.get(detail).content.decode()
