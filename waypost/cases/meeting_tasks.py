"""Meetings made ahead of time from their series, and agendas built before they meet.

A series says the weekdays it meets on (0 is Monday), every how many weeks, and the time in
London. Its weeks are counted from the week of `first_on`: a fortnightly series meets in that
week, two weeks later, and so on. Times are London wall-clock times, so a 10:00 meeting stays at
10:00 when the clocks change (it is stored in UTC, an hour apart in summer and winter).

`make_upcoming_meetings` makes the next four weeks' meetings of every active series. It is
idempotent: a meeting already made (the unique constraint on series and start time) is left as
it is, whatever has happened to it since. It runs daily (`prepare_meetings`, the scheduler's
`prepare-meetings` job), when a coordinator opens the meetings page, and when a series is made
or changed.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.tasks import task
from django.utils import timezone

from waypost.cases.models import Meeting, MeetingKind, MeetingSeries, MeetingStatus

LONDON = ZoneInfo("Europe/London")
AHEAD_DAYS = 28  # meetings are made four weeks ahead
# The task (re)builds the agendas of planned meetings this many days ahead (today included).
AGENDA_AHEAD_DAYS = 2


@dataclass(frozen=True)
class SeriesDefaults:
    """What a new series of each kind starts with; the coordinator changes any of it."""

    weekdays: tuple[int, ...]
    every_weeks: int
    starts_at: time


# The plans' rhythm (P1.7, CP1, P3.4): weekly case management, a fortnightly multi-agency case
# meeting, weekly partner tasking, daily operational tasking from Tuesday to Friday (Monday is
# case management), and a complex needs panel about once a month (every four weeks: a series
# repeats by weeks, so "the first Tuesday of the month" is not a rule it can hold).
SERIES_DEFAULTS: dict[str, SeriesDefaults] = {
    MeetingKind.CASE_MANAGEMENT: SeriesDefaults((0,), 1, time(10, 0)),
    MeetingKind.MAC: SeriesDefaults((2,), 2, time(14, 0)),
    MeetingKind.PARTNER_TASKING: SeriesDefaults((3,), 1, time(10, 0)),
    MeetingKind.DAILY_TASKING: SeriesDefaults((1, 2, 3, 4), 1, time(9, 30)),
    MeetingKind.COMPLEX_NEEDS: SeriesDefaults((1,), 4, time(14, 0)),
}

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def london_time(day: date, at: time) -> datetime:
    """The aware moment a London wall-clock time on `day` falls at."""
    return datetime.combine(day, at, tzinfo=LONDON)


def occurrences(series: MeetingSeries, start: date, end: date) -> list[datetime]:
    """When `series` meets on the days from `start` up to (not including) `end`."""
    weekdays = {int(d) for d in series.weekdays}
    every = max(int(series.every_weeks), 1)
    first_week = series.first_on - timedelta(days=series.first_on.weekday())
    found = []
    day = max(start, series.first_on)
    while day < end:
        if day.weekday() in weekdays and ((day - first_week).days // 7) % every == 0:
            found.append(london_time(day, series.starts_at))
        day += timedelta(days=1)
    return found


def describe_schedule(series: MeetingSeries) -> str:
    """ "Every Tuesday, Wednesday, Thursday and Friday at 09:30", in plain English."""
    names = [WEEKDAY_NAMES[int(d)] for d in sorted(series.weekdays)]
    days = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    every = {1: "Every", 2: "Every other"}.get(
        series.every_weeks, f"Every {series.every_weeks} weeks on"
    )
    return f"{every} {days} at {series.starts_at:%H:%M}"


def make_upcoming_meetings(
    series: "QuerySet[MeetingSeries] | list[MeetingSeries] | None" = None,
    *,
    today: date | None = None,
    days: int = AHEAD_DAYS,
) -> int:
    """Make the meetings of each active series (all, or those given) from today for `days`
    days, and return how many were new. Meetings that exist are left alone; two runs at once
    cannot make one twice (the unique constraint decides, and the loser ignores it)."""
    today = today or timezone.localdate()
    end = today + timedelta(days=days)
    if series is None:
        series = MeetingSeries.objects.filter(is_active=True)
    made = 0
    for one in series:
        if not one.is_active or not one.weekdays:
            continue
        wanted = occurrences(one, today, end)
        if not wanted:
            continue
        existing = set(
            Meeting.objects.filter(series=one, starts_at__in=wanted).values_list(
                "starts_at", flat=True
            )
        )
        missing = [at for at in wanted if at not in existing]
        Meeting.objects.bulk_create(
            [
                Meeting(
                    partnership_id=one.partnership_id,
                    series=one,
                    kind=one.kind,
                    starts_at=at,
                    location=one.location,
                )
                for at in missing
            ],
            ignore_conflicts=True,
        )
        made += len(missing)
    return made


def meetings_to_prepare(today: date | None = None) -> "QuerySet[Meeting]":
    """Planned meetings from now to the end of the agenda window, whose agendas the task
    builds: today's later meetings and tomorrow's."""
    today = today or timezone.localdate()
    until = london_time(today + timedelta(days=AGENDA_AHEAD_DAYS), time(0, 0))
    return Meeting.objects.filter(
        status=MeetingStatus.PLANNED, starts_at__gte=timezone.now(), starts_at__lt=until
    ).order_by("starts_at")


def prepare_all(today: date | None = None) -> dict[str, Any]:
    """Make the coming meetings and build the agendas of those about to meet."""
    from waypost.cases.meeting_actions import rebuild_agenda

    made = make_upcoming_meetings(today=today)
    built = 0
    for meeting in meetings_to_prepare(today):
        rebuild_agenda(meeting, by=None)
        built += 1
    return {"made": made, "agendas": built}


@task
def prepare_meetings() -> dict[str, Any]:
    """Daily: the next four weeks' meetings, and agendas for today's and tomorrow's.

    Takes no arguments, so no personal data ever sits in the task queue.
    """
    return prepare_all()
