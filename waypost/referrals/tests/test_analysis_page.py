"""The referrals analysis page: the figures as charts with their tables, the period chosen
with GOV.UK date inputs, a handful of queries whatever the number of referrals, and counts of
1 to 4 hidden from commissioners."""

import re
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from waypost.accounts.models import Membership
from waypost.referrals.models import DutyTarget
from waypost.referrals.tests.test_analysis_figures import at, first_quarter_referrals, referral_at

URL = reverse("referrals:analysis")
FIRST_QUARTER_QUERY = {
    "start_on_0": "1",
    "start_on_1": "1",
    "start_on_2": "2026",
    "end_on_0": "31",
    "end_on_1": "3",
    "end_on_2": "2026",
}
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def figures(world, referrer_user):
    first_quarter_referrals(world, referrer_user)


def table_rows(html: str, table_id: str) -> list[list[str]]:
    """A table's body rows as lists of cell texts."""
    start = html.index(f'id="{table_id}"')
    body = html[html.index("<tbody", start) : html.index("</tbody>", start)]
    return [
        [cell.strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.DOTALL)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.DOTALL)
    ]


def test_a_coordinator_sees_exact_figures_for_the_period(coordinator_client, figures):
    response = coordinator_client.get(URL, FIRST_QUARTER_QUERY)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Referrals received from 1 January 2026 to 31 March 2026" in html
    assert "Coventry received 6 referrals in this period" in html
    assert table_rows(html, "success-table") == [
        ["Jan 2026", "2", "3", "66.6%", "Below target"],
        ["Feb 2026", "0", "0", "No data", "No duties ended"],
        ["Mar 2026", "0", "0", "No data", "No duties ended"],
        ["The whole period", "2", "3", "66.6%", "Below target"],
    ]
    assert table_rows(html, "sources-table")[0] == ["Hospital inpatient service", "2", "33.3%"]
    assert ["Public bodies with the Duty to Refer", "3", "50%"] in table_rows(html, "sources-table")
    assert table_rows(html, "contact-table") == [
        ["Contacted", "4", ""],
        ["Contacted within 1 working day", "2", "50%"],
        ["Contacted within 5 working days", "3", "75%"],
        ["Median working days to first contact", "3", ""],
        ["Not contacted yet", "2", ""],
    ]
    assert ">fewer than 5<" not in html
    assert "How these figures are worked out" in html
    # The target in words, not colour alone.
    assert "The target is 98%, the plan’s target" in html
    assert "Below target</strong>" in html


def test_the_page_takes_a_handful_of_queries_however_many_referrals(
    coordinator_client, figures, world, referrer_user, django_assert_max_num_queries
):
    # Session, user, memberships and MFA; the target, six grouped counts; the session saved.
    with django_assert_max_num_queries(14):  # with the SWEP banner
        response = coordinator_client.get(URL, FIRST_QUARTER_QUERY)
    assert response.status_code == 200
    with CaptureQueriesContext(connection) as before:
        coordinator_client.get(URL, FIRST_QUARTER_QUERY)
    for n in range(10):
        referral_at(world, referrer_user, f"Extra{n}", at(2026, 2, 1 + n, 10),
                    contacted_at=at(2026, 2, 20, 10), duties=(("relief", "withdrew"),))  # fmt: skip
    with CaptureQueriesContext(connection) as after:
        html = coordinator_client.get(URL, FIRST_QUARTER_QUERY).content.decode()
    assert "Coventry received 16 referrals" in html
    assert len(after) == len(before)


def test_the_charts_are_inline_svg_with_a_title_and_a_description(coordinator_client, figures):
    html = coordinator_client.get(URL, FIRST_QUARTER_QUERY).content.decode()
    for chart_id in ("success-chart", "sources-chart"):
        start = html.index('<svg xmlns="http://www.w3.org/2000/svg"', html.index(chart_id) - 400)
        svg = ET.fromstring(html[start : html.index("</svg>", start) + 6])
        assert svg.get("id") == chart_id
        assert svg.get("role") == "img"
        assert svg.get("aria-labelledby") == f"{chart_id}-title {chart_id}-desc"
        assert svg.find(f"{SVG}title").text
        assert "table beside the chart" in svg.find(f"{SVG}desc").text
    assert "Target" in html and "98%" in html


