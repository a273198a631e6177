"""What reporting stores: the monthly returns as signed off (the figures are frozen then, so
what was sent stays what was sent) and the practice notes partnerships share with their region.
Everything else in reporting is computed from the other apps' records when it is asked for."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class ReturnStatus(models.TextChoices):
    DRAFT = "draft", "Not signed off"
    SIGNED_OFF = "signed_off", "Signed off"


class MonthlyReturn(models.Model):
    """The monthly rough sleeping management information for one partnership and month.

    `figures` holds the indicator values (counts only, never a person) as they were when a
    coordinator signed the return off; until then the page computes them live."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="monthly_returns"
    )
    month = models.DateField(help_text="The first day of the month")
    status = models.CharField(
        max_length=20, choices=ReturnStatus.choices, default=ReturnStatus.DRAFT
    )
    figures = models.JSONField(default=dict, blank=True)
    notes = models.TextField(blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    exported_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["partnership", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "month"], name="monthly_return_unique")
        ]

    def __str__(self) -> str:
        return f"{self.partnership} {self.month:%B %Y}"


class PracticeNote(models.Model):
    """A note of practice one partnership shares with the others in its region (P1.10)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    region = models.CharField(max_length=200)
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="practice_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    title = models.CharField(max_length=200)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["region", "-created_at"], name="practice_note_by_region")]

    def __str__(self) -> str:
        return self.title
