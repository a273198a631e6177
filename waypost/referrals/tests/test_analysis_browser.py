"""In a real browser: a coordinator opens the referrals analysis, with charts and tables, on a
desktop and on a phone. The page passes axe-core (WCAG 2.2 AA), does not scroll sideways at
375 CSS pixels (the charts scale with their container), and breaks no Content Security Policy
rule (the charts' SVG carries no inline styles)."""

import pytest
from playwright.sync_api import expect

from waypost.referrals.tests.test_analysis_figures import first_quarter_referrals
from waypost.testing.browser import axe_violations, format_violations, login_as

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
QUERY = "start_on_0=1&start_on_1=1&start_on_2=2026&end_on_0=31&end_on_1=3&end_on_2=2026"


def _problems(page, where: str, width: int) -> list[str]:
    found = []
    violations = axe_violations(page)
    if violations:
        found.append(f"{where}:\n{format_violations(violations)}")
    if page.evaluate("document.documentElement.scrollWidth") > width:
        # Name what sticks out, to save a debugging session.
        wide = page.evaluate(
            """(width) => [...document.querySelectorAll('main *')]
                .filter(e => e.getBoundingClientRect().right > width)
                .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')).slice(0, 5)""",
            width,
        )
        found.append(f"{where}: scrolls sideways at {width}px ({', '.join(wide)})")
    return found


def test_a_coordinator_reads_the_analysis_on_a_desktop_and_a_phone(
    page, live_server, page_problems, world, coordinator_user, referrer_user
):
    first_quarter_referrals(world, referrer_user)
    login_as(page, live_server, coordinator_user)
    failures: list[str] = []
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.goto(f"{live_server.url}/referrals/analysis/?{QUERY}")
        expect(page.locator("h1")).to_have_text("Referrals analysis")
        chart = page.get_by_role("img", name="Share of referrals with a successful intervention")
        expect(chart).to_be_visible()
        expect(page.get_by_role("img", name="Referrals by who referred")).to_be_visible()
        # The chart fits its column and keeps its shape.
        box = chart.bounding_box()
        assert box and box["width"] <= viewport["width"] and box["height"] > box["width"] / 3
        # Drawn in colour, not black: the presentation attributes survived the CSP.
        fill = chart.locator("path[fill='#1d70b8']").first.evaluate("e => getComputedStyle(e).fill")
        assert fill == "rgb(29, 112, 184)", fill
        expect(page.get_by_role("table", name="Referrals by who referred")).to_be_visible()
        failures += _problems(page, f"analysis on a {name}", viewport["width"])

    page.get_by_label("Day", exact=True).first.fill("")
    page.get_by_role("button", name="Show figures").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The start date must include a day"
    )
    failures += _problems(page, "analysis with errors on a phone", PHONE["width"])

    page.goto(f"{live_server.url}/referrals/analysis/?{QUERY}")
    page.get_by_role("link", name="Change the target").click()
    page.get_by_label("Target, as a percentage").fill("160")
    page.get_by_role("button", name="Save the target").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("between 1% and 100%")
    failures += _problems(page, "target form with errors", PHONE["width"])
    page.get_by_label("Target, as a percentage").fill("60")
    page.get_by_role("button", name="Save the target").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("target is now 60%")
    failures += _problems(page, "analysis after changing the target", PHONE["width"])

    page_problems.assert_none(where="on the analysis pages")
    assert not failures, "\n".join(failures)
