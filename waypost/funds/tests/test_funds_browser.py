"""In a real browser, on a desktop and a phone: a coordinator sets up a grant, adds its budget
lines, records spend and opens the quarterly report. Every page passes axe-core (WCAG 2.2 AA),
does not scroll sideways and breaks no Content Security Policy rule."""

from datetime import date

import pytest
from playwright.sync_api import expect

from waypost.funds.models import Fund, IncomeSource, LedgerEntry
from waypost.funds.tests.factories import pay_in
from waypost.testing.browser import login_as, problems_at_sizes

pytestmark = pytest.mark.browser


def test_a_grant_with_lines_spend_and_the_quarterly_report(
    request, page, live_server, page_problems, world
):
    user = request.getfixturevalue("coordinator_user")
    login_as(page, live_server, user)
    page.goto(f"{live_server.url}/funds/")
    failures = problems_at_sizes(page, "the funds hub")
    page.get_by_role("link", name="Set up a fund").click()
    form = page.locator("#fund-form")
    form.get_by_label("Name of the fund").fill("Rough Sleeping Initiative 2025/26")
    form.get_by_label("Grant funding").check()
    form.get_by_label("Agency that holds the money").select_option(label=world.council.name)
    form.get_by_label("Two-approver limit, in pounds").fill("500")
    form.get_by_label("Funder").fill("MHCLG")
    for name, (day, month, year) in (("starts_on", (1, 4, 2025)), ("ends_on", (31, 3, 2026))):
        page.locator(f"#id_{name}_0").fill(str(day))
        page.locator(f"#id_{name}_1").fill(str(month))
        page.locator(f"#id_{name}_2").fill(str(year))
    failures += problems_at_sizes(page, "the fund form")
    form.get_by_label("Award, in pounds").fill("100000")
    form.get_by_role("button", name="Save the fund").click()
    expect(page.locator("h1")).to_have_text("Rough Sleeping Initiative 2025/26")
    fund = Fund.objects.get(name="Rough Sleeping Initiative 2025/26")
    pay_in(fund, 10_000_000, on=date(2025, 4, 1), source=IncomeSource.GRANT)

    for name, amount in (("Outreach staff", "60000"), ("Beds", "40000")):
        page.get_by_role("link", name="Add a budget line").click()
        page.get_by_label("Name of the budget line").fill(name)
        page.get_by_label("Allocation, in pounds").fill(amount)
        page.get_by_role("button", name="Save the budget line").click()
    expect(page.locator("#lines-table")).to_contain_text("Outreach staff")
    failures += problems_at_sizes(page, "the grant's page")

    page.get_by_role("link", name="Record spend").click()
    form = page.locator("#spend-form")
    form.get_by_label("Budget line").select_option(label="Outreach staff")
    form.get_by_label("Staff and services").check()
    page.locator("#id_occurred_on_0").fill("15")
    page.locator("#id_occurred_on_1").fill("5")
    page.locator("#id_occurred_on_2").fill("2025")
    form.get_by_label("Amount, in pounds").fill("70000")
    form.get_by_label("What was bought").fill("Outreach salaries, May")
    form.get_by_role("button", name="Record the spend").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("£60,000 left")
    failures += problems_at_sizes(page, "the spend form with an error")
    form.get_by_label("Amount, in pounds").fill("15000")
    form.get_by_role("button", name="Record the spend").click()

    expect(page.locator("h1")).to_have_text("Spend to date by quarter")
    expect(page.locator("#grant-report-table")).to_contain_text("£15,000")
    expect(page.locator("#grant-report-table")).to_contain_text("25%")
    failures += problems_at_sizes(page, "the quarterly report")
    page_problems.assert_none(where="in the grant journey")
    assert not failures, "\n".join(failures)
    assert LedgerEntry.objects.filter(fund=fund, budget_line__name="Outreach staff").count() == 1


def test_the_ledger_a_correction_and_the_annual_report(
    request, page, live_server, page_problems, world
):
    from waypost.funds.tests.factories import make_fund

    user = request.getfixturevalue("commissioner_user")
    fund = make_fund(world.council, holders=(user,))
    pay_in(fund, 12_000, on=date(2025, 6, 1), source=IncomeSource.CARD_READER)
    pay_in(fund, 3_000, on=date(2025, 7, 1), source=IncomeSource.CASH)
    login_as(page, live_server, user)
    page.goto(f"{live_server.url}/funds/{fund.pk}/ledger/?year=2025")
    expect(page.locator("h1")).to_have_text("Ledger, 2025/26")
    failures = problems_at_sizes(page, "the ledger")
    page.get_by_role("link", name="Money in of £30 on 1 Jul 2025").click()
    failures += problems_at_sizes(page, "an entry")
    page.get_by_role("link", name="Correct this entry").click()
    page.get_by_role("button", name="Add the correction").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why")
    failures += problems_at_sizes(page, "the correction form with an error")
    page.get_by_label("Why is this entry being corrected?").fill("Counted twice")
    page.get_by_role("button", name="Add the correction").click()
    expect(page.locator("#entry-details")).to_contain_text("Reverses")
    page.goto(f"{live_server.url}/funds/annual-report/?year=2025")
    expect(page.locator("#annual-total-summary")).to_contain_text("£120")
    failures += problems_at_sizes(page, "the annual report")
    page_problems.assert_none(where="in the ledger and the annual report")
    assert not failures, "\n".join(failures)
