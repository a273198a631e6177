"""What the app derives on save is stored as the app would store it: match keys as
index_person writes them, tiers as calculate_tier works them out, the by-name list's last
contact, the bedded-down months the reports read, beds never double-booked and occupied
exactly while someone is placed, and each record's last activity at or after everything
recorded about it."""

from collections import defaultdict

import pytest
from django.db import connection
from django.db.models import Max

from waypost.cases.models import Assessment, TierResult
from waypost.cases.threshold_actions import calculate_tier
from waypost.housing.models import Placement, Unit, UnitStatus
from waypost.outreach.models import BeddedDownMonth, ByNameEntry, StatusChange, StreetContact
from waypost.outreach.sighting_months import refresh_records
from waypost.people.matching.index import index_person
from waypost.people.models import MatchKey, Note, Person
from waypost.synthetic.generate import generate


@pytest.fixture
def generated(db, tmp_path):
    return generate(people=150, seed=21, contacts_per_person=15, truth_path=tmp_path / "t")


def test_every_foreign_key_holds(generated):
    connection.check_constraints()


def test_match_keys_are_what_index_person_writes(generated):
    people = list(Person.objects.all())
    stored = {
        p.pk: sorted(MatchKey.objects.filter(person=p).values_list("value", flat=True))
        for p in people
    }
    assert all(stored.values())
    for person in people:
        index_person(person)
        assert (
            sorted(MatchKey.objects.filter(person=person).values_list("value", flat=True))
            == (stored[person.pk])
        )


def test_tiers_are_what_calculate_tier_works_out(generated):
    assessed = Person.objects.filter(pk__in=Assessment.objects.values("person"))
    assert assessed.count() > 20
    for person in assessed:
        stored = TierResult.objects.filter(person=person).get()
        fresh = calculate_tier(person, by=None)
        assert (fresh.assessment_id, fresh.score, fresh.tier, fresh.explanation) == (
            stored.assessment_id,
            stored.score,
            stored.tier,
            stored.explanation,
        )
        entry = ByNameEntry.objects.filter(person=person).first()
        assert entry is None or entry.tier == stored.tier


def test_the_by_name_list_shows_each_last_contact_and_its_history(generated):
    last = dict(
        StreetContact.objects.exclude(person=None)
        .values_list("person")
        .annotate(last=Max("contacted_at"))
    )
    entries = {e.person_id: e for e in ByNameEntry.objects.all()}
    assert set(entries) == set(last)
    for person_id, entry in entries.items():
        assert entry.last_contact_at == last[person_id]
        history = list(StatusChange.objects.filter(entry=entry).order_by("changed_at"))
        assert history[0].previous_status == "" and history[-1].status == entry.status
        assert entry.version == len(history)
        for before, after in zip(history, history[1:], strict=False):
            assert after.previous_status == before.status


def test_bedded_down_months_are_what_refresh_records_stores(generated):
    def stored():
        return sorted(
            BeddedDownMonth.objects.values_list(
                "partnership_id", "person_id", "month", "nights", "months_before"
            ),
            key=str,
        )

    written = stored()
    assert len(written) > 100
    refresh_records(Person.objects.values_list("pk", flat=True))
    assert stored() == written


def test_beds_are_never_double_booked_and_occupied_while_someone_is_placed(generated):
    by_unit = defaultdict(list)
    for placement in Placement.objects.order_by("started_on"):
        by_unit[placement.unit_id].append(placement)
    assert sum(len(p) for p in by_unit.values()) == generated.placements > 10
    for placements in by_unit.values():
        for before, after in zip(placements, placements[1:], strict=False):
            assert before.ended_on is not None and before.ended_on <= after.started_on
    open_units = set(Placement.objects.filter(ended_on=None).values_list("unit", flat=True))
    occupied = set(Unit.objects.filter(status=UnitStatus.OCCUPIED).values_list("pk", flat=True))
    assert occupied == open_units


def test_last_activity_is_the_latest_thing_recorded(generated):
    for person in Person.objects.all():
        times = [person.created_at]
        times += StreetContact.objects.filter(person=person).values_list("recorded_at", flat=True)
        times += Note.objects.filter(person=person).values_list("recorded_at", flat=True)
        times += Assessment.objects.filter(person=person).values_list("recorded_at", flat=True)
        assert person.last_activity_at >= max(times)
