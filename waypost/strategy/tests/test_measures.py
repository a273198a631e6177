"""Each live measure's value for October 2026 equals the value worked out by hand from a small
fixture (the comment above each test says how)."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from waypost.accounts.models import Partnership, Role
from waypost.housing.models import (
    EndReason,
    HousingFirstCase,
    HousingFirstStage,
    Landlord,
    LandlordKind,
    Property,
    Tenancy,
)
from waypost.outreach.models import (
    CountedPerson,
    CountKind,
    CountMethod,
    StreetContact,
    StreetCount,
)
from waypost.referrals.models import Discharge, Duty, DutyKind, DutyOutcome, Pathway
from waypost.referrals.tests.discharge_helpers import make_discharge
from waypost.referrals.tests.referral_helpers import make_test_referral
from waypost.strategy import measures
from waypost.swep.models import Activation, SweepOutcome, SweepRecord
from waypost.testing.people import make_person
from waypost.testing.personas import make_user
from waypost.testing.returns import at, seen

OCTOBER = date(2026, 10, 1)


def _value(code, partnership, month=OCTOBER):
    return measures.get(code).compute(partnership, month)


@pytest.fixture
def referrer(world):
    return make_user("nurse@uhcw.test", agency=world.hospital, role=Role.REFERRER)


def _duty(referral, kind, started, ended=None, outcome=""):
    Duty.objects.create(
        referral=referral,
        kind=kind,
        started_on=started,
        ends_on=started,
        ended_on=ended,
        outcome=outcome,
    )


# Closed in October: Ana (relief ended 20 Oct, secured: a success) and Bob (ended 10 Oct, 56
# days passed). Cy's relief duty is still open; Di's ended in September. 1 of 2 = 50%.
def test_duty_to_refer_success(world, referrer):
    def referral(name):
        return make_test_referral(
            by=referrer, agency=world.hospital, partnership=world.coventry, given_name=name
        )

    ana, bob, cy, di = (referral(n) for n in ("Ana", "Bob", "Cy", "Di"))
    _duty(
        ana, DutyKind.PREVENTION, date(2026, 8, 1), date(2026, 10, 5), DutyOutcome.BECAME_HOMELESS
    )
    _duty(ana, DutyKind.RELIEF, date(2026, 10, 5), date(2026, 10, 20), DutyOutcome.SECURED_6_MONTHS)
    _duty(bob, DutyKind.PREVENTION, date(2026, 8, 15), date(2026, 10, 10), DutyOutcome.DAYS_ELAPSED)
    _duty(
        cy, DutyKind.PREVENTION, date(2026, 8, 1), date(2026, 10, 3), DutyOutcome.SECURED_6_MONTHS
    )
    _duty(cy, DutyKind.RELIEF, date(2026, 10, 3))
    _duty(
        di, DutyKind.PREVENTION, date(2026, 8, 1), date(2026, 9, 30), DutyOutcome.SECURED_12_MONTHS
    )
    assert _value("duty_to_refer_success", world.coventry) == 50.0
    assert _value("duty_to_refer_success", world.coventry, date(2026, 9, 1)) == 100.0
    assert _value("duty_to_refer_success", world.birmingham) is None


def _left(referral, left_on, confirmed_on=None):
    Discharge.objects.filter(referral=referral).update(
        discharged_on=left_on,
        outcome="supported" if confirmed_on else "no_fixed_abode",
        accommodation_confirmed=confirmed_on is not None,
        confirmed_at=timezone.make_aware(datetime(*confirmed_on, 11, 0)) if confirmed_on else None,
    )


# Hospital, left in October: Amy confirmed two days before (housed), Bea confirmed the day
# after (not), Cat never confirmed (not); Dot left in November. 1 of 3 = 33.3%.
# Prison: Eli released 5 Oct, confirmed the day before: 1 of 1 = 100%.
def test_discharge_measures(world, referrer):
    amy, bea, cat, dot = (
        make_discharge(world, referrer, name=n) for n in ("Amy", "Bea", "Cat", "Dot")
    )
    _left(amy, date(2026, 10, 10), (2026, 10, 8))
    _left(bea, date(2026, 10, 12), (2026, 10, 13))
    _left(cat, date(2026, 10, 15))
    _left(dot, date(2026, 11, 1), (2026, 10, 30))
    eli = make_discharge(world, referrer, name="Eli", pathway=Pathway.PRISON)
    _left(eli, date(2026, 10, 5), (2026, 10, 4))
    assert _value("hospital_discharge_housed", world.coventry) == 33.3
    assert _value("prison_release_housed", world.coventry) == 100.0
    assert _value("prison_release_housed", world.coventry, date(2026, 9, 1)) is None


# Ada is seen for the first time on 3 Oct: new. Ben was seen in September too: continuing.
# Cal met in October but not bedded down; Dee is new but restricted. 1 new.
def test_new_rough_sleepers(world):
    ada, ben, cal, dee = (
        make_person(world.outreach, given_name=n) for n in ("Ada", "Ben", "Cal", "Dee")
    )
    seen(ada, at(2026, 10, 3), world.outreach)
    seen(ben, at(2026, 9, 12), world.outreach)
    seen(ben, at(2026, 10, 10), world.outreach)
    seen(cal, at(2026, 10, 8), world.outreach, bedded_down=False)
    seen(dee, at(2026, 10, 9), world.outreach)
    type(dee).objects.filter(pk=dee.pk).update(restricted_at=timezone.now())
    assert _value("new_rough_sleepers", world.coventry) == 1.0


def _housing_first(world, name, started, ended=None, reason=""):
    person = make_person(world.council, given_name=name)
    landlord = Landlord.objects.get_or_create(
        partnership=world.coventry, name="Orbit", defaults={"kind": LandlordKind.choices[0][0]}
    )[0]
    home = Property.objects.create(partnership=world.coventry, landlord=landlord, address=name)
    tenancy = Tenancy.objects.create(
        person=person,
        recorded_by_agency=world.council,
        partnership=world.coventry,
        property=home,
        landlord=landlord,
        started_on=started,
        ended_on=ended,
        end_reason=reason,
    )
    HousingFirstCase.objects.create(
        person=person,
        recorded_by_agency=world.council,
        partnership=world.coventry,
        stage=HousingFirstStage.TENANCY,
        tenancy=tenancy,
    )
    return person


# By 31 Oct: Ann's tenancy goes on (counts), Bo's ended in eviction in July (not), Cy moved on
# as planned in September (counts), Di's starts in November (not), Ed's ends in November
# (still going at the end of October: counts). Fi counts but is restricted (not). 3.
def test_housing_first_sustained(world):
    _housing_first(world, "Ann", date(2026, 3, 1))
    _housing_first(world, "Bo", date(2026, 4, 1), date(2026, 7, 1), EndReason.EVICTION)
    _housing_first(world, "Cy", date(2026, 2, 1), date(2026, 9, 1), EndReason.MOVE_ON)
    _housing_first(world, "Di", date(2026, 11, 2))
    _housing_first(world, "Ed", date(2026, 6, 1), date(2026, 11, 15), EndReason.EVICTION)
    fi = _housing_first(world, "Fi", date(2026, 3, 1))
    type(fi).objects.filter(pk=fi.pk).update(restricted_at=timezone.now())
    assert _value("housing_first_sustained", world.coventry) == 3.0
    assert _value("housing_first_sustained", world.coventry, date(2026, 3, 1)) == 2.0  # Ann, Cy


# Offers in October (each person's last outcome a night): Al 5 Oct offered then accepted
# (accepted), Bel 5 Oct declined, Bel 6 Oct offered (undecided), Col 6 Oct accepted; Dan not
# found (not an offer). 2 accepted of 4 offers = 50%.
def test_swep_offers_accepted(world):
    activation = Activation.objects.create(
        partnership=world.coventry,
        kind="cold",
        status="active",
        starts_at=at(2026, 10, 5, 18),
        expected_end_at=at(2026, 10, 8, 9),
    )
    people = {n: make_person(world.outreach, given_name=n) for n in ("Al", "Bel", "Col", "Dan")}
    records = [
        ("Al", 5, SweepOutcome.OFFERED),
        ("Al", 5, SweepOutcome.ACCEPTED),
        ("Bel", 5, SweepOutcome.DECLINED),
        ("Bel", 6, SweepOutcome.OFFERED),
        ("Col", 6, SweepOutcome.ACCEPTED),
        ("Dan", 6, SweepOutcome.NOT_FOUND),
    ]
    for minute, (name, night, outcome) in enumerate(records):
        SweepRecord.objects.create(
            activation=activation,
            person=people[name],
            night=date(2026, 10, night),
            outcome=outcome,
            recorded_by_agency=world.outreach,
            recorded_at=at(2026, 10, night, 22, minute),
        )
    assert _value("swep_offers_accepted", world.coventry) == 50.0
    assert _value("swep_offers_accepted", world.birmingham) is None


def _count(agency, night, total=None, *, submitted=True, listed=0):
    count = StreetCount.objects.create(
        partnership=agency.partnership,
        kind=CountKind.MONTHLY,
        method=CountMethod.COUNT if total is None else CountMethod.ESTIMATE,
        night=night,
        total=total,
        recorded_by_agency=agency,
        submitted_at=timezone.now() if submitted else None,
    )
    for _ in range(listed):
        CountedPerson.objects.create(count=count)


# West Midlands: Coventry first 20, latest by 31 Oct the count of 1 Sep listing 3 people (its
# 20 Oct figure of 99 is not submitted). Birmingham first 30, latest 17 on 10 Oct (its 5 Nov
# figure is after the month). Leeds is another region. (50 - 20) / 50 = 60% reduction.
def test_region_rough_sleeping_reduction(world):
    _count(world.council, date(2025, 10, 1), 20)
    _count(world.council, date(2026, 9, 1), listed=3)
    _count(world.council, date(2026, 10, 20), 99, submitted=False)
    _count(world.brum_council, date(2025, 11, 1), 30)
    _count(world.brum_council, date(2026, 10, 10), 17)
    _count(world.brum_council, date(2026, 11, 5), 1)
    leeds = Partnership.objects.create(name="Leeds", slug="leeds", region="Yorkshire")
    from waypost.accounts.models import Agency, AgencyType

    _count(
        Agency.objects.create(partnership=leeds, name="Leeds HO", type=AgencyType.HOUSING_OPTIONS),
        date(2025, 10, 1),
        500,
    )
    assert _value("region_rough_sleeping_reduction", world.coventry) == 60.0
    assert _value("region_rough_sleeping_reduction", world.birmingham) == 60.0
    assert _value("region_rough_sleeping_reduction", world.coventry, date(2025, 9, 1)) is None


def _begging(agency, when, person=None, activities=("begging",)):
    StreetContact.objects.create(
        partnership=agency.partnership,
        person=person,
        contacted_at=when,
        bedded_down=False,
        activities=list(activities),
        description="" if person else "Man in a green coat",
        recorded_by_agency=agency,
    )


# Nov 2024 – Oct 2025: 5 contacts with begging (one also street drinking). Nov 2025 – Oct 2026:
# 3, one of them on 31 Oct at 23:30 London time. Not counted: street drinking only, Birmingham,
# a restricted person, 30 Oct 2024 and 1 Nov 2026. Reduction: (5 - 3) / 5 = 40%.
def test_begging_reduction_counts_begging_seen_by_outreach(world):
    measure = measures.get("begging_reduction")
    assert measure.compute(world.coventry, OCTOBER) is None  # nothing to compare with
    for when in (at(2024, 11, 2), at(2025, 1, 5), at(2025, 6, 6), at(2025, 10, 31)):
        _begging(world.outreach, when)
    _begging(world.outreach, at(2025, 3, 3), activities=("street_drinking", "begging"))
    _begging(world.outreach, at(2024, 10, 30))  # before both years
    for when in (at(2025, 12, 1), at(2026, 4, 4)):
        _begging(world.outreach, when)
    _begging(world.outreach, timezone.make_aware(datetime(2026, 10, 31, 23, 30)))
    _begging(world.outreach, at(2026, 5, 5), activities=("street_drinking",))
    _begging(world.brum_council, at(2026, 5, 5))
    hidden = make_person(world.outreach)
    type(hidden).objects.filter(pk=hidden.pk).update(restricted_at=timezone.now())
    _begging(world.outreach, at(2026, 6, 6), person=hidden)
    _begging(world.outreach, at(2026, 11, 1))
    assert measure.compute(world.coventry, OCTOBER) == 40.0
    assert not measure.unavailable


def test_every_code_the_plans_use_is_registered():
    codes = {code for code, _ in measures.choices()}
    assert {
        "duty_to_refer_success",
        "new_rough_sleepers",
        "housing_first_sustained",
        "hospital_discharge_housed",
        "prison_release_housed",
        "region_rough_sleeping_reduction",
        "begging_reduction",
        "swep_offers_accepted",
    } <= codes


def test_commissioners_see_small_counts_hidden():
    measure = measures.get("new_rough_sleepers")
    assert measures.value_text(measure, 3.0, suppress=True) == "fewer than 5"
    assert measures.value_text(measure, 3.0, suppress=False) == "3"
    assert measures.value_text(measure, 0.0, suppress=True) == "0"
    assert measures.value_text(measures.get("swep_offers_accepted"), 3.0, suppress=True) == "3%"