def test_a_set_target_is_used(coordinator_client, figures, world):
    DutyTarget.objects.create(partnership=world.coventry, percent=60)
    html = coordinator_client.get(URL, FIRST_QUARTER_QUERY).content.decode()
    assert "The target is 60%." in html
    assert table_rows(html, "success-table")[-1][-1] == "Target met"


def test_commissioners_see_fewer_than_5_for_small_counts(commissioner_client, figures):
    response = commissioner_client.get(URL, FIRST_QUARTER_QUERY)
    html = response.content.decode()
    assert "Coventry received 6 referrals" in html
    assert table_rows(html, "sources-table")[0] == [
        "Hospital inpatient service",
        "fewer than 5",
        "Not shown",
    ]
    assert table_rows(html, "success-table")[0] == [
        "Jan 2026", "fewer than 5", "fewer than 5", "Not shown", "Not shown"
    ]  # fmt: skip
    assert ["Contacted within 1 working day", "fewer than 5", "Not shown"] in table_rows(
        html, "contact-table"
    )
    assert "Counts from 1 to 4 are shown as “fewer than 5”" in html
    # Every bar would show a count of 1 to 4, so neither chart is drawn.
    assert "<svg" not in html
    assert "Change the target" not in html


def test_commissioners_see_counts_of_5_or_more_and_zero(commissioner_client, world, referrer_user):
    for n, name in enumerate(["Ann", "Bea", "Cal", "Dee", "Eve"]):
        referral_at(world, referrer_user, name, at(2026, 1, 5 + n, 10),
                    duties=(("prevention", "secured_6_months"),))  # fmt: skip
    html = commissioner_client.get(URL, FIRST_QUARTER_QUERY).content.decode()
    assert table_rows(html, "sources-table")[0] == ["Hospital inpatient service", "5", "100%"]
    assert table_rows(html, "success-table")[0] == ["Jan 2026", "5", "5", "100%", "Target met"]
    assert ["Contacted", "0", ""] in table_rows(html, "contact-table")
    assert 'id="success-chart"' in html and 'id="sources-chart"' in html
    assert ">fewer than 5<" not in html
    assert "Counts from 1 to 4 are shown" not in html  # nothing was hidden


def test_triage_caseworkers_and_partnership_admins_see_exact_counts(
    caseworker_client, admin_client, figures
):
    for client in (caseworker_client, admin_client):
        html = client.get(URL, FIRST_QUARTER_QUERY).content.decode()
        assert table_rows(html, "sources-table")[0] == ["Hospital inpatient service", "2", "33.3%"]


def test_the_default_period_is_the_last_12_whole_months(coordinator_client, figures):
    Membership.objects.update(started_at=datetime(2020, 1, 1, tzinfo=UTC))
    with time_machine.travel(datetime(2026, 4, 15, 12, tzinfo=UTC), tick=False):
        html = coordinator_client.get(URL).content.decode()
    assert "Referrals received from 1 April 2025 to 31 March 2026" in html
    assert 'name="start_on_2" value="2025"' in html
    # A year is shown by quarter; Hal (December 2025) counts too.
    assert table_rows(html, "success-table")[-3:-1] == [
        ["Oct to Dec 2025", "0", "1", "0%", "Below target"],
        ["Jan to Mar 2026", "2", "3", "66.6%", "Below target"],
    ]


def test_bad_dates_are_explained_and_kept(coordinator_client, figures):
    response = coordinator_client.get(
        URL, {**FIRST_QUARTER_QUERY, "end_on_0": "31", "end_on_1": "2"}
    )
    html = response.content.decode()
    assert "There is a problem" in html
    assert "<title>Error: Referrals analysis" in html
    assert "Enter a real date for the end date" in html
    assert 'name="end_on_1" value="2"' in html
    assert "Referrals received from" not in html

    response = coordinator_client.get(URL, {**FIRST_QUARTER_QUERY, "end_on_2": "2025"})
    assert "The end date must be the same as or after the start date" in response.content.decode()
    response = coordinator_client.get(URL, {**FIRST_QUARTER_QUERY, "start_on_2": "2019"})
    assert "The period can be at most 5 years long" in response.content.decode()
    response = coordinator_client.get(URL, {**FIRST_QUARTER_QUERY, "end_on_0": ""})
    assert "The end date must include a day" in response.content.decode()


def test_no_referrals_says_so(coordinator_client, world):
    html = coordinator_client.get(URL, FIRST_QUARTER_QUERY).content.decode()
    assert "No referrals were received in this period" in html
    assert "<svg" not in html
