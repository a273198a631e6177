"""The rules for money out, at the level of the actions every page and import calls."""

from datetime import date

import pytest

from waypost.accounts.models import Role
from waypost.funds import ledger
from waypost.funds.models import EntryKind, LedgerEntry, PersonalBudget, RequestStatus
from waypost.funds.request_actions import (
    NotAllowed,
    RequestChanged,
    approve_request,
    pay_request,
    refuse_request,
    withdraw_request,
)
from waypost.funds.tests.factories import ask, make_fund, pay_in
from waypost.testing.people import make_person
from waypost.testing.personas import make_user

TODAY = date(2026, 11, 20)


@pytest.fixture
def setup(world, caseworker_user):
    a = make_user("holder.a@coventry.test", agency=world.council, role=Role.COORDINATOR)
    b = make_user("holder.b@coventry.test", agency=world.council, role=Role.COMMISSIONER)
    fund = make_fund(world.council, holders=(a, b, caseworker_user), limit_pence=10_000)
    pay_in(fund, 50_000)
    person = make_person(world.council)
    return fund, person, a, b, caseworker_user


def test_one_approval_commits_money_up_to_the_limit(setup):
    fund, person, a, _, worker = setup
    request = approve_request(ask(fund, person, worker, 10_000).pk, by=a)
    assert request.status == RequestStatus.APPROVED
    assert ledger.committed(fund) == 10_000
    assert ledger.balance(fund) == 50_000  # nothing leaves until it is paid


def test_above_the_limit_two_different_budget_holders_must_approve(setup):
    fund, person, a, b, worker = setup
    request = ask(fund, person, worker, 10_001)
    assert approve_request(request.pk, by=a).status == RequestStatus.REQUESTED
    assert ledger.committed(fund) == 0
    with pytest.raises(NotAllowed, match="approved this request already"):
        approve_request(request.pk, by=a)
    assert approve_request(request.pk, by=b).status == RequestStatus.APPROVED
    assert request.approvals.count() == 2


def test_nobody_approves_their_own_request_or_a_fund_they_do_not_hold(setup, world):
    fund, person, a, _, worker = setup
    request = ask(fund, person, worker, 500)
    with pytest.raises(NotAllowed, match="request you made"):
        approve_request(request.pk, by=worker)
    outsider = make_user("not.holder@coventry.test", agency=world.council, role=Role.COORDINATOR)
    with pytest.raises(NotAllowed, match="Only a budget holder"):
        approve_request(request.pk, by=outsider)
    assert request.approvals.count() == 0


def test_an_approval_beyond_what_is_available_writes_nothing(setup):
    fund, person, a, _, worker = setup
    approve_request(ask(fund, person, worker, 9_000).pk, by=a)
    for _ in range(4):
        approve_request(ask(fund, person, worker, 9_000).pk, by=a)
    last = ask(fund, person, worker, 9_000)
    with pytest.raises(
        ledger.NotEnoughMoney, match="£50 available, which is less than the £90 needed"
    ):
        approve_request(last.pk, by=a)
    last.refresh_from_db()
    assert last.status == RequestStatus.REQUESTED and last.approvals.count() == 0


def test_paying_writes_one_negative_entry_and_the_balance_is_the_sum(setup):
    fund, person, a, _, worker = setup
    request = approve_request(ask(fund, person, worker, 4_250).pk, by=a)
    pay_request(request.pk, by=a, paid_on=TODAY)
    payment = LedgerEntry.objects.get(grant_request=request)
    assert (payment.kind, payment.amount_pence, payment.purpose) == (
        EntryKind.PAYMENT,
        -4_250,
        request.purpose,
    )
    assert ledger.balance(fund) == 45_750 == sum(e.amount_pence for e in fund.entries.all())
    assert ledger.committed(fund) == 0
    with pytest.raises(NotAllowed, match="Only an approved request"):
        pay_request(request.pk, by=a, paid_on=TODAY)


def test_reversing_a_payment_puts_the_money_back_and_the_request_back_to_approved(setup):
    fund, person, a, _, worker = setup
    request = approve_request(ask(fund, person, worker, 4_000).pk, by=a)
    pay_request(request.pk, by=a, paid_on=TODAY)
    payment = LedgerEntry.objects.get(grant_request=request, kind=EntryKind.PAYMENT)
    correction = ledger.reverse_entry(payment.pk, by=a, occurred_on=TODAY, description="Refunded")
    assert correction.amount_pence == 4_000 and correction.reverses_id == payment.pk
    request.refresh_from_db()
    assert request.status == RequestStatus.APPROVED
    assert ledger.balance(fund) == 50_000 and ledger.available(fund) == 46_000
    with pytest.raises(ledger.CannotReverse, match="already been reversed"):
        ledger.reverse_entry(payment.pk, by=a, occurred_on=TODAY, description="Again")
    with pytest.raises(ledger.CannotReverse, match="correction already"):
        ledger.reverse_entry(correction.pk, by=a, occurred_on=TODAY, description="Undo")


def test_money_in_that_is_committed_cannot_be_reversed_out(setup):
    fund, person, a, _, worker = setup
    gift = pay_in(fund, 1_000)
    for _ in range(5):
        approve_request(ask(fund, person, worker, 10_000).pk, by=a)
    approve_request(ask(fund, person, worker, 500).pk, by=a)  # £5 left available
    with pytest.raises(ledger.NotEnoughMoney):
        ledger.reverse_entry(gift.pk, by=a, occurred_on=TODAY, description="Bounced")
    assert ledger.balance(fund) == 51_000


def test_refusing_and_withdrawing(setup):
    fund, person, a, _, worker = setup
    refused = refuse_request(ask(fund, person, worker, 500).pk, by=a, reason="Paid by DWP")
    assert (refused.status, refused.refusal_reason) == (RequestStatus.REFUSED, "Paid by DWP")
    with pytest.raises(NotAllowed, match="refused already"):
        approve_request(refused.pk, by=a)
    approved = approve_request(ask(fund, person, worker, 700).pk, by=a)
    assert ledger.committed(fund) == 700
    withdraw_request(approved.pk, by=worker)
    assert ledger.committed(fund) == 0


def test_a_stale_version_is_refused(setup):
    fund, person, a, _, worker = setup
    request = ask(fund, person, worker, 500)
    with pytest.raises(RequestChanged):
        approve_request(request.pk, by=a, version=request.version + 1)


def test_a_personal_budget_cannot_be_overspent(setup):
    fund, person, a, _, worker = setup
    budget = PersonalBudget.objects.create(
        person=person,
        recorded_by_agency=person.recorded_by_agency,
        agreed_by=a,
        fund=fund,
        amount_pence=5_000,
        agreed_on=TODAY,
    )
    approve_request(ask(fund, person, worker, 3_000, personal_budget=budget).pk, by=a)
    over = ask(fund, person, worker, 2_500, personal_budget=budget)
    with pytest.raises(ledger.NotEnoughMoney, match="personal budget has £20 left"):
        approve_request(over.pk, by=a)
