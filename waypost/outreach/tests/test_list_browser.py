"""In a real browser, on a desktop (1280 px) and a phone (375 px): the by-name list with its
filters and sortable headings, changing a status (with a mistake first), putting someone on
the list, the "no contact" setting, and the flows page with its chart. Every page passes
axe-core (WCAG 2.2 AA), does not scroll sideways and breaks no Content Security Policy rule."""

from datetime import date

import pytest
from playwright.sync_api import expect

from waypost.outreach.tests.test_flows_classification import build_three_months
from waypost.outreach.tests.test_list_page import build_list
from waypost.testing.browser import login_as, problems_here
from waypost.testing.people import make_person

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
SIZES = (("desktop", DESKTOP), ("phone", PHONE))


def test_outreach_uses_the_by_name_list(
    page, live_server, page_problems, world, caseworker_user, outreach_user
):
    people = build_list(world, caseworker_user, outreach_user)
    newcomer = make_person(world.outreach, given_name="Newly", family_name="Met")
    login_as(page, live_server, outreach_user)
    failures: list[str] = []
    for name, size in SIZES:
        page.set_viewport_size(size)
        page.goto(f"{live_server.url}/street/list/")
        expect(page.locator("h1")).to_have_text("By-name list")
        expect(page.get_by_role("table")).to_contain_text("Una Unshared")
        expect(page.get_by_role("table")).to_contain_text("No contact for 40 days")
        failures += problems_here(page, f"the list on a {name}", size["width"])

        page.get_by_label("In hospital").check()
        page.get_by_role("button", name="Apply filters").click()
        expect(page.get_by_role("heading", name="1 person matches the filters")).to_be_visible()
        page.get_by_role("link", name="Name", exact=True).click()
        expect(page.locator("th[aria-sort='ascending']")).to_contain_text("Name")
        failures += problems_here(page, f"the filtered, sorted list on a {name}", size["width"])

    page.goto(f"{live_server.url}/street/list/status/{people.shared.pk}/")
    page.get_by_label("In custody").check()
    page.get_by_label("Year").fill(str(date.today().year + 1))
    page.get_by_role("button", name="Save the status").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("today or in the past")
    failures += problems_here(page, "the status page with an error, on a phone", PHONE["width"])
    page.set_viewport_size(DESKTOP)
    failures += problems_here(page, "the status page with an error, on a desktop", DESKTOP["width"])
    page.get_by_label("Year").fill(str(date.today().year))
    page.get_by_role("button", name="Save the status").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("In custody")

    for name, size in SIZES:
        page.set_viewport_size(size)
        page.goto(f"{live_server.url}/street/list/add/{newcomer.pk}/?from=list")
        expect(page.locator("h1")).to_have_text("Add to the by-name list")
        failures += problems_here(page, f"the add page on a {name}", size["width"])
    page.get_by_label("At risk of sleeping rough").check()
    page.get_by_role("button", name="Add to the list").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Added to the by-name list")

    page_problems.assert_none(where="on the by-name list pages")
    assert not failures, "\n".join(failures)


def test_a_coordinator_sets_no_contact_and_reads_the_flows(
    page, live_server, page_problems, world, coordinator_user
):
    build_three_months(world)
    login_as(page, live_server, coordinator_user)
    failures: list[str] = []
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/street/list/settings/")
    page.get_by_label("Days without contact").fill("400")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("between 1 and 365")
    for name, size in SIZES:
        page.set_viewport_size(size)
        failures += problems_here(page, f"the setting with an error on a {name}", size["width"])
    page.get_by_label("Days without contact").fill("14")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("14 days or more")

    query = "start_on_0=1&start_on_1=2026&end_on_0=3&end_on_1=2026"
    for name, size in SIZES:
        page.set_viewport_size(size)
        page.goto(f"{live_server.url}/street/flows/?{query}")
        expect(page.locator("h1")).to_have_text("Flows of people sleeping rough")
        chart = page.get_by_role("img", name="People seen sleeping rough each month, by flow")
        expect(chart).to_be_visible()
        box = chart.bounding_box()
        assert box and box["width"] <= size["width"]
        expect(page.locator("#flows-table")).to_contain_text("Feb 2026")
        failures += problems_here(page, f"the flows on a {name}", size["width"])
    page.get_by_label("Year").last.fill("2025")
    page.get_by_role("button", name="Show figures").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("same as or after the first")
    failures += problems_here(page, "the flows with an error on a desktop", DESKTOP["width"])

    page_problems.assert_none(where="on the settings and flows pages")
    assert not failures, "\n".join(failures)
