"""Two people approving at the same moment cannot spend the same money twice (issue 9, point 6).

The approvals run in two threads, each with its own database connection and transaction, and
start together at a barrier. The fund has room for one of them. Locking the fund's row makes
the second wait for the first to commit, then see its commitment and refuse.
"""

import threading

import pytest
from django.db import connection, connections

from waypost.accounts.models import Role
from waypost.funds import ledger
from waypost.funds.models import RequestStatus
from waypost.funds.request_actions import approve_request, pay_request
from waypost.funds.tests.factories import ask, make_fund, pay_in
from waypost.testing.people import make_person
from waypost.testing.personas import make_user

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL"
)


def _race(*calls):
    """Run the calls at the same moment in threads; return what each returned or raised."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as error:  # noqa: BLE001  (the test inspects what each raised)
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_two_approvals_racing_for_room_for_one_exactly_one_succeeds(world, attempt):
    holder_a = make_user(f"a{attempt}@coventry.test", agency=world.council, role=Role.COORDINATOR)
    holder_b = make_user(f"b{attempt}@coventry.test", agency=world.council, role=Role.COMMISSIONER)
    worker = make_user(f"w{attempt}@coventry.test", agency=world.outreach, role=Role.CASEWORKER)
    fund = make_fund(world.council, holders=(holder_a, holder_b))
    pay_in(fund, 5_000)
    person = make_person(world.outreach)
    first = ask(fund, person, worker, 4_000)
    second = ask(fund, person, worker, 4_000)

    results = _race(
        lambda: approve_request(first.pk, by=holder_a),
        lambda: approve_request(second.pk, by=holder_b),
    )

    succeeded = [r for r in results if not isinstance(r, Exception)]
    refused = [r for r in results if isinstance(r, ledger.NotEnoughMoney)]
    assert len(succeeded) == 1 and len(refused) == 1, results
    assert "£10 available" in str(refused[0])
    statuses = sorted(
        type(first).objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True)
    )
    assert statuses == [RequestStatus.APPROVED, RequestStatus.REQUESTED]
    assert ledger.committed(fund) == 4_000
    assert ledger.available(fund) == 1_000


@pytest.mark.django_db(transaction=True)
def test_paying_and_approving_at_once_never_takes_the_fund_below_zero(world):
    holder_a = make_user("pa@coventry.test", agency=world.council, role=Role.COORDINATOR)
    holder_b = make_user("pb@coventry.test", agency=world.council, role=Role.COMMISSIONER)
    worker = make_user("pw@coventry.test", agency=world.outreach, role=Role.CASEWORKER)
    fund = make_fund(world.council, holders=(holder_a, holder_b))
    pay_in(fund, 5_000)
    person = make_person(world.outreach)
    approved = ask(fund, person, worker, 3_000)
    approve_request(approved.pk, by=holder_a)
    waiting = ask(fund, person, worker, 3_000)

    results = _race(
        lambda: pay_request(approved.pk, by=holder_a, paid_on=approved.requested_at.date()),
        lambda: approve_request(waiting.pk, by=holder_b),
    )

    assert not isinstance(results[0], Exception), results
    assert isinstance(results[1], ledger.NotEnoughMoney), results
    assert ledger.balance(fund) == 2_000
    assert ledger.available(fund) == 2_000
