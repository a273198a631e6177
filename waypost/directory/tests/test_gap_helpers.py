"""Helpers for the gap analysis tests (people with assessments, met somewhere on the street,
in three areas of Coventry), and a check that they make what they say."""

from datetime import UTC, date, datetime, timedelta

from waypost.cases.models import Assessment, AssessmentAnswer, Level
from waypost.outreach.models import Place, StreetContact
from waypost.testing.directory import make_area
from waypost.testing.people import make_person

# Three areas of Coventry, a few miles apart.
CITY_CENTRE = (52.40800, -1.51000)
FOLESHILL = (52.43000, -1.49500)
TILE_HILL = (52.40000, -1.59000)
TODAY = date(2026, 3, 14)


def make_areas(partnership):
    return {
        name: make_area(partnership, name, latitude=f"{lat:.5f}", longitude=f"{lng:.5f}")
        for name, (lat, lng) in (
            ("City centre", CITY_CENTRE),
            ("Foleshill", FOLESHILL),
            ("Tile Hill", TILE_HILL),
        )
    }


def near(point, by=0.002):
    """A point a little way from `point` (a couple of hundred metres)."""
    return (round(point[0] + by, 5), round(point[1] - by, 5))


def person(agency, name="Alex", **fields):
    return make_person(agency, given_name=name, family_name=f"{name}son", **fields)


def assess(someone, agency, levels, *, on=TODAY):
    """An assessment of `someone` on `on` with {domain: level}."""
    assessment = Assessment.objects.create(
        person=someone, recorded_by_agency=agency, assessed_on=on
    )
    for domain, level in levels.items():
        AssessmentAnswer.objects.create(assessment=assessment, domain=domain, level=level)
    return assessment


def meet(someone, agency, point=None, *, days_ago=1, place=None):
    """A street contact with `someone`, at `point` (latitude, longitude) or a place."""
    return StreetContact.objects.create(
        partnership=someone.partnership,
        person=someone,
        contacted_at=datetime(2026, 3, 14, 22, 0, tzinfo=UTC) - timedelta(days=days_ago),
        latitude=None if point is None else f"{point[0]:.5f}",
        longitude=None if point is None else f"{point[1]:.5f}",
        place=place,
        bedded_down=True,
        recorded_by_agency=agency,
    )


def make_place(partnership, name, point):
    return Place.objects.create(
        partnership=partnership,
        name=name,
        latitude=f"{point[0]:.5f}",
        longitude=f"{point[1]:.5f}",
    )


HIGH, MEDIUM, LOW, NONE = Level.HIGH, Level.MEDIUM, Level.LOW, Level.NONE


def test_the_helpers_make_what_they_say(world):
    areas = make_areas(world.coventry)
    someone = person(world.council)
    assessment = assess(someone, world.council, {"mental_health": HIGH})
    contact = meet(someone, world.outreach, near(FOLESHILL))
    assert set(areas) == {"City centre", "Foleshill", "Tile Hill"}
    assert assessment.answers.get().level == HIGH
    assert contact.person == someone and contact.latitude is not None
