"""In a real browser, on a desktop (1280 px) and a phone (375 px): a contract's page, the
provider filling in and submitting a return, and the forum report. Every page passes axe-core
(WCAG 2.2 AA), does not scroll sideways (wide tables scroll in their own box) and breaks no
Content Security Policy rule."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from waypost.commissioning.models import QuarterlyReturn, ReturnStatus, Unit
from waypost.lib.quarters import year_quarters
from waypost.testing.browser import login_as, problems_at_sizes
from waypost.testing.commissioning import make_contract, make_kpi, make_return

pytestmark = pytest.mark.browser
Q1, Q2, Q3, Q4 = year_quarters(2024)


@pytest.fixture
def contract(world):
    contract = make_contract(world.shelter, name="Night shelter and hostels")
    beds = make_kpi(contract, name="Bed occupancy", unit=Unit.PERCENT, target=Decimal("90"))
    evictions = make_kpi(contract, name="Evictions", target=Decimal("3"), direction="lower")
    for quarter, figures in ((Q1, ((40, 50), 6)), (Q2, ((44, 50), 2)), (Q3, ((45, 50), 0))):
        make_return(contract, quarter, {beds: figures[0], evictions: figures[1]})
    return contract


def test_the_contract_page(request, page, live_server, page_problems, contract):
    login_as(page, live_server, request.getfixturevalue("coordinator_user"))
    page.goto(f"{live_server.url}/commissioning/contracts/{contract.pk}/")
    expect(page.locator("h1")).to_have_text("Night shelter and hostels")
    expect(page.locator("#kpis-table")).to_contain_text("Bed occupancy")
    failures = problems_at_sizes(page, "the contract page")
    page_problems.assert_none(where="on the contract page")
    assert not failures, "\n".join(failures)


def test_the_provider_fills_in_and_submits_a_return(
    request, page, live_server, page_problems, contract
):
    login_as(page, live_server, request.getfixturevalue("provider_user"))
    page.goto(f"{live_server.url}/commissioning/contracts/{contract.pk}/returns/{Q4.slug}/")
    expect(page.locator("h1")).to_contain_text("Return for Q4 2024/25")
    failures = problems_at_sizes(page, "the return form")
    form = page.locator("#return-form")
    form.get_by_label("How many met the measure").fill("27")
    form.get_by_label("Out of how many").fill("30")
    form.get_by_label("Figure").fill("1")
    form.get_by_role("button", name="Submit the return").click()
    expect(page.locator("#return-table")).to_contain_text("90% (27 of 30)")
    failures += problems_at_sizes(page, "the submitted return")
    page_problems.assert_none(where="on the return")
    assert not failures, "\n".join(failures)
    found = QuarterlyReturn.objects.get(contract=contract, year=2024, quarter=4)
    assert found.status == ReturnStatus.SUBMITTED


def test_the_forum_report(request, page, live_server, page_problems, contract):
    login_as(page, live_server, request.getfixturevalue("commissioner_user"))
    page.goto(f"{live_server.url}/commissioning/forum/?quarter={Q3.slug}")
    expect(page.locator("h1")).to_have_text(
        "Commissioned services: report to the homelessness forum"
    )
    expect(page.locator("main")).to_contain_text("90% (45 of 50)")
    failures = problems_at_sizes(page, "the forum report")
    page_problems.assert_none(where="on the forum report")
    assert not failures, "\n".join(failures)
