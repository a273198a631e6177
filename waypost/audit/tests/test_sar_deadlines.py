"""Subject access deadlines: one calendar month as the ICO counts it, paused while waiting for
ID, extendable by two further months."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from waypost.audit.subject_access.deadlines import add_months, due_on


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2026, 1, 3), date(2026, 2, 3)),  # the ICO's own example
        (date(2026, 3, 31), date(2026, 4, 30)),  # no 31 April: the last day of April
        (date(2026, 1, 31), date(2026, 2, 28)),
        (date(2024, 1, 31), date(2024, 2, 29)),  # leap year
        (date(2024, 1, 29), date(2024, 2, 29)),
        (date(2025, 1, 29), date(2025, 2, 28)),
        (date(2024, 2, 29), date(2024, 3, 29)),
        (date(2026, 12, 15), date(2027, 1, 15)),  # over the new year
        (date(2026, 8, 31), date(2026, 9, 30)),
    ],
)
def test_the_response_is_due_on_the_same_date_next_month_or_its_last_day(received, due):
    assert due_on(received) == due


def test_a_weekend_due_date_is_not_moved_later():
    # 3 February 2024 was a Saturday. Showing the earlier date can never make a reply late.
    assert due_on(date(2024, 1, 3)) == date(2024, 2, 3)


def test_the_clock_is_paused_while_waiting_for_id():
    assert due_on(date(2026, 1, 3), id_requested_on=date(2026, 1, 5)) is None


def test_the_month_runs_from_when_id_is_verified():
    assert due_on(
        date(2026, 1, 3), id_requested_on=date(2026, 1, 5), id_verified_on=date(2026, 1, 31)
    ) == date(2026, 2, 28)


def test_id_verified_without_being_asked_for_does_not_move_the_clock():
    assert due_on(date(2026, 1, 3), id_verified_on=date(2026, 1, 20)) == date(2026, 2, 3)


def test_an_extension_counts_further_months_from_the_same_start():
    # 31 January: one month is 28 February, three months is 30 April (not 28 April).
    assert due_on(date(2026, 1, 31), extended_by_months=1) == date(2026, 3, 31)
    assert due_on(date(2026, 1, 31), extended_by_months=2) == date(2026, 4, 30)


def test_an_extension_after_id_counts_from_verification():
    assert due_on(
        date(2026, 1, 3),
        id_requested_on=date(2026, 1, 4),
        id_verified_on=date(2026, 1, 10),
        extended_by_months=2,
    ) == date(2026, 4, 10)


@pytest.mark.parametrize("months", [-1, 3])
def test_no_more_than_two_months_extension(months):
    with pytest.raises(ValueError, match="at most two months"):
        due_on(date(2026, 1, 3), extended_by_months=months)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)), st.integers(1, 3))
def test_adding_months_lands_in_the_right_month_on_the_same_day_or_the_last(start, months):
    due = add_months(start, months)
    assert (due.year * 12 + due.month) - (start.year * 12 + start.month) == months
    assert due.day == start.day or (due + timedelta(days=1)).day == 1 and due.day < start.day
