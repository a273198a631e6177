"""Enqueue each job once per slot."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from waypost.scheduling.jobs import JOBS, Job
from waypost.scheduling.models import ScheduledRun


def enqueue_due(now: datetime | None = None, jobs: tuple[Job, ...] = JOBS) -> list[str]:
    """Enqueue every job whose latest slot has not been enqueued yet; return their names.

    Only the latest slot is caught up after downtime: a nightly job missed for a week runs
    once, not seven times. Safe with several schedulers: the unique (job, slot) row decides.
    """
    now = now or timezone.now()
    enqueued = []
    for job in jobs:
        slot = job.latest_slot(now)
        if ScheduledRun.objects.filter(job=job.name, slot=slot).exists():
            continue
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(job=job.name, slot=slot)
                result = import_string(job.task).enqueue()
                run.task_result_id = str(result.id)
                run.save(update_fields=["task_result_id"])
        except IntegrityError:
            continue  # another scheduler took this slot
        enqueued.append(job.name)
    return enqueued
