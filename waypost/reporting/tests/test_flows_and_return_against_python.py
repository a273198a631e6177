"""The flows and the monthly return are worked out by the database (grouped, with LAG and bit
masks); here both are checked against a plain Python reading of the definitions, on a seeded
random history of seven years: people seen in scattered months (some at moments whose UK month
or night differs from UTC's), merged records, a restricted person and contacts that were not
bedded down."""

import random
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

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
from waypost.outreach.sighting_months import night_of, refresh_records
from waypost.people.models import Person
from waypost.reporting.indicators import monthly_indicators
from waypost.testing.people import make_person

FIRST, LAST = date(2020, 1, 1), date(2026, 12, 1)
PERIOD = months_between(date(2026, 1, 1), LAST)


def _moment(rng: random.Random, month: date) -> datetime:
    """A moment in `month` (UK time); often just after midnight or just before noon, where
    UK and UTC months and nights differ."""
    day = rng.randint(1, 28) if rng.random() < 0.7 else 1
    hour = rng.choice([0, 11, 12, 22]) if rng.random() < 0.5 else rng.randint(0, 23)
    return timezone.make_aware(datetime(month.year, month.month, day, hour, rng.randint(0, 59)))


@pytest.fixture
def history(world):
    rng = random.Random(20261125)
    agency = world.outreach
    months = months_between(FIRST, LAST)
    people = [make_person(agency, given_name=f"P{n}", family_name="Random") for n in range(40)]
    # Five records merged into others: their contacts count for the record they joined.
    for old, kept in zip(people[:5], people[5:10], strict=True):
        Person.objects.filter(pk=old.pk).update(merged_into=kept, merged_at=timezone.now())
    Person.objects.filter(pk=people[10].pk).update(restricted_at=timezone.now())
    contacts = []
    for person in people:
        # Runs of months with gaps, some longer than 60 months.
        at = rng.randrange(len(months))
        while at < len(months):
            for _ in range(rng.randint(1, 3)):
                contacts.append(
                    StreetContact(
                        partnership=agency.partnership,
                        person=person,
                        contacted_at=_moment(rng, months[at]),
                        bedded_down=rng.random() < 0.85,
                        recorded_by_agency=agency,
                    )
                )
            at += rng.choice([1, 1, 1, 2, 3, 7, 13, 30, 61, 62])
    StreetContact.objects.bulk_create(contacts)  # no save(): the months are built after
    refresh_records(p.pk for p in people)
    who = {p.pk: p.pk for p in people}
    who.update({old.pk: kept.pk for old, kept in zip(people[:5], people[5:10], strict=True)})
    seen: dict[object, list[datetime]] = defaultdict(list)
    for contact in contacts:
        if contact.bedded_down and contact.person_id != people[10].pk:
            seen[who[contact.person_id]].append(contact.contacted_at)
    return seen


def _month(moment: datetime) -> date:
    return timezone.localtime(moment).date().replace(day=1)


def test_flows_equal_the_definitions_read_in_python(world, history):
    months_seen = {who: {_month(t) for t in times} for who, times in history.items()}
    expected = {}
    for month in PERIOD:
        counts = {NEW: 0, CONTINUING: 0, RETURNER: 0}
        for seen in months_seen.values():
            if month in seen:
                counts[classify(month, seen)] += 1
        expected[month] = (counts[NEW], counts[CONTINUING], counts[RETURNER])
    found = {
        f.month: (f.new, f.continuing, f.returner)
        for f in month_flows(world.coventry, PERIOD[0], PERIOD[-1])
    }
    assert found == expected
    # The history does reach the period, with every flow in it.
    assert all(sum(v[i] for v in expected.values()) > 0 for i in range(3))


@pytest.mark.parametrize("month", [date(2026, 3, 1), date(2026, 10, 1), date(2026, 11, 1)])
def test_the_return_equals_the_definitions_read_in_python(world, history, month):
    months_seen = {who: {_month(t) for t in times} for who, times in history.items()}
    in_month = {who: [t for t in times if _month(t) == month] for who, times in history.items()}
    in_month = {who: times for who, times in in_month.items() if times}
    year_before = {add_months(month, -k) for k in range(1, 13)}
    nights = {who: {night_of(t) for t in times} for who, times in in_month.items()}
    found = {i.code: i for i in monthly_indicators(world.coventry, month)}
    assert found["R1"].people == set(in_month)
    assert found["P1"].people == {w for w in in_month if classify(month, months_seen[w]) == NEW}
    assert found["NR1"].people == {
        w for w in in_month if classify(month, months_seen[w]) == RETURNER
    }
    assert found["B1"].people == {w for w in in_month if len(months_seen[w] & year_before) >= 3}
    b2 = {f.key: f.value for f in found["B2"].figures}
    assert b2["b2_total"] == sum(len(n) for n in nights.values())
    assert in_month, "the month has people in it"


def test_the_nights_helper_agrees_at_the_clock_changes():
    # 12:30 in London on the Sunday the clocks go forward is 11:30 UTC: the same night.
    moment = datetime(2026, 3, 29, 11, 30, tzinfo=UTC)
    assert night_of(moment) == date(2026, 3, 29)
    assert night_of(moment - timedelta(minutes=31)) == date(2026, 3, 28)
