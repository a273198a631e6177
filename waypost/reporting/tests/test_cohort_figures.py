"""The cohort figures (waypost.reporting.cohort) on the hand-computed fixture in
waypost.testing.cohort: each count below was worked out from the comments there."""

from collections import Counter
from datetime import date

import pytest

from waypost.cases.models import Domain, Level
from waypost.reporting import cohort
from waypost.testing.cohort import build_cohort

JUNE_30 = date(2026, 6, 30)


@pytest.fixture
def fixture(world):
    return build_cohort(world)


@pytest.fixture
def figures(world, fixture):
    return cohort.cohort_figures(world.coventry, [JUNE_30])[JUNE_30]


def test_the_cohort_is_who_is_on_the_list_and_not_housed(figures):
    assert figures.people == 4  # Ann, Bob, Cat, Dan (not housed Eve, restricted Fay, later Gus)


def test_ages_on_the_date(figures):
    assert figures.ages == Counter({"26 to 35": 2, "Under 18": 1, "56 or over": 1})


def test_gender_and_nationality(figures):
    assert figures.genders == Counter({"Man": 2, "Woman": 1, "Another gender": 1})
    assert figures.nationalities == Counter(
        {"UK": 1, "EU (not UK)": 1, "Not EU": 1, "Not known": 1}
    )


def test_time_since_first_seen_sleeping_rough(figures):
    assert figures.time_rough == Counter(
        {
            "Under 3 months": 1,
            "3 to 6 months": 1,
            "5 years or more": 1,
            "Not seen bedded down": 1,
        }
    )


def test_routes_onto_the_street_from_the_latest_referral(figures):
    assert figures.routes == Counter(
        {
            "Leaving hospital": 1,
            "Leaving prison": 1,
            "End of a private rented tenancy": 1,
            "No referral recorded": 1,
        }
    )


def test_needs_and_health_from_the_latest_assessment_by_the_date(figures):
    assert figures.assessed == 2 and figures.not_assessed == 2
    assert figures.health == Counter(
        {
            cohort.PHYSICAL: 1,  # Bob (his July assessment is after the date)
            cohort.MENTAL: 1,
            cohort.DRUGS_ALCOHOL: 1,
            cohort.DUAL: 1,
            cohort.NPS: 1,
        }
    )
    assert figures.domains[Domain.PHYSICAL_HEALTH] == Counter({Level.HIGH: 1, Level.LOW: 1})
    assert figures.domains[Domain.MENTAL_HEALTH] == Counter({Level.HIGH: 1})


def test_the_quarter_ends_of_the_last_two_years():
    assert cohort.quarter_ends(JUNE_30) == [
        date(2024, 6, 30),
        date(2024, 9, 30),
        date(2024, 12, 31),
        date(2025, 3, 31),
        date(2025, 6, 30),
        date(2025, 9, 30),
        date(2025, 12, 31),
        date(2026, 3, 31),
    ]
    assert cohort.quarter_ends(date(2026, 7, 1))[-1] == JUNE_30


def test_the_cohort_over_time(world, fixture):
    dates = [*cohort.quarter_ends(JUNE_30), JUNE_30]
    found = cohort.cohort_figures(world.coventry, dates)
    assert [found[d].people for d in dates] == [1, 1, 1, 2, 2, 3, 3, 4, 4]
    assert [found[d].assessed for d in dates] == [0, 0, 0, 1, 1, 1, 1, 2, 2]
    assert [found[d].health[cohort.PHYSICAL] for d in dates] == [0, 0, 0, 1, 1, 1, 1, 1, 1]
    assert [found[d].health[cohort.DUAL] for d in dates] == [0] * 7 + [1, 1]
    # Eve's age is not known; she is in the cohort from March 2025 until she was housed.
    assert [found[d].ages["Not known"] for d in dates] == [0, 0, 0, 1, 1, 1, 1, 1, 0]


@pytest.mark.parametrize(
    ("first_seen", "on", "band"),
    [
        (date(2026, 1, 31), date(2026, 4, 29), "Under 3 months"),
        (date(2026, 1, 31), date(2026, 4, 30), "3 to 6 months"),  # 3 months on: 30 April
        (date(2025, 6, 30), date(2026, 6, 29), "6 months to 1 year"),
        (date(2025, 6, 30), date(2026, 6, 30), "1 to 2 years"),
        (date(2021, 6, 30), date(2026, 6, 30), "5 years or more"),
        (date(2026, 7, 1), date(2026, 6, 30), "Not seen bedded down"),
        (None, date(2026, 6, 30), "Not seen bedded down"),
    ],
)
def test_time_bands_at_their_edges(first_seen, on, band):
    assert cohort.time_band(first_seen, on) == band


def test_a_birth_month_that_spans_two_bands_is_not_known():
    # Born in June 2000: 25 or 26 on 15 June 2026, which are in different bands.
    band = cohort.age_band(
        birth_date=date(2000, 6, 1),
        precision="month",
        estimated_age_years=None,
        estimated_on=None,
        on=date(2026, 6, 15),
    )
    assert band == "Not known"
