"""Money typed by staff becomes exact pence, and pence read back as people write pounds."""

import pytest
from django.core.exceptions import ValidationError

from waypost.lib.money import parse_pence, pounds, pounds_input


@pytest.mark.parametrize(
    ("typed", "pence"),
    [("250", 25000), ("250.5", 25050), ("£1,250.50", 125050), (" 0.01 ", 1), (".75", 75)],
)
def test_typed_amounts_become_exact_pence(typed, pence):
    assert parse_pence(typed) == pence


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the amount"),
        ("ten", "using numbers"),
        ("-5", "more than £0"),
        ("0", "more than £0"),
        ("1.234", "no more than 2 numbers"),
        ("12,34", "using numbers"),
        ("100000.01", "£100,000 or less"),
        ("9" * 20, "£100,000 or less"),
    ],
)
def test_bad_amounts_say_how_to_fix_them(typed, message):
    with pytest.raises(ValidationError) as error:
        parse_pence(typed)
    assert message in error.value.messages[0]


def test_a_larger_maximum_can_be_set():
    assert parse_pence("2,000,000", maximum_pence=10**12) == 200_000_000


@pytest.mark.parametrize(
    ("pence", "shown", "typed"),
    [
        (25000, "£250", "250"),
        (25050, "£250.50", "250.50"),
        (-1240, "-£12.40", "-12.40"),
        (0, "£0", "0"),
    ],
)
def test_pence_are_shown_as_people_write_them(pence, shown, typed):
    assert pounds(pence) == shown
    assert pounds_input(pence) == typed


def test_columns_of_amounts_always_show_pence():
    assert pounds(527_100, always_pence=True) == "£5,271.00"
    assert pounds(-5, always_pence=True) == "-£0.05"
