"""The cohort page: who may see it, the figures on the hand-computed fixture as the tables show
them, small numbers hidden from commissioners (with a second count hidden where the first
could be worked out from the total), the access event, and a fixed number of queries."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from waypost.accounts.models import Membership, Role
from waypost.audit.models import AccessEvent
from waypost.outreach.models import ListStatus
from waypost.testing.cohort import at, build_cohort, put_on
from waypost.testing.pages import page_html
from waypost.testing.people import make_person
from waypost.testing.personas import make_user, mark_recently_authenticated

URL = reverse("reporting:cohort")
JUNE_30 = {"on_0": "30", "on_1": "6", "on_2": "2026"}


def table_rows(html: str, table_id: str) -> list[list[str]]:
    start = html.index(f'id="{table_id}"')
    body = html[html.index("<tbody", start) : html.index("</tbody>", start)]
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.DOTALL)
        ]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.DOTALL)
    ]


def nonzero(rows: list[list[str]]) -> list[list[str]]:
    return [row for row in rows if row[1] != "0"]


@pytest.fixture
def fixture(world):
    return build_cohort(world)


def test_a_coordinator_sees_the_cohort_on_a_date(coordinator_client, fixture):
    response = coordinator_client.get(URL, JUNE_30)
    html = response.text
    assert response.status_code == 200
    assert re.search(r"<strong>4</strong> people were on the by-name list", html)
    assert nonzero(table_rows(html, "age-table")) == [
        ["Under 18", "1", "25%"],
        ["26 to 35", "2", "50%"],
        ["56 or over", "1", "25%"],
    ]
    assert nonzero(table_rows(html, "time-table")) == [
        ["Under 3 months", "1", "25%"],
        ["3 to 6 months", "1", "25%"],
        ["5 years or more", "1", "25%"],
        ["Not seen bedded down", "1", "25%"],
    ]
    assert nonzero(table_rows(html, "routes-table")) == [
        ["Leaving hospital", "1", "25%"],
        ["Leaving prison", "1", "25%"],
        ["End of a private rented tenancy", "1", "25%"],
        ["No referral recorded", "1", "25%"],
    ]
    assert table_rows(html, "health-table") == [
        ["Physical health need", "1", "50%"],
        ["Mental health need", "1", "50%"],
        ["Drug or alcohol need", "1", "50%"],
        ["Dual diagnosis (mental health and drugs or alcohol)", "1", "50%"],
        ["Uses new psychoactive substances", "1", "50%"],
    ]
    physical = [r for r in table_rows(html, "domains-table") if r[0] == "Physical health"]
    assert physical == [["Physical health", "1", "0", "1", "0", "0"]]  # high, medium, low...
    # The trends: the cohort at each quarter end, with charts.
    age_trend = table_rows(html, "age-trend-table")
    assert age_trend[0] == ["People on the list", "1", "1", "1", "2", "2", "3", "3", "4", "4"]
    for chart in ("age-trend-chart", "time-trend-chart", "health-trend-chart"):
        assert f'id="{chart}"' in html
    assert 'role="img"' in html
    assert "Counts from 1 to 4 are shown" not in html
    assert "Ann" not in page_html(response) and "Bloggs" not in html  # counts only


def test_today_is_the_default_date(coordinator_client, fixture):
    html = coordinator_client.get(URL).text
    # Today (after July 2026) Gus is on the list too and Dan still is; Eve was housed.
    assert re.search(r"<strong>5</strong> people were on the by-name list", html)


@pytest.mark.parametrize("persona", ["admin_client", "commissioner_client"])
def test_admins_and_commissioners_see_the_page(request, persona, fixture):
    assert request.getfixturevalue(persona).get(URL, JUNE_30).status_code == 200


@pytest.mark.parametrize(
    "persona",
    [
        "caseworker_client",
        "outreach_client",
        "referrer_client",
        "dpo_client",
        "provider_client",
        "regional_client",
    ],
)
def test_other_roles_are_refused(request, persona, world):
    assert request.getfixturevalue(persona).get(URL).status_code == 403


def test_another_partnership_is_404(coordinator_client, birmingham_admin_client, world):
    assert coordinator_client.get(URL, {"partnership": "birmingham"}).status_code == 404
    assert birmingham_admin_client.get(URL, {"partnership": "coventry"}).status_code == 404
    assert birmingham_admin_client.get(URL).status_code == 200  # their own


def test_someone_in_two_partnerships_chooses_which(world, fixture):
    user = make_user("two@coventry.test", agency=world.brum_council, role=Role.COORDINATOR)
    Membership.objects.create(user=user, agency=world.council, role=Role.COORDINATOR)
    client = Client()
    client.force_login(user)
    mark_recently_authenticated(client, user)
    html = client.get(URL, {**JUNE_30, "partnership": "coventry"}).text
    assert '<option value="coventry" selected>' in html
    assert re.search(r"<strong>4</strong> people were on the by-name list", html)


def test_a_date_in_the_future_is_refused(coordinator_client, world):
    response = coordinator_client.get(URL, {"on_0": "1", "on_1": "1", "on_2": "2100"})
    assert response.status_code == 200
    assert "The date must be today or in the past" in response.text
    assert 'id="on-the-date"' not in response.text


def test_a_commissioner_sees_no_small_numbers_and_none_can_be_worked_out(
    commissioner_client, coordinator_client, world
):
    # Seven people: six men and one woman. The woman alone would be "fewer than 5", but with
    # the total of 7 shown she would be 7 - 6 = 1: so the men's count is hidden too.
    for n in range(6):
        put_on(make_person(world.outreach, given_name=f"M{n}", gender="man"), world.outreach,
               at(2026, 1, 1))  # fmt: skip
    put_on(make_person(world.outreach, given_name="W", gender="woman"), world.outreach,
           at(2026, 1, 1), ListStatus.AT_RISK)  # fmt: skip
    html = commissioner_client.get(URL, JUNE_30).text
    assert re.search(r"<strong>7</strong> people were on the by-name list", html)
    assert table_rows(html, "gender-table") == [
        ["Man", "Not shown", "Not shown"],
        ["Woman", "fewer than 5", "Not shown"],
        ["Another gender", "0", "0%"],
        ["Not known", "0", "0%"],
    ]
    assert "Counts from 1 to 4 are shown as “fewer than 5”" in html
    # The coordinator sees the exact counts.
    exact = coordinator_client.get(URL, JUNE_30).text
    assert table_rows(exact, "gender-table")[:2] == [["Man", "6", "85.7%"], ["Woman", "1", "14.3%"]]


def test_the_view_is_recorded(coordinator_client, world, fixture):
    coordinator_client.get(URL, JUNE_30)
    event = AccessEvent.objects.get(subject_type="cohort_figures")
    assert event.subject_id == str(world.coventry.pk)
    assert event.section == "health" and event.person_id is None


def test_the_page_has_a_fixed_number_of_queries(
    coordinator_client, world, fixture, django_assert_max_num_queries
):
    coordinator_client.get(URL, JUNE_30)
    with django_assert_max_num_queries(14) as before:
        coordinator_client.get(URL, JUNE_30)
    for n in range(5):
        person = make_person(world.outreach, given_name=f"More{n}")
        put_on(person, world.outreach, at(2026, 2, 1))
    with django_assert_max_num_queries(len(before.captured_queries)):
        coordinator_client.get(URL, JUNE_30)
