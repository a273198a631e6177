"""The return as CSV: the figures the government asks for, and nothing about any person;
anything a spreadsheet would run as a formula is made harmless."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from waypost.outreach import count_actions
from waypost.outreach.models import CountedPerson, StreetCount
from waypost.outreach.tests.test_count_support import (
    AGENCIES_CONSULTED,
    VERIFIER,
    shared_person,
    snapshot,
)

pytestmark = pytest.mark.django_db


def _csv(client, count):
    response = client.get(reverse("outreach:count_csv", args=[count.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Disposition"] == (
        f'attachment; filename="waypost-street-count-coventry-{count.night:%Y-%m-%d}.csv"'
    )
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.fixture
def count(world, coordinator_user):
    count = snapshot(world, coordinator_user)
    jo = shared_person(world, coordinator_user)
    CountedPerson.objects.create(count=count, person=jo, gender="female", age="18_25",
                                 nationality="eu", description="=HYPERLINK(\"x\")")  # fmt: skip
    CountedPerson.objects.create(count=count, gender="male", age="26_plus", nationality="uk",
                                 description="Green tent by the canal")  # fmt: skip
    CountedPerson.objects.create(count=count, gender="male", age="not_known",
                                 nationality="non_eu")  # fmt: skip
    StreetCount.objects.filter(pk=count.pk).update(total=3, areas_covered="=cmd|' /C calc'!A0")
    count.refresh_from_db()
    return count_actions.submit_count(count, by=coordinator_user)  # exported once submitted


def test_the_return_has_the_national_figures(coordinator_client, count):
    rows = _csv(coordinator_client, count)
    assert rows[:8] == [
        ["Partnership", "Coventry"],
        ["Return", "Rough sleeping snapshot (annual)"],
        ["Night (the date the night began)", "2025-11-13"],
        ["Method", "Street count"],
        ["Areas covered", "'=cmd|' /C calc'!A0"],  # a formula made harmless
        ["Status", f"Submitted on {timezone.localdate():%Y-%m-%d}"],
        [],
        ["Total people sleeping rough", "3"],
    ]
    assert rows[8:] == [
        [],
        ["Gender", "People"],
        ["Male", "2"], ["Female", "1"], ["Another gender", "0"], ["Not known", "0"],
        ["All (gender)", "3"],
        [],
        ["Age", "People"],
        ["Under 18", "0"], ["18 to 25", "1"], ["26 or over", "1"], ["Not known", "1"],
        ["All (age)", "3"],
        [],
        ["Nationality", "People"],
        ["UK national", "1"], ["EU national (not UK)", "1"], ["Non-EU national", "1"],
        ["Not known", "0"],
        ["All (nationality)", "3"],
        [],
        ["Check", "The breakdowns add up to the total"],
        [],
        ["Agencies consulted", AGENCIES_CONSULTED],
        ["Verifier", VERIFIER],
    ]  # fmt: skip


def test_no_personal_data_whoever_downloads_it(coordinator_client, commissioner_client, count):
    for client in (coordinator_client, commissioner_client):
        text = "\n".join(",".join(row) for row in _csv(client, count))
        for personal in ("Bloggs", "Jo", "HYPERLINK", "Green tent", "Six volunteers"):
            assert personal not in text
        assert str(count.people.first().pk) not in text
