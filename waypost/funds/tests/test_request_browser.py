"""In a real browser: a caseworker asks for money for a person, a budget holder approves it
and records the payment. Every page passes axe-core (WCAG 2.2 AA) on a desktop and a phone,
does not scroll sideways and breaks no Content Security Policy rule."""

from datetime import date

import pytest
from playwright.sync_api import expect

from waypost.accounts.models import Role
from waypost.funds import ledger
from waypost.funds.models import GrantRequest, RequestStatus
from waypost.funds.tests.factories import make_fund, pay_in
from waypost.testing.browser import login_as, problems_at_sizes
from waypost.testing.people import make_person
from waypost.testing.personas import make_user

pytestmark = pytest.mark.browser


def test_caseworker_asks_and_budget_holder_approves_and_pays(
    request, page, live_server, page_problems, world
):
    caseworker = request.getfixturevalue("caseworker_user")
    holder = make_user("holder@coventry.test", agency=world.council, role=Role.COORDINATOR)
    fund = make_fund(world.council, holders=(holder,))
    pay_in(fund, 10_000)
    person = make_person(world.council, by=caseworker)

    login_as(page, live_server, caseworker)
    page.goto(f"{live_server.url}/funds/people/{person.pk}/ask/")
    expect(page.locator("h1")).to_have_text("Ask for money")
    failures = problems_at_sizes(page, "the ask for money form")
    page.get_by_role("button", name="Send the request").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the fund to ask")
    failures += problems_at_sizes(page, "the ask for money form with errors")
    page.get_by_label("Change into Action: £100 available").check()
    page.get_by_label("ID documents").check()
    page.get_by_label("How much do they need, in pounds?").fill("40")
    page.get_by_label("Why do they need it?").fill("Birth certificate for a bank account")
    page.get_by_role("button", name="Send the request").click()
    expect(page.locator("h1")).to_have_text("Request for £40 for ID documents")
    failures += problems_at_sizes(page, "the request page (caseworker)")
    page.goto(f"{live_server.url}/funds/people/{person.pk}/")
    expect(page.locator("#requests")).to_contain_text("Waiting for approval")
    failures += problems_at_sizes(page, "the person's money page")

    page.context.clear_cookies()
    login_as(page, live_server, holder)
    page.goto(f"{live_server.url}/funds/approvals/")
    expect(page.locator("#queue")).to_contain_text("£40")
    failures += problems_at_sizes(page, "the approvals queue")
    page.locator("#queue a").first.click()
    failures += problems_at_sizes(page, "the request page (budget holder)")
    page.get_by_role("button", name="Approve the request").click()
    expect(page.locator("main")).to_contain_text("Request approved")
    page.get_by_role("button", name="Record the payment").click()
    expect(page.locator("main")).to_contain_text("Payment recorded")
    failures += problems_at_sizes(page, "the paid request")
    page_problems.assert_none(where="asking for and paying money")
    assert not failures, "\n".join(failures)

    grant = GrantRequest.objects.get()
    assert grant.status == RequestStatus.PAID
    assert grant.entries.get().occurred_on == date.today()
    assert ledger.balance(fund) == 6000
