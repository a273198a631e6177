"""Alerts go to the partnership whose area covers the place: postcode district first, then a
named place; anything else goes to a coordinator to forward, and the right people are told."""

import pytest

from waypost.accounts.models import Role
from waypost.notifications.models import Notification
from waypost.referrals.models import AlertStatus
from waypost.referrals.routing import (
    normalise_postcode,
    postcode_district,
    postcode_problem,
    route_place,
)
from waypost.referrals.tests.helpers import make_alert
from waypost.testing.personas import make_user


@pytest.mark.parametrize(
    ("typed", "normalised", "district"),
    [
        ("cv1 1la", "CV1 1LA", "CV1"),
        ("CV11LA", "CV1 1LA", "CV1"),
        ("b12 0xx", "B12 0XX", "B12"),
        ("EC1A 1BB", "EC1A 1BB", "EC1A"),
        ("cv5", "CV5", "CV5"),
        ("", "", ""),
    ],
)
def test_postcodes_are_read_loosely(typed, normalised, district):
    assert normalise_postcode(typed) == normalised
    assert postcode_district(typed) == district
    assert postcode_problem(typed) is None


@pytest.mark.parametrize("typed", ["XYZ", "12345", "CV1 1LAA", "Coventry"])
def test_text_that_is_not_a_postcode_is_a_problem(typed):
    assert postcode_problem(typed)


def test_the_postcode_district_decides(areas, world):
    assert route_place(postcode="CV3 4FJ", town="Birmingham").partnership == world.coventry
    route = route_place(postcode="B12 0XX", town="")
    assert route.partnership == world.birmingham
    assert route.how == "postcode district B12"


def test_b1_and_b10_are_different_districts(areas, world, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert route_place(postcode="B1 1AA", town="").how == "postcode district B1"
    assert route_place(postcode="B49 5AA", town="").partnership is None


def test_a_named_place_decides_when_there_is_no_postcode(areas, world):
    route = route_place(postcode="", town="Earlsdon, near the park")
    assert route.partnership == world.coventry
    assert route.how == "place Earlsdon"
    assert route_place(postcode="", town="tile   hill").partnership == world.coventry
    assert route_place(postcode="", town="Digbeth coach station").partnership == world.birmingham


def test_a_place_name_must_be_whole_words(areas):
    # "Hillfields" contains "hill" but Coventry's place is "Tile Hill".
    assert route_place(postcode="", town="Solihull").partnership is None
    assert route_place(postcode="", town="Tile Hillside").partnership is None


def test_a_place_in_two_partnerships_areas_goes_to_a_coordinator(areas, world):
    from waypost.referrals.actions import set_alert_area

    set_alert_area(world.birmingham, districts=["B1"], places=["Birmingham", "Earlsdon"], by=None)
    assert route_place(postcode="", town="Earlsdon").partnership is None


def test_a_place_no_area_covers_is_out_of_area(areas):
    route = route_place(postcode="LS1 4AP", town="Leeds")
    assert route.partnership is None
    assert route.how == ""


def test_a_routed_alert_tells_the_partnerships_outreach_workers_without_personal_data(
    areas, world, outreach_user
):
    brum_outreach = make_user("outreach@birmingham.test", agency=world.brum_council,
                              role=Role.OUTREACH_WORKER)  # fmt: skip
    alert = make_alert(name_if_known="Dave")
    assert alert.partnership == world.coventry
    assert alert.status == AlertStatus.WAITING
    note = Notification.objects.get(user=outreach_user)
    assert note.title == "New alert to verify"
    assert note.link == f"/alerts/{alert.pk}/"
    assert "Dave" not in note.body and "Hertford" not in note.body
    assert not Notification.objects.filter(user=brum_outreach).exists()


def test_an_out_of_area_alert_tells_every_coordinator(areas, world, coordinator_user):
    brum_coordinator = make_user(
        "coordinator@birmingham.test", agency=world.brum_council, role=Role.COORDINATOR
    )
    alert = make_alert(postcode="", town="Leeds")
    assert alert.partnership is None
    assert alert.status == AlertStatus.OUT_OF_AREA
    for user in (coordinator_user, brum_coordinator):
        assert Notification.objects.get(user=user).link == f"/alerts/{alert.pk}/"
