"""The figures, hand-computed: the night's window (22:00 to 06:00 London time, also the night
the clocks go back), one row per person seen, age bands on the night, UK / EU / non-EU from
free text, the return's table with its check, and the monthly suggestion with who is new."""

from datetime import UTC, date, datetime

import pytest

from waypost.outreach.count_figures import (
    age_band,
    bedded_down_in_window,
    figures_from,
    gender_band,
    last_months,
    nationality_band,
    new_people,
    night_sightings,
    night_window,
    suggest_monthly,
    window_text,
)
from waypost.outreach.models import Place
from waypost.outreach.tests.test_count_support import NIGHT, london, seen
from waypost.testing.people import make_person

AFTER = datetime(2030, 1, 1, tzinfo=UTC)


# --- The night ---------------------------------------------------------------------------------


def test_the_window_runs_from_ten_at_night_to_six_the_next_morning_in_london():
    start, end = night_window(date(2025, 7, 10))  # summer time: UTC+1
    assert start == datetime(2025, 7, 10, 21, 0, tzinfo=UTC)
    assert end == datetime(2025, 7, 11, 5, 0, tzinfo=UTC)
    start, end = night_window(date(2025, 11, 13))  # winter: UTC
    assert (start, end) == (
        datetime(2025, 11, 13, 22, 0, tzinfo=UTC),
        datetime(2025, 11, 14, 6, 0, tzinfo=UTC),
    )


def test_the_night_the_clocks_go_back_is_nine_hours_long():
    start, end = night_window(date(2025, 10, 25))  # BST ends at 2am on 26 October
    assert start == datetime(2025, 10, 25, 21, 0, tzinfo=UTC)  # 10pm BST
    assert end == datetime(2025, 10, 26, 6, 0, tzinfo=UTC)  # 6am GMT
    assert (end - start).total_seconds() == 9 * 3600


def test_the_window_in_words():
    assert window_text(date(2025, 11, 13)) == "10pm on 13 November to 6am on 14 November 2025"
    assert window_text(date(2025, 12, 31)) == "10pm on 31 December 2025 to 6am on 1 January 2026"


# --- A person's record in the return's categories ------------------------------------------------


@pytest.mark.parametrize(
    ("gender", "band"),
    [("man", "male"), ("woman", "female"), ("non_binary", "other"),
     ("self_described", "other"), ("not_said", "not_known"), ("unknown", "not_known")],
)  # fmt: skip
def test_gender_bands(gender, band):
    assert gender_band(gender) == band


def _age(born, precision="exact", *, on=date(2025, 11, 13), estimated=None, estimated_on=None):
    return age_band(
        birth_date=born,
        precision=precision,
        estimated_age_years=estimated,
        estimated_on=estimated_on,
        on=on,
    )


def test_age_bands_on_the_night_from_an_exact_date_of_birth():
    night = date(2025, 11, 13)
    assert _age(date(2007, 11, 13), on=night) == "18_25"  # 18 that day
    assert _age(date(2007, 11, 14), on=night) == "under_18"  # 18 the next day
    assert _age(date(1999, 11, 14), on=night) == "18_25"  # 25 until tomorrow
    assert _age(date(1999, 11, 13), on=night) == "26_plus"  # 26 that day
    assert _age(None, "unknown") == "not_known"
    assert _age(date(2030, 1, 1)) == "not_known"  # born after the night: a mistake


def test_a_date_known_to_the_month_or_year_gives_a_band_only_when_every_day_in_it_agrees():
    night = date(2025, 11, 13)
    assert _age(date(2007, 10, 1), "month", on=night) == "18_25"  # 18 by the end of October
    assert _age(date(2007, 11, 1), "month", on=night) == "not_known"  # 17 or 18 on the night
    assert _age(date(2007, 12, 1), "month", on=night) == "under_18"
    assert _age(date(1990, 1, 1), "year", on=night) == "26_plus"
    assert _age(date(1999, 1, 1), "year", on=night) == "not_known"  # 25 or 26
    assert _age(date(2001, 1, 1), "year", on=night) == "18_25"


