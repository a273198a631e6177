"""Recording what a place must offer someone: each save adds a record and the latest one the
user may see counts; their partner is chosen from people the user may see; mistakes are
explained and what was typed is kept; who may record them."""

import re

import pytest

from waypost.audit.models import AccessEvent, Channel, Section
from waypost.housing.models import HousingNeeds, SupportLevel
from waypost.housing.placement_access import latest_needs
from waypost.housing.placement_actions import record_housing_needs
from waypost.housing.tests.test_placement_helpers import person_on_list
from waypost.sharing.policy import access_for
from waypost.testing.people import make_person, sign_agreement_for


def _form(**overrides):
    data = {
        "action": "save",
        "couple": "no",
        "partner_search": "",
        "needs": [],
        "support_level": SupportLevel.NONE,
        "notes": "",
    }
    data.update(overrides)
    return data


def test_each_save_adds_a_record_and_the_latest_counts(world, caseworker_user, caseworker_client):
    person = person_on_list(world.council, caseworker_user)
    url = f"/housing/people/{person.pk}/needs/"
    assert "Nothing recorded yet" in caseworker_client.get(url).content.decode()
    response = caseworker_client.post(
        url,
        _form(needs=["pet", "wheelchair"], support_level=SupportLevel.HIGH, notes="Staffy Bruno"),
    )
    assert response.status_code == 302
    assert response.url == f"/housing/people/{person.pk}/beds/"
    first = HousingNeeds.objects.get()
    assert first.pet and first.wheelchair and first.step_free  # a wheelchair needs step-free
    assert (first.support_level, first.notes, first.couple) == ("high", "Staffy Bruno", False)
    assert first.recorded_by_agency == world.council
    page = caseworker_client.get(url).content.decode()
    assert "Last recorded on" in page and "Staffy Bruno" in page
    assert re.search(r'value="pet"[^>]*checked', page)  # the form starts from the latest
    assert not re.search(r'value="harm_reduction"[^>]*checked', page)

    caseworker_client.post(url, _form(needs=["avoid_city_centre"]))
    assert HousingNeeds.objects.count() == 2
    latest = latest_needs(person, access_for(caseworker_user, person))
    assert latest is not None and latest.avoid_city_centre and not latest.pet
    page = caseworker_client.get(f"/housing/people/{person.pk}/beds/").content.decode()
    assert "wants to avoid the city centre" in page and "has a pet" not in page


def test_the_partner_is_found_among_people_the_user_may_see(
    world, caseworker_user, caseworker_client, outreach_user
):
    sign_agreement_for(world.council, world.outreach)
    person = person_on_list(world.council, caseworker_user, given_name="Ann", family_name="Lee")
    partner = make_person(world.council, by=caseworker_user, given_name="Bo", family_name="Lee")
    hidden = make_person(world.outreach, by=outreach_user, given_name="Cy", family_name="Lee")
    url = f"/housing/people/{person.pk}/needs/"
    response = caseworker_client.post(
        url, _form(action="find", couple="yes", partner_search="Lee", notes="Kept")
    )
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" not in page
    assert "Bo Lee" in page and "Kept" in page
    assert "Cy Lee" not in page  # recorded by outreach, not shared with the council
    assert 'value="' + str(person.pk) + '"' not in page  # not their own partner
    listed = AccessEvent.objects.filter(user=caseworker_user, route="housing:needs")
    assert listed.filter(person_id=partner.pk, channel=Channel.SEARCH).exists()
    assert not listed.filter(person_id=hidden.pk).exists()

    response = caseworker_client.post(url, _form(couple="yes", partner=str(partner.pk)))
    assert response.status_code == 302
    needs = HousingNeeds.objects.get()
    assert needs.couple and needs.partner == partner
    page = caseworker_client.get(url).content.decode()
    assert "as a couple with Bo Lee" in page


def test_a_partner_the_user_may_not_see_cannot_be_chosen(
    world, caseworker_user, caseworker_client, outreach_user
):
    sign_agreement_for(world.council, world.outreach)
    person = person_on_list(world.council, caseworker_user)
    hidden = make_person(world.outreach, by=outreach_user, given_name="Cy", family_name="Lee")
    response = caseworker_client.post(
        f"/housing/people/{person.pk}/needs/", _form(couple="yes", partner=str(hidden.pk))
    )
    page = response.content.decode()
    assert "Choose their partner from the people found" in page
    # The whole name, with its space: two letters alone turn up in the random CSRF token.
    assert "Cy Lee" not in page and str(hidden.pk) not in page
    assert not HousingNeeds.objects.exists()


def test_mistakes_are_explained_and_what_was_typed_is_kept(
    world, caseworker_user, caseworker_client
):
    person = person_on_list(world.council, caseworker_user)
    partner = make_person(world.council, by=caseworker_user, given_name="Bo")
    url = f"/housing/people/{person.pk}/needs/"
    page = caseworker_client.post(
        url, {"action": "save", "notes": "Needs a ground floor"}
    ).content.decode()
    assert "Choose whether they need a place with their partner" in page
    assert "Choose the support they need where they stay" in page
    assert "Needs a ground floor" in page
    page = caseworker_client.post(url, _form(couple="no", partner=str(partner.pk))).content.decode()
    assert "to record their partner" in page
    assert not HousingNeeds.objects.exists()


def test_the_action_refuses_a_partner_without_a_couple(world, caseworker_user):
    person = person_on_list(world.council, caseworker_user)
    partner = make_person(world.council, by=caseworker_user, given_name="Bo")
    with pytest.raises(Exception, match="only when they need a place as a couple"):
        record_housing_needs(person, agency=world.council, by=caseworker_user, partner=partner)
    with pytest.raises(Exception, match="someone else"):
        record_housing_needs(
            person, agency=world.council, by=caseworker_user, couple=True, partner=person
        )


def test_the_latest_needs_the_user_may_see_count(world, caseworker_user, outreach_user):
    """The outreach team's own older record counts for them while the council's newer one is
    not shared with them."""
    sign_agreement_for(world.council, world.outreach)
    person = person_on_list(world.council, caseworker_user)
    record_housing_needs(person, agency=world.outreach, by=outreach_user, pet=True)
    record_housing_needs(person, agency=world.council, by=caseworker_user, wheelchair=True)
    theirs = latest_needs(person, access_for(outreach_user, person))
    ours = latest_needs(person, access_for(caseworker_user, person))
    assert theirs is not None and theirs.pet and not theirs.wheelchair
    assert ours is not None and ours.wheelchair


def test_needs_are_in_the_access_log(world, caseworker_user, caseworker_client):
    person = person_on_list(world.council, caseworker_user)
    record_housing_needs(person, agency=world.council, by=caseworker_user, pet=True)
    caseworker_client.get(f"/housing/people/{person.pk}/needs/")
    events = AccessEvent.objects.filter(user=caseworker_user, route="housing:needs")
    assert {e.section for e in events} == {Section.SUPPORT, Section.IDENTITY}
