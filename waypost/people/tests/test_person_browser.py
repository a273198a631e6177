"""In a real browser: a caseworker adds a person, is offered the possible existing person,
creates a new record anyway and opens it. Every page passes axe-core (WCAG 2.2 AA) and the
person page reflows at 320 CSS pixels without scrolling sideways."""

from datetime import date

import pytest
from playwright.sync_api import expect

from waypost.people.models import Person
from waypost.testing.browser import axe_violations, format_violations, login_as
from waypost.testing.people import add_one_of_each, make_person, sign_agreement_for

pytestmark = pytest.mark.browser


def _accessibility_problems(page, where: str) -> list[str]:
    violations = axe_violations(page)
    return [f"{where}:\n{format_violations(violations)}"] if violations else []


def _scrolls_sideways_at(page, width: int) -> bool:
    page.set_viewport_size({"width": width, "height": 900})
    return page.evaluate("document.documentElement.scrollWidth") > width


def test_a_caseworker_adds_a_person_through_the_possible_match_step(
    page, live_server, page_problems, caseworker_user, outreach_user, world
):
    existing = make_person(
        world.council, by=caseworker_user, given_name="Robin", family_name="Ashdown",
        birth_date=date(1975, 7, 14),
    )  # fmt: skip
    add_one_of_each(existing, caseworker_user, world.council, times=2)
    sign_agreement_for(world.council, world.outreach)
    add_one_of_each(existing, None, world.outreach)  # another agency’s records too
    login_as(page, live_server, caseworker_user)
    failures: list[str] = []

    page.goto(f"{live_server.url}/people/")
    assert page.locator("h1").inner_text() == "People"
    failures += _accessibility_problems(page, "people list")

    page.get_by_role("button", name="Add a person").click()
    page.get_by_role("button", name="Continue").click()  # nothing entered: the error state
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    failures += _accessibility_problems(page, "add a person (errors)")

    page.get_by_label("First name").fill("Robin")
    page.get_by_label("Last name").fill("Ashdown")
    page.get_by_label("Day", exact=True).fill("14")
    page.get_by_label("Month", exact=True).fill("7")
    page.get_by_label("Year", exact=True).fill("1975")
    failures += _accessibility_problems(page, "add a person")
    page.get_by_role("button", name="Continue").click()

    expect(page.locator("h1")).to_have_text("Possible existing person")
    assert page.get_by_role("link", name="Open this record").count() == 1
    failures += _accessibility_problems(page, "possible existing person")
    page.get_by_role("button", name="None of these: create a new record").click()

    expect(page.locator("h1")).to_have_text("Robin Ashdown")
    created = Person.objects.exclude(pk=existing.pk).get(family_name="Ashdown")
    assert page.url.endswith(f"/people/{created.pk}/")
    failures += _accessibility_problems(page, "new person page")

    page.goto(f"{live_server.url}/people/{existing.pk}/")
    failures += _accessibility_problems(page, "person page with records")
    if _scrolls_sideways_at(page, 320):
        failures.append("person page scrolls sideways at 320px")
    failures += _accessibility_problems(page, "person page at 320px")

    page_problems.assert_none(where="on the people pages")
    assert not failures, "\n".join(failures)
