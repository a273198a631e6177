"""Money typed as pounds and pence is kept in whole pence; every mistake gets a message that
says how to fix it. Pence are shown as people write them; the financial year runs April to
March."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from waypost.housing.landlord_access import financial_year_start, pounds, pounds_input
from waypost.housing.landlord_forms import (
    AMOUNT_DECIMALS,
    AMOUNT_FORMAT,
    AMOUNT_POSITIVE,
    AMOUNT_TOO_BIG,
    parse_pence,
)


@pytest.mark.parametrize(
    ("typed", "pence"),
    [
        ("250", 25000),
        ("250.50", 25050),
        ("250.5", 25050),
        ("250.05", 25005),
        ("0.01", 1),
        (".5", 50),
        ("£250", 25000),
        (" £ 1,250.75 ", 125075),
        ("1,000", 100_000),
        ("100000", 10_000_000),
        ("100000.00", 10_000_000),
        ("99999.99", 9_999_999),
    ],
)
def test_amounts_in_pounds_and_pence_become_pence(typed, pence):
    assert parse_pence(typed) == pence


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the amount paid, like 250 or 250.50"),
        ("   ", "Enter the amount paid, like 250 or 250.50"),
        ("-5", AMOUNT_POSITIVE),
        ("£-5", AMOUNT_POSITIVE),
        ("0", AMOUNT_POSITIVE),
        ("0.00", AMOUNT_POSITIVE),
        ("250.505", AMOUNT_DECIMALS),
        ("0.001", AMOUNT_DECIMALS),
        ("100000.01", AMOUNT_TOO_BIG),
        ("100001", AMOUNT_TOO_BIG),
        ("99999999999999999999", AMOUNT_TOO_BIG),
        ("two hundred", AMOUNT_FORMAT),
        ("250.", AMOUNT_FORMAT),
        ("1e3", AMOUNT_FORMAT),
        ("NaN", AMOUNT_FORMAT),
        ("12,34", AMOUNT_FORMAT),
        ("250.50p", AMOUNT_FORMAT),
        ("£", AMOUNT_FORMAT),
    ],
)
def test_mistakes_are_refused_with_a_clear_message(typed, message):
    with pytest.raises(ValidationError) as refused:
        parse_pence(typed)
    assert refused.value.messages == [message]


@pytest.mark.parametrize(
    ("pence", "shown", "typed"),
    [
        (25000, "£250", "250"),
        (25050, "£250.50", "250.50"),
        (1, "£0.01", "0.01"),
        (9_999_999, "£99,999.99", "99999.99"),
    ],
)
def test_pence_are_shown_as_people_write_them(pence, shown, typed):
    assert pounds(pence) == shown
    assert pounds_input(pence) == typed
    assert parse_pence(typed) == pence


def test_big_totals_and_none_are_shown_too():
    assert pounds(123456789) == "£1,234,567.89"
    assert pounds(None) == "£0"


@pytest.mark.parametrize(
    ("today", "start"),
    [
        (date(2026, 3, 31), date(2025, 4, 1)),
        (date(2026, 4, 1), date(2026, 4, 1)),
        (date(2026, 1, 1), date(2025, 4, 1)),
        (date(2025, 12, 31), date(2025, 4, 1)),
    ],
)
def test_the_financial_year_runs_april_to_march(today, start):
    assert financial_year_start(today) == start
