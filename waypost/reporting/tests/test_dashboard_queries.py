"""The dashboard page runs a fixed number of queries, whatever the number of people, placements,
referrals, sweeps and cases in the period (no query per person or per row)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from waypost.reporting.tests.test_dashboard_page import rows_of
from waypost.testing.reporting import build_all, build_quarter

URL = reverse("reporting:dashboard")
QUARTER = {"start_on_0": "1", "start_on_1": "2026", "end_on_0": "3", "end_on_1": "2026"}
# Measured with the fixture world below (signed-in coordinator, every section with data).
PAGE_QUERIES = 27


def queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL, QUARTER).status_code == 200
    return len(captured)


@pytest.fixture
def everything(world):
    build_quarter(world)
    build_all(world)


def test_the_page_makes_a_pinned_number_of_queries(
    coordinator_client, everything, django_assert_max_num_queries
):
    coordinator_client.get(URL, QUARTER)  # the session's first request may warm caches
    with django_assert_max_num_queries(PAGE_QUERIES):
        coordinator_client.get(URL, QUARTER)


def test_twice_the_data_makes_no_more_queries(coordinator_client, everything, world):
    coordinator_client.get(URL, QUARTER)
    before = queries(coordinator_client)
    build_quarter(world, again=1)
    build_all(world, single_night=False)
    assert queries(coordinator_client) == before
    # The data did double: February's occupied bed-nights (39 in test_dashboard_page.py) and
    # January's people seen sleeping rough (5 in test_figures_hand_worked.py).
    html = coordinator_client.get(URL, QUARTER).content.decode()
    assert rows_of(html, "occupancy-table")[1][:2] == ["Feb 2026", "78"]
    assert rows_of(html, "flows-table")[0] == ["Jan 2026", "8", "0", "2", "10"]
