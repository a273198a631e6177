"""A merge and its undoing are both on record: the Merge row (who, when, what moved, the values
before) and an entry in the change log with the actor."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone

from waypost.people.merging import MERGED, merge_people, unmerge
from waypost.people.models import Merge, Person
from waypost.people.tests.merge_fixtures import add_records, two_people
from waypost.testing.people import make_person


def test_the_merge_row_records_who_when_and_what_moved(world, coordinator_user):
    kept, merged = two_people(world.council, coordinator_user)
    add_records(merged, {"note", "contact"}, by=coordinator_user, agency=world.council)

    merge = merge_people(kept, merged, field_choices={"given_name": MERGED}, by=coordinator_user)

    assert merge.merged_by == coordinator_user and merge.merged_at is not None
    assert merge.kept_before["given_name"] == "Jo"
    assert merge.moved["kept_after"]["given_name"] == "Joanne"
    assert merge.moved["rows"]["people.Note.person"] == [str(kept.note_set.get().pk)]
    assert set(merge.moved["rows"]) == {"people.Note.person", "people.ContactDetail.person"}
    assert merge.field_choices["given_name"] == "merged"
    assert merge.field_choices["family_name"] == "kept"


def test_merge_and_undo_are_in_the_change_log_with_the_actor(world, coordinator_user):
    kept, merged = two_people(world.council, coordinator_user)
    merge = merge_people(kept, merged, field_choices={}, by=coordinator_user)
    unmerge(merge, by=coordinator_user)

    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Merge), object_pk=str(merge.pk)
    ).order_by("timestamp")
    assert [(e.action, e.actor_id) for e in entries] == [
        (LogEntry.Action.CREATE, coordinator_user.pk),
        (LogEntry.Action.UPDATE, coordinator_user.pk),
    ]
    assert entries[0].changes["merged"] == [None, str(merged.pk)]
    merge.refresh_from_db()
    assert merge.undone_by == coordinator_user and merge.undone_at is not None


def test_an_undone_merge_cannot_be_undone_twice(world, coordinator_user):
    kept, merged = two_people(world.council, coordinator_user)
    merge = merge_people(kept, merged, field_choices={}, by=coordinator_user)
    unmerge(merge, by=coordinator_user)
    with pytest.raises(ValidationError):
        unmerge(merge, by=coordinator_user)


def test_an_earlier_merge_cannot_be_undone_while_the_kept_record_is_merged_away(
    world, coordinator_user
):
    kept, merged = two_people(world.council, coordinator_user)
    first = merge_people(kept, merged, field_choices={}, by=coordinator_user)
    third = make_person(world.council, given_name="Jodie")
    merge_people(third, kept, field_choices={}, by=coordinator_user)
    with pytest.raises(ValidationError, match="Undo that merge first"):
        unmerge(first, by=coordinator_user)


def test_a_merge_of_an_anonymised_record_cannot_be_undone(world, coordinator_user):
    kept, merged = two_people(world.council, coordinator_user)
    merge = merge_people(kept, merged, field_choices={}, by=coordinator_user)
    Person.objects.filter(pk=merged.pk).update(anonymised_at=timezone.now())
    with pytest.raises(ValidationError, match="anonymised"):
        unmerge(merge, by=coordinator_user)
