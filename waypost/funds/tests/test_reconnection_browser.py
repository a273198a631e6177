"""In a real browser, on a desktop (1280 px) and a phone (375 px): offering a reconnection
(with a mistake first), recording that the person travelled and the follow-up, the follow-ups
list, agreeing a personal budget and its page, and the outcomes report. Every page passes
axe-core (WCAG 2.2 AA), does not scroll sideways and breaks no Content Security Policy rule."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from waypost.funds.models import FundKind, ReconnectionOffer
from waypost.funds.tests.factories import make_fund, pay_in
from waypost.testing.browser import login_as, problems_at_sizes
from waypost.testing.people import make_person

pytestmark = pytest.mark.browser


def fill_date(form, label: str, day: date) -> None:
    group = form.get_by_role("group", name=label)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_a_caseworker_offers_a_reconnection_and_follows_it_up(
    page, live_server, page_problems, world, caseworker_user
):
    person = make_person(world.council)
    login_as(page, live_server, caseworker_user)
    failures: list[str] = []

    page.goto(f"{live_server.url}/funds/people/{person.pk}/reconnections/new/")
    expect(page.locator("h1")).to_have_text("Offer a reconnection")
    page.get_by_role("button", name="Record the offer").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter where they would go")
    failures += problems_at_sizes(page, "the offer form with errors")
    page.get_by_label("Where would they go?").fill("Sheffield")
    page.get_by_label("Family or friends").check()
    fill_date(page.locator("main form"), "When was it offered?", date.today() - timedelta(days=35))
    page.get_by_role("button", name="Record the offer").click()
    expect(page.locator("h1")).to_have_text("Reconnection to Sheffield")
    failures += problems_at_sizes(page, "the offer page")

    outcome = page.locator("form", has=page.get_by_role("button", name="Save the outcome"))
    outcome.get_by_label("They travelled").check()
    fill_date(outcome, "When did they travel?", date.today() - timedelta(days=29))
    outcome.get_by_role("button", name="Save the outcome").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Due")

    page.goto(f"{live_server.url}/funds/reconnections/follow-ups/")
    expect(page.get_by_role("table")).to_contain_text("Sheffield")
    failures += problems_at_sizes(page, "the follow-ups list")
    page.get_by_role("link", name="Jo Bloggs").click()

    follow = page.locator("form", has=page.get_by_role("button", name="Save the follow-up"))
    follow.get_by_label("Held: still there and settled").check()
    follow.get_by_role("button", name="Save the follow-up").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Held: still there and settled")
    failures += problems_at_sizes(page, "the followed-up offer")
    page_problems.assert_none(where="on the reconnection pages")
    assert not failures, "\n".join(failures)
    assert ReconnectionOffer.objects.get(person=person).follow_up == "held"


def test_a_personal_budget_and_the_outcomes_report(
    page, live_server, page_problems, world, coordinator_user
):
    person = make_person(world.council)
    fund = make_fund(world.council, name="Personal budgets", kind=FundKind.PERSONAL_BUDGETS)
    pay_in(fund, 100_000)
    login_as(page, live_server, coordinator_user)
    failures: list[str] = []

    page.goto(f"{live_server.url}/funds/people/{person.pk}/budgets/new/")
    page.get_by_label("Amount, in pounds").fill("2000")
    page.get_by_role("button", name="Agree the budget").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("£1,000 not yet promised")
    failures += problems_at_sizes(page, "the budget form with errors")
    page.get_by_label("Amount, in pounds").fill("450")
    page.get_by_role("button", name="Agree the budget").click()
    expect(page.locator("h1")).to_have_text("Personal budget")
    expect(page.get_by_role("table")).to_contain_text("£450")
    failures += problems_at_sizes(page, "the budget page")

    page.goto(f"{live_server.url}/funds/reconnections/report/")
    expect(page.locator("h1")).to_contain_text("Reconnection outcomes")
    failures += problems_at_sizes(page, "the outcomes report")
    page_problems.assert_none(where="on the budget and report pages")
    assert not failures, "\n".join(failures)
