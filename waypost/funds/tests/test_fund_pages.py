"""The funds hub, a fund's page and ledger, setting a fund up and correcting an entry: who may
reach them, what they show, and that bad input is explained and kept."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from waypost.funds.models import EntryKind, Fund, FundKind, IncomeSource, LedgerEntry
from waypost.funds.tests.factories import make_fund, pay_in


@pytest.fixture
def fund(world, coordinator_user, commissioner_user):
    fund = make_fund(world.council, holders=(coordinator_user, commissioner_user))
    pay_in(fund, 10_000, on=date(2025, 5, 1), source=IncomeSource.CARD_READER)
    pay_in(fund, 2_550, on=date(2026, 5, 1), source=IncomeSource.ONLINE)
    return fund


def _fund_urls(fund):
    entry = LedgerEntry.objects.filter(fund=fund).first()
    return [
        reverse("funds:fund", args=[fund.pk]),
        reverse("funds:ledger", args=[fund.pk]),
        reverse("funds:ledger_csv", args=[fund.pk]),
        reverse("funds:entry", args=[fund.pk, entry.pk]),
    ]


def test_the_hub_lists_funds_with_balance_committed_and_available(
    coordinator_client, fund, world, django_assert_max_num_queries
):
    make_fund(world.council, name="Reconnection fund", kind=FundKind.RECONNECTION)
    with django_assert_max_num_queries(12):
        response = coordinator_client.get(reverse("funds:home"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Change into Action" in page and "Reconnection fund" in page
    assert "£125.50" in page
    assert "Set up a fund" in page


def test_a_caseworker_may_not_open_the_funds_pages(caseworker_client, fund):
    hub = caseworker_client.get(reverse("funds:home"))
    assert hub.status_code == 200  # how to ask for money, and their follow-ups
    assert "open their record and choose" in hub.content.decode()
    assert "Change into Action" not in hub.content.decode()
    assert caseworker_client.get(reverse("funds:fund_new")).status_code == 403
    for url in _fund_urls(fund):
        assert caseworker_client.get(url).status_code == 403, url


def test_roles_that_neither_manage_nor_ask_may_not_open_the_hub(dpo_client, referrer_client):
    assert dpo_client.get(reverse("funds:home")).status_code == 403
    assert referrer_client.get(reverse("funds:home")).status_code == 403


def test_another_partnership_gets_not_found(birmingham_admin_client, fund):
    assert birmingham_admin_client.get(reverse("funds:home")).status_code == 200
    for url in [*_fund_urls(fund), reverse("funds:fund_edit", args=[fund.pk])]:
        assert birmingham_admin_client.get(url).status_code == 404, url
    entry = LedgerEntry.objects.filter(fund=fund).first()
    url = reverse("funds:entry_reverse", args=[fund.pk, entry.pk])
    assert birmingham_admin_client.post(url, {"reason": "x"}).status_code == 404


def test_a_commissioner_reads_the_fund_and_ledger(commissioner_client, fund):
    for url in _fund_urls(fund):
        assert commissioner_client.get(url).status_code == 200, url


def test_a_budget_holder_who_manages_nothing_sees_only_their_fund(
    world, caseworker_user, caseworker_client, fund
):
    held = make_fund(world.council, name="Personal budgets", holders=(caseworker_user,))
    response = caseworker_client.get(reverse("funds:home"))
    assert response.status_code == 200
    assert "Personal budgets" in response.content.decode()
    assert "Change into Action" not in response.content.decode()
    assert caseworker_client.get(reverse("funds:fund", args=[held.pk])).status_code == 200
    assert caseworker_client.get(reverse("funds:fund", args=[fund.pk])).status_code == 404
    assert caseworker_client.get(reverse("funds:fund_edit", args=[held.pk])).status_code == 403


def test_the_fund_page_shows_the_position_and_latest_entries(
    coordinator_client, fund, django_assert_max_num_queries
):
    for n in range(30):
        pay_in(fund, 100 + n, on=date(2026, 6, 1), external_ref=f"ref-{n}")
    with django_assert_max_num_queries(14):
        response = coordinator_client.get(reverse("funds:fund", args=[fund.pk]))
    page = response.content.decode()
    assert "£159.85" in page
    assert page.count(f'href="/funds/{fund.pk}/entries/') == 25


def test_the_ledger_filters_by_financial_year_and_paginates(
    coordinator_client, fund, django_assert_max_num_queries
):
    for n in range(60):
        pay_in(fund, 100, on=date(2026, 7, 1), external_ref=f"r{n}")
    url = reverse("funds:ledger", args=[fund.pk])
    with django_assert_max_num_queries(14):
        response = coordinator_client.get(url, {"year": 2025})
    page = response.content.decode()
    assert "Ledger, 2025/26" in page
    assert "£100" in page and "£25.50" not in page
    response = coordinator_client.get(url, {"year": 2026, "page": 2})
    assert response.status_code == 200
    assert coordinator_client.get(url, {"year": "nonsense"}).status_code == 404


def test_the_ledger_csv_is_formula_safe(coordinator_client, fund, coordinator_user):
    pay_in(fund, 500, on=date(2026, 6, 2), description="=HYPERLINK(1)")
    response = coordinator_client.get(reverse("funds:ledger_csv", args=[fund.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    assert rows[0][0] == "Date"
    assert any(r[6] == "'=HYPERLINK(1)" for r in rows[1:])
    assert {r[2] for r in rows[1:]} >= {"100.00", "25.50", "5.00"}


def _fund_form(world, **overrides):
    data = {
        "name": "Rough Sleeping Initiative 2026/27",
        "kind": FundKind.GRANT,
        "holding_agency": str(world.council.pk),
        "description": "",
        "limit": "500",
        "funder": "MHCLG",
        "starts_on_0": "1",
        "starts_on_1": "4",
        "starts_on_2": "2026",
        "ends_on_0": "31",
        "ends_on_1": "3",
        "ends_on_2": "2027",
        "award": "250,000",
    }
    data.update(overrides)
    return data


def test_a_fund_manager_sets_up_a_grant_with_budget_holders(
    coordinator_client, coordinator_user, commissioner_user, world
):
    data = _fund_form(world, budget_holders=[str(commissioner_user.pk)])
    response = coordinator_client.post(reverse("funds:fund_new"), data)
    assert response.status_code == 302
    fund = Fund.objects.get(name="Rough Sleeping Initiative 2026/27")
    assert fund.award_pence == 25_000_000 and fund.two_approver_limit_pence == 50_000
    assert fund.partnership == world.coventry and fund.starts_on == date(2026, 4, 1)
    assert list(fund.budget_holders.all()) == [commissioner_user]


def test_the_form_lists_active_members_with_their_agency(coordinator_client, coordinator_user):
    page = coordinator_client.get(reverse("funds:fund_new")).content.decode()
    assert f"{coordinator_user.full_name} (Coventry Housing Options)" in page


def test_a_grant_needs_its_funder_dates_and_award_and_keeps_what_was_typed(
    coordinator_client, world
):
    data = _fund_form(world, funder="", award="", starts_on_2="", limit="12.345")
    response = coordinator_client.post(reverse("funds:fund_new"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter who gave the grant" in page
    assert "Enter the amount awarded" in page
    assert "must include a year" in page
    assert "no more than 2 numbers after the decimal point" in page
    assert "Rough Sleeping Initiative 2026/27" in page
    assert not Fund.objects.exists()


def test_changing_a_fund_is_version_checked(coordinator_client, fund, world):
    url = reverse("funds:fund_edit", args=[fund.pk])
    data = _fund_form(world, name="Renamed", kind=FundKind.GIVING, version=fund.version)
    Fund.objects.filter(pk=fund.pk).update(version=fund.version + 1)
    response = coordinator_client.post(url, data)
    assert "Someone else changed this" in response.content.decode()
    fund.refresh_from_db()
    assert fund.name == "Change into Action"
    data["version"] = fund.version
    assert coordinator_client.post(url, data).status_code == 302
    fund.refresh_from_db()
    assert fund.name == "Renamed" and fund.award_pence is None


def test_a_correction_needs_a_reason_and_links_both_ways(coordinator_client, fund):
    entry = LedgerEntry.objects.get(fund=fund, amount_pence=2_550)
    url = reverse("funds:entry_reverse", args=[fund.pk, entry.pk])
    response = coordinator_client.post(url, {"reason": "  "})
    assert "Enter why the entry is being corrected" in response.content.decode()
    response = coordinator_client.post(url, {"reason": "Entered twice"})
    correction = LedgerEntry.objects.get(reverses=entry)
    assert response.url == reverse("funds:entry", args=[fund.pk, correction.pk])
    assert correction.kind == EntryKind.REVERSAL and correction.amount_pence == -2_550
    assert "Entered twice" in correction.description
    page = coordinator_client.get(reverse("funds:entry", args=[fund.pk, entry.pk])).content
    assert b"Reversed by" in page and b"Correct this entry" not in page
    page = coordinator_client.get(reverse("funds:entry", args=[fund.pk, correction.pk])).content
    assert b"Reverses" in page


def test_reversing_twice_shows_why_not(coordinator_client, fund):
    entry = LedgerEntry.objects.get(fund=fund, amount_pence=2_550)
    url = reverse("funds:entry_reverse", args=[fund.pk, entry.pk])
    coordinator_client.post(url, {"reason": "Entered twice"})
    response = coordinator_client.post(url, {"reason": "Again"})
    assert "already been reversed" in response.content.decode()
    assert LedgerEntry.objects.filter(reverses=entry).count() == 1


def test_only_fund_managers_correct_entries(world, caseworker_user, caseworker_client):
    held = make_fund(world.council, name="Personal budgets", holders=(caseworker_user,))
    entry = pay_in(held, 1_000)
    url = reverse("funds:entry_reverse", args=[held.pk, entry.pk])
    assert caseworker_client.post(url, {"reason": "x"}).status_code == 403
    assert not LedgerEntry.objects.filter(reverses=entry).exists()
