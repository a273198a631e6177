"""The annual report on money raised and distributed (plan P3.9): its totals equal the ledger's
sums on a hand-built fixture, corrections are netted into their source or purpose in the year
they are dated, entries outside the year are left out, and only fund managers may read it."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from waypost.funds import fund_actions, ledger
from waypost.funds.annual import annual_report
from waypost.funds.models import (
    BudgetLine,
    EntryKind,
    FundKind,
    IncomeSource,
    LedgerEntry,
    Purpose,
)
from waypost.funds.request_actions import approve_request, pay_request
from waypost.funds.tests.factories import ask, make_fund, pay_in
from waypost.testing.people import make_person

YEAR = 2025  # 1 April 2025 to 31 March 2026
BEFORE, START, INSIDE, END, AFTER = (
    date(2025, 3, 31),
    date(2025, 4, 1),
    date(2025, 9, 15),
    date(2026, 3, 31),
    date(2026, 4, 1),
)


def _pay(fund, person, by, holder, pence, purpose, on):
    request = ask(fund, person, by, pence, purpose=purpose)
    approve_request(request.pk, by=holder)
    pay_request(request.pk, by=holder, paid_on=on)
    return LedgerEntry.objects.get(grant_request=request)


@pytest.fixture
def books(world, coordinator_user, caseworker_user):
    """Two Coventry funds with every kind of entry, some either side of the year, and a
    Birmingham fund that must not be counted."""
    giving = make_fund(world.council, holders=(coordinator_user,), limit_pence=10**9)
    pay_in(giving, 50_000, on=BEFORE, source=IncomeSource.CARD_READER)
    ledger.append(giving, kind=EntryKind.FEE, amount_pence=-1_000, occurred_on=BEFORE, by=None)
    pay_in(giving, 20_000, on=START, source=IncomeSource.CARD_READER)
    online = pay_in(giving, 15_000, on=INSIDE, source=IncomeSource.ONLINE)
    cash = pay_in(giving, 5_000, on=INSIDE, source=IncomeSource.CASH)
    pay_in(giving, 30_000, on=END, source=IncomeSource.EVENT)
    ledger.append(giving, kind=EntryKind.FEE, amount_pence=-600, occurred_on=INSIDE, by=None)
    fee = ledger.append(giving, kind=EntryKind.FEE, amount_pence=-450, occurred_on=END, by=None)
    people = [make_person(world.council, given_name=f"P{n}") for n in range(6)]
    for person in people[:5]:
        _pay(giving, person, caseworker_user, coordinator_user, 2_000, Purpose.ID_DOCUMENTS, INSIDE)
    _pay(giving, people[5], caseworker_user, coordinator_user, 40_000, Purpose.DEPOSIT, INSIDE)
    travel = _pay(
        giving, people[0], caseworker_user, coordinator_user, 3_000, Purpose.TRAVEL, INSIDE
    )
    ledger.reverse_entry(cash.pk, by=coordinator_user, occurred_on=INSIDE, description="Wrong")
    ledger.reverse_entry(travel.pk, by=coordinator_user, occurred_on=END, description="Refund")
    ledger.reverse_entry(fee.pk, by=coordinator_user, occurred_on=END, description="Waived")
    ledger.reverse_entry(online.pk, by=coordinator_user, occurred_on=AFTER, description="Late")
    pay_in(giving, 10_000, on=AFTER, source=IncomeSource.CASH)

    grant = make_fund(
        world.council,
        name="Rough Sleeping Initiative",
        kind=FundKind.GRANT,
        award_pence=100_000,
        funder="MHCLG",
        starts_on=START,
        ends_on=END,
    )
    pay_in(grant, 100_000, on=START, source=IncomeSource.GRANT)
    staff = BudgetLine.objects.create(fund=grant, name="Staff", allocation_pence=60_000)
    beds = BudgetLine.objects.create(fund=grant, name="Beds", allocation_pence=40_000)
    fund_actions.record_grant_spend(
        staff, amount_pence=30_000, occurred_on=INSIDE, description="Q2 salaries",
        purpose=Purpose.STAFF, by=coordinator_user,
    )  # fmt: skip
    wrong = fund_actions.record_grant_spend(
        beds, amount_pence=10_000, occurred_on=INSIDE, description="Rooms",
        purpose=Purpose.ACCOMMODATION, by=coordinator_user,
    )  # fmt: skip
    ledger.reverse_entry(wrong.pk, by=coordinator_user, occurred_on=END, description="Twice")
    fund_actions.record_grant_spend(
        beds, amount_pence=4_000, occurred_on=AFTER, description="Rooms",
        purpose=Purpose.ACCOMMODATION, by=coordinator_user,
    )  # fmt: skip

    elsewhere = make_fund(world.brum_council, name="Birmingham giving")
    pay_in(elsewhere, 99_999, on=INSIDE)
    return giving, grant


def _category(entry):
    return entry.reverses.kind if entry.kind == EntryKind.REVERSAL else entry.kind


def _independent(partnership):
    """The same totals summed one entry at a time, straight from LedgerEntry."""
    entries = list(LedgerEntry.objects.filter(fund__partnership=partnership))
    inside = [e for e in entries if START <= e.occurred_on <= END]
    sums = {
        "opening": sum(e.amount_pence for e in entries if e.occurred_on < START),
        "closing": sum(e.amount_pence for e in entries if e.occurred_on <= END),
        "fees": -sum(e.amount_pence for e in inside if _category(e) == EntryKind.FEE),
        "raised": {},
        "payments": {},
        "spend": {},
    }
    for e in inside:
        kind = _category(e)
        if kind == EntryKind.INCOME:
            sums["raised"][e.source] = sums["raised"].get(e.source, 0) + e.amount_pence
        elif kind == EntryKind.PAYMENT:
            sums["payments"][e.purpose] = sums["payments"].get(e.purpose, 0) - e.amount_pence
        elif kind == EntryKind.SPEND:
            sums["spend"][e.purpose] = sums["spend"].get(e.purpose, 0) - e.amount_pence
    return sums


def test_the_annual_totals_equal_the_ledgers_sums(world, books):
    report = annual_report(world.coventry, YEAR)
    expected = _independent(world.coventry)
    total = report.total
    assert total.opening == expected["opening"] == 49_000
    assert total.closing == expected["closing"]
    assert total.fees == expected["fees"] == 600
    assert total.raised == expected["raised"]
    assert total.payments == expected["payments"]
    assert total.spend == expected["spend"]
    # The corrections were netted: the cash was reversed, the travel refunded, the beds undone.
    assert total.raised[IncomeSource.CASH] == 0
    assert total.raised[IncomeSource.ONLINE] == 15_000  # reversed only next year
    assert total.payments[Purpose.TRAVEL] == 0
    assert total.spend == {Purpose.STAFF: 30_000, Purpose.ACCOMMODATION: 0}
    assert total.balances and all(f.balances for f in report.funds)
    assert total.closing == total.opening + total.raised_total - total.distributed_total - 600
    assert [f.fund.name for f in report.funds] == [
        "Change into Action",
        "Rough Sleeping Initiative",
    ]


def test_people_helped_are_counted_and_small_numbers_hidden(world, books):
    people = {p.purpose: p for p in annual_report(world.coventry, YEAR).people}
    assert people[Purpose.ID_DOCUMENTS].count == 5 and people[Purpose.ID_DOCUMENTS].shown
    assert people[Purpose.DEPOSIT].count == 1 and not people[Purpose.DEPOSIT].shown
    assert Purpose.TRAVEL not in people  # the payment was reversed


def test_the_page_shows_the_totals_and_links_the_ledger_of_the_year(
    coordinator_client, world, books, django_assert_max_num_queries
):
    giving, _ = books
    with django_assert_max_num_queries(14):
        response = coordinator_client.get(reverse("funds:annual_report"), {"year": YEAR})
    page = response.content.decode()
    assert "Money raised and distributed, 2025/26" in page
    assert "£490" in page  # the opening balance
    assert f"/funds/{giving.pk}/ledger/?year=2025" in page
    assert "Fewer than 5" in page
    assert "Checked:" in page and "Warning" not in page


def test_a_year_with_no_entries_says_so(coordinator_client, books):
    response = coordinator_client.get(reverse("funds:annual_report"), {"year": 2020})
    assert "No money was recorded in any fund in 2020/21" in response.content.decode()


def test_the_csv_has_every_entry_of_the_year_and_the_totals(coordinator_client, world, books):
    response = coordinator_client.get(reverse("funds:annual_report_csv"), {"year": YEAR})
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    inside = LedgerEntry.objects.filter(
        fund__partnership=world.coventry, occurred_on__gte=START, occurred_on__lte=END
    )
    ids = {r[9] for r in rows[1:] if len(r) > 9}
    assert ids == {str(pk) for pk in inside.values_list("pk", flat=True)}
    totals = {r[0]: r[2] for r in rows if len(r) == 3}
    assert totals["Opening balance"] == "490.00"
    assert totals["Fees"] == "6.00"
    assert "P0" not in response.content.decode()  # no names


def test_the_pdf_is_made(coordinator_client, books):
    response = coordinator_client.get(reverse("funds:annual_report_pdf"), {"year": YEAR})
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_who_may_read_the_annual_report(
    caseworker_client, commissioner_client, birmingham_admin_client, books
):
    url = reverse("funds:annual_report")
    assert caseworker_client.get(url).status_code == 403
    assert caseworker_client.get(reverse("funds:annual_report_csv")).status_code == 403
    assert caseworker_client.get(reverse("funds:annual_report_pdf")).status_code == 403
    assert commissioner_client.get(url).status_code == 200
    assert birmingham_admin_client.get(url, {"partnership": "coventry"}).status_code == 404
    page = birmingham_admin_client.get(url, {"year": YEAR}).content.decode()
    assert "Change into Action" not in page and "Birmingham giving" in page
