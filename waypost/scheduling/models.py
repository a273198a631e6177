"""A record of each scheduled job enqueued for each time slot, so a slot runs once even when
several schedulers run (one per machine) or one restarts."""

from django.db import models
from django.utils import timezone


class ScheduledRun(models.Model):
    job = models.CharField(max_length=60)
    slot = models.DateTimeField(help_text="The scheduled time this run is for")
    enqueued_at = models.DateTimeField(default=timezone.now)
    task_result_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-slot"]
        constraints = [models.UniqueConstraint(fields=["job", "slot"], name="scheduled_run_once")]

    def __str__(self) -> str:
        return f"{self.job} at {self.slot:%Y-%m-%d %H:%M}"
