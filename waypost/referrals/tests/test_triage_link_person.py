"""The team links a referral to the person's record: the possible-existing-person check
first (as "Add a person" does), then link that record or create a new one. What the referrer
gave starts the form; the person shown is in the access log."""

import re
from datetime import date

from waypost.audit.models import AccessEvent
from waypost.people.models import Person
from waypost.referrals.tests.referral_helpers import make_test_referral
from waypost.testing.people import make_person


def _referral(world, referrer_user, **fields):
    return make_test_referral(
        by=referrer_user, agency=world.hospital, partnership=world.coventry, **fields
    )


def _person_form(**overrides):
    data = {
        "preferred_name": "",
        "given_name": "Dawn",
        "family_name": "Hartley",
        "birth_date_0": "12",
        "birth_date_1": "4",
        "birth_date_2": "1979",
        "estimated_age": "",
        "gender": "woman",
        "gender_self_description": "",
        "nhs_number": "",
        "ni_number": "",
    }
    data.update(overrides)
    return data


def test_the_form_starts_from_what_the_referrer_gave(caseworker_client, world, referrer_user):
    referral = _referral(world, referrer_user)
    page = caseworker_client.get(f"/referrals/{referral.pk}/person/").content.decode()
    assert 'value="Dawn"' in page and 'value="Hartley"' in page
    assert re.search(r'name="birth_date_0"[^>]*value="12"', page)
    assert re.search(r'name="birth_date_2"[^>]*value="1979"', page)


def test_with_no_possible_match_a_new_record_is_created_and_linked(
    caseworker_client, caseworker_user, world, referrer_user
):
    referral = _referral(world, referrer_user, given_name="Zebedee", family_name="Quartermain")
    response = caseworker_client.post(
        f"/referrals/{referral.pk}/person/",
        _person_form(given_name="Zebedee", family_name="Quartermain"),
    )
    assert response.status_code == 302 and response.url == f"/referrals/{referral.pk}/"
    referral.refresh_from_db()
    person = Person.objects.get(family_name="Quartermain")
    assert referral.person == person
    assert person.recorded_by_agency == world.council
    page = caseworker_client.get(response.url).content.decode()
    assert f"/people/{person.pk}/" in page
    assert AccessEvent.objects.filter(
        user=caseworker_user, subject_type="person", subject_id=str(person.pk),
        route="referrals:detail",
    ).exists()  # fmt: skip


def test_a_possible_existing_person_is_offered_and_linked(
    caseworker_client, caseworker_user, world, referrer_user
):
    known = make_person(world.council, by=caseworker_user, given_name="Dawn",
                        family_name="Hartley", birth_date=date(1979, 4, 12))  # fmt: skip
    referral = _referral(world, referrer_user)
    url = f"/referrals/{referral.pk}/person/"
    page = caseworker_client.post(url, _person_form()).content.decode()
    assert "Possible existing person" in page
    assert f'value="{known.pk}"' in page
    # What was typed is carried in hidden fields, to create a new record anyway.
    assert 'type="hidden" name="given_name" value="Dawn"' in page
    assert AccessEvent.objects.filter(
        user=caseworker_user, subject_id=str(known.pk), route="referrals:link_person"
    ).exists()
    response = caseworker_client.post(url, {"person": str(known.pk)})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.person == known
    assert Person.objects.count() == 1


def test_a_person_in_another_partnership_cannot_be_linked(caseworker_client, world, referrer_user):
    stranger = make_person(world.brum_council, given_name="Dawn", family_name="Hartley")
    referral = _referral(world, referrer_user)
    response = caseworker_client.post(
        f"/referrals/{referral.pk}/person/", {"person": str(stranger.pk)}
    )
    assert response.status_code == 404
    referral.refresh_from_db()
    assert referral.person is None
