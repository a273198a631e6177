"""The analysis tables as CSV: the same figures as the page, the same small-number rule for
commissioners, and no cell a spreadsheet would run as a formula."""

import csv
import io

import pytest
from django.urls import reverse

from waypost.referrals.tests.test_analysis_figures import first_quarter_referrals
from waypost.referrals.tests.test_analysis_page import FIRST_QUARTER_QUERY

CSV_URL = reverse("referrals:analysis_csv")


@pytest.fixture
def figures(world, referrer_user):
    first_quarter_referrals(world, referrer_user)


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_a_coordinator_downloads_the_tables(coordinator_client, figures):
    response = coordinator_client.get(CSV_URL, FIRST_QUARTER_QUERY)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="waypost-referrals-coventry-2026-01-01-to-2026-03-31.csv"'
    )
    assert response["Cache-Control"] == "no-store"
    rows = _rows(response)
    assert rows[:3] == [
        ["Partnership", "Coventry"],
        ["Referrals received", "1 January 2026 to 31 March 2026"],
        ["Target", "98%"],
    ]
    assert ["Jan 2026", "2", "3", "66.6%", "Below target"] in rows
    assert ["Hospital inpatient service", "2", "33.3%"] in rows
    assert ["Median working days to first contact", "3", ""] in rows
    assert ["Accommodation secured for 12 months or more", "0", "1", "1"] in rows
    assert not any("fewer than 5" in cell for row in rows for cell in row)
    # Reasons for the largest sources: hospital inpatient (2), then probation, GP, police,
    # charity (1 each, in the order of the choices).
    start = rows.index(["Referrals by reason, for the 5 largest sources"])
    assert rows[start + 1] == [
        "Reason",
        "Hospital inpatient service",
        "Probation service",
        "GP or other primary care",
        "Police",
        "Charity or voluntary organisation",
    ]
    assert rows[start + 2] == [
        "Family or friends no longer willing or able to house them", "1", "0", "0", "0", "1"
    ]  # fmt: skip


def test_commissioners_get_fewer_than_5_in_the_csv_too(commissioner_client, figures):
    rows = _rows(commissioner_client.get(CSV_URL, FIRST_QUARTER_QUERY))
    assert ["Counts from 1 to 4", "shown as “fewer than 5”"] in rows
    assert ["Hospital inpatient service", "fewer than 5", "Not shown"] in rows
    assert ["All referrals", "6", "100%"] in rows


def test_no_cell_starts_a_formula(coordinator_client, figures, world):
    world.coventry.name = '=HYPERLINK("http://evil.example","Click")'
    world.coventry.save()
    rows = _rows(coordinator_client.get(CSV_URL, FIRST_QUARTER_QUERY))
    assert rows[0] == ["Partnership", '\'=HYPERLINK("http://evil.example","Click")']
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_bad_dates_send_you_back_to_the_page_to_fix_them(coordinator_client, world):
    query = {**FIRST_QUARTER_QUERY, "end_on_1": "13"}
    response = coordinator_client.get(CSV_URL, query)
    assert response.status_code == 302
    assert response.url.startswith(reverse("referrals:analysis") + "?")
    assert "end_on_1=13" in response.url
