"""Room for all's figures, each proved on a fixture: which nights, the places free each night
(what counts as a place, which placements take one that night, severe weather beds only on
nights SWEP covers), the people expected (without accommodation now plus the recent rate of
new people, rounded up), and the shortfall or surplus."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from waypost.housing.models import AccommodationKind, EndReason, HousingSettings, UnitStatus
from waypost.housing.placement_actions import end_placement, place_person
from waypost.housing.room_for_all import nights_ahead, nights_for, swep_nights
from waypost.housing.tests.test_placement_helpers import make_scheme, make_unit, person_on_list
from waypost.outreach.models import ByNameEntry, ListStatus
from waypost.swep.models import Activation, ActivationKind, ActivationStatus

LONDON = ZoneInfo("Europe/London")
WEDNESDAY = date(2026, 1, 7)
T = WEDNESDAY


def at(day: date, hour: int = 12, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


@pytest.mark.parametrize(
    ("today", "nights"),
    [
        (date(2026, 1, 5), [5, 9, 10, 11]),  # Monday: tonight, then Friday to Sunday
        (date(2026, 1, 7), [7, 9, 10, 11]),  # Wednesday
        (date(2026, 1, 8), [8, 9, 10, 11]),  # Thursday: Friday is next
        (date(2026, 1, 9), [9, 10, 11]),  # Friday: the weekend from tonight
        (date(2026, 1, 10), [10, 11]),  # Saturday: the rest of it
        (date(2026, 1, 11), [11]),  # Sunday: just tonight
    ],
)
def test_the_nights_are_tonight_and_the_coming_weekend(today, nights):
    assert [n.day for n in nights_for(today)] == nights


def _activation(world, starts_at, expected_end_at, status=ActivationStatus.ACTIVE, **more):
    return Activation.objects.create(
        partnership=world.coventry,
        kind=ActivationKind.COLD,
        status=status,
        starts_at=starts_at,
        expected_end_at=expected_end_at,
        **more,
    )


def test_swep_covers_a_night_it_is_active_for_any_part_of(world):
    night = T
    _activation(world, at(T, 20), at(T + timedelta(days=1), 8))  # tonight, until 8am
    assert swep_nights(world.coventry.pk, [night, night + timedelta(days=1)]) == {night}
    Activation.objects.all().delete()
    _activation(world, at(T + timedelta(days=1), 9), at(T + timedelta(days=1), 23))
    assert swep_nights(world.coventry.pk, [night]) == set()  # starts as the night ends
    Activation.objects.all().delete()
    _activation(world, at(T, 1), at(T, 18))  # over before the evening
    assert swep_nights(world.coventry.pk, [night]) == set()
    Activation.objects.all().delete()
    _activation(world, at(T), at(T + timedelta(days=3)), status=ActivationStatus.PROPOSED)
    _activation(world, at(T), at(T + timedelta(days=3)), status=ActivationStatus.ENDED)
    assert swep_nights(world.coventry.pk, [night]) == set()  # only an active one counts
    assert swep_nights(world.birmingham.pk, [night]) == set()


def _place(person, unit, by, *, started, expected=None):
    return place_person(
        person, unit, agency=person.recorded_by_agency, by=by, started_on=started,
        expected_end_on=expected,
    )  # fmt: skip


def _on_list(world, by, added: datetime, status=ListStatus.ROUGH_SLEEPING, **fields):
    person = person_on_list(world.council, by, status, **fields)
    ByNameEntry.objects.filter(person=person).update(added_at=added)
    return person


def build(world, by):
    """The fixture, on Wednesday T (nights: Wednesday, Friday, Saturday, Sunday).

    Places: night shelter A 1, B 1, C 2, G 1, H 1, I 1 and hostel J 2 (9), and SWEP M, N
    (2, on Wednesday only). Not counted: held D, out of use E, inactive F, a supported scheme,
    a closed scheme, another partnership's beds.
    Taken: B all nights; C one place on Wednesday (expected to leave Friday); G every night
    (its expected end has passed, still open); H from Saturday; I ended.
    Without accommodation now: P5 (placement abandoned), R1, R2, R3 (at risk) = 4.
    New in the last 28 days: R1, R2, Q, P5, E1 (the window's first half hour), S1, S2 = 7.
    """
    shelter = make_scheme(world.shelter, "Shelter", kind=AccommodationKind.NIGHT_SHELTER)
    a, b = make_unit(shelter, "A"), make_unit(shelter, "B")
    c = make_unit(shelter, "C", sleeps=2)
    make_unit(shelter, "D", status=UnitStatus.HELD)
    make_unit(shelter, "E", status=UnitStatus.OUT_OF_USE)
    make_unit(shelter, "F").__class__.objects.filter(label="F").update(is_active=False)
    g, h, i = make_unit(shelter, "G"), make_unit(shelter, "H"), make_unit(shelter, "I")
    hostel = make_scheme(world.shelter, "Hostel", kind=AccommodationKind.HOSTEL)
    j = make_unit(hostel, "J", sleeps=2)
    make_unit(make_scheme(world.shelter, "Supported", kind=AccommodationKind.SUPPORTED), "K")
    make_unit(make_scheme(world.shelter, "Closed", is_active=False), "L")
    swep = make_scheme(world.shelter, "SWEP Hall", kind=AccommodationKind.SWEP)
    make_unit(swep, "M"), make_unit(swep, "N")
    make_unit(make_scheme(world.brum_council, "Brum"), "Z", sleeps=2)
    _activation(world, at(T, 12), at(T + timedelta(days=1), 9))  # Wednesday night only
    _activation(
        world, at(T + timedelta(days=3)), at(T + timedelta(days=4)), ActivationStatus.PROPOSED
    )

    long_ago = at(T - timedelta(days=60))
    p = [_on_list(world, by, long_ago, given_name=f"P{n}") for n in range(1, 5)]
    _place(p[0], b, by, started=T - timedelta(days=10))
    _place(p[1], c, by, started=T - timedelta(days=3), expected=T + timedelta(days=2))
    _place(p[2], g, by, started=T - timedelta(days=20), expected=T - timedelta(days=2))
    _place(p[3], h, by, started=T + timedelta(days=3))
    p5 = _on_list(world, by, at(T - timedelta(days=10)), given_name="P5")
    ended = _place(p5, i, by, started=T - timedelta(days=5))
    end_placement(ended, ended_on=T - timedelta(days=1), reason=EndReason.ABANDONMENT,
                  agency=world.council, by=by)  # fmt: skip
    _on_list(world, by, at(T - timedelta(days=3)), given_name="R1")
    _on_list(world, by, at(T - timedelta(days=27), 0, 30), given_name="R2")
    _on_list(world, by, at(T - timedelta(days=40)), ListStatus.AT_RISK, given_name="R3")
    _on_list(world, by, at(T - timedelta(days=1)), ListStatus.HOSPITAL, given_name="Q")
    _on_list(world, by, at(T - timedelta(days=28), 0, 30), ListStatus.HOUSED, given_name="E1")
    _on_list(world, by, at(T - timedelta(days=29), 23, 30), ListStatus.HOUSED, given_name="E2")
    _on_list(world, by, at(T - timedelta(days=7)), ListStatus.HOUSED, given_name="S1")
    _on_list(world, by, at(T - timedelta(days=14)), ListStatus.LEFT_AREA, given_name="S2")
    hidden = _on_list(world, by, at(T - timedelta(days=2)), given_name="Restricted")
    hidden.restricted_at = timezone.now()
    hidden.save()
    brum = person_on_list(world.brum_council, None, given_name="Brum")
    ByNameEntry.objects.filter(person=brum).update(added_at=at(T - timedelta(days=2)))
    return {"a": a, "j": j}


def test_each_number_on_the_fixture(world, caseworker_user):
    build(world, caseworker_user)
    figures = nights_ahead(world.coventry.pk, T)
    assert [f.night for f in figures] == [T + timedelta(days=d) for d in (0, 2, 3, 4)]
    assert [f.days_ahead for f in figures] == [1, 3, 4, 5]
    assert [f.swep_counted for f in figures] == [True, False, False, False]
    assert [f.places for f in figures] == [11, 9, 9, 9]
    assert [f.taken for f in figures] == [3, 2, 3, 3]
    assert [f.capacity for f in figures] == [8, 7, 6, 6]
    assert {f.without_accommodation for f in figures} == {4}
    assert {(f.new_people, f.window_days) for f in figures} == {(7, 28)}
    # 7 in 28 days is a quarter a day: 0.25, 0.75, 1 and 1.25, rounded up.
    assert [f.expected_new for f in figures] == [1, 1, 1, 2]
    assert [f.demand for f in figures] == [5, 5, 5, 6]
    assert [(f.surplus, f.shortfall, f.balance) for f in figures] == [
        (3, 0, 3),
        (2, 0, 2),
        (1, 0, 1),
        (0, 0, 0),
    ]
    assert HousingSettings.objects.get(partnership=world.coventry).new_people_window_days == 28


def test_a_shorter_window_and_fewer_beds_give_a_shortfall(world, caseworker_user):
    beds = build(world, caseworker_user)
    HousingSettings.objects.create(partnership=world.coventry, new_people_window_days=10)
    beds["j"].status = UnitStatus.OUT_OF_USE
    beds["j"].save()
    figures = nights_ahead(world.coventry.pk, T)
    # New since the start of T-10: R1, Q, P5, S1 = 4, so 0.4 a day.
    assert {f.new_people for f in figures} == {4}
    assert [f.expected_new for f in figures] == [1, 2, 2, 2]
    assert [f.demand for f in figures] == [5, 6, 6, 6]
    assert [f.capacity for f in figures] == [6, 5, 4, 4]
    assert [f.shortfall for f in figures] == [0, 1, 2, 2]
    assert [f.balance for f in figures] == [1, -1, -2, -2]


def test_another_partnership_counts_only_its_own(world, caseworker_user):
    build(world, caseworker_user)
    figures = nights_ahead(world.birmingham.pk, T)
    assert [(f.capacity, f.without_accommodation, f.new_people) for f in figures] == [(2, 1, 1)] * 4


def test_the_figures_cost_the_same_queries_however_many_beds(world, caseworker_user):
    build(world, caseworker_user)
    nights_ahead(world.coventry.pk, T)  # makes the settings row, the first time
    with CaptureQueriesContext(connection) as few:
        nights_ahead(world.coventry.pk, T)
    scheme = make_scheme(world.shelter, "Big Hostel", kind=AccommodationKind.HOSTEL)
    for n in range(30):
        bed = make_unit(scheme, f"Bed {n}")
        if n % 3 == 0:
            person = person_on_list(world.council, caseworker_user, given_name=f"N{n}")
            _place(person, bed, caseworker_user, started=T - timedelta(days=1))
    with CaptureQueriesContext(connection) as many:
        figures = nights_ahead(world.coventry.pk, T)
    assert len(many) == len(few) == 6  # units, placements, SWEP, demand, settings, new
    assert figures[0].capacity == 8 + 30 - 10
