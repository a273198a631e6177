"""Scheduled jobs are enqueued once per slot, with no personal data, and every job exists."""

from datetime import UTC, datetime, time

from django.core.management import call_command
from django.tasks import Task
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from waypost.scheduling.jobs import JOBS, Job
from waypost.scheduling.models import ScheduledRun
from waypost.scheduling.scheduler import enqueue_due

OUTBOX = Job("sweep", "waypost.notifications.tasks.deliver_due_messages", every_minutes=5)
NIGHTLY = Job("nightly", "waypost.notifications.tasks.deliver_due_messages", daily_at=time(2))


def test_every_job_names_a_task_that_takes_no_arguments():
    for job in JOBS:
        assert isinstance(import_string(job.task), Task), job.name


def test_a_slot_is_enqueued_once(db):
    now = datetime(2026, 11, 24, 10, 7, tzinfo=UTC)
    assert enqueue_due(now, (OUTBOX,)) == ["sweep"]
    assert enqueue_due(now, (OUTBOX,)) == []
    assert DBTaskResult.objects.count() == 1
    assert ScheduledRun.objects.get().slot == datetime(2026, 11, 24, 10, 5, tzinfo=UTC)


def test_the_next_slot_is_enqueued_when_it_comes(db):
    enqueue_due(datetime(2026, 11, 24, 10, 7, tzinfo=UTC), (OUTBOX,))
    assert enqueue_due(datetime(2026, 11, 24, 10, 10, tzinfo=UTC), (OUTBOX,)) == ["sweep"]


def test_daily_jobs_run_at_london_time_and_catch_up_once(db):
    # 1:59 London in summer is 0:59 UTC: the latest 2am slot was the day before.
    summer = datetime(2026, 7, 1, 0, 59, tzinfo=UTC)
    assert NIGHTLY.latest_slot(summer) == datetime(2026, 6, 30, 1, 0, tzinfo=UTC)
    # After a week down, the scheduler runs the nightly job once, not seven times.
    enqueue_due(datetime(2026, 11, 17, 3, 0, tzinfo=UTC), (NIGHTLY,))
    assert enqueue_due(datetime(2026, 11, 24, 12, 0, tzinfo=UTC), (NIGHTLY,)) == ["nightly"]
    assert ScheduledRun.objects.count() == 2


def test_run_schedule_once_enqueues_tasks_without_arguments(db):
    call_command("run_schedule", "--once", stdout=open("/dev/null", "w"))
    assert ScheduledRun.objects.count() == len(JOBS)
    for result in DBTaskResult.objects.all():
        assert result.args_kwargs == {"args": [], "kwargs": {}}
