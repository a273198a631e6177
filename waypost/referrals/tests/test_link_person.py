"""Outreach link the alert to the person they met: the possible-existing-person check first,
then link that record or create a new one. Only records the worker may see can be linked."""

import re
from datetime import date

from waypost.audit.models import AccessEvent
from waypost.people.models import Person
from waypost.referrals.models import Alert
from waypost.referrals.tests.helpers import make_alert
from waypost.testing.people import make_person


def _person_form(**overrides):
    data = {
        "preferred_name": "",
        "given_name": "Dave",
        "family_name": "Smith",
        "birth_date_0": "",
        "birth_date_1": "",
        "birth_date_2": "",
        "estimated_age": "43",
        "gender": "man",
        "gender_self_description": "",
        "nhs_number": "",
        "ni_number": "",
    }
    data.update(overrides)
    return data


def test_the_form_starts_from_what_the_alert_said(outreach_client, areas):
    alert = make_alert(name_if_known="Dave Smith", gender="man", age_range="36_50")
    page = outreach_client.get(f"/alerts/{alert.pk}/person/").content.decode()
    assert 'value="Dave"' in page
    assert 'value="Smith"' in page
    assert 'value="43"' in page
    assert re.search(r'<input[^>]*name="gender" value="man"[^>]*checked>', page)


def test_with_no_possible_match_a_new_record_is_created_and_linked(
    outreach_client, outreach_user, areas, world
):
    alert = make_alert(name_if_known="Zebedee Quartermain")
    response = outreach_client.post(
        f"/alerts/{alert.pk}/person/", _person_form(given_name="Zebedee", family_name="Quartermain")
    )
    assert response.status_code == 302
    assert response.url == f"/alerts/{alert.pk}/"
    alert.refresh_from_db()
    person = Person.objects.get(family_name="Quartermain")
    assert alert.person == person
    assert person.recorded_by_agency == world.outreach
    assert person.recorded_by == outreach_user
    assert person.estimated_age_years == 43
    page = outreach_client.get(response.url).content.decode()
    assert "Zebedee Quartermain" in page
    assert f"/people/{person.pk}/" in page
    # The alert read is now in the person's access history.
    assert AccessEvent.objects.filter(
        subject_type="alert", subject_id=str(alert.pk), person_id=person.pk
    ).exists()


def test_a_possible_existing_person_is_offered_first_and_can_be_linked(
    outreach_client, outreach_user, areas, world
):
    known = make_person(world.outreach, given_name="David", family_name="Smith",
                        birth_date=date(1983, 5, 2))  # fmt: skip
    alert = make_alert(name_if_known="Dave Smith")
    response = outreach_client.post(f"/alerts/{alert.pk}/person/", _person_form())
    page = response.content.decode()
    assert response.status_code == 200
    assert "Possible existing person" in page
    assert "David Smith" in page
    assert f'name="person" value="{known.pk}"' in page
    assert AccessEvent.objects.filter(
        user=outreach_user, person_id=known.pk, route="alerts:link_person"
    ).exists()

    response = outreach_client.post(f"/alerts/{alert.pk}/person/", {"person": str(known.pk)})
    assert response.url == f"/alerts/{alert.pk}/"
    alert.refresh_from_db()
    assert alert.person == known
    assert Person.objects.count() == 1


def test_creating_anyway_after_the_check_keeps_what_was_typed(outreach_client, areas, world):
    make_person(world.outreach, given_name="David", family_name="Smith")
    alert = make_alert(name_if_known="Dave Smith")
    response = outreach_client.post(
        f"/alerts/{alert.pk}/person/", {**_person_form(), "confirmed": "1"}
    )
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.person.given_name == "Dave"
    assert Person.objects.count() == 2


def test_a_missing_name_is_explained(outreach_client, areas):
    alert = make_alert()
    page = outreach_client.post(
        f"/alerts/{alert.pk}/person/", _person_form(given_name="", family_name="")
    ).content.decode()
    assert "Enter a name" in page
    assert Alert.objects.get(pk=alert.pk).person is None


def test_a_record_the_worker_cannot_see_cannot_be_linked(outreach_client, areas, world):
    # Recorded by the hospital, no agreement or consent: outreach may not know it exists.
    hidden = make_person(world.hospital, given_name="Hidden", family_name="Person")
    alert = make_alert()
    response = outreach_client.post(f"/alerts/{alert.pk}/person/", {"person": str(hidden.pk)})
    assert response.status_code == 404
    assert Alert.objects.get(pk=alert.pk).person is None


def test_a_record_in_another_partnership_cannot_be_linked(outreach_client, areas, world):
    other = make_person(world.brum_council, given_name="Other", family_name="City")
    alert = make_alert()
    response = outreach_client.post(f"/alerts/{alert.pk}/person/", {"person": str(other.pk)})
    assert response.status_code == 404


def test_other_partnerships_and_roles_cannot_link(brum_outreach_client, commissioner_client, areas):
    alert = make_alert()
    assert brum_outreach_client.get(f"/alerts/{alert.pk}/person/").status_code == 404
    assert commissioner_client.get(f"/alerts/{alert.pk}/person/").status_code == 403
