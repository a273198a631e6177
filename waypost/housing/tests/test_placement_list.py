"""A person's placements page: the current one first, then the most recent, 25 a page, each
with where, from, until and why it ended; the same queries however many there are."""

import re
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from waypost.housing.models import EndReason, Placement, Scheme
from waypost.housing.placement_actions import end_placement, place_person
from waypost.housing.tests.test_placement_helpers import make_scheme, make_unit, person_on_list


def _history(world, person, by, count: int, *, start_days_ago: int = 400) -> None:
    """`count` ended placements, oldest first, each a week long, in schemes named by number."""
    today = timezone.localdate()
    for n in range(count):
        scheme = Scheme.objects.filter(name=f"Scheme {n:02d}").first()
        bed = (
            scheme.units.get()
            if scheme
            else make_unit(make_scheme(world.shelter, f"Scheme {n:02d}"))
        )
        started = today - timedelta(days=start_days_ago - 10 * n)
        placement = place_person(person, bed, agency=world.council, by=by, started_on=started)
        end_placement(
            placement,
            ended_on=started + timedelta(days=7),
            reason=EndReason.MOVE_ON,
            agency=world.council,
            by=by,
        )


def _titles(page: str) -> list[str]:
    return re.findall(r'id="placement-[^"]+-title">([^<]+)', page)


def test_the_current_placement_comes_first_then_the_latest(
    world, caseworker_user, caseworker_client
):
    person = person_on_list(world.council, caseworker_user)
    _history(world, person, caseworker_user, 2)
    now = make_unit(make_scheme(world.shelter, "Current Hostel"), "Room 2")
    place_person(
        person,
        now,
        agency=world.council,
        by=caseworker_user,
        expected_end_on=timezone.localdate() + timedelta(days=20),
    )
    page = caseworker_client.get(f"/housing/people/{person.pk}/placements/").content.decode()
    assert [t.strip() for t in _titles(page)] == ["Current Hostel", "Scheme 01", "Scheme 00"]
    assert "Expected to leave on" in page and "Planned move on" in page
    assert page.count("End this placement") == 1
    assert "Find a bed that suits them" in page


def test_the_page_costs_the_same_queries_however_many_placements(
    world, caseworker_user, caseworker_client, django_assert_max_num_queries
):
    person = person_on_list(world.council, caseworker_user)
    _history(world, person, caseworker_user, 2)
    url = f"/housing/people/{person.pk}/placements/"
    with CaptureQueriesContext(connection) as few:
        caseworker_client.get(url)
    Placement.objects.all().delete()
    _history(world, person, caseworker_user, 30, start_days_ago=350)
    with django_assert_max_num_queries(len(few)):
        page = caseworker_client.get(url).content.decode()
    assert len(_titles(page)) == 25
    second = caseworker_client.get(f"{url}?page=2").content.decode()
    assert [t.strip() for t in _titles(second)] == [f"Scheme {n:02d}" for n in range(4, -1, -1)]
