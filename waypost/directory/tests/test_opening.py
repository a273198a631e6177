"""Open now: right across midnight, on bank holidays, on closure days and at the change of
clocks, because a person walking to a shelter at 7:30 on the morning the clocks go back needs
the right answer. Most tests build schedules in memory; the last ones use the database."""

from datetime import UTC, date, datetime, time

import pytest

from waypost.directory.models import BankHolidays, Closure, Schedule, Service
from waypost.directory.opening import (
    HOURS_PREFETCH,
    Hours,
    bank_holidays_between,
    current_session,
    days_words,
    hours_for,
    is_open,
    next_session,
    open_tonight,
    opening_lines,
    sessions_on,
    time_words,
)
from waypost.lib.nights import LONDON
from waypost.testing.directory import make_location, make_service

WEEKDAYS = "MO,TU,WE,TH,FR"
EVERY_DAY = "MO,TU,WE,TH,FR,SA,SU"
CHRISTMAS = date(2026, 12, 25)  # a Friday
NO_HOLIDAYS: frozenset[date] = frozenset()


def weekly(days: str, opens: str, closes: str, **fields: object) -> Schedule:
    return Schedule(
        freq="WEEKLY",
        byday=days,
        opens_at=time.fromisoformat(opens),
        closes_at=time.fromisoformat(closes),
        **fields,
    )


def hours(*schedules: Schedule, bank_holidays: str = BankHolidays.USUAL, closures=(), running=True):
    return Hours(
        schedules=tuple(schedules),
        closures=tuple(closures),
        bank_holidays=bank_holidays,
        running=running,
    )


def london(*args: int) -> datetime:
    return datetime(*args, tzinfo=LONDON)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


class TestDayServices:
    day_centre = hours(weekly(WEEKDAYS, "09:00", "17:00"))

    def test_open_inside_its_hours_and_from_the_first_minute(self):
        assert is_open(self.day_centre, london(2026, 11, 23, 9, 0), NO_HOLIDAYS)  # Monday
        assert is_open(self.day_centre, london(2026, 11, 23, 16, 59), NO_HOLIDAYS)

    def test_closed_at_closing_time_and_at_the_weekend(self):
        assert not is_open(self.day_centre, london(2026, 11, 23, 17, 0), NO_HOLIDAYS)
        assert not is_open(self.day_centre, london(2026, 11, 23, 8, 59), NO_HOLIDAYS)
        assert not is_open(self.day_centre, london(2026, 11, 28, 12, 0), NO_HOLIDAYS)  # Sat

    def test_the_next_opening_after_friday_evening_is_monday_morning(self):
        session = next_session(self.day_centre, london(2026, 11, 27, 18, 0), NO_HOLIDAYS)
        assert session is not None
        assert session.opens == london(2026, 11, 30, 9, 0).astimezone(UTC)

    def test_a_service_that_is_not_running_is_never_open(self):
        stopped = hours(weekly(WEEKDAYS, "09:00", "17:00"), running=False)
        assert not is_open(stopped, london(2026, 11, 23, 10, 0), NO_HOLIDAYS)
        assert opening_lines(stopped) == []


