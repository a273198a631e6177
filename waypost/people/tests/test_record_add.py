"""Adding to a person's record, section by section: each page saves through its action with
the user's agency, answers 404 to those who may not know of the person and 403 to a role
whose work does not cover the section."""

import pytest

from waypost.people.models import (
    Alias,
    CareOfAddress,
    ContactDetail,
    HousingHistoryEntry,
    Identifier,
    IdVerification,
    IdVerificationCriterion,
    Note,
    SafeAddress,
    StaffSafetyWarning,
    SupportNeed,
)
from waypost.testing.people import give_consent, make_person, sign_agreement_for


def _criterion(world):
    return IdVerificationCriterion.objects.create(
        partnership=world.coventry, text="Has known them for 6 months"
    )


PAGES = {
    "names/new/": (Alias, lambda w: {"kind": "nickname", "given_name": "Jojo"}),
    "identifiers/new/": (Identifier, lambda w: {"kind": "chain", "value": "CH123"}),
    "notes/new/": (Note, lambda w: {"kind": "general", "text": "Seen at the day centre"}),
    "warnings/new/": (StaffSafetyWarning, lambda w: {"text": "Do not visit alone"}),
    "support-needs/new/": (SupportNeed, lambda w: {"kind": "alcohol", "detail": "Daily"}),
    "housing-history/new/": (
        HousingHistoryEntry,
        lambda w: {"accommodation": "Hostel", "from_on_0": "3", "from_on_1": "2019"},
    ),
    "contact-details/new/": (ContactDetail, lambda w: {"kind": "phone", "value": "07700 900123"}),
    "safe-address/": (
        SafeAddress,
        lambda w: {"line_1": "1 Refuge Road", "town": "Coventry", "postcode": "cv1 5fb"},
    ),
    "care-of/new/": (CareOfAddress, lambda w: {"hub": w.council.pk, "address": "Jo c/o Hub"}),
    "id-verifications/new/": (
        IdVerification,
        lambda w: {
            "criteria": [_criterion(w).pk],
            "verifier_name": "Dr Patel",
            "verifier_role": "GP",
            "verifier_organisation": "Health Centre",
            "verified_on_0": "1",
            "verified_on_1": "2",
            "verified_on_2": "2025",
        },
    ),
}


@pytest.mark.parametrize("page", PAGES)
def test_each_page_adds_a_record_for_the_users_agency(
    page, caseworker_client, caseworker_user, world
):
    model, data = PAGES[page]
    person = make_person(world.council, by=caseworker_user)
    url = f"/people/{person.pk}/{page}"
    assert caseworker_client.get(url).status_code == 200
    response = caseworker_client.post(url, data(world))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response.url.startswith(f"/people/{person.pk}/#")
    record = model.objects.get(person=person)
    assert (record.recorded_by_agency, record.recorded_by) == (world.council, caseworker_user)


@pytest.mark.parametrize("page", PAGES)
def test_an_agency_that_may_not_know_of_the_person_gets_not_found(
    page, outreach_client, caseworker_user, world
):
    model, data = PAGES[page]
    person = make_person(world.council, by=caseworker_user)
    give_consent(person, caseworker_user, world.council)
    sign_agreement_for(world.council)  # outreach has not signed
    url = f"/people/{person.pk}/{page}"
    assert outreach_client.get(url).status_code == 404
    assert outreach_client.post(url, data(world)).status_code == 404
    assert not model.objects.filter(person=person).exists()


@pytest.mark.parametrize("page", ["support-needs/new/", "housing-history/new/"])
def test_a_role_whose_work_does_not_cover_the_section_is_forbidden(
    page, referrer_client, caseworker_user, world
):
    model, data = PAGES[page]
    person = make_person(world.council, by=caseworker_user)
    sign_agreement_for(world.council, world.hospital)
    give_consent(person, caseworker_user, world.council)
    url = f"/people/{person.pk}/{page}"
    assert referrer_client.get(url).status_code == 403
    assert referrer_client.post(url, data(world)).status_code == 403
    assert not model.objects.filter(person=person).exists()


