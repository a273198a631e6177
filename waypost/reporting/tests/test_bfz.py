"""Built for Zero's monthly figures from the by-name list's history, on a hand-worked month
(October 2026): inflow, outflow and the people actively homeless at each end, which must
balance; commissioners see no count from 1 to 4."""

import csv
import io

import pytest
from django.urls import reverse

from waypost.outreach.models import ByNameEntry, ListStatus, StatusChange
from waypost.people.models import Person
from waypost.reporting.bfz import bfz_month
from waypost.testing.people import make_person
from waypost.testing.returns import OCTOBER, at

URL = reverse("reporting:return_bfz")
OCT = {"month_0": "10", "month_1": "2026"}


def history(world, name, *changes):
    """Put `name` on the list and apply (when, status) changes in order."""
    person = make_person(world.outreach, given_name=name)
    entry = ByNameEntry.objects.create(
        partnership=world.coventry,
        person=person,
        status=changes[-1][1],
        added_by_agency=world.outreach,
    )
    previous = ""
    for when, status in changes:
        StatusChange.objects.create(entry=entry, person=person, status=status,
                                    previous_status=previous, changed_at=when,
                                    recorded_by_agency=world.outreach)  # fmt: skip
        previous = status
    return person


@pytest.fixture
def october(world):
    # Active at the start (30 Sep): Amy, Bob, Col, Dot, Kit.
    history(world, "Amy", (at(2026, 9, 1), ListStatus.ROUGH_SLEEPING))  # stays active
    history(
        world,
        "Bob",
        (at(2026, 9, 2), ListStatus.ROUGH_SLEEPING),
        (at(2026, 10, 5), ListStatus.HOUSED),
    )  # moved to housing
    history(
        world, "Col", (at(2026, 9, 3), ListStatus.EMERGENCY), (at(2026, 10, 6), ListStatus.CUSTODY)
    )  # moved to inactive
    history(
        world,
        "Dot",
        (at(2026, 9, 4), ListStatus.ROUGH_SLEEPING),
        (at(2026, 10, 7), ListStatus.SUPPORTED),  # moved to housing
        (at(2026, 10, 20), ListStatus.ROUGH_SLEEPING),
    )  # returned from housed
    kit = history(world, "Kit", (at(2026, 9, 5), ListStatus.ROUGH_SLEEPING))
    Person.objects.filter(pk=kit.pk).update(restricted_at=at(2026, 11, 1))  # never counted
    # Not active at the start.
    history(world, "Eli", (at(2026, 10, 8), ListStatus.ROUGH_SLEEPING))  # newly identified
    history(
        world,
        "Fin",
        (at(2026, 8, 1), ListStatus.HOSPITAL),
        (at(2026, 10, 9), ListStatus.ROUGH_SLEEPING),
    )  # returned from inactive
    history(world, "Gil", (at(2026, 10, 10), ListStatus.AT_RISK))  # never active
    history(world, "Hob", (at(2026, 11, 2), ListStatus.ROUGH_SLEEPING))  # after the month


def test_the_month_equals_the_hand_worked_figures(world, october):
    month = bfz_month(world.coventry, OCTOBER)
    assert month.active_at_start == 4  # Amy, Bob, Col, Dot
    assert month.newly_identified == 1  # Eli
    assert month.returned_from_housed == 1  # Dot
    assert month.returned_from_inactive == 1  # Fin
    assert month.moved_to_housing == 2  # Bob, Dot
    assert month.moved_to_inactive == 1  # Col
    assert month.active_at_end == 4  # Amy, Dot, Eli, Fin
    assert month.active_at_start + month.inflow - month.outflow == month.active_at_end


def _table(response):
    return {row[0].text: row[1].text for row in response.context["table"].rows}


def test_the_page_and_csv_show_the_figures(world, october, coordinator_client):
    table = _table(coordinator_client.get(URL, OCT))
    assert table["Inflow in all"] == "3"
    assert table["Actively homeless at the end of the month"] == "4"
    rows = list(
        csv.reader(
            io.StringIO(
                coordinator_client.get(reverse("reporting:return_bfz_csv"), OCT).content.decode()
            )
        )
    )
    assert ["Outflow: moved to housing", "2"] in rows


def test_commissioners_see_fewer_than_5_and_no_totals(world, october, commissioner_client):
    table = _table(commissioner_client.get(URL, OCT))
    assert table["Inflow: newly identified"] == "fewer than 5"
    assert table["Inflow in all"] == "Not shown"


def test_access(world, referrer_client, birmingham_admin_client, caseworker_client):
    assert caseworker_client.get(URL, OCT).status_code == 200
    assert referrer_client.get(URL, OCT).status_code == 403
    assert birmingham_admin_client.get(URL, {**OCT, "partnership": "coventry"}).status_code == 404
