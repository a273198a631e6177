"""Working days skip weekends and England and Wales bank holidays (alert deadlines use them)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from waypost.lib.working_days import (
    BANK_HOLIDAYS,
    FIRST_YEAR,
    LAST_YEAR,
    add_working_days,
    is_working_day,
    working_days_between,
)


def _easter_sunday(year: int) -> date:
    """The Gregorian Easter (anonymous algorithm), to check the table independently."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month = (h + ell - 7 * m + 114) // 31
    day = (h + ell - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def _mondays(year: int, month: int) -> list[date]:
    day = date(year, month, 1)
    days = [day + timedelta(days=n) for n in range(31)]
    return [d for d in days if d.month == month and d.weekday() == 0]


def _substitute(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _expected_holidays(year: int) -> set[date]:
    """The usual rules: what the table should say unless a one-off holiday was proclaimed."""
    easter = _easter_sunday(year)
    christmas = _substitute(date(year, 12, 25))
    boxing = _substitute(date(year, 12, 26))
    if boxing == christmas:
        boxing += timedelta(days=1)
    return {
        _substitute(date(year, 1, 1)),
        easter - timedelta(days=2),
        easter + timedelta(days=1),
        _mondays(year, 5)[0],
        _mondays(year, 5)[-1],
        _mondays(year, 8)[-1],
        christmas,
        boxing,
    }


@pytest.mark.parametrize("year", range(FIRST_YEAR, LAST_YEAR + 1))
def test_the_table_matches_the_rules_for_each_year(year):
    in_table = {d for d in BANK_HOLIDAYS if d.year == year}
    assert in_table == _expected_holidays(year)


def test_every_bank_holiday_falls_on_a_weekday():
    assert all(d.weekday() < 5 for d in BANK_HOLIDAYS)


def test_the_table_still_covers_next_year():
    # Fails in the table's last year: add the next years' holidays from gov.uk/bank-holidays.
    assert date.today().year + 1 <= LAST_YEAR, "Extend BANK_HOLIDAYS in waypost/lib/working_days.py"


def test_ten_working_days_skip_two_weekends():
    # Monday 2 March 2026 + 10 working days = Monday 16 March 2026.
    assert add_working_days(date(2026, 3, 2), 10) == date(2026, 3, 16)


def test_ten_working_days_skip_easter():
    # Wednesday 1 April 2026: Good Friday 3 April and Easter Monday 6 April are not counted.
    assert add_working_days(date(2026, 4, 1), 10) == date(2026, 4, 17)


def test_ten_working_days_over_christmas_with_substitute_days():
    # Wednesday 22 December 2027: 27 and 28 December are substitute bank holidays.
    assert add_working_days(date(2027, 12, 22), 10) == date(2028, 1, 10)


def test_a_weekend_start_counts_from_the_next_working_day():
    assert add_working_days(date(2026, 3, 7), 1) == date(2026, 3, 9)  # Saturday -> Monday
    assert add_working_days(date(2026, 3, 7), 0) == date(2026, 3, 7)


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 3, 2), -1)


def test_a_bank_holiday_is_not_a_working_day():
    assert not is_working_day(date(2026, 12, 28))
    assert is_working_day(date(2026, 12, 29))


@given(
    st.dates(min_value=date(FIRST_YEAR, 1, 1), max_value=date(LAST_YEAR, 11, 30)),
    st.integers(min_value=0, max_value=30),
)
def test_counting_back_gives_the_same_number_of_days(start, days):
    due = add_working_days(start, days)
    assert working_days_between(start, due) == days
    assert days == 0 or is_working_day(due)
