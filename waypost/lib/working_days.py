"""Working days in England and Wales: Monday to Friday, except bank holidays.

Bank holidays are a fixed table (from https://www.gov.uk/bank-holidays, England and Wales),
not a calculation: some are moved or added by proclamation (a coronation, a jubilee), so no
rule can predict them. The table covers 2025 to 2028; a test fails in the last year it covers,
so it is extended before deadlines start being counted past its end. Beyond the table only
weekends are skipped.
"""

from datetime import date, timedelta

BANK_HOLIDAYS: frozenset[date] = frozenset(
    date.fromisoformat(day)
    for day in (
        # 2025
        "2025-01-01",  # New Year's Day
        "2025-04-18",  # Good Friday
        "2025-04-21",  # Easter Monday
        "2025-05-05",  # Early May bank holiday
        "2025-05-26",  # Spring bank holiday
        "2025-08-25",  # Summer bank holiday
        "2025-12-25",  # Christmas Day
        "2025-12-26",  # Boxing Day
        # 2026
        "2026-01-01",  # New Year's Day
        "2026-04-03",  # Good Friday
        "2026-04-06",  # Easter Monday
        "2026-05-04",  # Early May bank holiday
        "2026-05-25",  # Spring bank holiday
        "2026-08-31",  # Summer bank holiday
        "2026-12-25",  # Christmas Day
        "2026-12-28",  # Boxing Day (substitute day: 26 December is a Saturday)
        # 2027
        "2027-01-01",  # New Year's Day
        "2027-03-26",  # Good Friday
        "2027-03-29",  # Easter Monday
        "2027-05-03",  # Early May bank holiday
        "2027-05-31",  # Spring bank holiday
        "2027-08-30",  # Summer bank holiday
        "2027-12-27",  # Christmas Day (substitute day: 25 December is a Saturday)
        "2027-12-28",  # Boxing Day (substitute day: 26 December is a Sunday)
        # 2028
        "2028-01-03",  # New Year's Day (substitute day: 1 January is a Saturday)
        "2028-04-14",  # Good Friday
        "2028-04-17",  # Easter Monday
        "2028-05-01",  # Early May bank holiday
        "2028-05-29",  # Spring bank holiday
        "2028-08-28",  # Summer bank holiday
        "2028-12-25",  # Christmas Day
        "2028-12-26",  # Boxing Day
    )
)
FIRST_YEAR = min(BANK_HOLIDAYS).year
LAST_YEAR = max(BANK_HOLIDAYS).year


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in BANK_HOLIDAYS


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start`.

    `start` itself is never counted, whatever day it is: something received on a Saturday
    and due in 1 working day is due on the Monday (or the Tuesday after a bank holiday).
    """
    if days < 0:
        raise ValueError("days must be 0 or more")
    day = start
    while days:
        day += timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when `end` <= `start`)."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
