"""Each indicator of the monthly return equals the value worked out by hand in
waypost/testing/returns.py (October 2026 in Coventry), and counts exactly the people named
there."""

from datetime import date

import pytest

from waypost.reporting.indicators import monthly_indicators
from waypost.testing.returns import OCTOBER, build_return_month


@pytest.fixture
def month(world):
    return build_return_month(world)


def _by_code(world):
    return {i.code: i for i in monthly_indicators(world.coventry, OCTOBER)}


def _values(indicator):
    return {f.key: f.value for f in indicator.figures}


def test_each_indicator_equals_the_hand_computed_value(world, month):
    found = _by_code(world)
    assert _values(found["P1"]) == {"p1": 2}
    assert _values(found["P2"]) == {"p2": 1}
    assert _values(found["R1"]) == {
        "r1_month": 4,
        "r1_month_rate": 2.0,
        "r1_night": 3,
        "r1_night_rate": 1.5,
    }
    assert _values(found["B1"]) == {"b1": 1}
    assert _values(found["B2"]) == {"b2_total": 5, "b2_median": 1.0}
    assert _values(found["B3"]) == {"b3_people": 1, "b3_median": 97.0}
    assert _values(found["NR1"]) == {"nr1": 1}
    assert _values(found["NR2"]) == {
        "nr2_6_moved": 2,
        "nr2_6_sustained": 1,
        "nr2_6_percent": 50.0,
        "nr2_12_moved": 1,
        "nr2_12_sustained": 1,
        "nr2_12_percent": 100.0,
    }


def test_each_indicator_counts_the_named_people(world, month):
    found = _by_code(world)
    assert found["P1"].people == {month.ada.pk, month.fay.pk}
    assert found["P2"].people == {month.cal.pk}
    assert found["R1"].people == {month.ada.pk, month.ben.pk, month.cal.pk, month.fay.pk}
    assert found["B1"].people == {month.ben.pk}
    assert found["B3"].people == {month.ben.pk}
    assert found["NR1"].people == {month.cal.pk}
    assert found["NR2"].people == {month.gus.pk, month.ivy.pk}


def test_restricted_and_not_bedded_down_people_are_never_counted(world, month):
    for indicator in monthly_indicators(world.coventry, OCTOBER):
        assert month.dee.pk not in indicator.people
        assert month.eve.pk not in indicator.people


def test_no_population_means_no_rate(world, month):
    world.coventry.population = None
    found = _by_code(world)
    assert _values(found["R1"])["r1_month_rate"] is None


def _discharged(world, by, person, on, name):
    from waypost.referrals.models import Discharge, Referral
    from waypost.referrals.tests.discharge_helpers import make_discharge

    referral = make_discharge(world, by, days=-30, name=name)
    Referral.objects.filter(pk=referral.pk).update(person=person)
    Discharge.objects.filter(referral=referral).update(discharged_on=on, outcome="no_fixed_abode")


def test_p2_counts_a_discharge_in_the_85_days_before_the_first_night(world, month, referrer_user):
    from datetime import date

    # Fay's first night is 31 Oct: 20 Sep is 41 days before (counted). Ada's first night is
    # 3 Oct: 1 Jul is 94 days before (too long ago).
    _discharged(world, referrer_user, month.fay, date(2026, 9, 20), "Fay")
    _discharged(world, referrer_user, month.ada, date(2026, 7, 1), "Ada")
    assert _by_code(world)["P2"].people == {month.cal.pk, month.fay.pk}


def test_p2_follows_a_merge_from_the_discharged_record(world, month, referrer_user):
    from datetime import date

    from waypost.people.models import Person
    from waypost.testing.people import make_person

    # The discharge was recorded against a record later merged into Fay's (first night 31 Oct).
    old = make_person(world.outreach, given_name="Fay", family_name="Old")
    Person.objects.filter(pk=old.pk).update(merged_into=month.fay)
    _discharged(world, referrer_user, old, date(2026, 9, 20), "Fay")
    assert _by_code(world)["P2"].people == {month.cal.pk, month.fay.pk}


def test_months_seen_are_london_months_and_follow_merges(world):
    from datetime import date

    from waypost.people.models import Person
    from waypost.reporting.indicators import _seen, months_seen_before
    from waypost.testing.people import make_person
    from waypost.testing.returns import at, seen

    kit = make_person(world.outreach, given_name="Kit", family_name="Test")
    merged = make_person(world.outreach, given_name="Kit", family_name="Old")
    Person.objects.filter(pk=merged.pk).update(merged_into=kit)
    seen(merged, at(2026, 6, 1, 0, 30), world.outreach)  # 23:30 on 31 May in UTC
    seen(merged, at(2026, 6, 20), world.outreach)
    seen(kit, at(2026, 9, 1, 0, 30), world.outreach)  # 23:30 on 31 August in UTC
    seen(kit, at(2026, 10, 4), world.outreach)
    seen(merged, at(2026, 10, 1, 0, 30), world.outreach)  # 23:30 on 30 September in UTC
    found = _seen(world.coventry, OCTOBER)
    assert set(found.people) == {kit.pk}
    assert months_seen_before(OCTOBER, found.people[kit.pk][1]) == {
        date(2026, 6, 1),
        date(2026, 9, 1),
    }


def test_nights_are_stored_by_the_uk_night_they_belong_to(world):
    """B2's nights: a contact before noon (UK time) belongs to the night before, including on
    the days the clocks change, when UTC and UK time are an hour apart for part of the day."""
    from datetime import UTC, datetime

    from waypost.outreach.models import BeddedDownMonth
    from waypost.outreach.sighting_months import nights_in
    from waypost.testing.people import make_person
    from waypost.testing.returns import seen

    kit = make_person(world.outreach, given_name="Kit", family_name="Test")
    moments = [
        datetime(2026, 3, 29, 0, 30, tzinfo=UTC),  # 00:30 GMT; clocks go forward at 01:00 UTC
        datetime(2026, 3, 29, 10, 59, tzinfo=UTC),  # 11:59 in London
        datetime(2026, 3, 29, 11, 0, tzinfo=UTC),  # noon in London
        datetime(2026, 3, 29, 11, 30, tzinfo=UTC),
        datetime(2026, 10, 25, 0, 30, tzinfo=UTC),  # 01:30 BST; clocks go back at 01:00 UTC
        datetime(2026, 10, 25, 11, 30, tzinfo=UTC),  # 11:30 in London
        datetime(2026, 10, 25, 12, 0, tzinfo=UTC),  # noon in London
        datetime(2026, 7, 1, 23, 30, tzinfo=UTC),  # 00:30 on 2 July in London
        datetime(2026, 12, 31, 23, 59, tzinfo=UTC),
    ]
    for moment in moments:
        seen(kit, moment, world.outreach)
    stored = {
        row.month: nights_in(row.month, row.nights)
        for row in BeddedDownMonth.objects.filter(person=kit)
    }
    assert stored == {
        date(2026, 3, 1): [date(2026, 3, 28), date(2026, 3, 29)],
        date(2026, 7, 1): [date(2026, 7, 1)],
        date(2026, 10, 1): [date(2026, 10, 24), date(2026, 10, 25)],
        date(2026, 12, 1): [date(2026, 12, 31)],
    }
