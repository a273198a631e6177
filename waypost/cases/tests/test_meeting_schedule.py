"""Meetings are made from their series four weeks ahead, in London time: daily tasking
Tuesday to Friday, fortnightly series every other week from their first week, idempotently
(again and again, or two at once, make each meeting once), across the clock changes; a changed
or stopped series takes its coming meetings with it; the daily task builds the agendas."""

from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from waypost.cases import meeting_actions
from waypost.cases.meeting_tasks import (
    SERIES_DEFAULTS,
    describe_schedule,
    make_upcoming_meetings,
    occurrences,
    prepare_all,
)
from waypost.cases.models import (
    Attendance,
    Meeting,
    MeetingKind,
    MeetingSeries,
    MeetingStatus,
    Tier,
)
from waypost.cases.tests.meeting_helpers import on_list
from waypost.testing.people import make_person

LONDON = ZoneInfo("Europe/London")
UTC = ZoneInfo("UTC")
MONDAY = date(2025, 3, 3)


def _series(world, kind=MeetingKind.DAILY_TASKING, **fields):
    defaults = SERIES_DEFAULTS[kind]
    fields = {
        "weekdays": list(defaults.weekdays),
        "every_weeks": defaults.every_weeks,
        "starts_at": defaults.starts_at,
        "first_on": MONDAY,
        "name": str(MeetingKind(kind).label),
        **fields,
    }
    return MeetingSeries.objects.create(partnership=world.coventry, kind=kind, **fields)


def test_daily_tasking_meets_tuesday_to_friday_by_default(world):
    series = _series(world)
    found = occurrences(series, MONDAY, MONDAY + timedelta(days=14))
    assert [d.strftime("%a %d") for d in found] == [
        "Tue 04", "Wed 05", "Thu 06", "Fri 07", "Tue 11", "Wed 12", "Thu 13", "Fri 14",
    ]  # fmt: skip
    assert all(d.astimezone(LONDON).time() == time(9, 30) for d in found)
    assert describe_schedule(series) == ("Every Tuesday, Wednesday, Thursday and Friday at 09:30")


def test_a_fortnightly_mac_meets_every_other_week_from_its_first_week(world):
    series = _series(world, MeetingKind.MAC, first_on=MONDAY + timedelta(days=3))  # a Thursday
    found = occurrences(series, MONDAY, MONDAY + timedelta(days=42))
    # Wednesday of the first week is before first_on; then every other Wednesday.
    assert [d.date() for d in found] == [date(2025, 3, 19), date(2025, 4, 2)]
    assert describe_schedule(series) == "Every other Wednesday at 14:00"


def test_the_complex_needs_panel_meets_every_four_weeks(world):
    series = _series(world, MeetingKind.COMPLEX_NEEDS)
    found = occurrences(series, MONDAY, MONDAY + timedelta(days=70))
    assert [d.date() for d in found] == [date(2025, 3, 4), date(2025, 4, 1), date(2025, 4, 29)]


def test_meetings_keep_their_london_time_when_the_clocks_change(world):
    series = _series(world, MeetingKind.CASE_MANAGEMENT)  # Mondays at 10:00
    # British Summer Time starts on Sunday 30 March 2025.
    found = occurrences(series, date(2025, 3, 24), date(2025, 4, 1))
    assert [d.astimezone(UTC).time() for d in found] == [time(10, 0), time(9, 0)]
    assert [d.astimezone(LONDON).time() for d in found] == [time(10, 0), time(10, 0)]
    make_upcoming_meetings([series], today=date(2025, 3, 24), days=8)
    stored = Meeting.objects.filter(series=series).order_by("starts_at")
    assert [timezone.localtime(m.starts_at).time() for m in stored] == [time(10), time(10)]


def test_making_meetings_again_makes_none_twice(world):
    series = _series(world)
    today = MONDAY
    assert make_upcoming_meetings(today=today) == 16
    assert make_upcoming_meetings(today=today) == 0
    assert make_upcoming_meetings([series, series], today=today + timedelta(days=1)) == 0
    assert Meeting.objects.filter(series=series).count() == 16
    assert make_upcoming_meetings(today=today + timedelta(days=7)) == 4
    assert Meeting.objects.filter(series=series).count() == 20


def test_stopped_series_make_no_meetings(world):
    series = _series(world, is_active=False)
    assert make_upcoming_meetings(today=MONDAY) == 0
    assert not Meeting.objects.filter(series=series).exists()


def test_a_changed_schedule_moves_the_coming_meetings(world, coordinator_user):
    series = meeting_actions.create_series(
        world.coventry, kind=MeetingKind.PARTNER_TASKING, name="Tasking", weekdays=[3],
        every_weeks=1, starts_at=time(10), first_on=timezone.localdate(), by=coordinator_user,
    )  # fmt: skip
    first = Meeting.objects.filter(series=series).order_by("starts_at").first()
    Attendance.objects.create(meeting=first, agency=world.council)  # something recorded

    meeting_actions.update_series(
        series, kind=MeetingKind.PARTNER_TASKING, name="Tasking", weekdays=[4], every_weeks=1,
        starts_at=time(11), first_on=series.first_on, location="Room 2", by=coordinator_user,
    )  # fmt: skip

    planned = Meeting.objects.filter(series=series, status=MeetingStatus.PLANNED)
    assert {timezone.localtime(m.starts_at).strftime("%a %H:%M") for m in planned} == {"Fri 11:00"}
    assert all(m.location == "Room 2" for m in planned)
    first.refresh_from_db()
    assert first.status == MeetingStatus.CANCELLED  # kept, with its attendance


def test_stopping_a_series_removes_its_coming_meetings(world, coordinator_user):
    series = meeting_actions.create_series(
        world.coventry, kind=MeetingKind.DAILY_TASKING, name="Daily", weekdays=[1, 2, 3, 4],
        every_weeks=1, starts_at=time(9, 30), first_on=timezone.localdate(), by=coordinator_user,
    )  # fmt: skip
    assert Meeting.objects.filter(series=series).count() >= 15
    meeting_actions.stop_series(series, by=coordinator_user)
    # Any meeting earlier today has happened: it stays.
    assert not Meeting.objects.filter(series=series, starts_at__gte=timezone.now()).exists()
    meeting_actions.start_series(series, by=coordinator_user)
    assert Meeting.objects.filter(series=series).count() >= 15


def test_only_a_coordinator_of_the_partnership_makes_a_series(world, caseworker_user):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        meeting_actions.create_series(
            world.coventry, kind=MeetingKind.MAC, name="MAC", weekdays=[2], every_weeks=2,
            starts_at=time(14), first_on=MONDAY, by=caseworker_user,
        )  # fmt: skip


def test_the_daily_task_makes_meetings_and_builds_the_coming_agendas(world):
    today = timezone.localdate()
    series = _series(
        world,
        MeetingKind.PARTNER_TASKING,
        weekdays=list(range(7)),
        starts_at=time(23, 59),
        first_on=today,
    )
    person = make_person(world.council)
    on_list(person, tier=Tier.TWO)

    result = prepare_all()

    assert result["made"] == 28
    built = Meeting.objects.filter(series=series, agenda_built_at__isnull=False)
    # Tonight's and tomorrow night's meetings have agendas; later ones wait.
    assert built.count() == 2
    assert all(m.agenda.filter(person=person).exists() for m in built)


def test_the_task_runs_with_no_arguments(world):
    from waypost.cases.meeting_tasks import prepare_meetings

    assert prepare_meetings.enqueue() is not None
