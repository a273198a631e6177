"""The money-in pages: who may reach them (fund managers of the fund's partnership: 403 for
other roles, 404 for another partnership), recording takings, importing a file and seeing
the result, with errors beside the fields and nothing typed lost."""

import re
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from waypost.funds import ledger
from waypost.funds.income_actions import import_settlement
from waypost.funds.models import EntryKind, LedgerEntry, SettlementFormat, SettlementImport
from waypost.funds.tests.factories import make_fund

DATA = Path(__file__).parent / "data"
PAGES = ("funds:income_new", "funds:settlement_new", "funds:settlements")


@pytest.fixture
def fund(world):
    return make_fund(world.council)


@pytest.fixture
def settlement(fund, coordinator_user):
    return import_settlement(
        fund,
        data=(DATA / "card_reader_settlement.csv").read_bytes(),
        filename="card_reader_settlement.csv",
        file_format=SettlementFormat.CARD_READER,
        by=coordinator_user,
    ).settlement


def urls(fund, settlement):
    found = [reverse(name, args=[fund.pk]) for name in PAGES]
    return [*found, reverse("funds:settlement", args=[fund.pk, settlement.pk])]


@pytest.mark.parametrize("role", ["admin", "coordinator", "commissioner"])
def test_fund_managers_reach_every_money_in_page(request, fund, settlement, role):
    client = request.getfixturevalue(f"{role}_client")
    for url in urls(fund, settlement):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    "role", ["caseworker", "outreach", "referrer", "dpo", "provider", "regional"]
)
def test_other_roles_are_refused_every_money_in_page(request, fund, settlement, role):
    client = request.getfixturevalue(f"{role}_client")
    for url in urls(fund, settlement):
        assert client.get(url).status_code == 403, url
        assert client.post(url).status_code in (403, 405), url


def test_a_budget_holder_who_is_not_a_fund_manager_is_refused(
    world, caseworker_user, caseworker_client
):
    held = make_fund(world.council, name="Reconnection fund", holders=(caseworker_user,))
    assert caseworker_client.get(reverse("funds:income_new", args=[held.pk])).status_code == 403


def test_another_partnerships_fund_is_not_found(fund, settlement, birmingham_admin_client):
    for url in urls(fund, settlement):
        assert birmingham_admin_client.get(url).status_code == 404, url
        assert birmingham_admin_client.post(url).status_code in (404, 405), url


def test_a_settlement_of_another_fund_is_not_found(world, settlement, coordinator_client):
    other = make_fund(world.council, name="Winter appeal")
    url = reverse("funds:settlement", args=[other.pk, settlement.pk])
    assert coordinator_client.get(url).status_code == 404


