"""The gap analysis counts: each person once per need from their latest assessment in the last
12 months at medium or high, in the area nearest where they were last met; services by the
categories that meet the need and the areas they are given in; gaps where people have a need
and no service is in reach; a fixed number of queries."""

from datetime import timedelta

import pytest
from django.utils import timezone

from waypost.directory.gap import UNKNOWN_AREA, GapAnalysis, gap_analysis, year_before
from waypost.directory.models import Location, LocationType, ServiceStatus
from waypost.directory.tests.test_gap_helpers import (
    CITY_CENTRE,
    FOLESHILL,
    HIGH,
    LOW,
    MEDIUM,
    NONE,
    TILE_HILL,
    TODAY,
    assess,
    make_areas,
    make_place,
    meet,
    near,
    person,
)
from waypost.testing.directory import make_location, make_service


def cell(analysis: GapAnalysis, domain: str, area: str):
    row = next(r for r in analysis.rows if r.domain == domain)
    index = next(i for i, c in enumerate(analysis.columns) if c.name == area)
    return row.cells[index]


def row(analysis: GapAnalysis, domain: str):
    return next(r for r in analysis.rows if r.domain == domain)


@pytest.fixture
def areas(world):
    return make_areas(world.coventry)


def analyse(world, today=TODAY):
    return gap_analysis(world.coventry, today=today)


def test_the_columns_are_the_areas_then_area_not_known(world, areas):
    analysis = analyse(world)
    assert [c.name for c in analysis.columns] == [
        "City centre",
        "Foleshill",
        "Tile Hill",
        UNKNOWN_AREA,
    ]
    # Only needs a category of service meets are analysed, in the assessment's order.
    assert [r.domain for r in analysis.rows] == [
        "housing_history",
        "physical_health",
        "mental_health",
        "drugs_alcohol",
        "finances",
        "identity_documents",
        "employment",
    ]
    assert row(analysis, "mental_health").categories == ("Mental health",)


def test_only_the_latest_assessment_counts(world, areas):
    someone = person(world.council)
    assess(someone, world.council, {"mental_health": HIGH}, on=TODAY - timedelta(days=200))
    assess(someone, world.council, {"mental_health": LOW, "drugs_alcohol": HIGH})
    meet(someone, world.outreach, near(FOLESHILL))
    analysis = analyse(world)
    assert row(analysis, "mental_health").people == 0
    assert cell(analysis, "drugs_alcohol", "Foleshill").people == 1
    assert analysis.people_assessed == 1 and analysis.people_with_need == 1


def test_each_person_counts_once_in_each_need(world, areas):
    first, second = person(world.council, "Alex"), person(world.council, "Sam")
    assess(first, world.council, {"mental_health": HIGH, "finances": MEDIUM})
    assess(second, world.council, {"mental_health": MEDIUM})
    for someone in (first, second):
        meet(someone, world.outreach, near(CITY_CENTRE), days_ago=3)
        meet(someone, world.outreach, near(CITY_CENTRE), days_ago=2)
    analysis = analyse(world)
    assert cell(analysis, "mental_health", "City centre").people == 2
    assert cell(analysis, "finances", "City centre").people == 1
    assert row(analysis, "mental_health").people == 2
    assert analysis.people_with_need == 2


def test_only_medium_and_high_are_needs(world, areas):
    for name, level in (("A", HIGH), ("B", MEDIUM), ("C", LOW), ("D", NONE)):
        assess(person(world.council, name), world.council, {"employment": level})
    analysis = analyse(world)
    assert row(analysis, "employment").people == 2
    assert analysis.people_assessed == 4 and analysis.people_with_need == 2


def test_the_window_is_the_last_12_months(world, areas):
    assert year_before(TODAY) == TODAY.replace(year=2025)
    inside, outside = person(world.council, "In"), person(world.council, "Out")
    assess(inside, world.council, {"finances": HIGH}, on=year_before(TODAY))
    assess(outside, world.council, {"finances": HIGH}, on=year_before(TODAY) - timedelta(days=1))
    future = person(world.council, "Later")
    assess(future, world.council, {"finances": HIGH}, on=TODAY + timedelta(days=1))
    analysis = analyse(world)
    assert row(analysis, "finances").people == 1
    assert analysis.people_assessed == 1


def test_a_leap_day_goes_back_to_28_february():
    from datetime import date

    assert year_before(date(2028, 2, 29)) == date(2027, 2, 28)


def test_the_area_is_nearest_to_where_they_were_last_met(world, areas):
    moved = person(world.council, "Moved")
    assess(moved, world.council, {"mental_health": HIGH})
    meet(moved, world.outreach, near(CITY_CENTRE), days_ago=9)
    meet(moved, world.outreach, near(TILE_HILL, by=0.01), days_ago=2)
    at_place = person(world.council, "Placed")
    assess(at_place, world.council, {"mental_health": HIGH})
    meet(at_place, world.outreach, place=make_place(world.coventry, "Canal", near(FOLESHILL)))
    # Met last where no position was noted: the latest contact with a position counts.
    unplaced = person(world.council, "Unplaced")
    assess(unplaced, world.council, {"mental_health": HIGH})
    meet(unplaced, world.outreach, near(FOLESHILL), days_ago=5)
    meet(unplaced, world.outreach, None, days_ago=1)
    analysis = analyse(world)
    assert cell(analysis, "mental_health", "Tile Hill").people == 1
    assert cell(analysis, "mental_health", "Foleshill").people == 2
    assert cell(analysis, "mental_health", "City centre").people == 0


