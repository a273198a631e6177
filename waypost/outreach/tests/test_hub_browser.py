"""In a real browser: the street work and case work hubs, and the person page's "Street and
case work" links, pass axe-core (WCAG 2.2 AA) and reflow on a phone."""

import pytest
from playwright.sync_api import expect

from waypost.testing.browser import login_as, problems_at_sizes
from waypost.testing.people import make_person, sign_agreement_for

pytestmark = pytest.mark.browser


def test_a_coordinator_finds_street_and_case_work(
    page, live_server, page_problems, world, coordinator_user
):
    sign_agreement_for(world.council)
    person = make_person(world.council, coordinator_user)
    login_as(page, live_server, coordinator_user)
    failures: list[str] = []
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Street work").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Street work")
    failures += problems_at_sizes(page, "the street work hub")
    page.goto(f"{live_server.url}/cases/")
    expect(page.get_by_role("link", name="Threshold model")).to_be_visible()
    failures += problems_at_sizes(page, "the case work hub")
    page.goto(f"{live_server.url}/people/{person.pk}/")
    links = page.get_by_role("navigation", name="Street and case work")
    links.get_by_role("link", name="Timeline").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Timeline")
    failures += problems_at_sizes(page, "the person page's links, followed")
    assert not failures, "\n\n".join(failures)
    page_problems.assert_none()
