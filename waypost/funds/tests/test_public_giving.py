"""The public giving page (/giving/): aggregates of public funds only, from the ledger, for this
financial year so far and the last full one; no personal data; grant counts under 5 hidden."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from waypost.accounts.models import Role
from waypost.funds import ledger
from waypost.funds.models import EntryKind, IncomeSource, LedgerEntry, Purpose
from waypost.funds.public_views import financial_years
from waypost.funds.request_actions import approve_request, pay_request
from waypost.funds.tests.factories import ask, make_fund, pay_in
from waypost.testing.people import make_person
from waypost.testing.personas import make_user

THIS, LAST = financial_years(timezone.localdate())
THIS_DAY = THIS.starts_on  # 1 April: never in the future
LAST_DAY = LAST.starts_on + timedelta(days=40)
NAME = ("Zebedee", "Quillfeather")
REASON = "Needs a passport to start work at the Foleshill bakery"


@pytest.fixture
def giving(world, caseworker_user):
    holder = make_user("holder@coventry.test", agency=world.council, role=Role.COORDINATOR)
    fund = make_fund(world.council, holders=(holder,), limit_pence=1_000_000, is_public=True)
    person = make_person(world.council, given_name=NAME[0], family_name=NAME[1])
    return fund, person, holder, caseworker_user


def grant(giving, pence, purpose, on):
    fund, person, holder, worker = giving
    request = ask(fund, person, worker, pence, purpose=purpose, reason=REASON, pay_to="Mr Spoke")
    approve_request(request.pk, by=holder)
    pay_request(request.pk, by=holder, paid_on=on)
    return request


def test_financial_years_run_april_to_march():
    this, last = financial_years(date(2026, 2, 10))
    assert (this.starts_on, this.ends_on) == (date(2025, 4, 1), date(2026, 2, 11))
    assert (last.starts_on, last.ends_on) == (date(2024, 4, 1), date(2025, 4, 1))
    assert this.title == "This year so far: April 2025 to February 2026"
    assert last.title == "Last year: April 2024 to March 2025"
    assert financial_years(date(2026, 4, 1))[0].starts_on == date(2026, 4, 1)


def test_the_index_lists_only_partnerships_with_a_public_fund(world, client):
    make_fund(world.council, is_public=True)
    make_fund(world.brum_council, name="Change into Action")  # not public
    page = client.get(reverse("giving:index")).content.decode()
    assert reverse("giving:partnership", args=["coventry"]) in page
    assert "birmingham" not in page


def test_a_partnership_without_a_public_fund_is_not_found(world, client):
    make_fund(world.brum_council)
    assert client.get(reverse("giving:partnership", args=["birmingham"])).status_code == 404
    assert client.get(reverse("giving:partnership", args=["nowhere"])).status_code == 404


def test_the_page_adds_up_the_ledger_by_source_and_purpose(world, giving, client):
    fund = giving[0]
    pay_in(fund, 100_000, on=THIS_DAY, source=IncomeSource.CASH)
    pay_in(fund, 20_000, on=THIS_DAY, source=IncomeSource.CARD_READER)
    ledger.append(
        fund,
        kind=EntryKind.FEE,
        amount_pence=-340,
        occurred_on=THIS_DAY,
        by=None,
        source=IncomeSource.CARD_READER,
    )
    pay_in(fund, 5_000, on=LAST_DAY, source=IncomeSource.EVENT)
    for _ in range(5):
        grant(giving, 2_000, Purpose.ID_DOCUMENTS, THIS_DAY)
    wrong = grant(giving, 7_500, Purpose.ID_DOCUMENTS, THIS_DAY)
    payment = LedgerEntry.objects.get(grant_request=wrong)
    ledger.reverse_entry(payment.pk, by=giving[2], occurred_on=THIS_DAY, description="Paid twice")
    hidden = make_fund(world.council, name="Private fund")
    pay_in(hidden, 999_900, on=THIS_DAY)

    response = client.get(reverse("giving:partnership", args=["coventry"]))
    figures = {f.period.key: f for f in response.context["figures"]}
    this, last = figures["this"], figures["last"]
    assert [(line.label, line.text) for line in this.raised] == [
        ("Cash collection", "£1,000.00"),
        ("Contactless card reader", "£200.00"),
    ]
    assert this.fees == "-£3.40"
    assert this.raised_total == "£1,196.60"
    # The reversed payment counts neither as money paid nor as a grant.
    assert [(line.label, line.text) for line in this.paid_for] == [("ID documents", "£100.00")]
    assert [(line.label, line.text) for line in this.grants] == [("ID documents", "5")]
    assert [(line.label, line.text) for line in last.raised] == [("Fundraising event", "£50.00")]
    assert last.paid_for == []
    # The balance is the ledger's sum over the public funds.
    assert response.context["balance"] == "£1,146.60"
    assert ledger.balance(fund) == 114_660
    page = response.content.decode()
    assert "£9,999" not in page


def test_fewer_than_5_grants_are_not_counted_and_their_money_is_grouped(giving, client):
    fund = giving[0]
    pay_in(fund, 100_000, on=THIS_DAY)
    grant(giving, 45_000, Purpose.DEPOSIT, THIS_DAY)
    grant(giving, 3_000, Purpose.TRAVEL, THIS_DAY)
    grant(giving, 2_000, Purpose.TRAVEL, THIS_DAY)
    response = client.get(reverse("giving:partnership", args=["coventry"]))
    this = response.context["figures"][0]
    assert [(line.label, line.text) for line in this.grants] == [
        ("Deposit or rent in advance", "fewer than 5"),
        ("Travel", "fewer than 5"),
    ]
    assert [(line.label, line.text) for line in this.paid_for] == [
        ("Other help for people (grouped: fewer than 5 grants each)", "£500.00"),
    ]
    page = response.content.decode()
    assert "£450" not in page  # the single deposit cannot be read off the page
    assert "fewer than 5" in page


def test_the_page_shows_nothing_personal(giving, client):
    fund = giving[0]
    pay_in(fund, 100_000, on=THIS_DAY)
    for _ in range(6):
        grant(giving, 1_000, Purpose.CLOTHES, THIS_DAY)
    page = client.get(reverse("giving:partnership", args=["coventry"])).content.decode()
    for personal in (*NAME, REASON, "Mr Spoke", "Foleshill"):
        assert personal not in page
    assert str(THIS_DAY.day) + " April" not in page  # no date finer than a month
    assert "Clothes" in page and ">6<" in page


def test_the_page_links_to_the_service_directory_and_says_how_to_give(giving, client):
    page = client.get(reverse("giving:partnership", args=["coventry"])).content.decode()
    assert 'href="/services/"' in page
    assert "How to give" in page
    assert "No money was raised or paid out in this period." in page


def test_the_page_runs_a_fixed_number_of_queries(giving, client, django_assert_max_num_queries):
    fund = giving[0]
    pay_in(fund, 100_000, on=THIS_DAY)
    pay_in(fund, 100_000, on=LAST_DAY, source=IncomeSource.ONLINE)
    for purpose in (Purpose.CLOTHES, Purpose.TRAVEL, Purpose.FURNITURE):
        for _ in range(5):
            grant(giving, 500, purpose, THIS_DAY)
    client.get(reverse("giving:partnership", args=["coventry"]))  # the limit's window begun
    # 6 for the page; and up to 6 to count the request against PUBLIC_PAGE_RATE in the database
    # cache (none with CACHE_URL set to Redis).
    with django_assert_max_num_queries(6 + 6):
        response = client.get(reverse("giving:partnership", args=["coventry"]))
    assert response.status_code == 200