def test_area_not_known_without_a_position_or_without_areas(world, areas):
    never_met = person(world.council, "Never")
    assess(never_met, world.council, {"identity_documents": HIGH})
    nowhere = person(world.council, "Nowhere")
    assess(nowhere, world.council, {"identity_documents": MEDIUM})
    meet(nowhere, world.outreach, None)
    analysis = analyse(world)
    assert cell(analysis, "identity_documents", UNKNOWN_AREA).people == 2
    # Birmingham has no areas: everyone there is in "Area not known".
    brum = person(world.brum_council, "Brum")
    assess(brum, world.brum_council, {"identity_documents": HIGH})
    meet(brum, world.outreach, near(CITY_CENTRE))
    brum_analysis = gap_analysis(world.birmingham, today=TODAY)
    assert [c.name for c in brum_analysis.columns] == [UNKNOWN_AREA]
    assert row(brum_analysis, "identity_documents").cells[0].people == 1


def test_restricted_merged_and_other_partnerships_people_are_not_counted(world, areas):
    restricted = person(world.council, "Restricted")
    assess(restricted, world.council, {"employment": HIGH})
    restricted.restricted_at = timezone.now()
    restricted.save()
    kept, merged = person(world.council, "Kept"), person(world.council, "Merged")
    assess(merged, world.council, {"employment": HIGH})
    merged.merged_into = kept
    merged.save()
    assess(person(world.brum_council, "Brum"), world.brum_council, {"employment": HIGH})
    analysis = analyse(world)
    assert row(analysis, "employment").people == 0 and analysis.people_assessed == 0


def test_services_count_by_category_and_area(world, areas):
    coventry = world.coventry
    foleshill = make_location(coventry, "Foleshill Hub", area=areas["Foleshill"])
    foleshill_2 = make_location(coventry, "Foleshill Clinic", area=areas["Foleshill"])
    tile_hill_map = make_location(
        coventry, "Tile Hill Surgery", latitude=near(TILE_HILL)[0], longitude=near(TILE_HILL)[1]
    )
    unplaceable = make_location(coventry, "Somewhere", latitude=None, longitude=None)
    phone_line = Location.objects.create(
        partnership=coventry, name="Phone", location_type=LocationType.VIRTUAL
    )
    hub = make_service(
        coventry, "Foleshill Mind", categories=("mental-health",), location=foleshill
    )
    hub.at_locations.create(location=foleshill_2)  # two places in one area: counts once there
    make_service(
        coventry, "Tile Hill GP", categories=("gp-no-fixed-abode", "nurse"), location=tile_hill_map
    )
    make_service(coventry, "Helpline", categories=("mental-health",), location=phone_line)
    make_service(coventry, "No Place Known", categories=("dental",), location=unplaceable)
    make_service(coventry, "General Health Bus", categories=("health",))  # a parent only
    make_service(
        coventry, "Closed Clinic", categories=("mental-health",), status=ServiceStatus.INACTIVE
    )
    make_service(world.birmingham, "Brum Mind", categories=("mental-health",))
    analysis = analyse(world)
    mental = row(analysis, "mental_health")
    assert mental.services == 2
    assert [c.services for c in mental.cells] == [1, 2, 1, 2]  # the helpline is everywhere
    physical = row(analysis, "physical_health")
    assert physical.services == 2  # two categories of one service count once
    assert [c.services for c in physical.cells] == [0, 0, 1, 2]
    assert row(analysis, "finances").services == 0


def test_gaps_are_flagged_and_largest_first(world, areas):
    coventry = world.coventry
    make_service(
        coventry,
        "Foleshill Mind",
        categories=("mental-health",),
        location=make_location(coventry, "Hub", area=areas["Foleshill"]),
    )
    for n in range(3):
        someone = person(world.council, f"Tile{n}")
        assess(someone, world.council, {"mental_health": HIGH})
        meet(someone, world.outreach, near(TILE_HILL))
    someone = person(world.council, "Centre")
    assess(someone, world.council, {"mental_health": HIGH, "drugs_alcohol": HIGH})
    meet(someone, world.outreach, near(CITY_CENTRE))
    someone = person(world.council, "Fol")
    assess(someone, world.council, {"mental_health": HIGH})
    meet(someone, world.outreach, near(FOLESHILL))
    analysis = analyse(world)
    assert cell(analysis, "mental_health", "Tile Hill").is_gap
    assert not cell(analysis, "mental_health", "Foleshill").is_gap  # a service there
    assert not cell(analysis, "finances", "Tile Hill").is_gap  # no one needs it
    assert [(g.need, g.area, g.people) for g in analysis.gaps()] == [
        ("Mental health", "Tile Hill", 3),
        ("Mental health", "City centre", 1),
        ("Drugs and alcohol", "City centre", 1),
    ]
    # Hidden counts (below 5 for a commissioner) rank equal: the table's order.
    assert [g.area for g in analysis.gaps(smallest_ranked=5)] == [
        "City centre",
        "Tile Hill",
        "City centre",
    ]


def test_the_number_of_queries_is_fixed(world, areas, django_assert_num_queries):
    def add_people(start, count):
        for n in range(start, start + count):
            someone = person(world.council, f"P{n}")
            assess(someone, world.council, {"mental_health": HIGH, "finances": MEDIUM})
            meet(someone, world.outreach, near(FOLESHILL), days_ago=3)
            meet(someone, world.outreach, near(TILE_HILL), days_ago=1)
            make_service(
                world.coventry,
                f"S{n}",
                categories=("mental-health",),
                location=make_location(world.coventry, f"L{n}", area=areas["Foleshill"]),
            )

    add_people(0, 1)
    with django_assert_num_queries(5):
        analyse(world)
    add_people(1, 15)
    with django_assert_num_queries(5):
        analysis = analyse(world)
    assert cell(analysis, "mental_health", "Tile Hill").people == 16
