"""Reading settlement files (settlements.py): both formats, exact pence, London dates, and a
malformed file refused whole with every problem named by its row."""

from datetime import date
from pathlib import Path

import pytest

from waypost.funds.models import SettlementFormat
from waypost.funds.settlements import (
    ADJUSTMENT,
    REFUND,
    SALE,
    SettlementFileError,
    parse_amount,
    parse_london_date,
    parse_settlement,
)

DATA = Path(__file__).parent / "data"
CARD = SettlementFormat.CARD_READER
ONLINE = SettlementFormat.PAYMENT_PROVIDER
CARD_HEADER = "Transaction ID,Date,Type,Status,Gross,Fee,Net\n"
ONLINE_HEADER = "id,type,amount,fee,net,created\n"


def card(*rows: str) -> bytes:
    return (CARD_HEADER + "\n".join(rows) + "\n").encode()


def online(*rows: str) -> bytes:
    return (ONLINE_HEADER + "\n".join(rows) + "\n").encode()


def errors_of(data: bytes, file_format: str = CARD) -> list[str]:
    with pytest.raises(SettlementFileError) as raised:
        parse_settlement(data, file_format)
    return raised.value.errors


def test_the_sample_card_reader_file_counts_successful_sales_and_refunds():
    parsed = parse_settlement((DATA / "card_reader_settlement.csv").read_bytes(), CARD)
    assert [r.kind for r in parsed.rows] == [SALE, SALE, SALE, SALE, REFUND, SALE]
    assert parsed.left_out == 1  # the failed payment
    assert parsed.gross_pence == 102_750
    assert parsed.fees_pence == 1_753
    assert parsed.net_pence == 100_997
    assert parsed.declared_net_pence == 100_997
    assert parsed.rows[-1].gross_pence == 100_000  # "£1,000.00"


def test_the_sample_payment_provider_file_reads_charges_refunds_adjustments_and_the_payout():
    parsed = parse_settlement((DATA / "payment_provider_payout.csv").read_bytes(), ONLINE)
    assert [r.kind for r in parsed.rows] == [SALE, SALE, SALE, REFUND, ADJUSTMENT]
    assert parsed.net_pence == 7_162
    assert parsed.declared_net_pence == 7_162  # the payout row's -71.62


def test_provider_times_are_utc_and_become_the_london_date():
    """23:30 UTC on 31 March 2026 is 00:30 on 1 April in London (summer time)."""
    parsed = parse_settlement((DATA / "payment_provider_payout.csv").read_bytes(), ONLINE)
    assert parsed.rows[0].occurred_on == date(2026, 4, 1)


def test_card_reader_times_are_london_times():
    parsed = parse_settlement(card("T1,2026-03-31 23:30,Sale,Successful,5.00,0.10,4.90"), CARD)
    assert parsed.rows[0].occurred_on == date(2026, 3, 31)


@pytest.mark.parametrize(
    ("text", "pence"),
    [
        ("12.50", 1250),
        ("£12.50", 1250),
        ("12.5", 1250),
        ("12", 1200),
        ("-£10.00", -1000),
        ("£-10.00", -1000),
        ("£1,234.56", 123456),
        ("0.01", 1),
        ("99999999.99", 9_999_999_999),
    ],
)
def test_amounts_become_exact_pence(text, pence):
    assert parse_amount(text) == pence


@pytest.mark.parametrize("text", ["abc", "12.505", "1,23.00", "--1", "£", "1e3", "12.50 GBP"])
def test_amounts_that_are_not_money_are_refused(text):
    with pytest.raises(ValueError):
        parse_amount(text)


@pytest.mark.parametrize(
    ("text", "zone_is_utc", "day"),
    [
        ("2026-01-15 23:30:00", True, date(2026, 1, 15)),  # winter: London is UTC
        ("2026-06-15 23:30:00", True, date(2026, 6, 16)),  # summer: London is UTC+1
        ("2026-06-15T23:30:00Z", False, date(2026, 6, 16)),
        ("15/06/2026 23:30", False, date(2026, 6, 15)),
        ("2026-06-15", False, date(2026, 6, 15)),
    ],
)
def test_times_become_the_london_date(text, zone_is_utc, day):
    from datetime import UTC

    from waypost.funds.settlements import LONDON

    assert parse_london_date(text, naive_zone=UTC if zone_is_utc else LONDON) == day


def test_a_byte_order_mark_and_lines_before_the_headings_are_accepted():
    data = "\ufeffSumUp transactions report\nMerchant: Change into Action\n".encode() + card(
        "T1,2026-03-02 09:14,Sale,Successful,£5.00,£0.08,£4.92"
    )
    assert parse_settlement(data, CARD).rows[0].gross_pence == 500


def test_failed_declined_and_cancelled_card_payments_are_left_out():
    parsed = parse_settlement(
        card(
            "T1,2026-03-02 09:14,Sale,Successful,5.00,0.08,4.92",
            "T2,2026-03-02 09:15,Sale,Failed,5.00,0,0",
            "T3,2026-03-02 09:16,Sale,Declined,5.00,0,0",
            "T4,2026-03-02 09:17,Sale,Cancelled,5.00,0,0",
        ),
        CARD,
    )
    assert [r.ref for r in parsed.rows] == ["T1"]
    assert parsed.left_out == 3


