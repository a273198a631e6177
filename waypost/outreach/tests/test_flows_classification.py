"""Flows (new, continuing, returner) on a hand-computed fixture across three months, January
to March 2026, with the region-wide check for "new" and the 60-month boundary.

Each person below says when they were seen bedded down and what the flows must make of them;
the expected table at the bottom was worked out by hand from these comments."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from waypost.accounts.models import Agency, AgencyType, Partnership
from waypost.outreach.flows import (
    CONTINUING,
    NEW,
    RETURNER,
    add_months,
    classify,
    month_flows,
    months_between,
)
from waypost.outreach.models import StreetContact
from waypost.people.actions import add_identifier
from waypost.people.models import IdentifierKind, Person
from waypost.testing.people import make_person

JAN, FEB, MAR = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)


def nhs_number(serial: int) -> str:
    """A valid NHS number in the 999 range (never issued) for a serial number."""
    digits = [9, 9, 9] + [int(d) for d in f"{serial:06d}"]
    check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11
    check = 0 if check == 11 else check
    assert check != 10, "pick another serial"
    return "".join(map(str, [*digits, check]))


def local(year: int, month: int, day: int, hour: int = 22, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour, minute))


def seen(person: Person | None, when: datetime, agency: Agency, *, bedded_down: bool = True):
    return StreetContact.objects.create(
        partnership=agency.partnership,
        person=person,
        description="" if person else "Man in a green coat, with a dog",
        contacted_at=when,
        bedded_down=bedded_down,
        recorded_by_agency=agency,
    )


def person_with_nhs(agency: Agency, name: str, serial: int) -> Person:
    person = make_person(agency, given_name=name)
    add_identifier(
        person, kind=IdentifierKind.NHS_NUMBER, value=nhs_number(serial), by=None, agency=agency
    )
    return person


@pytest.fixture
def three_months(world):
    return build_three_months(world)


def build_three_months(world):
    """Coventry's sightings (and its neighbours') behind the expected flows."""
    cov, brum = world.outreach, world.brum_council
    manchester = Partnership.objects.create(
        name="Manchester", slug="manchester", region="Greater Manchester"
    )
    manc = Agency.objects.create(
        partnership=manchester, name="Manchester Outreach", type=AgencyType.OUTREACH
    )

    # Alice: January (twice), February and March. Jan new; Feb and Mar continuing.
    alice = make_person(cov, given_name="Alice")
    for when in (local(2026, 1, 10), local(2026, 1, 20), local(2026, 2, 5), local(2026, 3, 3)):
        seen(alice, when, cov)
    # Bob: January and March. Jan new; Mar returner.
    bob = make_person(cov, given_name="Bob")
    seen(bob, local(2026, 1, 15), cov)
    seen(bob, local(2026, 3, 15), cov)
    # Cara: June 2024, then February. Feb returner.
    cara = make_person(cov, given_name="Cara")
    seen(cara, local(2024, 6, 10), cov)
    seen(cara, local(2026, 2, 12), cov)
    # Dan: January 2021 (61 months before February 2026), then February. Feb new.
    dan = make_person(cov, given_name="Dan")
    seen(dan, local(2021, 1, 15), cov)
    seen(dan, local(2026, 2, 20), cov)
    # Eve: March 2021 (exactly 60 months before March 2026), then March. Mar returner.
    eve = make_person(cov, given_name="Eve")
    seen(eve, local(2021, 3, 2), cov)
    seen(eve, local(2026, 3, 20), cov)

    # Finn: seen in Birmingham (same region, same NHS number) in December. Jan continuing.
    finn = person_with_nhs(cov, "Finn", 1)
    seen(finn, local(2026, 1, 8), cov)
    seen(person_with_nhs(brum, "Finn", 1), local(2025, 12, 12), brum)
    # Gus: seen in Birmingham (same NHS number) in June 2025. Feb returner.
    gus = person_with_nhs(cov, "Gus", 2)
    seen(gus, local(2026, 2, 8), cov)
    seen(person_with_nhs(brum, "Gus", 2), local(2025, 6, 1), brum)
    # Hana: a Hana with a different NHS number was seen in Birmingham in January. Feb new.
    hana = person_with_nhs(cov, "Hana", 3)
    seen(hana, local(2026, 2, 9), cov)
    seen(person_with_nhs(brum, "Hana", 4), local(2026, 1, 9), brum)
    # Ian: the same NHS number in Manchester, another region, in January. Feb new.
    ian = person_with_nhs(cov, "Ian", 5)
    seen(ian, local(2026, 2, 10), cov)
    seen(person_with_nhs(manc, "Ian", 5), local(2026, 1, 10), manc)

    # Jo: met in February but not bedded down. Never counted.
    seen(make_person(cov, given_name="Jo"), local(2026, 2, 14), cov, bedded_down=False)
    # Kim: seen in January, but processing is restricted. Never counted.
    kim = make_person(cov, given_name="Kim")
    seen(kim, local(2026, 1, 16), cov)
    Person.objects.filter(pk=kim.pk).update(restricted_at=timezone.now())
    # Lee was merged into Max; Lee's February sighting counts for Max. Max: Feb new (as Lee),
    # Mar continuing.
    max_ = make_person(cov, given_name="Max")
    lee = make_person(cov, given_name="Lee")
    seen(lee, local(2026, 2, 16), cov)
    seen(max_, local(2026, 3, 16), cov)
    Person.objects.filter(pk=lee.pk).update(merged_into=max_, merged_at=timezone.now())
    # Nia: 23:30 on 31 March in UTC is 00:30 on 1 April in London. Not in March.
    nia = make_person(cov, given_name="Nia")
    seen(nia, datetime(2026, 3, 31, 23, 30, tzinfo=timezone.UTC), cov)

    # Not yet identified: two in January, one in March; a March contact that was not bedded
    # down and one in Birmingham do not count.
    seen(None, local(2026, 1, 3), cov)
    seen(None, local(2026, 1, 4), cov)
    seen(None, local(2026, 3, 5), cov)
    seen(None, local(2026, 3, 6), cov, bedded_down=False)
    seen(None, local(2026, 2, 6), brum)
    # Someone seen only in Birmingham is Birmingham's, not Coventry's.
    seen(make_person(brum, given_name="Olu"), local(2026, 2, 2), brum)
    return world


EXPECTED = {
    #     new  continuing  returner  not identified
    JAN: (2, 1, 0, 2),  # new: Alice, Bob; continuing: Finn
    FEB: (4, 1, 2, 0),  # new: Dan, Hana, Ian, Max; continuing: Alice; returners: Cara, Gus
    MAR: (0, 2, 2, 1),  # continuing: Alice, Max; returners: Bob, Eve
}


def test_flows_match_the_hand_computed_table(three_months):
    flows = month_flows(three_months.coventry, JAN, MAR)
    got = {f.month: (f.new, f.continuing, f.returner, f.unidentified) for f in flows}
    assert got == EXPECTED
    assert [f.people for f in flows] == [3, 7, 4]


def test_birmingham_has_its_own_flows_using_coventrys_history(three_months):
    # Finn and Gus were seen in Coventry after Birmingham; for Birmingham the earlier
    # Coventry sightings do not exist, so each Birmingham month stands on its own history.
    flows = {f.month: f for f in month_flows(three_months.birmingham, JAN, MAR)}
    assert (flows[JAN].new, flows[JAN].continuing, flows[JAN].returner) == (1, 0, 0)  # Hana 4
    assert (flows[FEB].new, flows[FEB].unidentified) == (1, 1)  # Olu; one not identified


def test_a_partnership_without_a_region_looks_only_at_itself(three_months):
    Partnership.objects.filter(pk=three_months.coventry.pk).update(region="")
    three_months.coventry.refresh_from_db()
    flows = {f.month: f for f in month_flows(three_months.coventry, JAN, MAR)}
    # Finn is new in January and Gus new in February without Birmingham's history.
    assert (flows[JAN].new, flows[JAN].continuing) == (3, 0)
    assert (flows[FEB].new, flows[FEB].returner) == (5, 1)


def test_the_sixty_month_boundary():
    # Seen exactly 60 months before: a returner. 61 months before: new.
    assert classify(MAR, {date(2021, 3, 1), MAR}) == RETURNER
    assert classify(MAR, {date(2021, 2, 1), MAR}) == NEW
    assert classify(MAR, {FEB, MAR}) == CONTINUING
    assert classify(MAR, {JAN, FEB, MAR}) == CONTINUING
    assert classify(MAR, {JAN, MAR}) == RETURNER
    assert classify(MAR, {MAR}) == NEW
    # Later sightings never make an earlier month anything but new.
    assert classify(JAN, {JAN, FEB}) == NEW


def test_month_arithmetic():
    assert add_months(JAN, -1) == date(2025, 12, 1)
    assert add_months(MAR, -60) == date(2021, 3, 1)
    assert add_months(date(2025, 12, 1), 1) == JAN
    assert months_between(date(2025, 11, 1), FEB) == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        JAN,
        FEB,
    ]


def test_flows_take_a_fixed_number_of_queries(three_months, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):
        month_flows(three_months.coventry, date(2025, 1, 1), MAR)
