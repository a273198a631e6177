"""Months sustained: whole calendar months from the start to the end (or today), across month
ends and leap years; and the date N months on, kept within the month."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from waypost.housing.sustainment import add_months, months_sustained, months_text


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 1, 15), 1, date(2025, 2, 15)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2025, 3, 31), 1, date(2025, 4, 30)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2025, 12, 15), 1, date(2026, 1, 15)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
        (date(2026, 1, 10), -12, date(2025, 1, 10)),
    ],
)
def test_add_months_keeps_within_the_month(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("started", "ended", "expected"),
    [
        (date(2025, 1, 15), date(2025, 1, 15), 0),
        (date(2025, 1, 15), date(2025, 2, 14), 0),
        (date(2025, 1, 15), date(2025, 2, 15), 1),
        (date(2025, 1, 15), date(2026, 1, 14), 11),
        (date(2025, 1, 15), date(2026, 1, 15), 12),
        # From the last day of a long month: the shorter month's last day completes it.
        (date(2025, 1, 31), date(2025, 2, 27), 0),
        (date(2025, 1, 31), date(2025, 2, 28), 1),
        (date(2025, 1, 31), date(2025, 3, 30), 1),
        (date(2025, 1, 31), date(2025, 3, 31), 2),
        (date(2025, 3, 31), date(2025, 4, 30), 1),
        (date(2025, 4, 30), date(2025, 5, 29), 0),
        (date(2025, 4, 30), date(2025, 5, 30), 1),
        # Leap years.
        (date(2024, 1, 31), date(2024, 2, 28), 0),
        (date(2024, 1, 31), date(2024, 2, 29), 1),
        (date(2024, 2, 29), date(2025, 2, 28), 12),
        (date(2024, 2, 29), date(2025, 2, 27), 11),
        (date(2023, 2, 28), date(2024, 2, 28), 12),
        (date(2023, 3, 1), date(2024, 2, 29), 11),
        # Across the turn of the year, and an end before the start.
        (date(2025, 12, 20), date(2026, 1, 20), 1),
        (date(2025, 6, 1), date(2025, 5, 1), 0),
    ],
)
def test_months_sustained_counts_whole_calendar_months(started, ended, expected):
    assert months_sustained(started, ended) == expected


def test_a_current_tenancy_counts_to_today():
    assert months_sustained(date(2025, 1, 31), None, today=date(2025, 7, 31)) == 6
    assert months_sustained(date(2025, 1, 31), None, today=date(2025, 7, 30)) == 5


def test_an_end_date_wins_over_today():
    assert months_sustained(date(2025, 1, 1), date(2025, 3, 1), today=date(2026, 1, 1)) == 2


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
    st.integers(min_value=0, max_value=400),
)
def test_months_on_from_the_start_are_exactly_that_many_months(start, months):
    end = add_months(start, months)
    assert months_sustained(start, end) == months
    # One day short is one month less (unless no time has passed at all).
    if months:
        assert months_sustained(start, date.fromordinal(end.toordinal() - 1)) == months - 1


def test_months_text():
    assert months_text(0) == "Less than a month"
    assert months_text(1) == "1 month"
    assert months_text(14) == "14 months"
