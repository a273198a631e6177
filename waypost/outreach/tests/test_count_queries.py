"""The count pages take a fixed number of queries however many counts or people there are
(apart from the one access-log row written per person shown, and per name shown)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from waypost.outreach import count_actions
from waypost.outreach.models import CountedPerson, CountKind, Place, StreetCount
from waypost.outreach.tests.test_count_support import shared_person, snapshot
from waypost.testing.people import make_person

pytestmark = pytest.mark.django_db


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    inserts = [q for q in captured.captured_queries if q["sql"].startswith("INSERT")]
    return len(captured.captured_queries) - len(inserts), len(inserts)


def _rows(world, count, by, number):
    place = Place.objects.get_or_create(partnership=world.coventry, name="Broadgate")[0]
    for i in range(number):
        person = make_person(world.council, by=by, given_name=f"P{i}") if i % 2 else None
        CountedPerson.objects.create(count=count, person=person, place=place,
                                     description=f"Row {i}")  # fmt: skip


def test_the_snapshot_page_reads_the_same_for_2_people_or_20(
    world, coordinator_client, coordinator_user
):
    count = snapshot(world, coordinator_user)
    shared_person(world, coordinator_user)  # the agreement is signed
    _rows(world, count, coordinator_user, 2)
    url = reverse("outreach:count_detail", args=[count.pk])
    small_reads, small_writes = _queries(coordinator_client, url)
    _rows(world, count, coordinator_user, 18)
    reads, writes = _queries(coordinator_client, url)
    assert reads == small_reads
    assert reads <= 14  # with the SWEP banner
    assert (small_writes, writes) == (2 + 1, 20 + 1)  # a row each, and one for the names shown


def test_figure_pages_read_a_fixed_number_of_queries(
    world, commissioner_client, coordinator_user, django_assert_max_num_queries
):
    count = snapshot(world, coordinator_user)
    _rows(world, count, coordinator_user, 20)
    count_actions.submit_count(count, by=coordinator_user)  # its return may be downloaded
    for i in range(30):
        StreetCount.objects.create(
            partnership=world.coventry, kind=CountKind.MONTHLY, night=date(2023, 1, 1 + i % 28)
            .replace(month=1 + i // 28), total=i, recorded_by_agency=world.outreach,
        )  # fmt: skip
    for url in (
        reverse("outreach:counts"),
        reverse("outreach:count_monthly"),
        reverse("outreach:count_detail", args=[count.pk]),
        reverse("outreach:count_csv", args=[count.pk]),
    ):
        with django_assert_max_num_queries(12):
            assert commissioner_client.get(url).status_code == 200
