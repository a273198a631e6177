"""Learning from deaths for the partnership board: published summaries only, for coordinators,
commissioners and partnership admins of the partnership; no names; dates as month and year
only; counts of deaths by quarter; restricted records left out; a fixed cost in queries."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from waypost.accounts.models import Membership, Role
from waypost.cases.models import DeathNotification, DeathReview, ReviewStatus
from waypost.cases.tests.test_enforcement_helpers import client_for, member, notified_death
from waypost.people.models import Person
from waypost.testing.people import make_person

SUMMARY = "A man in his fifties died in winter. The SWEP trigger will be lowered."


def _death(world, by, *, given="Marigold", published=True, summary=SUMMARY, **review):
    person = make_person(world.council, given_name=given, family_name="Quince")
    result = notified_death(person, world.outreach, by)
    values = {"status": ReviewStatus.COMPLETE, "completed_at": timezone.now()}
    if published:
        values.update(learning_summary=summary, summary_published_at=timezone.now())
    values.update(review)
    DeathReview.objects.filter(pk=result.pk).update(**values)
    return result


def _move_to(review, when):
    DeathNotification.objects.filter(pk=review.notification_id).update(recorded_at=when)


@pytest.mark.parametrize("persona", ["coordinator_client", "commissioner_client", "admin_client"])
def test_board_members_read_published_summaries(request, persona, world, outreach_user):
    _death(world, outreach_user)
    _death(world, outreach_user, given="Drafted", published=False, learning_summary="Draft text")
    html = request.getfixturevalue(persona).get("/cases/deaths/learning/").content.decode()
    assert SUMMARY in html and "Draft text" not in html
    assert "Marigold" not in html and "Quince" not in html and "Drafted" not in html
    now = timezone.localtime()
    assert f"Published {now:%B %Y}" in html
    assert f"{now:%-d %B %Y}" not in html  # no exact dates


@pytest.mark.parametrize(
    "persona", ["caseworker_client", "outreach_client", "dpo_client", "referrer_client"]
)
def test_others_are_refused(request, persona, world):
    assert request.getfixturevalue(persona).get("/cases/deaths/learning/").status_code == 403


def test_counts_by_quarter(coordinator_client, world, outreach_user):
    tz = timezone.get_current_timezone()
    first = _death(world, outreach_user, sar_referred=True)
    second = _death(world, outreach_user, given="Second", published=False)
    third = _death(world, outreach_user, given="Third", published=False, status="open")
    _move_to(first, datetime(2025, 2, 10, 12, tzinfo=tz))
    _move_to(second, datetime(2025, 3, 31, 23, 30, tzinfo=tz))  # still March in London
    _move_to(third, datetime(2025, 4, 1, 9, tzinfo=tz))
    html = coordinator_client.get("/cases/deaths/learning/").content.decode()
    rows = html.split("<tbody")[1].split("</tbody>")[0].split('<tr class="govuk-table__row">')[1:]
    cells = [[c.split(">")[-1] for c in row.split("</t")[:-1] if "<t" in c] for row in rows]
    assert cells == [
        ["April to June 2025", "1", "0", "0", "0"],
        ["January to March 2025", "2", "2", "1", "1"],
    ]


def test_another_partnerships_learning_is_not_shown(birmingham_admin_client, world, outreach_user):
    _death(world, outreach_user)
    html = birmingham_admin_client.get("/cases/deaths/learning/").content.decode()
    assert SUMMARY not in html and "No deaths have been notified" in html


def test_a_member_of_two_partnerships_chooses_between_them(world, outreach_user):
    both = member("board@region.test", world.council, Role.COMMISSIONER)
    Membership.objects.create(user=both, agency=world.brum_council, role=Role.COMMISSIONER)
    _death(world, outreach_user)
    client = client_for(both)
    first = client.get("/cases/deaths/learning/").content.decode()
    assert "Birmingham" in first and SUMMARY not in first  # Birmingham comes first by name
    chosen = client.get("/cases/deaths/learning/", {"partnership": world.coventry.pk})
    assert SUMMARY in chosen.content.decode()


def test_restricted_records_are_left_out(coordinator_client, world, outreach_user):
    review = _death(world, outreach_user)
    Person.objects.filter(pk=review.notification.person_id).update(restricted_at=timezone.now())
    html = coordinator_client.get("/cases/deaths/learning/").content.decode()
    assert SUMMARY not in html and "No deaths have been notified" in html


def test_the_page_costs_the_same_queries_however_many_deaths(
    commissioner_client, world, outreach_user, django_assert_max_num_queries
):
    _death(world, outreach_user)
    with django_assert_max_num_queries(20) as few:
        commissioner_client.get("/cases/deaths/learning/")
    for i in range(12):
        review = _death(world, outreach_user, given=f"Pat{i}")
        _move_to(review, timezone.now() - timedelta(days=100 * i))
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = commissioner_client.get("/cases/deaths/learning/").content.decode()
    assert html.count('id="summary-') == 10 and "?page=2" in html
