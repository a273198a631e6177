"""Money in through the actions (income_actions.py): takings typed in, and settlement files
imported idempotently, reconciled, and never taking a fund below zero."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from waypost.funds import ledger
from waypost.funds.income_actions import import_settlement, record_income
from waypost.funds.ledger import NotEnoughMoney
from waypost.funds.models import (
    EntryKind,
    IncomeSource,
    LedgerEntry,
    SettlementFormat,
    SettlementImport,
)
from waypost.funds.settlements import SettlementFileError
from waypost.funds.tests.factories import make_fund, pay_in

DATA = Path(__file__).parent / "data"
CARD = SettlementFormat.CARD_READER
ONLINE = SettlementFormat.PAYMENT_PROVIDER
CARD_HEADER = "Transaction ID,Date,Type,Status,Gross,Fee,Net\n"


def card(*rows: str) -> bytes:
    return (CARD_HEADER + "\n".join(rows) + "\n").encode()


def sale(ref: str, gross: str = "5.00", fee: str = "0.10", net: str = "4.90") -> str:
    return f"{ref},2026-03-02 09:14,Sale,Successful,{gross},{fee},{net}"


@pytest.fixture
def fund(world):
    return make_fund(world.council)


def state(fund):
    return (
        LedgerEntry.objects.filter(fund=fund).count(),
        ledger.balance(fund),
        SettlementImport.objects.filter(fund=fund).count(),
    )


def test_recording_income_adds_one_positive_entry(fund, coordinator_user):
    entry = record_income(
        fund,
        source=IncomeSource.CASH,
        amount_pence=12_345,
        occurred_on=date(2026, 3, 1),
        description="  Collection tins at the cathedral  ",
        by=coordinator_user,
    )
    assert entry.kind == EntryKind.INCOME
    assert entry.amount_pence == 12_345
    assert entry.source == IncomeSource.CASH
    assert entry.description == "Collection tins at the cathedral"
    assert entry.recorded_by == coordinator_user
    assert ledger.balance(fund) == 12_345


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount_pence": 0}, "amount"),
        ({"amount_pence": -5}, "amount"),
        ({"source": "lottery"}, "source"),
        ({"occurred_on": timezone.localdate() + timedelta(days=1)}, "occurred_on"),
    ],
)
def test_recording_income_refuses_bad_values_and_writes_nothing(
    fund, coordinator_user, changes, field
):
    values = {
        "source": IncomeSource.EVENT,
        "amount_pence": 500,
        "occurred_on": date(2026, 3, 1),
        "description": "",
    } | changes
    with pytest.raises(ValidationError) as raised:
        record_income(fund, by=coordinator_user, **values)
    assert field in raised.value.error_dict
    assert not LedgerEntry.objects.filter(fund=fund).exists()


def test_importing_a_card_reader_file_writes_sales_fees_and_refunds(fund, coordinator_user):
    result = import_settlement(
        fund,
        data=(DATA / "card_reader_settlement.csv").read_bytes(),
        filename="C:\\Downloads\\card_reader_settlement.csv",
        file_format=CARD,
        by=coordinator_user,
    )
    settlement = result.settlement
    assert not result.is_repeat
    assert result.left_out == 1
    assert settlement.filename.endswith("card_reader_settlement.csv")
    assert (settlement.rows, settlement.new_rows, settlement.already_imported_rows) == (6, 6, 0)
    assert settlement.gross_pence == 102_750
    assert settlement.fees_pence == 1_753
    assert settlement.net_pence == 100_997
    assert settlement.reconciled
    entries = LedgerEntry.objects.filter(fund=fund)
    assert entries.filter(kind=EntryKind.INCOME).count() == 5
    assert entries.filter(kind=EntryKind.FEE, description="Card reader fee").count() == 5
    refund = entries.get(description="Refund")
    assert (refund.kind, refund.amount_pence) == (EntryKind.REFUND, -1_000)
    assert set(entries.values_list("source", flat=True)) == {IncomeSource.CARD_READER}
    assert set(entries.values_list("settlement", flat=True)) == {settlement.pk}
    # The ledger is the net of the file: what reached the bank.
    assert ledger.balance(fund) == 100_997


def test_importing_the_same_settlement_file_twice_changes_nothing(
    fund, coordinator_user, admin_user
):
    """Issue 9's required test: entries, balance and SettlementImport count are unchanged, and
    the answer names when and by whom the file was imported."""
    data = (DATA / "payment_provider_payout.csv").read_bytes()
    first = import_settlement(
        fund, data=data, filename="payout.csv", file_format=ONLINE, by=coordinator_user
    )
    before = state(fund)
    again = import_settlement(
        fund, data=data, filename="payout (1).csv", file_format=ONLINE, by=admin_user
    )
    assert state(fund) == before
    assert again.is_repeat
    assert again.settlement.pk == first.settlement.pk
    assert again.settlement.imported_by == coordinator_user
    assert before == (8, 7_162, 1)  # 3 sales, 3 fees, a refund and an adjustment


def test_the_same_file_in_another_fund_is_imported_there(world, fund, coordinator_user):
    other = make_fund(world.council, name="Winter appeal")
    data = (DATA / "payment_provider_payout.csv").read_bytes()
    import_settlement(fund, data=data, filename="p.csv", file_format=ONLINE, by=coordinator_user)
    result = import_settlement(
        other, data=data, filename="p.csv", file_format=ONLINE, by=coordinator_user
    )
    assert not result.is_repeat
    assert ledger.balance(other) == 7_162


def test_an_overlapping_file_adds_only_the_new_transactions(fund, coordinator_user):
    import_settlement(
        fund,
        data=card(sale("T1"), sale("T2")),
        filename="week1.csv",
        file_format=CARD,
        by=coordinator_user,
    )
    result = import_settlement(
        fund,
        data=card(sale("T2"), sale("T3", "10.00", "0.20", "9.80")),
        filename="week1-and-2.csv",
        file_format=CARD,
        by=coordinator_user,
    )
    settlement = result.settlement
    assert (settlement.rows, settlement.new_rows, settlement.already_imported_rows) == (2, 1, 1)
    assert LedgerEntry.objects.filter(fund=fund, kind=EntryKind.INCOME).count() == 3
    assert ledger.balance(fund) == 490 + 490 + 980
    assert SettlementImport.objects.filter(fund=fund).count() == 2


def test_a_refund_in_a_later_file_is_added_once(fund, coordinator_user):
    pay_in(fund, 1_000)
    import_settlement(
        fund, data=card(sale("T1")), filename="a.csv", file_format=CARD, by=coordinator_user
    )
    refund = "T1,2026-03-04 10:00,Refund,Successful,-5.00,0,-5.00"
    for name, rows in (("b.csv", (sale("T1"), refund)), ("c.csv", (refund, sale("T1")))):
        import_settlement(
            fund, data=card(*rows), filename=name, file_format=CARD, by=coordinator_user
        )
    assert LedgerEntry.objects.filter(fund=fund, description="Refund").count() == 1
    assert ledger.balance(fund) == 1_000 + 490 - 500  # the sale's fee stays spent


def test_a_file_whose_refunds_would_take_the_fund_below_zero_is_refused(fund, coordinator_user):
    refund = "T9,2026-03-04 10:00,Refund,Successful,-50.00,0,-50.00"
    with pytest.raises(NotEnoughMoney):
        import_settlement(
            fund, data=card(refund), filename="r.csv", file_format=CARD, by=coordinator_user
        )
    assert state(fund) == (0, 0, 0)


def test_a_malformed_file_writes_nothing(fund, coordinator_user):
    data = card(sale("T1"), sale("T2", gross="abc"))
    with pytest.raises(SettlementFileError) as raised:
        import_settlement(
            fund, data=data, filename="bad.csv", file_format=CARD, by=coordinator_user
        )
    assert raised.value.errors == ["Row 3: the amount “abc” is not a number"]
    assert state(fund) == (0, 0, 0)


def test_a_file_whose_net_is_not_gross_less_fees_is_not_reconciled(fund, coordinator_user):
    result = import_settlement(
        fund,
        data=card(sale("T1", "5.00", "0.10", "4.80")),
        filename="odd.csv",
        file_format=CARD,
        by=coordinator_user,
    )
    settlement = result.settlement
    assert (settlement.gross_pence, settlement.fees_pence, settlement.net_pence) == (500, 10, 480)
    assert not settlement.reconciled


def test_a_payout_that_is_not_the_net_is_not_reconciled(fund, coordinator_user):
    data = card(sale("T1"), ",2026-03-05 08:00,Payout,Paid out,,,4.00")
    settlement = import_settlement(
        fund, data=data, filename="p.csv", file_format=CARD, by=coordinator_user
    ).settlement
    assert settlement.declared_net_pence == 400
    assert settlement.net_pence == 490
    assert not settlement.reconciled


def test_a_payout_equal_to_the_net_is_reconciled(fund, coordinator_user):
    data = card(sale("T1"), ",2026-03-05 08:00,Payout,Paid out,,,4.90")
    settlement = import_settlement(
        fund, data=data, filename="p.csv", file_format=CARD, by=coordinator_user
    ).settlement
    assert settlement.reconciled


def test_an_online_adjustment_that_takes_money_is_a_fee(fund, coordinator_user):
    import_settlement(
        fund,
        data=(DATA / "payment_provider_payout.csv").read_bytes(),
        filename="p.csv",
        file_format=ONLINE,
        by=coordinator_user,
    )
    adjustment = LedgerEntry.objects.get(fund=fund, description="Online payment adjustment")
    assert (adjustment.kind, adjustment.amount_pence) == (EntryKind.FEE, -150)
    assert adjustment.occurred_on == date(2026, 4, 2)
