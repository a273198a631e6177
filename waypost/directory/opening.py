"""When a service is open: "open now", "open tonight", the next opening, and the hours in
words.

A service's hours are its own schedules and those of its services at locations; with none,
its locations' schedules (the building's hours). Times are London wall-clock times, so a
session is built on its own date and converted to an instant only then: a night shelter open
20:00 to 08:00 closes at 08:00 on the morning the clocks change, 11 or 13 hours later.

A session belongs to the day it opens. Bank holidays and closures act on that day: a service
closed on Christmas Day does not open that evening, but the session that opened on Christmas
Eve runs on into Christmas morning.

Only simple weekly and daily rules (HSDS `freq` WEEKLY or DAILY, every week, by day) are
worked out; any other rule is shown in words and never counted as open.
"""

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from waypost.directory.models import BankHoliday, BankHolidays, Closure, Schedule, Service
from waypost.lib.nights import LONDON, night_window

DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# What a page must prefetch on services before calling hours_for() on each.
HOURS_PREFETCH = (
    "schedules",
    "closures",
    "at_locations__schedules",
    "at_locations__location__schedules",
)


@dataclass(frozen=True)
class Session:
    """One opening, as instants in UTC (compare these, never London wall-clock times)."""

    opens: datetime
    closes: datetime
    day: date  # the London date it opens

    def contains(self, moment: datetime) -> bool:
        return self.opens <= moment < self.closes

    def overlaps(self, start: datetime, end: datetime) -> bool:
        return self.opens < end and self.closes > start


@dataclass(frozen=True)
class Hours:
    """Everything that decides when one service is open."""

    schedules: tuple[Schedule, ...]
    closures: tuple[Closure, ...]
    bank_holidays: str  # a BankHolidays value
    running: bool  # False when the service is not running at all (inactive, closed)


def hours_for(service: Service) -> Hours:
    """The service's hours, from prefetched relations (HOURS_PREFETCH)."""
    schedules = list(service.schedules.all())
    places = list(service.at_locations.all())
    for place in places:
        schedules.extend(place.schedules.all())
    if not schedules:
        for place in places:
            schedules.extend(place.location.schedules.all())
    return Hours(
        schedules=tuple(schedules),
        closures=tuple(service.closures.all()),
        bank_holidays=service.bank_holidays,
        running=service.status == "active",
    )


def bank_holidays_between(start: date, end: date) -> frozenset[date]:
    """Bank holidays from `start` to `end` inclusive, in one query."""
    return frozenset(
        BankHoliday.objects.filter(date__gte=start, date__lte=end).values_list("date", flat=True)
    )


def bank_holidays_around(moment: datetime, days: int = 8) -> frozenset[date]:
    """Enough bank holidays to answer questions about `moment` and the week after it."""
    today = moment.astimezone(LONDON).date()
    return bank_holidays_between(today - timedelta(days=1), today + timedelta(days=days))


# ---------------------------------------------------------------------------------------------
# Which rules can be worked out


def _days(schedule: Schedule) -> frozenset[int]:
    """The weekdays (0 = Monday) a simple rule runs on."""
    if schedule.byday:
        codes = {part.strip().upper()[-2:] for part in schedule.byday.split(",") if part.strip()}
        return frozenset(DAY_CODES.index(c) for c in codes if c in DAY_CODES)
    return frozenset(range(7)) if schedule.freq.upper() == "DAILY" else frozenset()


def computable(schedule: Schedule) -> bool:
    """Whether Waypost can say from this rule when the service is open."""
    return (
        schedule.freq.upper() in {"WEEKLY", "DAILY", ""}
        and schedule.opens_at is not None
        and schedule.closes_at is not None
        and (schedule.interval or 1) == 1
        and not (schedule.byweekno or schedule.bymonthday or schedule.byyearday)
        and schedule.count is None
        and bool(_days(schedule) or schedule.bank_holidays_only)
    )


def _in_force(schedule: Schedule, day: date) -> bool:
    starts = max(d for d in (schedule.valid_from, schedule.dtstart, date.min) if d is not None)
    ends = min(d for d in (schedule.valid_to, schedule.until, date.max) if d is not None)
    return starts <= day <= ends


def _session(schedule: Schedule, day: date) -> Session:
    assert schedule.opens_at is not None and schedule.closes_at is not None
    opens = datetime.combine(day, schedule.opens_at, tzinfo=LONDON)
    # Closing at or before the opening time means the next morning (or midnight).
    close_day = day + timedelta(days=1) if schedule.closes_at <= schedule.opens_at else day
    closes = datetime.combine(close_day, schedule.closes_at, tzinfo=LONDON)
    return Session(opens=opens.astimezone(UTC), closes=closes.astimezone(UTC), day=day)


# ---------------------------------------------------------------------------------------------
# Sessions