def test_an_estimated_age_moves_on_with_the_years():
    assert _age(date(2008, 1, 1), "estimated", estimated=17, estimated_on=date(2024, 6, 1)) == (
        "18_25"  # 17 in June 2024, so about 18 in November 2025
    )
    assert _age(None, "estimated", estimated=30, estimated_on=date(2025, 1, 1)) == "26_plus"


@pytest.mark.parametrize(
    ("written", "band"),
    [
        ("British", "uk"), ("UK", "uk"), ("U.K.", "uk"), ("English", "uk"), ("Welsh", "uk"),
        ("Northern Irish", "uk"), ("British citizen", "uk"), ("British / Polish", "uk"),
        ("Polish", "eu"), ("Romania", "eu"), ("Irish", "eu"), ("Republic of Ireland", "eu"),
        ("the Netherlands", "eu"), ("Czech Republic", "eu"), ("Greek Cypriot", "eu"),
        ("Lithuanian and Russian", "eu"), ("EU national", "eu"),
        ("Eritrean", "non_eu"), ("Sudan", "non_eu"), ("Swiss", "non_eu"),
        ("Australian", "non_eu"), ("non-EU citizen", "non_eu"), ("Ukrainian", "non_eu"),
        ("", "not_known"), ("   ", "not_known"), ("Not known", "not_known"),
        ("European", "not_known"), ("Prefers not to say", "not_known"), ("Roma", "not_known"),
    ],
)  # fmt: skip
def test_nationality_bands_from_free_text(written, band):
    assert nationality_band(written) == band


# --- The return's table ------------------------------------------------------------------------


def test_a_count_adds_up_by_construction():
    figures = figures_from(
        method="count",
        total=None,  # a count's total is its rows
        combinations=[("male", "26_plus", "uk", 3), ("female", "18_25", "eu", 1),
                      ("male", "not_known", "not_known", 2)],
        night=NIGHT,
        now=AFTER,
    )  # fmt: skip
    assert figures.total == 6
    assert [(line.code, line.count) for line in figures.breakdown("gender").lines] == [
        ("male", 5), ("female", 1), ("other", 0), ("not_known", 0),
    ]  # fmt: skip
    assert [line.count for line in figures.breakdown("age").lines] == [0, 1, 3, 2]
    assert [line.count for line in figures.breakdown("nationality").lines] == [3, 1, 0, 2]
    assert figures.adds_up and figures.is_ready


def test_an_estimate_must_add_up_to_its_total():
    rows = [("male", "26_plus", "uk", 4)]
    short = figures_from(method="estimate", total=6, combinations=rows, night=NIGHT, now=AFTER)
    assert not short.adds_up
    assert short.problems == (
        "The breakdowns add up to 4 people but the total is 6. Add a row for each of the other "
        "2 people (choose “Not known” for what you do not know), or change the total.",
    )
    over = figures_from(method="both", total=3, combinations=rows, night=NIGHT, now=AFTER)
    assert over.problems[0].startswith("The breakdowns add up to 4 people but the total is 3.")
    missing = figures_from(method="estimate", total=None, combinations=rows, night=NIGHT, now=AFTER)
    assert missing.problems[0].startswith("Enter the total")
    exact = figures_from(method="estimate", total=4, combinations=rows, night=NIGHT, now=AFTER)
    assert exact.is_ready


def test_a_count_cannot_be_ready_before_its_night_is_over():
    figures = figures_from(
        method="count",
        total=None,
        combinations=[],
        night=date(2025, 11, 13),
        now=datetime(2025, 11, 14, 5, 59, tzinfo=UTC),
    )
    assert figures.problems == (
        "The night is not over yet: you can submit after 6am on 14 November 2025.",
    )
    assert figures_from(
        method="count",
        total=None,
        combinations=[],
        night=date(2025, 11, 13),
        now=datetime(2025, 11, 14, 6, 0, tzinfo=UTC),
    ).is_ready


# --- What the street contacts say ----------------------------------------------------------------


