"""manage.py dedupe (and the nightly task): Splink finds likely duplicates per partnership and
fills the review queue, once per pair; decided pairs keep their decision."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from waypost.people import actions
from waypost.people.matching.tasks import dedupe_nightly
from waypost.people.models import AliasKind, DuplicatePair, DuplicateStatus, Person
from waypost.testing.people import make_person


def _dedupe(*args):
    out = StringIO()
    call_command("dedupe", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def records(world):
    jo = make_person(world.council, gender="woman")
    joe = make_person(world.outreach, given_name="Joe", family_name="Blogs", gender="woman")
    make_person(world.council, given_name="Mary", family_name="Jones", birth_date=date(1962, 11, 5))
    make_person(
        world.hospital, given_name="Ahmed", family_name="Khan", birth_date=date(1990, 7, 19)
    )
    brum_jo = make_person(world.brum_council)  # the same details, in another partnership
    return jo, joe, brum_jo


def test_likely_duplicates_are_queued_once_per_pair(records, world):
    jo, joe, brum_jo = records
    output = _dedupe()
    pair = DuplicatePair.objects.get()
    assert {pair.first_id, pair.second_id} == {jo.pk, joe.pk}
    assert pair.first_id < pair.second_id
    assert pair.partnership == world.coventry
    assert pair.status == DuplicateStatus.PENDING
    assert pair.score >= 0.5
    assert pair.explanation["date_of_birth"] == "exact"
    assert pair.explanation["family_name"] == "similar"
    assert "Coventry: " in output and "1 new in the review queue" in output

    _dedupe()
    assert DuplicatePair.objects.count() == 1


def test_decided_pairs_keep_their_decision_and_are_not_proposed_again(records, caseworker_user):
    _dedupe()
    DuplicatePair.objects.update(
        status=DuplicateStatus.DIFFERENT, decided_by=caseworker_user, decided_at=timezone.now()
    )
    output = _dedupe()
    pair = DuplicatePair.objects.get()
    assert pair.status == DuplicateStatus.DIFFERENT
    assert pair.decided_by == caseworker_user
    assert "0 new in the review queue" in output


def test_an_alias_pairs_with_another_record_of_that_name(world):
    jane = make_person(world.council, given_name="Jane", family_name="Doe")
    actions.add_alias(
        jane, kind=AliasKind.ALIAS, given_name="Janey", family_name="Smith", by=None,
        agency=world.council,
    )  # fmt: skip
    janey = make_person(world.outreach, given_name="Janey", family_name="Smith")
    _dedupe()
    pair = DuplicatePair.objects.get()
    assert {pair.first_id, pair.second_id} == {jane.pk, janey.pk}


def test_restricted_and_merged_records_are_left_out(records):
    jo, joe, _ = records
    Person.objects.filter(pk=joe.pk).update(restricted_at=timezone.now())
    _dedupe()
    assert not DuplicatePair.objects.exists()
    Person.objects.filter(pk=joe.pk).update(
        restricted_at=None, merged_into=jo, merged_at=timezone.now()
    )
    _dedupe()
    assert not DuplicatePair.objects.exists()


def test_one_partnership_can_be_chosen_and_mistakes_are_explained(records):
    assert "Birmingham" not in _dedupe("--partnership", "coventry")
    with pytest.raises(CommandError, match="No partnership has the slug 'nowhere'"):
        _dedupe("--partnership", "nowhere")
    with pytest.raises(CommandError, match="between 0 and 1"):
        _dedupe("--threshold", "2")


def test_the_nightly_task_runs_every_partnership_with_no_personal_arguments(records):
    result = dedupe_nightly.call()
    assert result == {"partnerships": 2, "pairs_added": 1}
    assert DuplicatePair.objects.count() == 1
