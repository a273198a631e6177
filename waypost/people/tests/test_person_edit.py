"""Changing the fields on a person's record: saved with the version they started from, and a
clear message (keeping what they typed) when someone else saved first."""

from datetime import date, timedelta

from waypost.audit.models import AccessEvent, Section
from waypost.people.actions import update_person
from waypost.people.models import Person
from waypost.testing.people import give_consent, make_person, sign_agreement_for

IDENTITY = {
    "preferred_name": "Jojo",
    "given_name": "Jo",
    "family_name": "Bloggs",
    "birth_date_2": "1980",
    "gender": "self_described",
    "gender_self_description": "Genderfluid",
    "pronouns": "they/them",
    "ethnicity": "white_irish",
    "nationality": "Irish",
    "first_language": "English",
    "needs_interpreter": "no",
}


def test_the_form_starts_from_the_record_and_saves_changes(
    caseworker_client, caseworker_user, world
):
    person = make_person(world.council, by=caseworker_user)
    url = f"/people/{person.pk}/change/identity/"
    html = caseworker_client.get(url).content.decode()
    assert 'name="version" value="1"' in html and 'value="Bloggs"' in html
    response = caseworker_client.post(url, {**IDENTITY, "version": "1"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.preferred_name, person.birth_date_precision, person.birth_year) == (
        "Jojo",
        "year",
        1980,
    )
    assert person.gender_display() == "Genderfluid"
    assert (person.needs_interpreter, person.version) == (False, 2)
    assert AccessEvent.objects.filter(route="people:edit", section=Section.IDENTITY).exists()


def test_a_stale_save_is_refused_with_a_message_and_the_input_kept(
    caseworker_client, caseworker_user, world
):
    person = make_person(world.council, by=caseworker_user)
    update_person(person, version=1, by=caseworker_user, family_name="Bloggs-Smith")
    url = f"/people/{person.pk}/change/identity/"
    response = caseworker_client.post(url, {**IDENTITY, "family_name": "Blogs", "version": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "Someone else changed this record while you were editing it. "
        "Check their changes, then make yours again."
    ) in html
    assert 'value="Blogs"' in html  # what they typed
    assert "Bloggs-Smith" in html  # what the record says now
    assert 'name="version" value="2"' in html  # saving again now works
    person.refresh_from_db()
    assert person.family_name == "Bloggs-Smith"
    assert caseworker_client.post(url, {**IDENTITY, "version": "2"}).status_code == 302
    assert Person.objects.get(pk=person.pk).family_name == "Bloggs"


def test_self_described_gender_needs_the_description(caseworker_client, caseworker_user, world):
    person = make_person(world.council, by=caseworker_user)
    response = caseworker_client.post(
        f"/people/{person.pk}/change/identity/",
        {**IDENTITY, "gender_self_description": "", "version": "1"},
    )
    assert "Enter how they describe their gender" in response.content.decode()


def test_immigration_and_local_connection_are_changed_in_their_sections(
    caseworker_client, caseworker_user, world
):
    person = make_person(world.council, by=caseworker_user)
    caseworker_client.post(
        f"/people/{person.pk}/change/immigration/",
        {"immigration_status": "asylum_seeker", "public_funds": "no_recourse", "version": "1"},
    )
    caseworker_client.post(
        f"/people/{person.pk}/change/local-connection/",
        {"local_connection": "elsewhere", "local_connection_area": "Leeds", "version": "2"},
    )
    person.refresh_from_db()
    assert (person.immigration_status, person.public_funds) == ("asylum_seeker", "no_recourse")
    assert (person.local_connection, person.local_connection_area) == ("elsewhere", "Leeds")


def test_an_agency_that_cannot_see_the_fields_cannot_change_them(
    outreach_client, caseworker_user, world
):
    person = make_person(world.council, by=caseworker_user)
    sign_agreement_for(world.council, world.outreach)  # knows the record exists, no consent
    url = f"/people/{person.pk}/change/identity/"
    assert outreach_client.get(url).status_code == 403
    assert outreach_client.post(url, {**IDENTITY, "version": "1"}).status_code == 403
    assert Person.objects.get(pk=person.pk).version == 1


def test_with_consent_another_agency_may_correct_the_record(
    outreach_client, caseworker_user, world
):
    person = make_person(world.council, by=caseworker_user)
    sign_agreement_for(world.council, world.outreach)
    give_consent(person, caseworker_user, world.council)
    url = f"/people/{person.pk}/change/identity/"
    assert outreach_client.post(url, {**IDENTITY, "version": "1"}).status_code == 302


def test_a_role_without_the_section_is_refused(referrer_client, caseworker_user, world):
    person = make_person(world.council, by=caseworker_user)
    sign_agreement_for(world.council, world.hospital)
    give_consent(person, caseworker_user, world.council)
    url = f"/people/{person.pk}/change/immigration/"
    assert referrer_client.get(url).status_code == 403


def test_unknown_people_and_parts_are_not_found(caseworker_client, caseworker_user, world):
    person = make_person(world.council, by=caseworker_user)
    assert caseworker_client.get(f"/people/{person.pk}/change/health/").status_code == 404
    other = make_person(world.outreach)
    assert caseworker_client.get(f"/people/{other.pk}/change/identity/").status_code == 404


def test_an_unchanged_estimated_age_keeps_the_day_it_was_estimated(
    caseworker_client, caseworker_user, world
):
    estimated_on = date.today() - timedelta(days=400)
    person = make_person(
        world.council, by=caseworker_user, birth_date=date(estimated_on.year - 40, 1, 1),
        birth_date_precision="estimated", estimated_age_years=40, estimated_on=estimated_on,
    )  # fmt: skip
    url = f"/people/{person.pk}/change/identity/"
    assert 'name="estimated_age" value="40"' in caseworker_client.get(url).content.decode()
    data = {**IDENTITY, "birth_date_2": "", "estimated_age": "40", "version": "1"}
    assert caseworker_client.post(url, data).status_code == 302
    person.refresh_from_db()
    assert (person.estimated_age_years, person.estimated_on) == (40, estimated_on)
    caseworker_client.post(url, {**data, "estimated_age": "45", "version": "2"})
    person.refresh_from_db()
    assert (person.estimated_age_years, person.estimated_on) == (45, date.today())
