"""The partnership dashboard's figures: one small module per family of figures, each a pure
read returning plain counts for a run of calendar months (Europe/London). How counts are shown
to whom (small-number suppression) is the dashboard's business, not these modules'.

Every module leaves out people whose processing is restricted and records merged into another,
as the source apps' own figures do, and runs a fixed handful of queries whatever the size of
the partnership.
"""

import calendar
from datetime import date, datetime, time

from django.utils import timezone

from waypost.outreach.flows import add_months, months_between

__all__ = ["add_months", "last_day", "months_between", "start_of"]


def last_day(month: date) -> date:
    """The last day of `month`'s month."""
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def start_of(day: date) -> datetime:
    """Midnight at the start of `day`, London time, as an aware date-time."""
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())
