"""The suitable beds page: the rules of waypost.housing.suitability through the page. A woman's
page lists no men-only scheme, a man's no women-only one, anyone else's only mixed ones; a
couple's rooms come first for a couple; the page says what it used and what it did not know;
severe weather beds show only while SWEP is active; the page costs the same queries however
many beds there are."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from waypost.housing.models import AccommodationKind, GenderRule, UnitStatus
from waypost.housing.placement_actions import place_person, record_housing_needs
from waypost.housing.tests.test_placement_helpers import make_scheme, make_unit, person_on_list
from waypost.people.models import Gender, LocalConnection, PublicFunds
from waypost.swep.models import Activation, ActivationKind, ActivationStatus


def _one_of_each_rule(world):
    for name, rule in (
        ("Mixed Hostel", GenderRule.ANYONE),
        ("Womens Refuge", GenderRule.WOMEN),
        ("Mens Hostel", GenderRule.MEN),
    ):
        make_unit(make_scheme(world.shelter, name, gender_rule=rule), "Bed 1")


def _titles(page: str) -> list[str]:
    return re.findall(r'class="govuk-summary-card__title" id="bed-[^"]+">([^<]+)</h3>', page)


@pytest.mark.parametrize(
    ("gender", "shown"),
    [
        (Gender.WOMAN, {"Mixed Hostel", "Womens Refuge"}),
        (Gender.MAN, {"Mixed Hostel", "Mens Hostel"}),
        (Gender.NON_BINARY, {"Mixed Hostel"}),
        (Gender.SELF_DESCRIBED, {"Mixed Hostel"}),
        (Gender.NOT_SAID, {"Mixed Hostel"}),
        (Gender.UNKNOWN, {"Mixed Hostel"}),
    ],
)
def test_single_sex_beds_are_offered_only_to_that_sex(
    world, caseworker_user, caseworker_client, gender, shown
):
    _one_of_each_rule(world)
    person = person_on_list(world.council, caseworker_user, gender=gender)
    page = caseworker_client.get(f"/housing/people/{person.pk}/beds/").content.decode()
    assert {t.split(":")[0] for t in _titles(page)} == shown
    if gender == Gender.UNKNOWN:
        assert "Gender not recorded: only beds open to everyone are shown." in page
    if gender == Gender.WOMAN:
        assert "Mens Hostel" not in page


def test_a_woman_whose_gender_is_hidden_sees_only_mixed_beds(
    world, caseworker_user, outreach_client
):
    from waypost.testing.people import sign_agreement_for

    sign_agreement_for(world.council, world.outreach)
    _one_of_each_rule(world)
    person = person_on_list(world.council, caseworker_user, gender=Gender.WOMAN)
    page = outreach_client.get(f"/housing/people/{person.pk}/beds/").content.decode()
    assert [t.split(":")[0] for t in _titles(page)] == ["Mixed Hostel"]
    assert "Mens Hostel" not in page and "Womens Refuge" not in page


def test_the_page_says_what_it_used_and_what_it_did_not_know(
    world, caseworker_user, caseworker_client
):
    make_unit(make_scheme(world.shelter, "Local Only", needs_local_connection=True), "Bed 1")
    person = person_on_list(
        world.council,
        caseworker_user,
        gender=Gender.WOMAN,
        birth_date=timezone.localdate().replace(year=timezone.localdate().year - 34)
        - timedelta(days=1),
        public_funds=PublicFunds.NO_RECOURSE,
    )
    record_housing_needs(person, agency=world.council, by=caseworker_user, pet=True)
    page = caseworker_client.get(f"/housing/people/{person.pk}/beds/").content.decode()
    assert "Based on: woman, aged 34, has no recourse to public funds, has a pet." in page
    assert "Local connection not known: schemes that need one are marked." in page
    assert "0 free beds suit them" in page  # no pets, no recourse: nothing fits
    record_housing_needs(person, agency=world.council, by=caseworker_user)
    person.public_funds = PublicFunds.HAS_RECOURSE
    person.local_connection = LocalConnection.UNKNOWN
    person.save()
    page = caseworker_client.get(f"/housing/people/{person.pk}/beds/").content.decode()
    assert "Local Only: Bed 1" in page
    assert "Needs a local connection: check theirs before placing" in page


def test_a_couples_rooms_come_first_for_a_couple(world, caseworker_user, caseworker_client):
    make_unit(make_scheme(world.shelter, "Alder House"), "Bed 1")  # first by name otherwise
    couples = make_scheme(world.shelter, "Zinnia Court", couples=True)
    make_unit(couples, "Room 1", sleeps=2)
    make_unit(couples, "Room 2")
    person = person_on_list(world.council, caseworker_user)
    single = caseworker_client.get(f"/housing/people/{person.pk}/beds/").content.decode()
    assert _titles(single) == ["Alder House: Bed 1", "Zinnia Court: Room 2", "Zinnia Court: Room 1"]
    assert "A room for a couple: better kept for a couple" in single
    record_housing_needs(person, agency=world.council, by=caseworker_user, couple=True)
    page = caseworker_client.get(f"/housing/people/{person.pk}/beds/").content.decode()
    assert _titles(page)[0] == "Zinnia Court: Room 1"
    assert "A room for a couple" in page
    assert "Not a couple’s room for them: they would be apart" in page


def test_their_partners_room_comes_first(world, caseworker_user, caseworker_client):
    room = make_unit(make_scheme(world.shelter, "Zinnia Court", couples=True), "Room 1", sleeps=2)
    make_unit(make_scheme(world.shelter, "Alder House", couples=True), "Room 5", sleeps=2)
    partner = person_on_list(world.council, caseworker_user, given_name="Bo")
    place_person(partner, room, agency=world.council, by=caseworker_user)
    person = person_on_list(world.council, caseworker_user, given_name="Ann")
    record_housing_needs(
        person, agency=world.council, by=caseworker_user, couple=True, partner=partner
    )
    page = caseworker_client.get(f"/housing/people/{person.pk}/beds/").content.decode()
    assert _titles(page) == ["Zinnia Court: Room 1", "Alder House: Room 5"]
    assert "Their partner is already staying in this room" in page


def test_severe_weather_beds_show_only_while_swep_is_active(
    world, caseworker_user, caseworker_client, coordinator_user
):
    make_unit(make_scheme(world.shelter, "SWEP Hall", kind=AccommodationKind.SWEP), "Mat 1")
    person = person_on_list(world.council, caseworker_user, public_funds=PublicFunds.NO_RECOURSE)
    url = f"/housing/people/{person.pk}/beds/"
    assert "SWEP Hall" not in caseworker_client.get(url).content.decode()
    now = timezone.now()
    Activation.objects.create(
        partnership=world.coventry,
        kind=ActivationKind.COLD,
        status=ActivationStatus.ACTIVE,
        starts_at=now - timedelta(hours=2),
        expected_end_at=now + timedelta(days=2),
        activated_by=coordinator_user,
    )
    page = caseworker_client.get(url).content.decode()
    assert "SWEP Hall: Mat 1" in page
    assert "Severe weather: offered whatever their immigration status" in page


def test_beds_not_free_are_not_offered(world, caseworker_user, caseworker_client):
    scheme = make_scheme(world.shelter, "Grove House")
    for label, status in (("Held", UnitStatus.HELD), ("Broken", UnitStatus.OUT_OF_USE)):
        make_unit(scheme, label, status=status)
    make_unit(scheme, "Gone").__class__.objects.filter(label="Gone").update(is_active=False)
    make_unit(make_scheme(world.shelter, "Closed", is_active=False), "Bed 1")
    make_unit(make_scheme(world.brum_council, "Brum Beds"), "Bed 1")
    person = person_on_list(world.council, caseworker_user)
    page = caseworker_client.get(f"/housing/people/{person.pk}/beds/").content.decode()
    assert _titles(page) == [] and "No free bed suits them now" in page


def test_the_page_costs_the_same_queries_however_many_beds(
    world, caseworker_user, caseworker_client, django_assert_max_num_queries
):
    person = person_on_list(world.council, caseworker_user)
    record_housing_needs(person, agency=world.council, by=caseworker_user, step_free=True)
    make_unit(make_scheme(world.shelter, "Scheme 0", wheelchair_access=True), "Bed 1")
    url = f"/housing/people/{person.pk}/beds/"
    with CaptureQueriesContext(connection) as few:
        caseworker_client.get(url)
    for n in range(1, 10):
        scheme = make_scheme(world.shelter, f"Scheme {n}", wheelchair_access=True)
        for b in range(4):
            make_unit(scheme, f"Bed {b}")
    with django_assert_max_num_queries(len(few)):
        page = caseworker_client.get(url).content.decode()
    assert len(_titles(page)) == 25 and "Next" in page