class TestAcrossMidnight:
    shelter = hours(weekly(EVERY_DAY, "20:00", "08:00"))
    saturday_late = hours(weekly("SA", "22:00", "02:00"))

    @pytest.mark.parametrize(
        "moment",
        [london(2026, 11, 23, 20, 0), london(2026, 11, 23, 23, 59), london(2026, 11, 24, 0, 0),
         london(2026, 11, 24, 3, 0), london(2026, 11, 24, 7, 59)],
    )  # fmt: skip
    def test_open_through_the_night(self, moment):
        assert is_open(self.shelter, moment, NO_HOLIDAYS)

    @pytest.mark.parametrize(
        "moment",
        [london(2026, 11, 24, 8, 0), london(2026, 11, 24, 12, 0), london(2026, 11, 24, 19, 59)],
    )
    def test_closed_in_the_day(self, moment):
        assert not is_open(self.shelter, moment, NO_HOLIDAYS)

    def test_a_saturday_session_runs_into_sunday_but_not_on_sunday_night(self):
        assert is_open(self.saturday_late, london(2026, 11, 29, 1, 30), NO_HOLIDAYS)  # Sun
        assert not is_open(self.saturday_late, london(2026, 11, 29, 2, 0), NO_HOLIDAYS)
        assert not is_open(self.saturday_late, london(2026, 11, 29, 23, 0), NO_HOLIDAYS)

    def test_closing_at_midnight_ends_that_day(self):
        until_midnight = hours(weekly("MO", "18:00", "00:00"))
        assert is_open(until_midnight, london(2026, 11, 23, 23, 59), NO_HOLIDAYS)
        assert not is_open(until_midnight, london(2026, 11, 24, 0, 0), NO_HOLIDAYS)
        assert opening_lines(until_midnight) == ["Monday: 6pm to midnight"]

    def test_the_current_session_says_when_it_closes(self):
        session = current_session(self.shelter, london(2026, 11, 24, 2, 0), NO_HOLIDAYS)
        assert session is not None
        assert session.closes == london(2026, 11, 24, 8, 0).astimezone(UTC)
        assert session.day == date(2026, 11, 23)

    def test_open_tonight_includes_night_services_and_evening_ones_only(self):
        soup_run = hours(weekly("MO", "19:00", "21:00"))
        lunch = hours(weekly("MO", "12:00", "14:00"))
        monday = date(2026, 11, 23)
        assert open_tonight(self.shelter, monday, NO_HOLIDAYS)
        assert open_tonight(soup_run, monday, NO_HOLIDAYS)
        assert not open_tonight(lunch, monday, NO_HOLIDAYS)


class TestBankHolidays:
    holidays = frozenset({CHRISTMAS, date(2026, 12, 28)})

    def test_usual_hours_apply_when_the_service_opens_as_usual(self):
        usual = hours(weekly(WEEKDAYS, "09:00", "17:00"))
        assert is_open(usual, london(2026, 12, 25, 10, 0), self.holidays)

    def test_closed_on_a_bank_holiday(self):
        closed = hours(weekly(WEEKDAYS, "09:00", "17:00"), bank_holidays=BankHolidays.CLOSED)
        assert not is_open(closed, london(2026, 12, 25, 10, 0), self.holidays)
        # The substitute Boxing Day (Monday 28th) too; the Tuesday after is a normal day.
        assert not is_open(closed, london(2026, 12, 28, 10, 0), self.holidays)
        assert is_open(closed, london(2026, 12, 29, 10, 0), self.holidays)

    def test_a_night_that_began_the_evening_before_runs_on_into_the_bank_holiday(self):
        shelter = hours(weekly(EVERY_DAY, "20:00", "08:00"), bank_holidays=BankHolidays.CLOSED)
        assert is_open(shelter, london(2026, 12, 25, 7, 0), self.holidays)  # from Christmas Eve
        assert not is_open(shelter, london(2026, 12, 25, 22, 0), self.holidays)

    def test_special_hours_replace_the_usual_ones(self):
        special = hours(
            weekly(WEEKDAYS, "09:00", "17:00"),
            Schedule(opens_at=time(10, 0), closes_at=time(14, 0), bank_holidays_only=True),
            bank_holidays=BankHolidays.SPECIAL,
        )
        assert not is_open(special, london(2026, 12, 25, 9, 30), self.holidays)
        assert is_open(special, london(2026, 12, 25, 13, 0), self.holidays)
        assert not is_open(special, london(2026, 12, 25, 15, 0), self.holidays)
        # ...and the bank holiday hours are never used on other days, even at the weekend.
        assert not is_open(special, london(2026, 12, 26, 11, 0), self.holidays)  # Saturday
        assert is_open(special, london(2026, 12, 24, 9, 30), self.holidays)

    def test_the_hours_in_words_say_what_happens_on_bank_holidays(self):
        special = hours(
            weekly(WEEKDAYS, "09:00", "17:00"),
            Schedule(opens_at=time(10, 0), closes_at=time(14, 0), bank_holidays_only=True),
            bank_holidays=BankHolidays.SPECIAL,
        )
        assert opening_lines(special) == [
            "Monday to Friday: 9am to 5pm",
            "Bank holidays: 10am to 2pm",
        ]
        closed = hours(weekly(WEEKDAYS, "09:00", "17:00"), bank_holidays=BankHolidays.CLOSED)
        assert opening_lines(closed)[-1] == "Bank holidays: closed"


