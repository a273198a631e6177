"""In a real browser, on a desktop (1280 px) and a phone (375 px): the partnership dashboard for
a coordinator and, with small counts hidden, for a commissioner, every section with figures
and charts. Every page passes axe-core (WCAG 2.2 AA), does not scroll sideways (wide tables
scroll in their own box) and breaks no Content Security Policy rule."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from waypost.testing.browser import login_as, problems_at_sizes
from waypost.testing.reporting import build_all, build_quarter

pytestmark = pytest.mark.browser

QUERY = "start_on_0=1&start_on_1=2026&end_on_0=3&end_on_1=2026"


@pytest.fixture
def everything(world):
    build_quarter(world)
    build_all(world)


# A commissioner's charts leave out bars with hidden counts: with this small world, most of
# their charts have nothing left to draw and say so instead. Both personas in one test: the
# records (and the live server's emptying of the database afterwards) are paid for once.
VIEWS = [("coordinator_user", "1", 10), ("commissioner_user", "fewer than 5", 2)]


def test_the_dashboard_page(request, page, live_server, page_problems, everything):
    failures = []
    for persona, moves_feb, charts in VIEWS:
        login_as(page, live_server, request.getfixturevalue(persona))
        page.goto(f"{live_server.url}{reverse('reporting:dashboard')}?{QUERY}")
        expect(page.locator("h1")).to_have_text("Partnership dashboard")
        expect(page.locator("#moves-table tbody tr").nth(1)).to_contain_text(moves_feb)
        expect(page.locator("svg[role=img]")).to_have_count(charts)
        expect(page.get_by_text("No chart: nothing to draw")).to_have_count(10 - charts)
        failures += problems_at_sizes(page, f"the dashboard for {persona}")
        page_problems.assert_none(where=f"on the dashboard for {persona}")
    assert not failures, "\n".join(failures)
