"""In a real browser, on a desktop (1280 px) and a phone (375 px): the forecasts page and the
cohort page, for a coordinator and (small numbers hidden) for a commissioner. Every page passes
axe-core (WCAG 2.2 AA), does not scroll sideways (wide tables scroll in their own box) and
breaks no Content Security Policy rule."""

from datetime import date

import pytest
from playwright.sync_api import expect

from waypost.outreach.flows import add_months
from waypost.reporting.forecast_store import warm_forecasts
from waypost.testing.browser import login_as, problems_at_sizes
from waypost.testing.cohort import build_cohort, new_people_each_month

pytestmark = pytest.mark.browser


@pytest.fixture
def figures(world):
    build_cohort(world)
    last = add_months(date.today().replace(day=1), -1)
    new_people_each_month(
        world.outreach, {add_months(last, -n): 5 + (n * 3) % 4 for n in range(20)}
    )
    warm_forecasts.call()  # as the nightly job does: the page finds the forecast ready


# Both personas in one test: the figures, the forecasts worked out from them and the live
# server's emptying of the database afterwards are paid for once.
def test_the_forecast_and_cohort_pages(request, page, live_server, page_problems, figures):
    failures = []
    for persona in ("coordinator_user", "commissioner_user"):
        login_as(page, live_server, request.getfixturevalue(persona))
        page.goto(f"{live_server.url}/reports/forecasts/")
        expect(page.locator("h1")).to_have_text("Forecasts")
        expect(page.locator("#forecast-table")).to_be_visible()
        expect(page.locator("#back-test-summary")).to_contain_text("mean absolute error")
        failures += problems_at_sizes(page, f"the forecasts for {persona}")
        page.goto(f"{live_server.url}/reports/cohort/?on_0=30&on_1=6&on_2=2026")
        expect(page.locator("h1")).to_have_text("The current cohort")
        expect(page.locator("#health-trend-table")).to_be_visible()
        failures += problems_at_sizes(page, f"the cohort for {persona}")
        page_problems.assert_none(where=f"on the forecast and cohort pages for {persona}")
    assert not failures, "\n".join(failures)