@pytest.fixture
def night_of_contacts(world, coordinator_user):
    """Hand-made: Ann twice (22:00 and 05:59), Bob once (06:00 exactly, still in), two people
    not identified, and contacts that do not count: Ann at 21:59, Cat at 06:01, Dan met but
    not bedded down, Eve restricted, Fay in Birmingham."""
    people = {
        name: make_person(world.council, by=coordinator_user, given_name=name)
        for name in ("Ann", "Bob", "Cat", "Dan", "Eve")
    }
    people["Fay"] = make_person(world.brum_council, given_name="Fay")
    place = Place.objects.create(partnership=world.coventry, name="Broadgate")
    morning = NIGHT + date.resolution
    seen(world, london(NIGHT, 21, 59), person=people["Ann"])
    seen(world, london(NIGHT, 22, 0), person=people["Ann"])
    seen(world, london(morning, 5, 59), person=people["Ann"], place=place)
    seen(world, london(morning, 6, 0), person=people["Bob"])
    seen(world, london(morning, 6, 1), person=people["Cat"])
    seen(world, london(NIGHT, 23, 0), person=people["Dan"], bedded_down=False)
    seen(world, london(NIGHT, 23, 0), person=people["Eve"])
    seen(world, london(NIGHT, 23, 30), description="Young woman, pink rucksack")
    seen(world, london(morning, 1, 0), description="Young woman, pink rucksack")
    seen(world, london(NIGHT, 23, 0), person=people["Fay"], partnership=world.birmingham)
    people["Eve"].restricted_at = london(NIGHT, 12, 0)
    people["Eve"].save()
    return people, place


def test_the_window_takes_both_ends_and_nothing_outside(world, night_of_contacts):
    people, _ = night_of_contacts
    contacts = bedded_down_in_window(world.coventry.pk, NIGHT)
    named = [c.person_id for c in contacts if c.person_id]
    assert named == [people["Ann"].pk, people["Ann"].pk, people["Bob"].pk]
    assert len([c for c in contacts if c.person_id is None]) == 2


def test_each_person_once_with_their_latest_contact_and_each_unidentified_contact(
    world, night_of_contacts
):
    people, place = night_of_contacts
    sightings = night_sightings(world.coventry.pk, NIGHT)
    assert set(sightings.people) == {people["Ann"].pk, people["Bob"].pk}
    assert sightings.people[people["Ann"].pk].place == place  # her 05:59 contact
    assert len(sightings.unidentified) == 2  # two contacts: perhaps the same woman, unknown
    assert sightings.total == 4


def test_new_this_month_means_not_seen_bedded_down_in_the_five_years_before_the_month(
    world, coordinator_user
):
    old = make_person(world.council, by=coordinator_user, given_name="Old")
    earlier = make_person(world.council, by=coordinator_user, given_name="Earlier")
    returner = make_person(world.council, by=coordinator_user, given_name="Returner")
    fresh = make_person(world.council, by=coordinator_user, given_name="Fresh")
    only_met = make_person(world.council, by=coordinator_user, given_name="Met")
    seen(world, london(date(2024, 3, 1), 23), person=old)  # within 60 months: not new
    seen(world, london(date(2025, 11, 2), 23), person=earlier)  # this month already: new
    seen(world, london(date(2020, 10, 31), 23), person=returner)  # before the 60 months: new
    seen(world, london(date(2025, 6, 1), 12), person=only_met, bedded_down=False)  # not seen
    ids = [p.pk for p in (old, earlier, returner, fresh, only_met)]
    assert new_people(ids, NIGHT) == {earlier.pk, returner.pk, fresh.pk, only_met.pk}
    assert new_people([], NIGHT) == set()


def test_the_monthly_suggestion(world, night_of_contacts):
    people, _ = night_of_contacts
    seen(world, london(date(2025, 9, 1), 23), person=people["Bob"])  # Bob is not new
    suggestion = suggest_monthly(world.coventry.pk, NIGHT)
    assert (suggestion.seen, suggestion.identified, suggestion.unidentified) == (4, 2, 2)
    assert suggestion.new == 1  # Ann; the unidentified are never counted as new


def test_the_last_twelve_months_end_with_this_one():
    months = last_months(date(2026, 2, 17))
    assert months[0] == date(2025, 3, 1)
    assert months[-1] == date(2026, 2, 1)
    assert len(months) == 12
