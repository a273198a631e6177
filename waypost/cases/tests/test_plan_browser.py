"""In a real browser: a caseworker opens a person's support plan, adds an action (first with
a mistake), finds it in their actions, marks it done and reads the timeline. Every page passes
axe-core (WCAG 2.2 AA) at 1280 and 375 pixels wide, without scrolling sideways."""

import pytest
from playwright.sync_api import expect

from waypost.cases import plan_actions
from waypost.cases.models import PlanAction, PlanStatus
from waypost.cases.tests.test_plan_helpers import action_for, days
from waypost.outreach.models import StreetContact
from waypost.people.actions import add_note, set_lead_worker
from waypost.testing.browser import axe_violations, format_violations, login_as
from waypost.testing.people import give_consent, make_person, sign_agreement_for

pytestmark = pytest.mark.browser


def _check(page, where: str) -> list[str]:
    """axe at 1280 and 375 pixels, and no sideways scrolling at 375."""
    failures = []
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        violations = axe_violations(page)
        if violations:
            failures.append(f"{where} at {width}px:\n{format_violations(violations)}")
        if page.evaluate("document.documentElement.scrollWidth") > width:
            failures.append(f"{where} scrolls sideways at {width}px")
    page.set_viewport_size({"width": 1280, "height": 900})
    return failures


def test_a_caseworker_works_through_a_support_plan(
    page, live_server, page_problems, caseworker_user, outreach_user, world
):
    sign_agreement_for(world.council, world.outreach)
    person = make_person(world.council, by=caseworker_user, given_name="Robin",
                         family_name="Ashdown")  # fmt: skip
    give_consent(person, caseworker_user, world.council)
    set_lead_worker(person, lead_worker=outreach_user, by=caseworker_user)
    goal = plan_actions.add_goal(person=person, text="Get my own flat near my sister",
                                 by=caseworker_user, agency=world.council)  # fmt: skip
    plan_actions.add_action(
        person=person, text="Complete the housing register form with them",
        owner_agency=world.outreach, owner=outreach_user, due_on=days(-2), by=caseworker_user,
        agency=world.council, goal=goal,
    )  # fmt: skip
    action_for(person, caseworker_user, world.council, text="Ask for a birth certificate",
               owner=caseworker_user, due=4)  # fmt: skip
    add_note(person, kind="general", text="Came in for breakfast.", by=caseworker_user,
             agency=world.council)  # fmt: skip
    StreetContact.objects.create(
        partnership=world.coventry, person=person, bedded_down=True, offered=["food"],
        location_detail="Doorway by the market", recorded_by_agency=world.outreach,
        recorded_by=outreach_user,
    )  # fmt: skip
    login_as(page, live_server, caseworker_user)
    failures: list[str] = []

    page.goto(f"{live_server.url}/cases/people/{person.pk}/plan/")
    expect(page.locator("h1")).to_have_text("Support plan")
    expect(page.get_by_text("Overdue", exact=True)).to_be_visible()
    failures += _check(page, "support plan")

    page.get_by_role("link", name="Add an action", exact=True).first.click()
    expect(page.locator("h1")).to_have_text("Add an action")
    page.get_by_label("What needs to be done?").fill("Book a GP appointment")
    page.get_by_role("button", name="Save").click()  # no date: the error state
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    failures += _check(page, "add an action (errors)")
    when = days(10)
    page.get_by_label("Day", exact=True).fill(str(when.day))
    page.get_by_label("Month", exact=True).fill(str(when.month))
    page.get_by_label("Year", exact=True).fill(str(when.year))
    page.get_by_label("Who will do it (optional)").select_option(
        label="Caseworker, Coventry Housing Options"
    )
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_have_text("Support plan")
    assert PlanAction.objects.filter(text="Book a GP appointment", owner=caseworker_user).exists()

    page.goto(f"{live_server.url}/cases/actions/mine/")
    expect(page.locator("h1")).to_have_text("Your actions")
    expect(page.get_by_text("Book a GP appointment")).to_be_visible()
    failures += _check(page, "your actions")

    page.get_by_role("link", name="Update action: Ask for a birth certificate").click()
    expect(page.locator("h1")).to_have_text("Update an action")
    failures += _check(page, "update an action")
    page.get_by_label("Yes, it is done").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_have_text("Your actions")
    assert PlanAction.objects.get(text="Ask for a birth certificate").status == PlanStatus.DONE

    page.goto(f"{live_server.url}/cases/actions/overdue/")
    failures += _check(page, "overdue actions")

    page.goto(f"{live_server.url}/cases/people/{person.pk}/timeline/")
    expect(page.locator("h1")).to_have_text("Timeline")
    expect(page.get_by_role("heading", name="Street contact")).to_be_visible()
    failures += _check(page, "timeline")
    page.get_by_text("Filter the timeline").click()
    page.get_by_label("Street contacts").check()
    page.get_by_role("button", name="Apply filter").click()
    expect(page.get_by_role("heading", name="Street contact")).to_be_visible()
    expect(page.get_by_text("Came in for breakfast.")).to_have_count(0)
    failures += _check(page, "timeline filtered")

    page_problems.assert_none(where="on the support plan pages")
    assert not failures, "\n".join(failures)