@pytest.mark.parametrize("persona", ["commissioner_client", "dpo_client", "admin_client"])
def test_roles_without_casework_cannot_add_anything(request, persona, caseworker_user, world):
    person = make_person(world.council, by=caseworker_user)
    client = request.getfixturevalue(persona)
    for page, (model, data) in PAGES.items():
        assert client.post(f"/people/{person.pk}/{page}", data(world)).status_code == 403
        assert not model.objects.filter(person=person).exists()


def test_another_agency_adds_its_own_records_without_consent(
    outreach_client, outreach_user, caseworker_user, world
):
    person = make_person(world.council, by=caseworker_user)
    sign_agreement_for(world.council, world.outreach)
    response = outreach_client.post(
        f"/people/{person.pk}/notes/new/", {"kind": "support", "text": "Met on Broadgate"}
    )
    assert response.status_code == 302
    assert Note.objects.get(person=person).recorded_by_agency == world.outreach


def test_notes_offer_only_the_kinds_the_role_may_write(referrer_client, caseworker_user, world):
    person = make_person(world.council, by=caseworker_user)
    sign_agreement_for(world.council, world.hospital)
    url = f"/people/{person.pk}/notes/new/"
    html = referrer_client.get(url).content.decode()
    assert 'value="safeguarding"' in html and 'value="health"' not in html
    response = referrer_client.post(url, {"kind": "health", "text": "Diabetic"})
    assert response.status_code == 200 and not Note.objects.exists()


def test_a_prison_number_is_kept_in_the_offending_section(
    caseworker_client, caseworker_user, world
):
    person = make_person(world.council, by=caseworker_user)
    caseworker_client.post(
        f"/people/{person.pk}/identifiers/new/", {"kind": "prison_number", "value": "A1234BC"}
    )
    assert Identifier.objects.get(person=person).record_section == "offending"


def test_outreach_workers_are_not_offered_prison_numbers(outreach_client, outreach_user, world):
    person = make_person(world.outreach, by=outreach_user)
    url = f"/people/{person.pk}/identifiers/new/"
    assert 'value="prison_number"' not in outreach_client.get(url).content.decode()
    response = outreach_client.post(url, {"kind": "prison_number", "value": "A1234BC"})
    assert response.status_code == 200 and not Identifier.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "nhs_number", "value": "123"}, "An NHS number has 10 digits"),
        ({"kind": "nhs_number", "value": "943 476 5910"}, "This is not a valid NHS number"),
        ({"kind": "ni_number", "value": "DA123456A"}, "A National Insurance number is 2 letters"),
        ({"kind": "source_id", "value": "X1"}, "Enter the name of the system this id comes from"),
    ],
)
def test_identifiers_are_checked(caseworker_client, caseworker_user, world, data, message):
    person = make_person(world.council, by=caseworker_user)
    response = caseworker_client.post(f"/people/{person.pk}/identifiers/new/", data)
    html = response.content.decode()
    assert message in html and f'value="{data["value"]}"' in html
    assert not Identifier.objects.exists()


def test_an_id_from_another_system_keeps_the_system_name(caseworker_client, caseworker_user, world):
    person = make_person(world.council, by=caseworker_user)
    caseworker_client.post(
        f"/people/{person.pk}/identifiers/new/",
        {"kind": "source_id", "system": "Council CRM", "value": "X1"},
    )
    assert Identifier.objects.get().label() == "Id in Council CRM"


def test_a_housing_history_that_ends_before_it_starts_is_refused(
    caseworker_client, caseworker_user, world
):
    person = make_person(world.council, by=caseworker_user)
    response = caseworker_client.post(
        f"/people/{person.pk}/housing-history/new/",
        {"accommodation": "Flat", "from_on_0": "5", "from_on_1": "2020", "to_on_0": "1",
         "to_on_1": "2019"},
    )  # fmt: skip
    assert "The date they left must be after the date they moved in" in response.content.decode()
    assert not HousingHistoryEntry.objects.exists()
