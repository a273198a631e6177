"""The annual snapshot's return names the agencies consulted and the independent verifier: the
form takes them, the snapshot page and its CSV show them, and the night must fall between
1 October and 30 November."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from waypost.outreach.count_forms import SnapshotForm, in_snapshot_window
from waypost.outreach.models import CountedPerson, CountKind, StreetCount

NEW = reverse("outreach:count_new")


def _night(day: date) -> dict[str, str]:
    return {"night_0": str(day.day), "night_1": str(day.month), "night_2": str(day.year)}


def _form(**data):
    return SnapshotForm({**_night(date(2025, 11, 13)), "method": "count",
                         "areas_covered": "Centre", **data})  # fmt: skip


@pytest.mark.parametrize(
    ("day", "inside"),
    [
        (date(2025, 9, 30), False),
        (date(2025, 10, 1), True),
        (date(2025, 11, 30), True),
        (date(2025, 12, 1), False),
    ],  # fmt: skip
)
def test_the_night_must_fall_in_october_or_november(day, inside):
    assert in_snapshot_window(day) is inside
    form = _form(**_night(day))
    assert form.is_valid() is inside
    if not inside:
        assert "between 1 October and 30 November" in form.errors["night"][0]


def test_agencies_and_verifier_are_saved_shown_and_exported(world, coordinator_client):
    response = coordinator_client.post(
        NEW,
        {
            **_night(date(2025, 11, 13)),
            "method": "estimate",
            "total": "4",
            "areas_covered": "City centre",
            "agencies_consulted": "Police, hospital",
            "verifier": "Homeless Link",
        },  # fmt: skip
    )
    assert response.status_code == 302
    count = StreetCount.objects.get(kind=CountKind.ANNUAL)
    assert (count.agencies_consulted, count.verifier) == ("Police, hospital", "Homeless Link")
    page = coordinator_client.get(reverse("outreach:count_detail", args=[count.pk]))
    assert "Police, hospital" in page.content.decode()
    assert "Homeless Link" in page.content.decode()
    CountedPerson.objects.bulk_create(CountedPerson(count=count) for _ in range(4))
    submitted = coordinator_client.post(reverse("outreach:count_submit", args=[count.pk]))
    assert submitted.status_code == 302  # the return is exported once submitted
    rows = list(
        csv.reader(
            io.StringIO(
                coordinator_client.get(
                    reverse("outreach:count_csv", args=[count.pk])
                ).content.decode()
            )
        )
    )
    assert ["Agencies consulted", "Police, hospital"] in rows
    assert ["Verifier", "Homeless Link"] in rows


def test_the_change_form_keeps_and_changes_them(world, coordinator_client):
    coordinator_client.post(
        NEW,
        {
            **_night(date(2025, 11, 13)),
            "method": "estimate",
            "total": "4",
            "areas_covered": "City centre",
            "verifier": "Homeless Link",
        },  # fmt: skip
    )
    count = StreetCount.objects.get(kind=CountKind.ANNUAL)
    edit = reverse("outreach:count_edit", args=[count.pk])
    form = coordinator_client.get(edit).context["form"]
    assert form.initial["verifier"] == "Homeless Link"
    coordinator_client.post(
        edit,
        {
            **_night(date(2025, 11, 13)),
            "method": "estimate",
            "total": "4",
            "areas_covered": "City centre",
            "verifier": "St Mungo's",
            "agencies_consulted": "Police",
            "seen": form.initial["seen"],
        },  # fmt: skip
    )
    count.refresh_from_db()
    assert (count.agencies_consulted, count.verifier) == ("Police", "St Mungo's")
