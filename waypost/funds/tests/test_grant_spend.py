"""A grant's budget lines and spend (plans CP4, P2.8): lines may not allocate more than the
award, spend may not go beyond the line or the fund, and the quarterly report sums spend per
line and financial quarter, corrections in the quarter they are dated."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from waypost.funds import fund_actions, ledger
from waypost.funds.grant_report import grant_report
from waypost.funds.models import BudgetLine, FundKind, IncomeSource, LedgerEntry, Purpose
from waypost.funds.tests.factories import make_fund, pay_in


@pytest.fixture
def grant(world, coordinator_user):
    fund = make_fund(
        world.council,
        name="Rough Sleeping Initiative 2025/26",
        kind=FundKind.GRANT,
        funder="MHCLG",
        starts_on=date(2025, 4, 1),
        ends_on=date(2026, 3, 31),
        award_pence=10_000_000,
        holders=(coordinator_user,),
    )
    pay_in(fund, 10_000_000, on=date(2025, 4, 1), source=IncomeSource.GRANT)
    return fund


@pytest.fixture
def staff(grant):
    return BudgetLine.objects.create(fund=grant, name="Staff", allocation_pence=6_000_000)


def _spend(client, grant, line, amount, day=(15, 5, 2025), **extra):
    data = {
        "budget_line": str(line.pk),
        "purpose": Purpose.STAFF,
        "occurred_on_0": str(day[0]),
        "occurred_on_1": str(day[1]),
        "occurred_on_2": str(day[2]),
        "amount": amount,
        "description": "Outreach salaries",
        "reference": "Payroll P02",
    }
    data.update(extra)
    return client.post(reverse("funds:spend_new", args=[grant.pk]), data)


def test_lines_may_not_allocate_more_than_the_award(coordinator_client, grant, staff):
    url = reverse("funds:budget_line_new", args=[grant.pk])
    response = coordinator_client.post(url, {"name": "Beds", "allocation": "40,000.01"})
    page = response.content.decode()
    assert "the other lines allocate £60,000, so this line can have at most £40,000" in page
    assert 'value="40,000.01"' in page
    assert coordinator_client.post(url, {"name": "Beds", "allocation": "40000"}).status_code == 302
    assert BudgetLine.objects.get(name="Beds").allocation_pence == 4_000_000


def test_changing_a_line_is_version_checked_and_cannot_go_below_its_spend(
    coordinator_client, coordinator_user, grant, staff
):
    fund_actions.record_grant_spend(
        staff, amount_pence=500_000, occurred_on=date(2025, 5, 1), description="x",
        by=coordinator_user,
    )  # fmt: skip
    url = reverse("funds:budget_line_edit", args=[grant.pk, staff.pk])
    response = coordinator_client.post(
        url, {"name": "Staff", "allocation": "4000", "version": staff.version}
    )
    assert "£5,000 has already been spent on this line" in response.content.decode()
    response = coordinator_client.post(
        url, {"name": "Staff costs", "allocation": "7000", "version": staff.version - 1}
    )
    assert "Someone else changed this" in response.content.decode()
    response = coordinator_client.post(
        url, {"name": "Staff costs", "allocation": "7000", "version": staff.version}
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.name == "Staff costs" and staff.allocation_pence == 700_000


def test_spend_is_recorded_against_its_line(coordinator_client, grant, staff):
    response = _spend(coordinator_client, grant, staff, "12,500.50")
    assert response.url == reverse("funds:grant_report", args=[grant.pk])
    entry = LedgerEntry.objects.get(budget_line=staff)
    assert entry.amount_pence == -1_250_050 and entry.purpose == Purpose.STAFF
    assert entry.description == "Outreach salaries (Payroll P02)"


def test_spend_beyond_the_line_says_how_much_is_left(coordinator_client, grant, staff):
    _spend(coordinator_client, grant, staff, "59000")
    response = _spend(coordinator_client, grant, staff, "1000.01")
    page = response.content.decode()
    assert "Staff has £1,000 left of its £60,000 allocation" in page
    assert 'value="1000.01"' in page
    assert LedgerEntry.objects.filter(budget_line=staff).count() == 1


def test_spend_beyond_what_the_fund_has_is_refused(
    coordinator_client, coordinator_user, grant, staff
):
    ledger.record_spend(
        grant, amount_pence=9_950_000, occurred_on=date(2025, 5, 1), by=coordinator_user
    )
    response = _spend(coordinator_client, grant, staff, "600")
    assert "has £500 available" in response.content.decode()


def test_the_spend_form_explains_bad_input(coordinator_client, grant, staff):
    response = _spend(
        coordinator_client, grant, staff, "-5", day=(31, 2, 2025), description="", purpose=""
    )
    page = response.content.decode()
    assert "Enter an amount more than £0" in page
    assert "Enter a real date for the date of the spend" in page
    assert "Enter what was bought" in page
    assert "Choose what the money paid for" in page
    response = _spend(coordinator_client, grant, staff, "5", day=(1, 1, 2099))
    assert "must be today or in the past" in response.content.decode()


def test_the_report_sums_spend_per_line_and_quarter_with_corrections_when_dated(
    coordinator_user, grant, staff
):
    beds = BudgetLine.objects.create(fund=grant, name="Beds", allocation_pence=4_000_000)
    spend = fund_actions.record_grant_spend
    spend(staff, amount_pence=1_000_000, occurred_on=date(2025, 4, 30), description="a",
          by=coordinator_user)  # fmt: skip
    spend(staff, amount_pence=500_000, occurred_on=date(2025, 6, 30), description="b",
          by=coordinator_user)  # fmt: skip
    wrong = spend(beds, amount_pence=200_000, occurred_on=date(2025, 7, 1), description="c",
                  by=coordinator_user)  # fmt: skip
    spend(beds, amount_pence=300_000, occurred_on=date(2026, 3, 31), description="d",
          by=coordinator_user)  # fmt: skip
    ledger.reverse_entry(wrong.pk, by=coordinator_user, occurred_on=date(2025, 10, 2),
                         description="Twice")  # fmt: skip
    report = grant_report(grant, today=date(2026, 6, 1))
    assert [q.short for q in report.quarters] == [
        "Q1 2025/26", "Q2 2025/26", "Q3 2025/26", "Q4 2025/26",
    ]  # fmt: skip
    rows = {r.name: r for r in report.lines}
    assert rows["Staff"].by_quarter == [1_500_000, 0, 0, 0]
    assert rows["Beds"].by_quarter == [0, 200_000, -200_000, 300_000]
    assert rows["Staff"].left_pence == 4_500_000 and rows["Staff"].percent_spent == 25
    assert rows["Beds"].spent_pence == 300_000 and rows["Beds"].percent_spent == 8
    assert report.total.by_quarter == [1_500_000, 200_000, -200_000, 300_000]
    assert report.total.allocation_pence == 10_000_000
    assert report.total.spent_pence == -sum(
        LedgerEntry.objects.filter(budget_line__fund=grant).values_list("amount_pence", flat=True)
    )


def test_the_report_page_and_csv(
    commissioner_client, coordinator_user, grant, staff, django_assert_max_num_queries
):
    fund_actions.record_grant_spend(
        staff, amount_pence=1_000_000, occurred_on=date(2025, 4, 30), description="a",
        by=coordinator_user,
    )  # fmt: skip
    with django_assert_max_num_queries(12):
        response = commissioner_client.get(reverse("funds:grant_report", args=[grant.pk]))
    page = response.content.decode()
    assert "Spend to date by quarter" in page and "£10,000" in page and "17%" in page
    response = commissioner_client.get(reverse("funds:grant_report_csv", args=[grant.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    assert rows[0][:3] == ["Budget line", "Allocation (£)", "Q1 2025/26 (£)"]
    assert rows[1][:3] == ["Staff", "60000.00", "10000.00"]
    assert rows[-1][0] == "Total"


def test_who_may_reach_the_grant_pages(
    caseworker_client, commissioner_client, birmingham_admin_client, grant, staff, world
):
    reads = [
        reverse("funds:grant_report", args=[grant.pk]),
        reverse("funds:grant_report_csv", args=[grant.pk]),
    ]
    writes = [
        reverse("funds:budget_line_new", args=[grant.pk]),
        reverse("funds:budget_line_edit", args=[grant.pk, staff.pk]),
        reverse("funds:spend_new", args=[grant.pk]),
    ]
    for url in reads + writes:
        assert caseworker_client.get(url).status_code == 403, url
        assert birmingham_admin_client.get(url).status_code == 404, url
    for url in reads:
        assert commissioner_client.get(url).status_code == 200, url
    giving = make_fund(world.council, name="Giving")
    url = reverse("funds:spend_new", args=[giving.pk])
    assert commissioner_client.get(url).status_code == 404
