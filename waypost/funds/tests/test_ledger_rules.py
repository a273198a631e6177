"""The ledger is append-only (issue 9, point 6): entries are never changed or removed, a mistake
is put right by a correction that reverses it once, and a fund's balance is always the sum of
its entries and never below zero."""

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from waypost.funds import ledger
from waypost.funds.models import EntryKind, LedgerEntry, LedgerIsAppendOnly
from waypost.funds.request_actions import approve_request, pay_request
from waypost.funds.tests.factories import ask, make_fund, pay_in
from waypost.testing.people import make_person

DAY = date(2026, 5, 1)


@pytest.fixture
def fund(world, coordinator_user):
    return make_fund(world.council, holders=(coordinator_user,))


def test_an_entry_cannot_be_changed_or_removed_through_the_model(fund):
    entry = pay_in(fund, 1_000, on=DAY)
    entry.amount_pence = 5_000
    with pytest.raises(LedgerIsAppendOnly):
        entry.save()
    with pytest.raises(LedgerIsAppendOnly):
        entry.delete()
    assert LedgerEntry.objects.get(pk=entry.pk).amount_pence == 1_000


def test_an_entry_cannot_be_changed_or_removed_through_a_queryset(fund):
    pay_in(fund, 1_000, on=DAY)
    with pytest.raises(LedgerIsAppendOnly):
        LedgerEntry.objects.filter(fund=fund).update(amount_pence=1)
    with pytest.raises(LedgerIsAppendOnly):
        LedgerEntry.objects.filter(fund=fund).delete()
    assert ledger.balance(fund) == 1_000


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_database_refuses_raw_updates_and_deletes(fund):
    entry = pay_in(fund, 1_000, on=DAY)
    from django.db import DatabaseError

    for sql in (
        "UPDATE funds_ledgerentry SET amount_pence = 1 WHERE id = %s",
        "DELETE FROM funds_ledgerentry WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="cannot be changed or removed"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql, [entry.pk])
    assert LedgerEntry.objects.get(pk=entry.pk).amount_pence == 1_000


def test_an_entry_is_reversed_once_and_a_correction_not_at_all(fund, coordinator_user):
    entry = pay_in(fund, 1_000, on=DAY)
    correction = ledger.reverse_entry(
        entry.pk, by=coordinator_user, occurred_on=DAY, description="Entered twice"
    )
    assert correction.reverses == entry and correction.amount_pence == -1_000
    with pytest.raises(ledger.CannotReverse, match="already been reversed"):
        ledger.reverse_entry(entry.pk, by=coordinator_user, occurred_on=DAY, description="x")
    with pytest.raises(ledger.CannotReverse, match="correction already"):
        ledger.reverse_entry(correction.pk, by=coordinator_user, occurred_on=DAY, description="x")
    assert ledger.balance(fund) == 0


def test_two_corrections_of_one_entry_are_refused_by_the_database(fund, coordinator_user):
    entry = pay_in(fund, 1_000, on=DAY)
    ledger.append(
        fund, kind=EntryKind.REVERSAL, amount_pence=-1_000, occurred_on=DAY, by=None, reverses=entry
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ledger.append(
            fund,
            kind=EntryKind.REVERSAL,
            amount_pence=-1_000,
            occurred_on=DAY,
            by=None,
            reverses=entry,
        )


def test_income_already_spent_cannot_be_reversed(fund, coordinator_user):
    income = pay_in(fund, 1_000, on=DAY)
    ledger.record_spend(fund, amount_pence=600, occurred_on=DAY, by=coordinator_user)
    with pytest.raises(ledger.NotEnoughMoney, match="£4 available"):
        ledger.reverse_entry(income.pk, by=coordinator_user, occurred_on=DAY, description="x")
    assert ledger.balance(fund) == 400
    assert not LedgerEntry.objects.filter(reverses=income).exists()


def test_income_committed_to_an_approved_request_cannot_be_reversed(
    world, fund, coordinator_user, caseworker_user
):
    income = pay_in(fund, 1_000, on=DAY)
    request = ask(fund, make_person(world.council), caseworker_user, 800)
    approve_request(request.pk, by=coordinator_user)
    with pytest.raises(ledger.NotEnoughMoney):
        ledger.reverse_entry(income.pk, by=coordinator_user, occurred_on=DAY, description="x")


def test_spend_beyond_the_balance_is_refused(fund, coordinator_user):
    pay_in(fund, 1_000, on=DAY)
    with pytest.raises(ledger.NotEnoughMoney):
        ledger.record_spend(fund, amount_pence=1_001, occurred_on=DAY, by=coordinator_user)
    assert ledger.balance(fund) == 1_000


@pytest.fixture
def person(world):
    """Made once per test; each hypothesis example rolls back only its own writes."""
    return make_person(world.council)


OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("in"), st.integers(1, 50_000)),
        st.tuples(st.just("spend"), st.integers(1, 50_000)),
        st.tuples(st.just("pay"), st.integers(1, 50_000)),
        st.tuples(st.just("reverse"), st.integers(0, 40)),
    ),
    max_size=14,
)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=OPERATIONS)
def test_no_sequence_of_writes_leaves_a_negative_balance_or_a_balance_not_the_sum(
    operations, world, person, coordinator_user, commissioner_user, caseworker_user
):
    with transaction.atomic():
        fund = make_fund(
            world.council, name="Hypothesis", holders=(coordinator_user,), limit_pence=10**9
        )
        written: list = []
        for operation, value in operations:
            try:
                with transaction.atomic():
                    if operation == "in":
                        written.append(pay_in(fund, value, on=DAY))
                    elif operation == "spend":
                        written.append(
                            ledger.record_spend(
                                fund, amount_pence=value, occurred_on=DAY, by=commissioner_user
                            )
                        )
                    elif operation == "pay":
                        request = ask(fund, person, caseworker_user, value)
                        approve_request(request.pk, by=coordinator_user)
                        pay_request(request.pk, by=coordinator_user, paid_on=DAY)
                        written.append(LedgerEntry.objects.get(grant_request=request))
                    elif written:
                        target = written[value % len(written)]
                        written.append(
                            ledger.reverse_entry(
                                target.pk, by=coordinator_user, occurred_on=DAY, description="x"
                            )
                        )
            except (ledger.NotEnoughMoney, ledger.CannotReverse):
                pass
            amounts = list(LedgerEntry.objects.filter(fund=fund).values_list("amount_pence"))
            total = sum(a for (a,) in amounts)
            assert ledger.balance(fund) == total
            assert total >= 0
            assert ledger.available(fund) >= 0
        summed = LedgerEntry.objects.filter(fund=fund).aggregate(s=Sum("amount_pence"))["s"]
        assert ledger.balance(fund) == (summed or 0)
        transaction.set_rollback(True)
