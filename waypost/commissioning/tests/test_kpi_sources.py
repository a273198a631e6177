"""Each KPI Waypost computes equals the figure counted by hand on a small fixture: only the
provider agency's own work, only inside the quarter (a Europe/London quarter, so a contact at
00:30 on 1 October in summer time is in Q3), and never a person whose processing is
restricted."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from waypost.commissioning.kpi_sources import SOURCES, compute
from waypost.commissioning.models import Unit
from waypost.housing.models import (
    EndReason,
    HousingFirstCase,
    HousingFirstStage,
    Landlord,
    LandlordKind,
    Placement,
    Property,
    Provider,
    Scheme,
    Tenancy,
)
from waypost.housing.models import Unit as Bed
from waypost.lib.quarters import Quarter
from waypost.outreach.models import ByNameEntry, ListStatus, StatusChange, StreetContact
from waypost.people.models import Person
from waypost.referrals.models import Duty, DutyKind, DutyOutcome, Referral
from waypost.referrals.tests.referral_helpers import make_test_referral
from waypost.testing.commissioning import make_contract
from waypost.testing.people import make_person

LONDON = ZoneInfo("Europe/London")
Q3 = Quarter(2025, 3)  # 1 October to 31 December 2025


def at(day: date, hour: int = 12, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def restrict(person: Person) -> Person:
    Person.objects.filter(pk=person.pk).update(restricted_at=timezone.now())
    return person


def test_every_source_has_a_definition_and_a_unit():
    for code, source in SOURCES.items():
        assert source.code == code
        assert source.definition.endswith(".")
        assert source.unit in Unit.values


# --- Street contacts ---------------------------------------------------------------------------
def contact(world, agency, when, person=None):
    return StreetContact.objects.create(
        partnership=world.coventry,
        person=person,
        description="" if person else "Man in a green coat",
        contacted_at=when,
        bedded_down=True,
        recorded_by_agency=agency,
    )


def test_street_contacts_counts_the_providers_contacts_in_the_quarter(world):
    someone = make_person(world.outreach)
    hidden = restrict(make_person(world.outreach, given_name="Restricted"))
    contact(world, world.outreach, at(date(2025, 10, 3)))
    contact(world, world.outreach, at(date(2025, 11, 14)), someone)
    contact(world, world.outreach, at(date(2025, 12, 31), 23, 59), someone)
    contact(world, world.outreach, at(date(2025, 10, 1), 0, 30))  # 23:30 UTC on 30 September
    contact(world, world.outreach, at(date(2025, 9, 30), 23, 30))  # still Q2 in London
    contact(world, world.outreach, at(date(2026, 1, 1), 0, 10))  # Q4
    contact(world, world.outreach, at(date(2025, 11, 1)), hidden)  # restricted
    contact(world, world.council, at(date(2025, 11, 1)), someone)  # another agency
    contract = make_contract(world.outreach)
    assert compute("street_contacts", contract, Q3) == (4, None)


# --- Moved off the street ----------------------------------------------------------------------
def change(world, person, agency, before, after, when):
    entry, _ = ByNameEntry.objects.get_or_create(
        person=person,
        defaults={
            "partnership": world.coventry,
            "status": after,
            "added_by_agency": agency,
        },
    )
    StatusChange.objects.create(
        entry=entry,
        person=person,
        status=after,
        previous_status=before,
        changed_at=when,
        recorded_by_agency=agency,
    )


def test_moved_off_street_counts_each_person_the_provider_accommodated_once(world):
    rough = ListStatus.ROUGH_SLEEPING
    people = [make_person(world.outreach, given_name=f"P{n}") for n in range(7)]
    a, b, c, d, e, f, g = people
    change(world, a, world.outreach, rough, ListStatus.EMERGENCY, at(date(2025, 10, 5)))
    change(world, a, world.outreach, rough, ListStatus.HOUSED, at(date(2025, 12, 5)))  # again
    change(world, b, world.outreach, rough, ListStatus.SUPPORTED, at(date(2025, 11, 5)))
    change(
        world, c, world.outreach, ListStatus.AT_RISK, ListStatus.EMERGENCY, at(date(2025, 11, 5))
    )
    change(world, d, world.outreach, rough, ListStatus.HOSPITAL, at(date(2025, 11, 5)))
    change(world, e, world.council, rough, ListStatus.HOUSED, at(date(2025, 11, 5)))
    change(world, restrict(f), world.outreach, rough, ListStatus.HOUSED, at(date(2025, 11, 5)))
    change(world, g, world.outreach, rough, ListStatus.HOUSED, at(date(2026, 1, 5)))
    contract = make_contract(world.outreach)
    assert compute("moved_off_street", contract, Q3) == (2, None)


# --- Placements ending positively --------------------------------------------------------------
def test_placements_positive_is_the_share_of_the_providers_endings_that_moved_on(world):
    scheme = Scheme.objects.create(
        partnership=world.coventry,
        provider=Provider.objects.create(
            partnership=world.coventry, agency=world.shelter, name="Night Shelter"
        ),
        name="Harnall Lane",
        kind="emergency",
    )
    other = Scheme.objects.create(
        partnership=world.coventry,
        provider=Provider.objects.create(
            partnership=world.coventry, agency=world.council, name="Council hostels"
        ),
        name="Council hostel",
        kind="hostel",
    )

    def placed(scheme, ended_on, reason, *, restricted=False):
        person = make_person(world.shelter, given_name=f"P{Placement.objects.count()}")
        if restricted:
            restrict(person)
        bed = Bed.objects.create(scheme=scheme, label=f"Bed {Placement.objects.count()}")
        Placement.objects.create(
            person=person,
            recorded_by_agency=world.shelter,
            partnership=world.coventry,
            unit=bed,
            scheme=scheme,
            started_on=date(2025, 6, 1),
            ended_on=ended_on,
            end_reason=reason,
        )

    for day in (date(2025, 10, 1), date(2025, 11, 11), date(2025, 12, 31)):
        placed(scheme, day, EndReason.MOVE_ON)
    placed(scheme, date(2025, 10, 20), EndReason.EVICTION)
    placed(scheme, date(2025, 12, 1), EndReason.ABANDONMENT)
    placed(scheme, date(2025, 9, 30), EndReason.MOVE_ON)  # Q2
    placed(scheme, None, "")  # still there
    placed(other, date(2025, 11, 1), EndReason.MOVE_ON)  # another provider's scheme
    placed(scheme, date(2025, 11, 2), EndReason.MOVE_ON, restricted=True)
    contract = make_contract(world.shelter)
    assert compute("placements_positive", contract, Q3) == (3, 5)


# --- Housing First tenancies sustained ---------------------------------------------------------
def test_housing_first_sustained_is_the_share_still_running_on_their_first_anniversary(world):
    landlord = Landlord.objects.create(
        partnership=world.coventry, name="Orbit", kind=LandlordKind.REGISTERED_PROVIDER
    )

    def tenancy(started_on, ended_on=None, *, support=world.shelter, housing_first=True):
        person = make_person(world.council, given_name=f"T{Tenancy.objects.count()}")
        home = Property.objects.create(
            partnership=world.coventry, landlord=landlord, address=f"Flat {person.given_name}"
        )
        held = Tenancy.objects.create(
            person=person,
            recorded_by_agency=world.council,
            partnership=world.coventry,
            property=home,
            landlord=landlord,
            started_on=started_on,
            ended_on=ended_on,
            end_reason=EndReason.EVICTION if ended_on else "",
            floating_support=True,
            floating_support_agency=support,
        )
        if housing_first:
            HousingFirstCase.objects.create(
                person=person,
                recorded_by_agency=world.council,
                partnership=world.coventry,
                stage=HousingFirstStage.TENANCY,
                tenancy=held,
            )

    tenancy(date(2024, 10, 1))  # sustained
    tenancy(date(2024, 12, 31), date(2025, 12, 31))  # ended on the anniversary: sustained
    tenancy(date(2024, 11, 15), date(2025, 6, 30))  # ended before: not sustained
    tenancy(date(2024, 9, 30))  # anniversary in Q2
    tenancy(date(2025, 1, 1))  # anniversary in Q4
    tenancy(date(2024, 11, 1), support=world.council)  # another agency supports it
    tenancy(date(2024, 11, 1), housing_first=False)  # not Housing First
    contract = make_contract(world.shelter)
    assert compute("housing_first_sustained", contract, Q3) == (2, 3)


# --- Duty to Refer -----------------------------------------------------------------------------
@pytest.fixture
def referrer(world):
    from waypost.testing.personas import make_user

    return make_user("nurse@uhcw.test", agency=world.hospital, role="referrer")


def test_duty_to_refer_is_the_share_of_the_providers_duties_ending_successfully(world, referrer):
    def referral(name, lead):
        made = make_test_referral(
            by=referrer, agency=world.hospital, partnership=world.coventry, given_name=name
        )
        Referral.objects.filter(pk=made.pk).update(lead_agency=lead)
        return made

    ours, theirs = referral("Dawn", world.council), referral("Eve", world.hospital)

    def duty(on, ended_on, outcome):
        Duty.objects.create(
            referral=on,
            kind=DutyKind.PREVENTION,
            started_on=date(2025, 8, 1),
            ends_on=date(2025, 9, 26),
            ended_on=ended_on,
            outcome=outcome,
        )

    duty(ours, date(2025, 10, 2), DutyOutcome.SECURED_6_MONTHS)
    duty(ours, date(2025, 11, 2), DutyOutcome.SECURED_12_MONTHS)
    duty(ours, date(2025, 12, 2), DutyOutcome.SECURED_6_MONTHS)
    duty(ours, date(2025, 10, 9), DutyOutcome.NO_CONTACT)
    duty(ours, date(2025, 12, 9), DutyOutcome.BECAME_HOMELESS)
    duty(ours, date(2025, 9, 30), DutyOutcome.SECURED_6_MONTHS)  # Q2
    duty(theirs, date(2025, 11, 2), DutyOutcome.SECURED_6_MONTHS)  # another lead agency
    contract = make_contract(world.council)
    assert compute("duty_to_refer_successful", contract, Q3) == (3, 5)