def test_recording_money_in_adds_it_and_goes_back_to_the_fund(fund, coordinator_client):
    response = coordinator_client.post(
        reverse("funds:income_new", args=[fund.pk]),
        {
            "source": "cash",
            "occurred_on_0": "14",
            "occurred_on_1": "3",
            "occurred_on_2": "2026",
            "amount": "£1,234.50",
            "description": "Collection tins, Christmas week",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("funds:fund", args=[fund.pk])
    entry = LedgerEntry.objects.get(fund=fund)
    assert (entry.kind, entry.amount_pence, entry.occurred_on) == (
        EntryKind.INCOME,
        123_450,
        date(2026, 3, 14),
    )


def test_bad_money_in_is_explained_beside_each_field_and_kept(fund, coordinator_client):
    response = coordinator_client.post(
        reverse("funds:income_new", args=[fund.pk]),
        {
            "occurred_on_0": "31",
            "occurred_on_1": "2",
            "occurred_on_2": "2026",
            "amount": "12.345",
            "description": "Quiz night",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Choose where the money came from" in page
    assert "Enter a real date for the date the money came in" in page
    assert "Enter the amount with no more than 2 numbers after the decimal point" in page
    assert 'href="#id_source_0"' in page and 'href="#id_occurred_on_0"' in page
    assert 'value="12.345"' in page and 'value="Quiz night"' in page and 'value="31"' in page
    assert not LedgerEntry.objects.filter(fund=fund).exists()


def test_importing_a_file_shows_its_result(fund, coordinator_client):
    upload = SimpleUploadedFile(
        "payout.csv", (DATA / "payment_provider_payout.csv").read_bytes(), "text/csv"
    )
    response = coordinator_client.post(
        reverse("funds:settlement_new", args=[fund.pk]),
        {"file_format": "payment_provider", "file": upload},
        follow=True,
    )
    page = response.content.decode()
    settlement = SettlementImport.objects.get(fund=fund)
    assert response.redirect_chain[-1][0] == reverse(
        "funds:settlement", args=[fund.pk, settlement.pk]
    )
    assert "File imported: 5 new transactions added." in page
    assert "Reconciled" in page
    for text in ("£73.50", "£1.88", "£71.62"):
        assert text in page
    assert ledger.balance(fund) == 7_162


def test_importing_the_same_file_again_says_when_and_by_whom(
    fund, settlement, coordinator_user, admin_client
):
    upload = SimpleUploadedFile(
        "again.csv", (DATA / "card_reader_settlement.csv").read_bytes(), "text/csv"
    )
    response = admin_client.post(
        reverse("funds:settlement_new", args=[fund.pk]),
        {"file_format": "card_reader", "file": upload},
        follow=True,
    )
    page = response.content.decode()
    assert "This file was imported before" in page
    assert coordinator_user.full_name in page
    assert "Nothing was added." in page
    assert SettlementImport.objects.filter(fund=fund).count() == 1


def test_a_malformed_file_lists_its_problems_by_row_and_imports_nothing(fund, coordinator_client):
    data = b"Transaction ID,Date,Type,Status,Gross,Fee,Net\nT1,2026-03-02,Sale,Successful,abc,0,0\n"
    response = coordinator_client.post(
        reverse("funds:settlement_new", args=[fund.pk]),
        {"file_format": "card_reader", "file": SimpleUploadedFile("bad.csv", data, "text/csv")},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Row 2: the amount “abc” is not a number" in page
    assert 'href="#id_file"' in page
    assert re.search(r'<input[^>]*value="card_reader"[^>]*checked', page)  # choice kept
    assert not SettlementImport.objects.exists()


def test_importing_without_a_file_or_a_format_says_what_is_missing(fund, coordinator_client):
    response = coordinator_client.post(reverse("funds:settlement_new", args=[fund.pk]), {})
    page = response.content.decode()
    assert "Choose what kind of settlement file it is" in page
    assert "Select a settlement file" in page


def test_a_file_that_does_not_reconcile_says_exactly_what_does_not_add_up(
    fund, coordinator_user, coordinator_client
):
    data = (
        b"Transaction ID,Date,Type,Status,Gross,Fee,Net\n"
        b"T1,2026-03-02 10:00,Sale,Successful,5.00,0.10,4.90\n"
        b",2026-03-05 08:00,Payout,Paid out,,,4.00\n"
    )
    settlement = import_settlement(
        fund, data=data, filename="p.csv", file_format="card_reader", by=coordinator_user
    ).settlement
    page = coordinator_client.get(
        reverse("funds:settlement", args=[fund.pk, settlement.pk])
    ).content.decode()
    assert "Not reconciled" in page
    assert (
        "The payout the provider declared is £4 but the transactions’ net is £4.90: "
        "a difference of £0.90"
    ) in page.replace("&#x27;", "’").replace("'", "’")


def test_the_settlement_files_list_is_paginated_in_few_queries(
    fund, coordinator_user, coordinator_client, django_assert_max_num_queries
):
    for number in range(30):
        row = f"T{number},2026-03-02 10:00,Sale,Successful,5.00,0.10,4.90"
        import_settlement(
            fund,
            data=f"Transaction ID,Date,Type,Status,Gross,Fee,Net\n{row}\n".encode(),
            filename=f"{number}.csv",
            file_format="card_reader",
            by=coordinator_user,
        )
    url = reverse("funds:settlements", args=[fund.pk])
    with django_assert_max_num_queries(12):
        page = coordinator_client.get(url).content.decode()
    assert page.count('href="/funds/') >= 25
    assert 'aria-label="Page 2"' in page
    assert coordinator_client.get(url + "?page=2").status_code == 200