def sessions_on(hours: Hours, day: date, holidays: Collection[date]) -> list[Session]:
    """The sessions that open on `day` (London date), earliest first."""
    if not hours.running or any(c.starts_on <= day <= c.ends_on for c in hours.closures):
        return []
    is_holiday = day in holidays
    if is_holiday and hours.bank_holidays == BankHolidays.CLOSED:
        return []
    use_holiday_hours = is_holiday and hours.bank_holidays == BankHolidays.SPECIAL
    found = []
    for schedule in hours.schedules:
        if not computable(schedule) or not _in_force(schedule, day):
            continue
        if use_holiday_hours:
            if schedule.bank_holidays_only:
                found.append(_session(schedule, day))
        elif not schedule.bank_holidays_only and day.weekday() in _days(schedule):
            found.append(_session(schedule, day))
    return sorted(found, key=lambda s: s.opens)


def sessions_between(
    hours: Hours, start: datetime, end: datetime, holidays: Collection[date]
) -> Iterator[Session]:
    """Sessions overlapping `start` to `end`, earliest first (including one that opened the
    day before and runs past midnight)."""
    first = start.astimezone(LONDON).date() - timedelta(days=1)
    last = end.astimezone(LONDON).date()
    start_utc, end_utc = start.astimezone(UTC), end.astimezone(UTC)
    day = first
    while day <= last:
        for session in sessions_on(hours, day, holidays):
            if session.overlaps(start_utc, end_utc):
                yield session
        day += timedelta(days=1)


def current_session(hours: Hours, at: datetime, holidays: Collection[date]) -> Session | None:
    """The session open at `at`, if any (the one closing last when two overlap)."""
    moment = at.astimezone(UTC)
    open_now = [s for s in sessions_between(hours, moment, moment + timedelta(seconds=1), holidays)]
    return max(open_now, key=lambda s: s.closes, default=None)


def is_open(hours: Hours, at: datetime, holidays: Collection[date]) -> bool:
    return current_session(hours, at, holidays) is not None


def next_session(
    hours: Hours, at: datetime, holidays: Collection[date], *, within_days: int = 7
) -> Session | None:
    """The next session to open after `at`, within a week."""
    moment = at.astimezone(UTC)
    upcoming = (
        s
        for s in sessions_between(hours, moment, moment + timedelta(days=within_days), holidays)
        if s.opens > moment
    )
    return next(upcoming, None)


def open_tonight(hours: Hours, night: date, holidays: Collection[date]) -> list[Session]:
    """Sessions overlapping the night of `night` (18:00 to 09:00 London time)."""
    start, end = night_window(night)
    return list(sessions_between(hours, start, end, holidays))


# ---------------------------------------------------------------------------------------------
# In words


def time_words(value: time) -> str:
    """9am, 5:30pm, midday, midnight (GOV.UK style)."""
    if value == time(0, 0):
        return "midnight"
    if value == time(12, 0):
        return "midday"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def _times(schedule: Schedule) -> str:
    assert schedule.opens_at is not None and schedule.closes_at is not None
    words = f"{time_words(schedule.opens_at)} to {time_words(schedule.closes_at)}"
    if schedule.closes_at <= schedule.opens_at and schedule.closes_at != time(0, 0):
        words += " the next morning"
    return words


def days_words(days: Iterable[int]) -> str:
    """Monday to Friday; Monday, Wednesday and Friday; Every day."""
    ordered = sorted(set(days))
    if len(ordered) == 7:
        return "Every day"
    runs: list[list[int]] = []
    for day in ordered:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{DAY_NAMES[run[0]]} to {DAY_NAMES[run[-1]]}")
        else:
            parts.extend(DAY_NAMES[d] for d in run)
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _season(schedule: Schedule) -> str:
    starts, ends = schedule.valid_from or schedule.dtstart, schedule.valid_to or schedule.until
    if starts and ends:
        return f" (from {starts:%-d %B %Y} to {ends:%-d %B %Y})"
    if starts:
        return f" (from {starts:%-d %B %Y})"
    if ends:
        return f" (until {ends:%-d %B %Y})"
    return ""


def opening_lines(hours: Hours) -> list[str]:
    """The hours in words, one line per group of days with the same times; then bank
    holidays; then any rule Waypost cannot work out, in its own words."""
    if not hours.running:
        return []
    grouped: dict[tuple[str, str], set[int]] = {}
    holiday_times: list[str] = []
    other: list[str] = []
    for schedule in hours.schedules:
        if not computable(schedule):
            text = schedule.description or schedule.notes
            if text:
                other.append(text)
            continue
        if schedule.bank_holidays_only:
            holiday_times.append(_times(schedule))
            continue
        key = (_times(schedule), _season(schedule))
        grouped.setdefault(key, set()).update(_days(schedule))
    lines = [
        f"{days_words(days)}: {times}{season}"
        for (times, season), days in sorted(grouped.items(), key=lambda item: min(item[1]))
    ]
    if hours.bank_holidays == BankHolidays.CLOSED and lines:
        lines.append("Bank holidays: closed")
    elif hours.bank_holidays == BankHolidays.SPECIAL:
        lines.append("Bank holidays: " + (", ".join(holiday_times) if holiday_times else "closed"))
    return lines + other


def closure_on(hours: Hours, day: date) -> Closure | None:
    """The closure covering `day`, if the service is shut that day outside its pattern."""
    return next((c for c in hours.closures if c.starts_on <= day <= c.ends_on), None)
