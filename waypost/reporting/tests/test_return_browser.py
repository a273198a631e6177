"""In a real browser, on a desktop (1280 px) and a phone (375 px): the monthly return, its
sign-off and a drill-down for a coordinator, and the Built for Zero figures. Every page passes
axe-core (WCAG 2.2 AA), does not scroll sideways and breaks no Content Security Policy rule."""

import pytest
from playwright.sync_api import expect

from waypost.testing.browser import login_as, problems_at_sizes
from waypost.testing.returns import build_return_month

pytestmark = pytest.mark.browser
QUERY = "?partnership=coventry&month_0=10&month_1=2026"


def test_the_return_sign_off_and_drill_down(
    page, live_server, page_problems, world, coordinator_user
):
    build_return_month(world)
    login_as(page, live_server, coordinator_user)
    failures = []
    page.goto(f"{live_server.url}/reports/returns/{QUERY}")
    expect(page.locator("h1")).to_have_text("Monthly rough sleeping return")
    expect(page.locator("#indicator-r1")).to_contain_text("Seen sleeping rough over the month")
    failures += problems_at_sizes(page, "the monthly return")
    page.get_by_role("link", name="Sign off this return").click()
    failures += problems_at_sizes(page, "the sign-off page")
    page.get_by_role("button", name="Sign off").click()
    expect(page.locator("#signed-off")).to_contain_text("Signed off by")
    failures += problems_at_sizes(page, "the signed-off return")
    page.goto(f"{live_server.url}/reports/returns/2026-10/p1/people/?partnership=coventry")
    expect(page.locator("h1")).to_contain_text("People counted in P1")
    failures += problems_at_sizes(page, "a drill-down")
    page.goto(f"{live_server.url}/reports/returns/built-for-zero/{QUERY}")
    expect(page.locator("#bfz-table")).to_be_visible()
    failures += problems_at_sizes(page, "the Built for Zero figures")
    page_problems.assert_none(where="on the monthly return")
    assert not failures, "\n".join(failures)
