"""What "a night" means wherever Waypost counts nights (SWEP, room for all, the sweep): the
night of a date runs from 18:00 on that date to 09:00 the next morning, London time, and a
moment belongs to the night that began before it (a sweep at 2am counts for the evening
before). One definition, so the SWEP page, room for all and the sweep report agree."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
NIGHT_STARTS = time(18, 0)
NIGHT_ENDS = time(9, 0)
# Before midday a moment still belongs to the night before.
NIGHT_TURNS_AT = time(12, 0)


def night_window(night: date) -> tuple[datetime, datetime]:
    """When the night of `night` runs, as aware datetimes (clock changes are the time
    zone's)."""
    start = datetime.combine(night, NIGHT_STARTS, tzinfo=LONDON)
    end = datetime.combine(night + timedelta(days=1), NIGHT_ENDS, tzinfo=LONDON)
    return start, end


def covers(starts_at: datetime, ends_at: datetime, night: date) -> bool:
    """Whether a spell from `starts_at` to `ends_at` overlaps any part of the night."""
    start, end = night_window(night)
    return starts_at < end and ends_at > start


def night_of(moment: datetime) -> date:
    """The night (the date it began, London time) that `moment` belongs to."""
    local = moment.astimezone(LONDON)
    if local.time() < NIGHT_TURNS_AT:
        return local.date() - timedelta(days=1)
    return local.date()
