"""Submitting the annual snapshot locks it: afterwards no page changes it, each says so
clearly, and an action started before the submission refuses to finish."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from waypost.outreach import count_actions
from waypost.outreach.models import CountedPerson, StreetCount
from waypost.outreach.tests.test_count_support import (
    NIGHT,
    date_fields,
    london,
    seen,
    snapshot,
)

pytestmark = pytest.mark.django_db

LOCKED = "This count was submitted on"


@pytest.fixture
def submitted(world, coordinator_user, coordinator_client):
    count = snapshot(world, coordinator_user)
    CountedPerson.objects.create(count=count, gender="male", description="Blue tent")
    response = coordinator_client.post(reverse("outreach:count_submit", args=[count.pk]))
    assert response.status_code == 302
    count.refresh_from_db()
    assert count.submitted_at is not None
    assert count.total == 1
    return count


def test_the_coordinator_sees_it_submitted(coordinator_client, submitted):
    html = coordinator_client.get(
        reverse("outreach:count_detail", args=[submitted.pk]), follow=True
    ).content.decode()
    assert "Submitted</strong> on" in html
    assert "A submitted count cannot be changed." in html
    assert "Add a person" not in html
    assert "Change the details" not in html
    assert "Add everyone seen bedded down" not in html
    assert "Blue tent" in html  # still readable by the counting team


def test_every_change_is_refused_with_a_clear_message(outreach_client, world, submitted):
    row = submitted.people.get()
    pages = [
        reverse("outreach:count_edit", args=[submitted.pk]),
        reverse("outreach:count_person_add", args=[submitted.pk]),
        reverse("outreach:count_person_edit", args=[submitted.pk, row.pk]),
        reverse("outreach:count_person_remove", args=[submitted.pk, row.pk]),
        reverse("outreach:count_person_link", args=[submitted.pk, row.pk]),
    ]
    for url in pages:
        for method in ("get", "post"):
            response = getattr(outreach_client, method)(url, follow=True)
            assert response.redirect_chain[-1][0] == reverse(
                "outreach:count_detail", args=[submitted.pk]
            ), url
            assert LOCKED in response.content.decode(), url
    seen(world, london(NIGHT, 23), description="Someone new")
    response = outreach_client.post(
        reverse("outreach:count_add_bedded_down", args=[submitted.pk]), follow=True
    )
    assert LOCKED in response.content.decode()
    assert submitted.people.count() == 1
    assert StreetCount.objects.get(pk=submitted.pk).total == 1


def test_submitting_twice_changes_nothing(coordinator_client, submitted):
    first = submitted.submitted_at
    response = coordinator_client.post(
        reverse("outreach:count_submit", args=[submitted.pk]), follow=True
    )
    assert LOCKED in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.submitted_at == first


def test_a_change_started_before_the_submission_is_refused(world, coordinator_user):
    count = snapshot(world, coordinator_user)
    stale = StreetCount.objects.get(pk=count.pk)  # loaded before the submission
    count_actions.submit_count(count, by=coordinator_user)
    with pytest.raises(count_actions.CountLocked):
        count_actions.add_counted_people(stale, by=coordinator_user)
    with pytest.raises(count_actions.CountLocked):
        count_actions.change_snapshot(
            stale, seen=count_actions.fingerprint(stale), night=NIGHT, method="count",
            areas_covered="x", notes="", total=None, agencies_consulted="Police",
            verifier="Homeless Link", by=coordinator_user,
        )  # fmt: skip
    with pytest.raises(count_actions.CountLocked):
        count_actions.add_bedded_down(stale, by=coordinator_user, memberships=[])
    assert not CountedPerson.objects.filter(count=count).exists()


def test_a_count_is_not_submitted_before_its_night_is_over(world, coordinator_user):
    count = snapshot(world, coordinator_user)
    with pytest.raises(count_actions.CountNotReady) as refused:
        count_actions.submit_count(
            count, by=coordinator_user, now=datetime(2025, 11, 14, 5, 0, tzinfo=UTC)
        )
    assert "The night is not over yet" in refused.value.problems[0]


def test_the_change_page_shows_the_night_typed_when_refused(outreach_client, submitted):
    # Belt and braces: a POST with a new night to a submitted count changes nothing.
    outreach_client.post(
        reverse("outreach:count_edit", args=[submitted.pk]),
        {**date_fields("night", NIGHT.replace(day=20)), "method": "count",
         "areas_covered": "Everywhere", "seen": count_actions.fingerprint(submitted)},
    )  # fmt: skip
    submitted.refresh_from_db()
    assert submitted.night == NIGHT
