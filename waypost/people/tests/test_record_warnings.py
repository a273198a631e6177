"""Staff-safety warnings: every partnership member who knows of the record sees them, with or
without consent; only the agency that recorded one may end it."""

from waypost.people.actions import add_warning
from waypost.people.models import StaffSafetyWarning
from waypost.testing.people import make_person, sign_agreement_for


def _warned(world, caseworker_user):
    person = make_person(world.council, by=caseworker_user)
    warning = add_warning(
        person, text="Aggressive when drinking", by=caseworker_user, agency=world.council
    )
    return person, warning


def test_a_signed_agency_sees_warnings_without_consent(outreach_client, caseworker_user, world):
    person, _ = _warned(world, caseworker_user)
    sign_agreement_for(world.council, world.outreach)
    assert (
        "Aggressive when drinking" in outreach_client.get(f"/people/{person.pk}/").content.decode()
    )


def test_the_recording_agency_may_end_a_warning(caseworker_client, caseworker_user, world):
    person, warning = _warned(world, caseworker_user)
    url = f"/people/{person.pk}/warnings/{warning.pk}/end/"
    assert "Aggressive when drinking" in caseworker_client.get(url).content.decode()
    assert caseworker_client.post(url).status_code == 302
    assert StaffSafetyWarning.objects.get().ended_at is not None
    page = caseworker_client.get(f"/people/{person.pk}/").content.decode()
    assert "Aggressive when drinking" not in page


def test_another_agency_may_not_end_it(outreach_client, caseworker_user, world):
    person, warning = _warned(world, caseworker_user)
    sign_agreement_for(world.council, world.outreach)
    url = f"/people/{person.pk}/warnings/{warning.pk}/end/"
    assert outreach_client.post(url).status_code == 403
    assert StaffSafetyWarning.objects.get().ended_at is None
    page = outreach_client.get(f"/people/{person.pk}/").content.decode()
    assert url not in page


def test_ending_a_warning_of_another_person_is_not_found(caseworker_client, caseworker_user, world):
    _, warning = _warned(world, caseworker_user)
    other = make_person(world.council, by=caseworker_user)
    response = caseworker_client.post(f"/people/{other.pk}/warnings/{warning.pk}/end/")
    assert response.status_code == 404
