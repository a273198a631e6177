"""One meaning of "a night" for SWEP, room for all and the sweep: 18:00 to 09:00 London time,
across clock changes, and a moment belongs to the night that began before it."""

from datetime import UTC, date, datetime

from waypost.lib.nights import LONDON, covers, night_of, night_window


def test_a_night_runs_from_six_in_the_evening_to_nine_the_next_morning():
    start, end = night_window(date(2026, 12, 1))
    assert start == datetime(2026, 12, 1, 18, tzinfo=LONDON)
    assert end == datetime(2026, 12, 2, 9, tzinfo=LONDON)


def test_the_night_the_clocks_go_back_is_an_hour_longer():
    start, end = night_window(date(2026, 10, 24))
    assert (end.astimezone(UTC) - start.astimezone(UTC)).total_seconds() == 16 * 3600


def test_a_spell_covers_a_night_it_overlaps_at_all():
    night = date(2026, 12, 1)
    assert covers(
        datetime(2026, 12, 2, 8, tzinfo=LONDON), datetime(2026, 12, 3, tzinfo=LONDON), night
    )
    assert not covers(
        datetime(2026, 12, 2, 9, tzinfo=LONDON), datetime(2026, 12, 3, tzinfo=LONDON), night
    )
    assert not covers(
        datetime(2026, 12, 1, 9, tzinfo=LONDON), datetime(2026, 12, 1, 18, tzinfo=LONDON), night
    )


def test_the_small_hours_belong_to_the_evening_before():
    assert night_of(datetime(2026, 12, 2, 2, tzinfo=LONDON)) == date(2026, 12, 1)
    assert night_of(datetime(2026, 12, 1, 23, tzinfo=LONDON)) == date(2026, 12, 1)
    assert night_of(datetime(2026, 12, 2, 12, tzinfo=LONDON)) == date(2026, 12, 2)
    # In summer 00:30 UTC is 01:30 in London: still the evening before.
    assert night_of(datetime(2026, 7, 2, 0, 30, tzinfo=UTC)) == date(2026, 7, 1)
