"""The end-of-activation report's figures, number by number, on a fixture of one activation
(three nights, 5 to 7 January 2026) with people whose outcomes, placements and moves on were
chosen to test each rule. See waypost/swep/report.py for the definitions."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from waypost.housing.models import (
    AccommodationKind,
    EndReason,
    Landlord,
    LandlordKind,
    Placement,
    Property,
    Tenancy,
)
from waypost.swep.models import ActivationStatus, SweepOutcome, SweepRecord
from waypost.swep.report import MoveOn, activation_report
from waypost.swep.tests.test_sweep_helpers import listed, make_activation, make_scheme

LONDON = ZoneInfo("Europe/London")
JAN = {day: date(2026, 1, day) for day in range(1, 31)}


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 1, day, hour, minute, tzinfo=LONDON)


class Fixture:
    """Who did what (nights are 5, 6 and 7 January):

    - A: night 5 not found then offered; night 6 declined; night 7 accepted (a SWEP bed,
      7 to 9 January), then supported accommodation from 9 January (a move on).
    - B: night 5 declined; night 6 accepted (a SWEP bed, 6 to 7 January, abandoned).
    - C: not found on each night.
    - D: night 6 not found; night 7 offered.
    - E: found new on night 6 and offered, then accepted (a night shelter bed from 6 January,
      still there), then a tenancy from 20 January (a move on).
    - H: night 5 accepted (a SWEP bed from 5 January, still there); supported accommodation
      from 1 to 2 January, before SWEP (not a move on).
    - G: in a SWEP bed from 4 to 6 January, placed by the housing team (no sweep record).
    - I: in a night shelter bed from 5 January, placed by the housing team: not a SWEP bed.
    - F: restricted: accepted a SWEP bed on night 5, counted nowhere.
    - Someone in Birmingham in a SWEP bed, and a record of another Coventry activation.
    """

    def __init__(self, world) -> None:
        council, shelter = world.council, world.shelter
        self.activation = make_activation(
            world.coventry,
            status=ActivationStatus.ENDED,
            starts_at=at(5, 18),
            nights=3,
            ended_at=at(8, 9),
        )
        self.swep_beds = iter(make_scheme(shelter, "SWEP hall", beds=6))
        self.shelter_beds = iter(
            make_scheme(shelter, "Night shelter", kind=AccommodationKind.NIGHT_SHELTER, beds=3)
        )
        self.supported = iter(
            make_scheme(shelter, "Supported flats", kind=AccommodationKind.SUPPORTED, beds=3)
        )
        self.agency = council
        p = {name: listed(council, given_name=name) for name in "ABCDEFGHI"}
        self.people = p

        self.record(p["A"], 5, SweepOutcome.NOT_FOUND, at(5, 20))
        self.record(p["A"], 5, SweepOutcome.OFFERED, at(5, 22))
        self.record(p["A"], 6, SweepOutcome.DECLINED, at(6, 21), reason="Has a dog")
        a_bed = self.place(p["A"], self.swep_beds, 7, ended=9)
        self.record(p["A"], 7, SweepOutcome.ACCEPTED, at(7, 23), placement=a_bed)
        self.place(p["A"], self.supported, 9)

        self.record(p["B"], 5, SweepOutcome.DECLINED, at(5, 21), reason="Staying with friends")
        b_bed = self.place(p["B"], self.swep_beds, 6, ended=7, reason=EndReason.ABANDONMENT)
        self.record(p["B"], 6, SweepOutcome.ACCEPTED, at(7, 1), placement=b_bed)

        for day in (5, 6, 7):
            self.record(p["C"], day, SweepOutcome.NOT_FOUND, at(day, 23))

        self.record(p["D"], 6, SweepOutcome.NOT_FOUND, at(6, 22))
        self.record(p["D"], 7, SweepOutcome.OFFERED, at(8, 2))

        self.record(p["E"], 6, SweepOutcome.OFFERED, at(6, 20), found_new=True)
        e_bed = self.place(p["E"], self.shelter_beds, 6)
        self.record(p["E"], 6, SweepOutcome.ACCEPTED, at(6, 20, 30), placement=e_bed)
        landlord = Landlord.objects.create(
            partnership=world.coventry, name="Homes", kind=LandlordKind.PRIVATE
        )
        home = Property.objects.create(
            partnership=world.coventry, landlord=landlord, address="1 Road"
        )
        Tenancy.objects.create(
            person=p["E"],
            partnership=world.coventry,
            property=home,
            landlord=landlord,
            started_on=JAN[20],
            recorded_by_agency=council,
        )

        self.place(p["H"], self.supported, 1, ended=2, reason=EndReason.MOVE_ON)
        h_bed = self.place(p["H"], self.swep_beds, 5)
        self.record(p["H"], 5, SweepOutcome.ACCEPTED, at(5, 19), placement=h_bed)

        self.place(p["G"], self.swep_beds, 4, ended=6)
        self.place(p["I"], self.shelter_beds, 5)

        f_bed = self.place(p["F"], self.swep_beds, 5)
        self.record(p["F"], 5, SweepOutcome.ACCEPTED, at(5, 20), placement=f_bed, found_new=True)
        p["F"].restricted_at = at(9, 9)
        p["F"].save()

        brum = listed(world.brum_council)
        brum_bed = make_scheme(world.brum_council, "Brum SWEP", beds=1)[0]
        Placement.objects.create(
            person=brum,
            partnership=world.birmingham,
            unit=brum_bed,
            scheme=brum_bed.scheme,
            started_on=JAN[5],
            recorded_by_agency=world.brum_council,
        )
        other = make_activation(
            world.coventry,
            status=ActivationStatus.ENDED,
            starts_at=at(1, 18),
            nights=1,
            ended_at=at(2, 9),
        )
        SweepRecord.objects.create(
            activation=other,
            person=p["C"],
            night=JAN[1],
            outcome=SweepOutcome.ACCEPTED,
            recorded_by_agency=council,
        )

    def record(self, person, night, outcome, when, *, reason="", placement=None, found_new=False):
        SweepRecord.objects.create(
            activation=self.activation,
            person=person,
            night=JAN[night],
            outcome=outcome,
            declined_reason=reason,
            placement=placement,
            found_new=found_new,
            recorded_at=when,
            recorded_by_agency=self.agency,
        )

    def place(self, person, beds, started, *, ended=None, reason=EndReason.MOVE_ON):
        unit = next(beds)
        return Placement.objects.create(
            person=person,
            partnership_id=person.partnership_id,
            unit=unit,
            scheme=unit.scheme,
            started_on=JAN[started],
            ended_on=JAN[ended] if ended else None,
            end_reason=reason if ended else "",
            recorded_by_agency=self.agency,
        )


@pytest.fixture
def report(world, django_assert_max_num_queries):
    fixture = Fixture(world)
    with django_assert_max_num_queries(4):
        return activation_report(fixture.activation, now=at(20, 12))


def test_nights_active(report):
    assert report.nights_active == 3
    assert (report.first_night, report.last_night) == (JAN[5], JAN[7])
    assert [n.night for n in report.nights] == [JAN[5], JAN[6], JAN[7]]


def test_people_by_outcome(report):
    assert report.people_offered == 5  # A, B, D, E, H
    assert report.people_accepted == 4  # A, B, E, H
    assert report.people_declined == 2  # A, B
    assert report.people_not_found == 1  # C
    assert report.new_people_found == 1  # E (F is restricted)


def test_outcomes_each_night(report):
    five, six, seven = report.nights
    assert (five.offered, five.accepted, five.declined, five.not_found) == (1, 1, 1, 1)
    assert (six.offered, six.accepted, six.declined, six.not_found) == (0, 2, 1, 2)
    assert (seven.offered, seven.accepted, seven.declined, seven.not_found) == (1, 1, 0, 1)
    assert [n.new_people for n in report.nights] == [0, 1, 0]
    assert [n.looked_for for n in report.nights] == [4, 5, 3]


def test_beds_used_each_night(report):
    # 5th: H and G. 6th: B, E (a night shelter bed the sweep placed them in) and H.
    # 7th: A, E and H (B's bed ended on the 7th; G's on the 6th).
    assert [n.beds_used for n in report.nights] == [2, 3, 3]
    assert report.most_beds_used == 3


def test_moves_on(report):
    assert report.moved_on == 2
    assert report.moves_on == (MoveOn("Supported accommodation", 1), MoveOn("Tenancy", 1))


def test_an_active_activation_counts_to_tonight(world):
    activation = make_activation(world.coventry, starts_at=at(5, 18), nights=5)
    assert activation_report(activation, now=at(7, 10)).nights_active == 2  # 5th and 6th
    assert activation_report(activation, now=at(7, 13)).nights_active == 3
    empty = activation_report(activation, now=at(7, 13))
    assert (empty.people_offered, empty.moved_on, empty.most_beds_used) == (0, 0, 0)


def test_an_activation_ended_before_its_first_night(world):
    activation = make_activation(
        world.coventry,
        status=ActivationStatus.ENDED,
        starts_at=at(5, 9),
        nights=2,
        ended_at=at(5, 11),
    )
    report = activation_report(activation)
    assert report.nights_active == 0
    assert report.nights == ()
    assert report.first_night is None
