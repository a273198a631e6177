"""In a real browser, on a desktop (1280 px) and a phone (375 px): the gap analysis for a
coordinator and, with small numbers hidden, for a commissioner. Every page passes axe-core
(WCAG 2.2 AA), does not scroll sideways (the wide table scrolls in its own box) and breaks no
Content Security Policy rule."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from waypost.directory.tests.test_gap_helpers import (
    CITY_CENTRE,
    HIGH,
    TILE_HILL,
    assess,
    make_areas,
    meet,
    near,
    person,
)
from waypost.testing.browser import login_as, problems_at_sizes
from waypost.testing.directory import make_location, make_service

pytestmark = pytest.mark.browser


@pytest.fixture
def cohort(world):
    areas = make_areas(world.coventry)
    hub = make_location(world.coventry, "Foleshill Hub", area=areas["Foleshill"])
    make_service(world.coventry, "Foleshill Mind", categories=("mental-health",), location=hub)
    for n, point in enumerate([TILE_HILL] * 6 + [CITY_CENTRE] * 2):
        someone = person(world.council, f"P{n}")
        assess(someone, world.council, {"mental_health": HIGH}, on=timezone.localdate())
        meet(someone, world.outreach, near(point))


# Both personas in one test: the records and the live server's emptying of the database
# afterwards are paid for once.
def test_the_gap_analysis_page(request, page, live_server, page_problems, cohort):
    failures = []
    for persona in ("coordinator_user", "commissioner_user"):
        login_as(page, live_server, request.getfixturevalue(persona))
        page.goto(f"{live_server.url}/directory/gaps/")
        expect(page.locator("h1")).to_have_text("Gap analysis: need against services")
        expect(page.locator("#gaps-table")).to_contain_text("No service")
        failures += problems_at_sizes(page, f"the gap analysis for {persona}")
        page_problems.assert_none(where=f"on the gap analysis for {persona}")
    assert not failures, "\n".join(failures)
