"""Applying a retention report anonymises people past their period and removes old text and
files; keeps ids and categories for statistics; never touches the access log; does only what
the report listed and is still due; and applies once."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from waypost.audit.models import AccessEvent
from waypost.audit.retention.actions import (
    ANONYMISED,
    REMOVED,
    apply_retention_run,
    plan_retention,
)
from waypost.audit.subject_access.registry import person_linked_models
from waypost.audit.tests.conftest import FULL_NAME, SAFE_ADDRESS_LINE
from waypost.people.models import (
    Alias,
    ContactDetail,
    Identifier,
    Note,
    Person,
    SafeAddress,
    SupportNeed,
)
from waypost.sharing.models import SharingPermission
from waypost.testing.people import make_person

LONG_AGO = timezone.now() - timedelta(days=7 * 365)
# Everything identifying that make_full_record writes (see conftest).
SECRETS = (
    *FULL_NAME, "Robbo", "Robyn", "Quenell", "9434765919", "07700 900123", "Ask for Sam",
    "Sees the crisis team", "Sofa surfing", "Asked to leave", "sister Alex", "Has a large dog",
    "Dr Pat Example", "Day Centre", SAFE_ADDRESS_LINE, "Wren Witness", "Found unwell",
    "Assessed by the duty team", "DWP letter", "Broadgate", "Green parka", "Wardle Close",
    "Ward 41", "ward41@uhcw.example",
)  # fmt: skip


@pytest.fixture
def applied(world, full_record, django_capture_on_commit_callbacks):
    person = full_record["people.Person"]
    Person.objects.filter(pk=person.pk).update(last_activity_at=LONG_AGO)
    run = plan_retention(world.coventry, by=None)
    with django_capture_on_commit_callbacks(execute=True):
        run = apply_retention_run(run, by=None)
    person.refresh_from_db()
    return run, person


def test_the_person_is_anonymised_and_keeps_their_id(applied, full_record):
    run, person = applied
    assert person.pk == full_record["people.Person"].pk
    assert person.display_name == ANONYMISED
    assert person.birth_date is None
    assert person.anonymised_at is not None
    merged = Person.objects.get(pk=full_record["merged"].pk)
    assert merged.display_name == ANONYMISED
    assert run.applied["person"] == {"ids": [str(person.pk)], "count": 1}


def test_identifying_records_are_removed(applied, full_record):
    _, person = applied
    ids = [person.pk, full_record["merged"].pk]
    for model in (Alias, Identifier, ContactDetail, SafeAddress):
        assert not model.objects.filter(person_id__in=ids).exists(), model


def test_text_is_removed_and_categories_kept(applied, full_record):
    note = Note.objects.get(pk=full_record["people.Note"].pk)
    assert note.text == REMOVED
    assert note.kind == "health"
    need = SupportNeed.objects.get(pk=full_record["people.SupportNeed"].pk)
    assert need.kind == "mental_health" and need.detail == ""


def test_uploaded_consent_forms_are_deleted(applied, full_record, media_root):
    permission = SharingPermission.objects.get(pk=full_record["sharing.SharingPermission"].pk)
    assert not permission.proforma
    assert not any(p.is_file() for p in media_root.rglob("*"))
    assert permission.status == "given"  # the decision stays


def test_nothing_identifying_is_left_in_any_model_linked_to_the_person(applied):
    """Every model linked to a person (including ones added later) is searched for the
    details the person was recorded with."""
    for model in person_linked_models():
        text_fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField, models.JSONField))
        ]
        for row in model._default_manager.values(*text_fields):
            found = [s for s in SECRETS if s in str(row)]
            assert not found, f"{model.__name__} still holds {found}"


def test_the_access_log_is_kept(applied, full_record):
    event = AccessEvent.objects.get(pk=full_record["audit.AccessEvent"].pk)
    assert event.person_id == full_record["people.Person"].pk


def test_applying_twice_is_refused_and_a_new_run_finds_nothing(applied, world):
    run, person = applied
    with pytest.raises(ValidationError, match="already been applied"):
        apply_retention_run(run, by=None)
    again = plan_retention(world.coventry, by=None)
    assert all(item["count"] == 0 for item in again.report["items"].values())
    assert apply_retention_run(again, by=None).applied["person"]["count"] == 0


def test_someone_seen_again_after_the_dry_run_is_left_alone(world):
    person = make_person(world.council)
    Person.objects.filter(pk=person.pk).update(last_activity_at=LONG_AGO)
    run = plan_retention(world.coventry, by=None)
    Person.objects.filter(pk=person.pk).update(last_activity_at=timezone.now())

    run = apply_retention_run(run, by=None)

    person.refresh_from_db()
    assert person.anonymised_at is None
    assert person.given_name == "Jo"
    assert run.applied["person"]["count"] == 0


def test_only_what_the_report_listed_is_changed(world):
    run = plan_retention(world.coventry, by=None)  # nothing is old yet
    person = make_person(world.council)
    Person.objects.filter(pk=person.pk).update(last_activity_at=LONG_AGO)

    apply_retention_run(run, by=None)

    person.refresh_from_db()
    assert person.anonymised_at is None


def test_an_old_note_of_an_active_person_loses_its_text(world):
    person = make_person(world.council)
    old = Note.objects.create(
        person=person, text="Old detail", recorded_by_agency=world.council, recorded_at=LONG_AGO
    )
    apply_retention_run(plan_retention(world.coventry, by=None), by=None)
    old.refresh_from_db()
    assert old.text == REMOVED
    person.refresh_from_db()
    assert person.anonymised_at is None
