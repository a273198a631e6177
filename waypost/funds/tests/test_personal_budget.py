"""Personal budgets cannot be overspent: a budget is no more than the fund has not yet
promised, and requests against a budget are no more than it has left."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from waypost.accounts.models import Role
from waypost.audit.models import Section
from waypost.funds import ledger
from waypost.funds import reconnection_actions as actions
from waypost.funds.models import FundKind, RequestStatus
from waypost.funds.request_actions import approve_request, pay_request, personal_budget_left
from waypost.funds.tests.factories import ask, make_fund, pay_in
from waypost.people.access import get_person_for_section_write
from waypost.sharing.policy import active_memberships
from waypost.testing.people import make_person
from waypost.testing.personas import make_user

TODAY = date.today()


def writer(user, person):
    return get_person_for_section_write(user, person.pk, Section.SUPPORT, active_memberships(user))


@pytest.fixture
def setup(world, caseworker_user):
    holder = make_user("holder@coventry.test", agency=world.council, role=Role.COORDINATOR)
    fund = make_fund(
        world.council, name="Personal budgets", kind=FundKind.PERSONAL_BUDGETS, holders=(holder,)
    )
    pay_in(fund, 100_000)
    return fund, holder, caseworker_user


def agree(fund, person, worker, pence, **fields):
    fields.setdefault("agreed_on", TODAY)
    return actions.agree_personal_budget(
        writer(worker, person), fund=fund, amount_pence=pence, by=worker, **fields
    )


def test_a_budget_cannot_promise_more_than_the_fund_has_unallocated(setup, world):
    fund, _, worker = setup
    agree(fund, make_person(world.council), worker, 60_000)
    assert actions.unallocated(fund) == 40_000
    with pytest.raises(ValidationError) as refused:
        agree(fund, make_person(world.council, given_name="Al"), worker, 40_001)
    assert "£400 not yet promised" in str(refused.value)
    agree(fund, make_person(world.council, given_name="Al"), worker, 40_000)
    assert actions.unallocated(fund) == 0


def test_spending_a_budget_does_not_free_money_for_another(setup, world):
    """Approved and paid requests leave `available`, and the budget's remainder shrinks by
    the same amount: the fund's unallocated money stays the same."""
    fund, holder, worker = setup
    person = make_person(world.council)
    budget = agree(fund, person, worker, 60_000)
    request = ask(fund, person, worker, 25_000, personal_budget=budget)
    approve_request(request.pk, by=holder)
    assert actions.unallocated(fund) == 40_000
    pay_request(request.pk, by=holder, paid_on=TODAY)
    assert (ledger.balance(fund), personal_budget_left(budget)) == (75_000, 35_000)
    assert actions.unallocated(fund) == 40_000


def test_an_ended_budget_no_longer_holds_money_back(setup, world):
    fund, _, worker = setup
    agree(
        fund,
        make_person(world.council),
        worker,
        60_000,
        agreed_on=TODAY - timedelta(days=60),
        ends_on=TODAY - timedelta(days=1),
    )
    assert actions.unallocated(fund) == 100_000


def test_requests_against_a_budget_cannot_exceed_what_it_has_left(setup, world):
    fund, holder, worker = setup
    person = make_person(world.council)
    budget = agree(fund, person, worker, 30_000)
    approve_request(ask(fund, person, worker, 20_000, personal_budget=budget).pk, by=holder)
    too_much = ask(fund, person, worker, 10_001, personal_budget=budget)
    with pytest.raises(ledger.NotEnoughMoney, match="personal budget has £100 left"):
        approve_request(too_much.pk, by=holder)
    too_much.refresh_from_db()
    assert too_much.status == RequestStatus.REQUESTED
    assert personal_budget_left(budget) == 10_000


def test_only_a_personal_budgets_fund_of_the_partnership_will_do(setup, world):
    _, _, worker = setup
    giving = make_fund(world.council, name="Giving")
    pay_in(giving, 100_000)
    with pytest.raises(ValidationError, match="personal budgets"):
        agree(giving, make_person(world.council), worker, 1_000)


def test_a_budget_cannot_end_before_it_was_agreed(setup, world):
    fund, _, worker = setup
    with pytest.raises(ValidationError, match="on or after the date it was agreed"):
        agree(fund, make_person(world.council), worker, 1_000, ends_on=TODAY - timedelta(1))


def test_the_budget_page_shows_spent_committed_and_left(setup, world, caseworker_client):
    fund, holder, worker = setup
    person = make_person(world.council)
    budget = agree(fund, person, worker, 50_000)
    paid = ask(fund, person, worker, 12_000, personal_budget=budget)
    approve_request(paid.pk, by=holder)
    pay_request(paid.pk, by=holder, paid_on=TODAY)
    approve_request(ask(fund, person, worker, 8_050, personal_budget=budget).pk, by=holder)
    page = caseworker_client.get(f"/funds/budgets/{budget.pk}/").content.decode()
    for figure in ("£500", "£120", "£80.50", "£299.50"):
        assert figure in page
    assert "Jo Bloggs" in page


def test_agreeing_a_budget_through_the_form_keeps_what_was_typed_on_error(
    setup, world, caseworker_client
):
    fund, _, _ = setup
    person = make_person(world.council)
    url = f"/funds/people/{person.pk}/budgets/new/"
    form = {
        "fund": str(fund.pk),
        "amount": "1500",
        "agreed_on_0": str(TODAY.day),
        "agreed_on_1": str(TODAY.month),
        "agreed_on_2": str(TODAY.year),
        "notes": "A bike to get to work",
    }
    response = caseworker_client.post(url, form)
    assert response.status_code == 200
    page = response.content.decode()
    assert "not yet promised, which is less than £1,500" in page
    assert "A bike to get to work" in page
    form["amount"] = "150"
    response = caseworker_client.post(url, form)
    assert response.status_code == 302
    assert person.personal_budgets.get().amount_pence == 15_000
