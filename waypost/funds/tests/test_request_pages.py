"""Money for a person through the pages (issue 9, point 2): a caseworker asks, budget holders
approve or refuse, the payment is recorded against the fund, and no fund goes below zero."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from waypost.accounts.models import Role
from waypost.funds import ledger
from waypost.funds.models import EntryKind, FundKind, GrantRequest, LedgerEntry, RequestStatus
from waypost.funds.tests.factories import ask, make_fund, pay_in
from waypost.notifications.models import Notification
from waypost.testing.people import make_person
from waypost.testing.personas import make_user, mark_recently_authenticated


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    mark_recently_authenticated(client, user)
    return client


@pytest.fixture
def holders(world):
    """Two budget holders at Coventry Housing Options (partnership admins: no casework)."""
    return (
        make_user("holder.one@coventry.test", agency=world.council, role=Role.PARTNERSHIP_ADMIN),
        make_user("holder.two@coventry.test", agency=world.council, role=Role.PARTNERSHIP_ADMIN),
    )


@pytest.fixture
def fund(world, holders):
    fund = make_fund(world.council, holders=holders, limit_pence=25_000)
    pay_in(fund, 100_000)
    return fund


@pytest.fixture
def person(world, caseworker_user):
    return make_person(world.council, by=caseworker_user)


def _ask(client, person, fund, amount="40", **extra):
    data = {
        "fund": str(fund.pk),
        "purpose": "id_documents",
        "amount": amount,
        "reason": "Birth certificate to open a bank account",
        "pay_to": "General Register Office",
        **extra,
    }
    return client.post(reverse("funds:request_new", args=[person.pk]), data)


def _post(client, grant, action, **data):
    grant.refresh_from_db()
    payload = {"action": action, "version": grant.version, **data}
    for prefix in ("refuse", "pay"):
        payload[f"{prefix}-version"] = grant.version
    return client.post(reverse("funds:request", args=[grant.pk]), payload)


def _paid_on(day: date) -> dict:
    return {"pay-paid_on_0": day.day, "pay-paid_on_1": day.month, "pay-paid_on_2": day.year}


def test_the_whole_cycle_ask_approve_pay(caseworker_client, holders, fund, person):
    """Ask → approve → pay: one negative ledger entry, and the balance is the sum."""
    response = _ask(caseworker_client, person, fund)
    grant = GrantRequest.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("funds:request", args=[grant.pk])
    assert grant.amount_pence == 4000 and grant.status == RequestStatus.REQUESTED
    # Each budget holder is told, without the person's name.
    told = Notification.objects.filter(user__in=holders)
    assert told.count() == 2
    assert {n.body for n in told} == {"A request for £40 for ID documents is waiting for approval."}
    assert "Jo" not in told.first().title + told.first().body

    holder = client_for(holders[0])
    page = holder.get(reverse("funds:request", args=[grant.pk]))
    assert page.status_code == 200
    assert "Approve the request" in page.content.decode()

    response = _post(holder, grant, "approve")
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.status == RequestStatus.APPROVED
    assert ledger.committed(fund) == 4000 and ledger.available(fund) == 96_000

    response = _post(holder, grant, "pay", **_paid_on(date.today()))
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.status == RequestStatus.PAID
    payments = LedgerEntry.objects.filter(grant_request=grant)
    assert [(e.kind, e.amount_pence) for e in payments] == [(EntryKind.PAYMENT, -4000)]
    assert ledger.balance(fund) == sum(
        e.amount_pence for e in LedgerEntry.objects.filter(fund=fund)
    )
    assert ledger.balance(fund) == 96_000
    # The requester was told of the approval and the payment.
    titles = list(
        Notification.objects.filter(user=grant.requested_by).values_list("title", flat=True)
    )
    assert "Your request for money was approved" in titles
    assert "A request for money was paid" in titles

    money = caseworker_client.get(reverse("funds:person_money", args=[person.pk]))
    text = money.content.decode()
    assert "Paid so far" in text and "£40" in text


def test_above_the_limit_two_different_holders_must_approve(caseworker_user, holders, fund, person):
    grant = ask(fund, person, caseworker_user, 30_000, purpose="deposit")
    first, second = (client_for(h) for h in holders)
    _post(first, grant, "approve")
    grant.refresh_from_db()
    assert grant.status == RequestStatus.REQUESTED
    assert grant.approvals.count() == 1
    page = first.get(reverse("funds:request", args=[grant.pk])).content.decode()
    assert "1 of 2 approvals" in page
    assert "Approve the request" not in page  # the same holder cannot approve twice

    again = _post(first, grant, "approve")
    assert again.status_code == 200
    assert grant.approvals.count() == 1

    _post(second, grant, "approve")
    grant.refresh_from_db()
    assert grant.status == RequestStatus.APPROVED
    assert (
        "2 of 2 approvals" in second.get(reverse("funds:request", args=[grant.pk])).content.decode()
    )


def test_the_requester_cannot_approve_their_own_request(world, holders, fund, person):
    """A budget holder who asked for the money cannot approve it themselves."""
    asker = make_user("asker@coventry.test", agency=world.council, role=Role.CASEWORKER)
    fund.budget_holders.add(asker)
    grant = ask(fund, person, asker, 4000)
    client = client_for(asker)
    page = client.get(reverse("funds:request", args=[grant.pk])).content.decode()
    assert "Approve the request" not in page
    assert "You asked for this money" in page
    response = _post(client, grant, "approve")
    assert response.status_code == 200
    grant.refresh_from_db()
    assert grant.status == RequestStatus.REQUESTED and not grant.approvals.exists()


def test_refusing_needs_a_reason(caseworker_user, holders, fund, person):
    grant = ask(fund, person, caseworker_user, 4000)
    holder = client_for(holders[0])
    response = _post(holder, grant, "refuse", **{"refuse-refusal_reason": "  "})
    assert response.status_code == 200
    text = response.content.decode()
    assert "There is a problem" in text
    assert 'href="#id_refuse-refusal_reason"' in text
    grant.refresh_from_db()
    assert grant.status == RequestStatus.REQUESTED

    _post(holder, grant, "refuse", **{"refuse-refusal_reason": "A provisional licence is cheaper"})
    grant.refresh_from_db()
    assert grant.status == RequestStatus.REFUSED
    assert grant.refusal_reason == "A provisional licence is cheaper"
    told = Notification.objects.get(user=caseworker_user)
    assert told.title == "Your request for money was refused"
    assert "provisional" not in told.body  # the reason stays on the request page


def test_a_fund_cannot_go_below_zero_through_the_pages(
    caseworker_client, caseworker_user, holders, fund, person
):
    """Asking for more than is available is refused, saying how much there is; and an
    approval that would take more than is available is refused too."""
    response = _ask(caseworker_client, person, fund, amount="1500")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Change into Action has £1,000 available" in text
    assert 'value="1500"' in text  # what was typed is kept
    assert not GrantRequest.objects.exists()

    big = ask(fund, person, caseworker_user, 90_000)
    other = ask(fund, person, caseworker_user, 20_000)
    first, second = (client_for(h) for h in holders)
    _post(first, big, "approve")
    _post(second, big, "approve")
    big.refresh_from_db()
    assert big.status == RequestStatus.APPROVED
    response = _post(first, other, "approve")
    assert response.status_code == 200
    assert "has £100 available" in response.content.decode()
    other.refresh_from_db()
    assert other.status == RequestStatus.REQUESTED
    assert ledger.available(fund) >= 0


def test_a_change_in_between_is_reported_and_nothing_is_lost(
    caseworker_user, holders, fund, person
):
    grant = ask(fund, person, caseworker_user, 4000)
    holder = client_for(holders[0])
    stale = grant.version
    GrantRequest.objects.filter(pk=grant.pk).update(version=stale + 1)
    response = holder.post(
        reverse("funds:request", args=[grant.pk]),
        {"action": "refuse", "refuse-version": stale, "refuse-refusal_reason": "Too dear"},
    )
    text = response.content.decode()
    assert "Someone else changed this request" in text
    assert "Too dear" in text
    grant.refresh_from_db()
    assert grant.status == RequestStatus.REQUESTED


def test_payment_date_cannot_be_in_the_future(caseworker_user, holders, fund, person):
    grant = ask(fund, person, caseworker_user, 4000)
    holder = client_for(holders[0])
    _post(holder, grant, "approve")
    response = _post(holder, grant, "pay", **_paid_on(date.today() + timedelta(days=3)))
    assert "must be today or in the past" in response.content.decode()
    grant.refresh_from_db()
    assert grant.status == RequestStatus.APPROVED
    assert not LedgerEntry.objects.filter(grant_request=grant).exists()


def test_the_requester_can_withdraw_and_others_cannot_decide(
    caseworker_client, caseworker_user, outreach_client, fund, person
):
    grant = ask(fund, person, caseworker_user, 4000)
    # Not a budget holder: no decision buttons, and a posted approval is refused.
    page = caseworker_client.get(reverse("funds:request", args=[grant.pk])).content.decode()
    assert "Approve the request" not in page and "Refuse the request" not in page
    assert _post(caseworker_client, grant, "approve").status_code == 200
    grant.refresh_from_db()
    assert grant.status == RequestStatus.REQUESTED
    response = _post(caseworker_client, grant, "withdraw")
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.status == RequestStatus.WITHDRAWN


def test_grant_funds_are_not_offered_and_cannot_be_asked(
    world, caseworker_client, holders, fund, person
):
    rsi = make_fund(world.council, name="Rough Sleeping Initiative", kind=FundKind.GRANT)
    pay_in(rsi, 500_000)
    page = caseworker_client.get(reverse("funds:request_new", args=[person.pk])).content.decode()
    assert "Change into Action: £1,000 available" in page
    assert "Rough Sleeping Initiative" not in page
    response = _ask(caseworker_client, person, rsi)
    assert response.status_code == 200
    assert not GrantRequest.objects.exists()


@pytest.mark.parametrize("role_client", ["referrer_client", "provider_client", "admin_client"])
def test_asking_is_for_requesters_only(request, role_client, person, fund):
    client = request.getfixturevalue(role_client)
    assert client.get(reverse("funds:request_new", args=[person.pk])).status_code == 403
    assert _ask(client, person, fund).status_code == 403


@pytest.mark.parametrize("role_client", ["admin_client", "commissioner_client", "dpo_client"])
def test_the_money_page_is_for_front_line_staff(request, role_client, person):
    client = request.getfixturevalue(role_client)
    assert client.get(reverse("funds:person_money", args=[person.pk])).status_code == 403


def test_form_errors_are_specific_and_keep_what_was_typed(caseworker_client, fund, person):
    response = caseworker_client.post(
        reverse("funds:request_new", args=[person.pk]),
        {"fund": str(fund.pk), "amount": "12.345", "reason": "", "pay_to": "Argos"},
    )
    text = response.content.decode()
    assert "Choose what the money is for" in text
    assert "no more than 2 numbers after the decimal point" in text
    assert "Enter why they need the money" in text
    assert 'value="Argos"' in text and 'value="12.345"' in text


def test_the_request_page_gives_the_payment_date_from_the_ledger(
    fund, holders, person, caseworker_user
):
    from waypost.funds.request_actions import approve_request, pay_request

    grant = ask(fund, person, caseworker_user, 4_000)
    approve_request(grant.pk, by=holders[0])
    pay_request(grant.pk, by=holders[0], paid_on=date(2026, 11, 3))
    page = client_for(holders[0]).get(reverse("funds:request", args=[grant.pk])).content.decode()
    assert "Paid on 3 November 2026; recorded on" in page