class TestClockChanges:
    """Clocks go back at 02:00 BST on Sunday 25 October 2026 and forward at 01:00 GMT on
    Sunday 29 March 2026: a 20:00 to 08:00 night is 13 hours long in October, 11 in March."""

    shelter = hours(weekly(EVERY_DAY, "20:00", "08:00"))

    def test_autumn_the_night_runs_to_eight_by_the_new_clock(self):
        session = current_session(self.shelter, utc(2026, 10, 25, 7, 30), NO_HOLIDAYS)
        assert session is not None
        assert session.opens == utc(2026, 10, 24, 19, 0)  # 20:00 BST
        assert session.closes == utc(2026, 10, 25, 8, 0)  # 08:00 GMT
        assert (session.closes - session.opens).total_seconds() == 13 * 3600
        assert not is_open(self.shelter, utc(2026, 10, 25, 8, 0), NO_HOLIDAYS)

    def test_autumn_the_repeated_hour_is_open_both_times(self):
        first = utc(2026, 10, 25, 0, 30)  # 01:30 BST
        second = utc(2026, 10, 25, 1, 30)  # 01:30 GMT
        assert is_open(self.shelter, first, NO_HOLIDAYS)
        assert is_open(self.shelter, second, NO_HOLIDAYS)

    def test_spring_the_night_ends_an_hour_sooner(self):
        session = current_session(self.shelter, utc(2026, 3, 29, 6, 30), NO_HOLIDAYS)
        assert session is not None
        assert session.closes == utc(2026, 3, 29, 7, 0)  # 08:00 BST
        assert (session.closes - session.opens).total_seconds() == 11 * 3600
        assert not is_open(self.shelter, utc(2026, 3, 29, 7, 30), NO_HOLIDAYS)  # 08:30 BST

    def test_spring_a_day_service_opens_at_nine_by_the_new_clock(self):
        day = hours(weekly("SU", "09:00", "17:00"))
        assert not is_open(day, utc(2026, 3, 29, 7, 30), NO_HOLIDAYS)  # 08:30 BST
        assert is_open(day, utc(2026, 3, 29, 8, 0), NO_HOLIDAYS)  # 09:00 BST
        assert not is_open(day, utc(2026, 3, 29, 16, 0), NO_HOLIDAYS)  # 17:00 BST


