"""When a subject access request must be answered: calendar months, as the ICO describes.

"Calculate the time limit from the day you receive the request … to the corresponding calendar
date in the next month. If this is not possible because the following month is shorter (and
there is no corresponding calendar date), the date for response is the last day of the
following month." When ID had to be asked for, the time starts when it is verified.

The ICO also allows until the next working day when the date falls on a weekend or bank
holiday. We do not move the date: showing the earlier date can never make a response late.
"""

import calendar
from datetime import date

MAX_EXTENSION_MONTHS = 2


def add_months(start: date, months: int) -> date:
    """The same day `months` later, or the last day of that month when it is shorter."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def clock_starts_on(
    received_on: date, id_requested_on: date | None, id_verified_on: date | None
) -> date | None:
    """The day the month starts: receipt, or ID verified when ID was asked for (None while
    waiting for it: the clock is paused)."""
    if id_requested_on is None:
        return received_on
    return id_verified_on


def due_on(
    received_on: date,
    *,
    id_requested_on: date | None = None,
    id_verified_on: date | None = None,
    extended_by_months: int = 0,
) -> date | None:
    """The response date: one calendar month from the start, plus any extension (at most two
    further months, counted from the same start). None while waiting for ID."""
    if not 0 <= extended_by_months <= MAX_EXTENSION_MONTHS:
        raise ValueError("A request can be extended by at most two months")
    start = clock_starts_on(received_on, id_requested_on, id_verified_on)
    if start is None:
        return None
    return add_months(start, 1 + extended_by_months)
