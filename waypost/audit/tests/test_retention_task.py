"""The nightly task writes each partnership's dry-run report first, then applies it; the
officer can apply a dry run from the page, once."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from waypost.audit.models import RetentionRun
from waypost.audit.retention.actions import plan_retention
from waypost.audit.tasks import apply_retention
from waypost.people.models import Person
from waypost.testing.people import make_person

LONG_AGO = timezone.now() - timedelta(days=7 * 365)


def _old_person(world, agency=None):
    person = make_person(agency or world.council)
    Person.objects.filter(pk=person.pk).update(last_activity_at=LONG_AGO)
    return person


def test_the_task_reports_then_applies_for_every_partnership(world):
    coventry, birmingham = _old_person(world), _old_person(world, world.brum_council)

    run_ids = apply_retention.call()

    runs = RetentionRun.objects.filter(pk__in=run_ids)
    assert {r.partnership for r in runs} == {world.coventry, world.birmingham}
    for run in runs:
        assert run.created_by is None and run.applied_at is not None
        assert run.report["items"]["person"]["count"] == 1  # the report was kept
        assert run.applied["person"]["count"] == 1
    for person in (coventry, birmingham):
        person.refresh_from_db()
        assert person.anonymised_at is not None


def test_the_scheduler_can_enqueue_it_without_arguments(world):
    from django.utils.module_loading import import_string
    from django_tasks_db.models import DBTaskResult

    task = import_string("waypost.audit.tasks.apply_retention")  # the scheduled job's path
    task.enqueue()
    assert DBTaskResult.objects.get().args_kwargs == {"args": [], "kwargs": {}}


def test_the_officer_applies_a_dry_run_once(dpo_client, dpo_user, world):
    person = _old_person(world)
    run = plan_retention(world.coventry, by=dpo_user)
    url = reverse("audit:retention_apply", args=[run.pk])

    response = dpo_client.post(url, follow=True)

    assert "Retention applied: 1 record changed" in response.text
    person.refresh_from_db()
    assert person.anonymised_at is not None
    run.refresh_from_db()
    assert run.applied_by == dpo_user

    again = dpo_client.post(url, follow=True)
    assert "already been applied" in again.text
    assert "Apply this report" not in again.text