def test_a_malformed_row_is_named_by_its_spreadsheet_row_number():
    """The headings are row 1, so the sixth transaction is row 7."""
    rows = [f"T{i},2026-03-02 09:14,Sale,Successful,5.00,0.08,4.92" for i in range(5)]
    rows.append("T9,2026-03-02 09:14,Sale,Successful,abc,0.08,4.92")
    assert errors_of(card(*rows)) == ["Row 7: the amount “abc” is not a number"]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            ",2026-03-02 09:14,Sale,Successful,5.00,0.08,4.92",
            "Row 2: the transaction id is missing",
        ),
        ("T1,,Sale,Successful,5.00,0.08,4.92", "Row 2: the date is missing"),
        (
            "T1,yesterday,Sale,Successful,5.00,0.08,4.92",
            "Row 2: the date “yesterday” is not a date and time like 2026-03-14 18:22",
        ),
        ("T1,2026-03-02 09:14,Sale,Successful,,0.08,4.92", "Row 2: the amount is missing"),
        ("T1,2026-03-02 09:14,Sale,Successful,5.00,x,4.92", "Row 2: the fee “x” is not a number"),
        (
            "T1,2026-03-02 09:14,Sale,Successful,5.00,0.08,4.9.2",
            "Row 2: the net amount “4.9.2” is not a number",
        ),
        ("T1,2026-03-02 09:14,Sale,Successful,5.00,0.08,", "Row 2: the net amount is missing"),
        (
            "T1,2026-03-02 09:14,Gift,Successful,5.00,0.08,4.92",
            "Row 2: the type “Gift” is not one we know "
            "(use payment, payout, purchase, refund, sale)",
        ),
        (
            "T1,2026-03-02 09:14,Sale,Mystery,5.00,0.08,4.92",
            "Row 2: the status “Mystery” is not one we know",
        ),
        (
            "T1,2026-03-02 09:14,Sale,Successful,-5.00,0.08,-5.08",
            "Row 2: a sale’s amount must be more than £0",
        ),
        (
            "T1,2026-03-02 09:14,Sale,Successful,5.00,-0.08,5.08",
            "Row 2: a sale’s fee cannot be less than £0",
        ),
        (
            "T1,2026-03-02 09:14,Refund,Successful,5.00,0,5.00",
            "Row 2: a refund’s amount must be negative, like -12.50",
        ),
    ],
)
def test_each_problem_with_a_card_reader_row_is_named(row, message):
    assert message in errors_of(card(row))


def test_a_transaction_id_twice_in_one_file_is_refused():
    data = card(
        "T1,2026-03-02 09:14,Sale,Successful,5.00,0.08,4.92",
        "T1,2026-03-02 09:15,Sale,Successful,5.00,0.08,4.92",
    )
    assert errors_of(data) == ["Row 3: the transaction id “T1” is also on row 2"]


def test_a_refund_may_share_its_sales_transaction_id():
    parsed = parse_settlement(
        card(
            "T1,2026-03-02 09:14,Sale,Successful,5.00,0.08,4.92",
            "T1,2026-03-03 10:00,Refund,Successful,-5.00,0,-5.00",
        ),
        CARD,
    )
    assert [r.kind for r in parsed.rows] == [SALE, REFUND]


def test_every_problem_in_the_file_is_listed_not_just_the_first():
    data = card(
        "T1,2026-03-02 09:14,Sale,Successful,abc,0.08,4.92",
        "T2,2026-03-02 09:14,Sale,Successful,5.00,0.08,4.92",
        "T3,not a date,Sale,Successful,5.00,0.08,4.92",
    )
    assert errors_of(data) == [
        "Row 2: the amount “abc” is not a number",
        "Row 4: the date “not a date” is not a date and time like 2026-03-14 18:22",
    ]


def test_a_long_list_of_problems_is_cut_short_with_a_count():
    rows = [f"T{i},2026-03-02 09:14,Sale,Successful,abc,0,0" for i in range(25)]
    found = errors_of(card(*rows))
    assert len(found) == 21
    assert found[-1] == "And 5 more problems"


def test_a_currency_other_than_pounds_is_refused():
    data = (
        b"id,type,amount,fee,net,currency,created\n"
        b"txn_1,charge,5.00,0.20,4.80,eur,2026-04-01 10:00\n"
    )
    assert errors_of(data, ONLINE) == ["Row 2: the currency “eur” is not pounds (GBP)"]


def test_two_payout_rows_are_refused():
    data = online(
        "txn_1,charge,5.00,0.20,4.80,2026-04-01 10:00",
        "txn_2,payout,-4.80,0,-4.80,2026-04-02 06:00",
        "txn_3,payout,-4.80,0,-4.80,2026-04-02 06:00",
    )
    assert errors_of(data, ONLINE) == ["Row 4: the file has more than one payout row"]


def test_a_file_without_a_payout_row_declares_no_total():
    parsed = parse_settlement(online("txn_1,charge,5.00,0.20,4.80,2026-04-01 10:00"), ONLINE)
    assert parsed.declared_net_pence is None


def test_the_wrong_kind_of_file_is_refused_by_its_headings():
    data = (DATA / "card_reader_settlement.csv").read_bytes()
    [message] = errors_of(data, ONLINE)
    assert message.startswith("Could not find the column headings this format needs")
    assert "Check you chose the right kind of file" in message


def test_an_empty_file_is_refused():
    assert errors_of(b"") == ["The file is empty"]


def test_a_file_that_is_not_utf8_is_refused():
    data = CARD_HEADER.encode() + "T1,2026-03-02 09:14,Sale,Successful,£5.00,0,£5.00\n".encode(
        "cp1252"
    )
    assert errors_of(data) == [
        "The file is not UTF-8 text: save it as “CSV UTF-8” and choose it again"
    ]


def test_a_file_with_only_failed_payments_has_nothing_to_import():
    data = card("T1,2026-03-02 09:14,Sale,Failed,5.00,0,0")
    assert errors_of(data) == ["The file has no successful transactions to import"]
