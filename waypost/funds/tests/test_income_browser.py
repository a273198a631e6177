"""In a real browser, on a desktop and a phone: a fund manager records money in (first with a
mistake, then put right), imports a settlement file and reads its result; and the public giving
page. Every page passes axe-core (WCAG 2.2 AA) and does not scroll sideways."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from waypost.funds import ledger
from waypost.funds.models import SettlementImport
from waypost.funds.tests.factories import make_fund, pay_in
from waypost.testing.browser import login_as, problems_at_sizes

pytestmark = pytest.mark.browser
DATA = Path(__file__).parent / "data"


def test_recording_money_in_and_importing_a_settlement_file(
    request, page, live_server, page_problems, world
):
    fund = make_fund(world.council)
    login_as(page, live_server, request.getfixturevalue("coordinator_user"))

    page.goto(f"{live_server.url}/funds/{fund.pk}/income/new/")
    expect(page.locator("h1")).to_have_text("Record money in")
    failures = problems_at_sizes(page, "the record money in form")
    form = page.locator("#income-form")
    form.get_by_label("Fundraising event").check()
    form.get_by_label("Day").fill("14")
    form.get_by_label("Month").fill("3")
    form.get_by_label("Year").fill("2026")
    form.get_by_label("Amount, in pounds").fill("12.345")
    form.get_by_label("Description (optional)").fill("Quiz night at the Albany")
    form.get_by_role("button", name="Record money in").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the amount with no more than 2 numbers after the decimal point"
    )
    failures += problems_at_sizes(page, "the form with an error")
    expect(form.get_by_label("Description (optional)")).to_have_value("Quiz night at the Albany")
    form.get_by_label("Amount, in pounds").fill("312.40")
    form.get_by_role("button", name="Record money in").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "£312.40 recorded as money in"
    )
    assert ledger.balance(fund) == 31_240

    page.goto(f"{live_server.url}/funds/{fund.pk}/settlements/new/")
    expect(page.locator("h1")).to_have_text("Import a settlement file")
    failures += problems_at_sizes(page, "the import form")
    form = page.locator("#settlement-form")
    form.get_by_label("Card reader settlement (CSV)").check()
    form.get_by_label("Upload a file").set_input_files(str(DATA / "card_reader_settlement.csv"))
    form.get_by_role("button", name="Import the file").click()
    expect(page.locator("#reconciled")).to_contain_text("Reconciled")
    expect(page.locator("#settlement-totals")).to_contain_text("£1,009.97")
    failures += problems_at_sizes(page, "the import result")
    assert SettlementImport.objects.filter(fund=fund).count() == 1

    page.goto(f"{live_server.url}/funds/{fund.pk}/settlements/")
    expect(page.locator("#settlements-table")).to_contain_text("Reconciled")
    failures += problems_at_sizes(page, "the settlement files list")
    page_problems.assert_none(where="on the money in pages")
    assert not failures, "\n".join(failures)


def test_the_public_giving_page(page, live_server, page_problems, world):
    fund = make_fund(world.council, is_public=True)
    pay_in(fund, 125_000)
    page.goto(f"{live_server.url}/giving/")
    page.get_by_role("link", name="Coventry").click()
    expect(page.locator("h1")).to_have_text("Giving in Coventry")
    expect(page.locator("#giving-balance")).to_contain_text("£1,250")
    failures = problems_at_sizes(page, "the public giving page")
    page_problems.assert_none(where="on the public giving page")
    assert not failures, "\n".join(failures)
