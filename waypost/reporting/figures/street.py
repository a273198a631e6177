"""Rough sleeping on a single night: the monthly figure the partnership records for each
month (waypost.outreach's StreetCount), as it was recorded. A month without one has none."""

from datetime import date

from waypost.accounts.models import Partnership
from waypost.outreach.count_figures import monthly_figures


def single_night_figures(
    partnership: Partnership, months: list[date]
) -> dict[date, tuple[date, int] | None]:
    """For each month, (night, people) from its monthly figure, or None when none was recorded
    (or its total is still blank). One query."""
    counts = monthly_figures(partnership.pk, months)
    found: dict[date, tuple[date, int] | None] = {}
    for month in months:
        count = counts.get(month)
        found[month] = (count.night, count.total) if count and count.total is not None else None
    return found