class TestClosuresAndSeasons:
    def test_closed_today_shuts_the_day_but_not_last_night(self):
        closure = Closure(starts_on=date(2026, 11, 24), ends_on=date(2026, 11, 24))
        shelter = hours(weekly(EVERY_DAY, "20:00", "08:00"), closures=[closure])
        assert is_open(shelter, london(2026, 11, 24, 7, 0), NO_HOLIDAYS)
        assert not is_open(shelter, london(2026, 11, 24, 21, 0), NO_HOLIDAYS)
        assert is_open(shelter, london(2026, 11, 25, 21, 0), NO_HOLIDAYS)

    def test_a_winter_only_shelter_opens_only_in_its_season(self):
        winter = hours(
            weekly(
                EVERY_DAY, "20:00", "08:00",
                valid_from=date(2026, 12, 1), valid_to=date(2027, 3, 31),
            )
        )  # fmt: skip
        assert not is_open(winter, london(2026, 11, 30, 22, 0), NO_HOLIDAYS)
        assert is_open(winter, london(2026, 12, 1, 22, 0), NO_HOLIDAYS)
        assert is_open(winter, london(2027, 4, 1, 7, 0), NO_HOLIDAYS)  # the 31 March night
        assert not is_open(winter, london(2027, 4, 1, 22, 0), NO_HOLIDAYS)
        assert opening_lines(winter) == [
            "Every day: 8pm to 8am the next morning (from 1 December 2026 to 31 March 2027)"
        ]

    def test_a_rule_waypost_cannot_work_out_is_never_open_but_is_shown(self):
        monthly = Schedule(
            freq="MONTHLY",
            bymonthday="1",
            opens_at=time(9, 0),
            closes_at=time(17, 0),
            description="The first day of each month, 9am to 5pm",
        )
        odd = hours(monthly)
        assert not is_open(odd, london(2026, 12, 1, 10, 0), NO_HOLIDAYS)
        assert sessions_on(odd, date(2026, 12, 1), NO_HOLIDAYS) == []
        assert opening_lines(odd) == ["The first day of each month, 9am to 5pm"]


class TestWords:
    @pytest.mark.parametrize(
        ("value", "words"),
        [(time(9, 0), "9am"), (time(17, 30), "5:30pm"), (time(12, 0), "midday"),
         (time(0, 0), "midnight"), (time(0, 30), "12:30am")],
    )  # fmt: skip
    def test_times(self, value, words):
        assert time_words(value) == words

    @pytest.mark.parametrize(
        ("days", "words"),
        [([0, 1, 2, 3, 4], "Monday to Friday"), ([0, 2, 4], "Monday, Wednesday and Friday"),
         (range(7), "Every day"), ([5, 6], "Saturday and Sunday"),
         ([0, 1, 2, 5], "Monday to Wednesday and Saturday")],
    )  # fmt: skip
    def test_days(self, days, words):
        assert days_words(days) == words

    def test_days_with_the_same_hours_are_grouped_in_week_order(self):
        week = hours(
            weekly("SA", "10:00", "13:00"),
            weekly("MO,TU", "09:00", "17:00"),
            weekly("WE,TH,FR", "09:00", "17:00"),
        )
        assert opening_lines(week) == ["Monday to Friday: 9am to 5pm", "Saturday: 10am to 1pm"]


# ---------------------------------------------------------------------------------------------
# With the database


@pytest.mark.django_db
def test_bank_holidays_are_seeded_with_substitute_days(world):
    found = bank_holidays_between(date(2026, 12, 20), date(2027, 1, 5))
    assert found == {date(2026, 12, 25), date(2026, 12, 28), date(2027, 1, 1)}


@pytest.mark.django_db
def test_a_services_hours_come_from_its_locations_when_it_has_none(
    world, django_assert_num_queries
):
    building = make_location(world.coventry, "Hub")
    Schedule.objects.create(
        location=building, freq="WEEKLY", byday=WEEKDAYS, opens_at=time(9), closes_at=time(17)
    )
    make_service(world.coventry, "Advice at the hub", location=building)
    make_service(world.coventry, "Own hours", location=building, hours=(("SA", "10:00", "12:00"),))
    # Services, their schedules, closures, places, places' schedules, locations, theirs.
    with django_assert_num_queries(7):
        services = list(Service.objects.prefetch_related(*HOURS_PREFETCH).order_by("name"))
        lines = {s.name: opening_lines(hours_for(s)) for s in services}
    assert lines == {
        "Advice at the hub": ["Monday to Friday: 9am to 5pm"],
        "Own hours": ["Saturday: 10am to midday"],
    }
