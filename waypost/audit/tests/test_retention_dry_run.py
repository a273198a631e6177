"""A dry run reports what is past its retention period, by record type with ids and counts
only, holds back what must be kept, and changes nothing."""

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from waypost.audit.models import RetentionRun
from waypost.audit.retention.actions import plan_retention
from waypost.audit.tests.conftest import FULL_NAME, open_request_for
from waypost.people.models import Note, Person
from waypost.testing.people import make_person

LONG_AGO = timezone.now() - timedelta(days=7 * 365)


def _age(person, when=LONG_AGO):
    Person.objects.filter(pk=person.pk).update(last_activity_at=when)


@pytest.fixture
def old_person(full_record):
    person = full_record["people.Person"]
    _age(person)
    return person


def test_it_lists_people_past_their_period_and_their_records(world, old_person):
    recent = make_person(world.council, given_name="Recent")

    run = plan_retention(world.coventry, by=None)

    people = run.report["items"]["person"]
    assert people["ids"] == [str(old_person.pk)]
    assert people["count"] == 1
    assert str(recent.pk) not in json.dumps(run.report)
    assert people["with"]["aliases"] == 2  # their own and the merged record's
    assert people["with"]["safe_addresses"] == 1
    assert people["with"]["merged_records"] == 1
    assert people["with"]["uploaded_files"] == 1


def test_the_report_holds_no_personal_data(world, old_person):
    run = plan_retention(world.coventry, by=None)
    text = json.dumps(run.report)
    for value in (*FULL_NAME, "Robbo", "9434765919", "07700 900123", "medication"):
        assert value not in text


def test_a_dry_run_changes_nothing(world, old_person, full_record):
    plan_retention(world.coventry, by=None)
    old_person.refresh_from_db()
    assert old_person.given_name == FULL_NAME[0]
    assert old_person.anonymised_at is None
    assert Note.objects.get(pk=full_record["people.Note"].pk).text.startswith("Discussed")


def test_restricted_people_and_open_requests_are_held_back(world, dpo_user):
    restricted = make_person(world.council, given_name="Restricted")
    requested = make_person(world.council, given_name="Requested")
    for person in (restricted, requested):
        _age(person)
    Person.objects.filter(pk=restricted.pk).update(restricted_at=timezone.now())
    open_request_for(dpo_user, world, person=requested)

    run = plan_retention(world.coventry, by=None)

    assert run.report["items"]["person"]["ids"] == []
    assert run.report["held"]["restricted"] == [str(restricted.pk)]
    assert run.report["held"]["open_request"] == [str(requested.pk)]


def test_old_notes_of_active_people_are_listed_on_their_own(world):
    person = make_person(world.council)
    old = Note.objects.create(
        person=person, text="Old", recorded_by_agency=world.council, recorded_at=LONG_AGO
    )
    Note.objects.create(person=person, text="New", recorded_by_agency=world.council)

    run = plan_retention(world.coventry, by=None)

    assert run.report["items"]["notes"]["ids"] == [str(old.pk)]
    assert run.report["items"]["person"]["ids"] == []


def test_the_access_log_is_kept_and_the_report_says_so(world):
    run = plan_retention(world.coventry, by=None)
    assert "append-only" in run.report["kept"][0]


def test_the_command_prints_the_dry_run_report(world, old_person, capsys):
    call_command("apply_retention", "--dry-run", "--partnership", "coventry")

    out = capsys.readouterr().out
    assert "Person record with no activity" in out
    assert "1 to anonymise" in out
    assert str(old_person.pk) in out
    assert "append-only" in out
    assert FULL_NAME[1] not in out
    old_person.refresh_from_db()
    assert old_person.anonymised_at is None
    assert RetentionRun.objects.get().applied_at is None


def test_the_officer_runs_a_dry_run_from_the_page(dpo_client, world, old_person):
    response = dpo_client.post(reverse("audit:retention_dry_run", args=[world.coventry.pk]))
    run = RetentionRun.objects.get()
    assert response.url == reverse("audit:retention_report", args=[run.pk])
    page = dpo_client.get(response.url)
    assert "Apply this report" in page.text
    assert str(old_person.pk) in page.text
    assert FULL_NAME[1] not in page.text
