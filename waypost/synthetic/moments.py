"""Moments in a synthetic history: aware UTC datetimes, and days as the app reads them
(Europe/London)."""

from datetime import UTC, date, datetime, time, timedelta

from django.utils import timezone


def at_seconds(base: datetime, seconds: float) -> datetime:
    """`seconds` after `base`, to the whole second."""
    return base + timedelta(seconds=int(seconds))


def noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


def local_date(moment: datetime) -> date:
    """The day `moment` fell on in the app's time zone (what timezone.localdate gives)."""
    return timezone.localtime(moment).date()
