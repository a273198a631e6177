"""Action plans as data: a strategy has themes (the first plan calls them principles), each theme
has commitments (aims), and each commitment has actions with a due date, a lead, other agencies
and a status. Review rounds keep what was said about each action when the plan was reviewed.

Dates, leads and agencies are kept as the plan wrote them (`due_text`, `lead_text`,
`other_agencies_text`); `due_date` and `lead_agency` are what Waypost worked out from them, so
an overdue action can be noticed and its lead told. Nothing here is about a person.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Strategy(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="strategies"
    )
    title = models.CharField(max_length=300)
    period = models.CharField(max_length=200, blank=True, help_text="As the plan writes it")
    source = models.CharField(
        max_length=100,
        blank=True,
        help_text="The document it was loaded from, so a reload updates it",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["partnership", "title"]
        verbose_name_plural = "strategies"
        constraints = [
            models.UniqueConstraint(fields=["partnership", "title"], name="strategy_unique_title")
        ]

    def __str__(self) -> str:
        return self.title


class Theme(models.Model):
    """A principle (first plan) or a theme such as "Targeted Prevention" (second plan)."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="themes")
    position = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=20, help_text='Short reference, e.g. "P1" or "TP"')
    title = models.CharField(max_length=300)

    class Meta:
        ordering = ["strategy", "position"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "position"], name="theme_unique_position"),
            models.UniqueConstraint(fields=["strategy", "code"], name="theme_unique_code"),
        ]

    def __str__(self) -> str:
        return self.title


class Commitment(models.Model):
    """A partnership commitment or aim, with what success looks like."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="commitments")
    position = models.PositiveSmallIntegerField()
    number = models.CharField(max_length=10, blank=True, help_text="As the plan numbers it")
    text = models.TextField()
    success_text = models.TextField(blank=True, help_text="What success looks like")
    # A live measure from Waypost's data (a code from the measures registry) and its target.
    measure_code = models.CharField(max_length=60, blank=True)
    measure_target = models.DecimalField(max_digits=10, decimal_places=1, null=True, blank=True)

    class Meta:
        ordering = ["theme", "position"]
        constraints = [
            models.UniqueConstraint(fields=["theme", "position"], name="commitment_unique_position")
        ]

    def __str__(self) -> str:
        return self.text[:80]


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    LATE = "late", "Late"
    DONE = "done", "Done"


class Action(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="actions")
    position = models.PositiveSmallIntegerField()
    text = models.TextField()
    due_text = models.CharField(max_length=300, blank=True, help_text="As the plan writes it")
    due_date = models.DateField(
        null=True, blank=True, help_text='None for "ongoing", "tbc" or no date'
    )
    lead_text = models.CharField(max_length=500, blank=True, help_text="As the plan writes it")
    other_agencies_text = models.CharField(max_length=500, blank=True)
    lead_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The due date an overdue notice went out for: once per lapse, again if the date moves.
    overdue_notified_for = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["commitment", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "position"], name="action_unique_position"
            )
        ]
        indexes = [models.Index(fields=["status", "due_date"], name="action_status_due")]

    def __str__(self) -> str:
        return self.text[:80]


class ReviewRound(models.Model):
    """A review of the plan, e.g. "Reviewed March 2020"."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField()
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["strategy", "held_on"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "title"], name="review_unique_title")
        ]

    def __str__(self) -> str:
        return self.title


class ReviewNote(models.Model):
    """What a review said about one action (or a whole commitment), and the status it agreed."""

    review = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="notes")
    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, null=True, blank=True, related_name="review_notes"
    )
    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, null=True, blank=True, related_name="review_notes"
    )
    text = models.TextField()
    status = models.CharField(max_length=20, choices=ActionStatus.choices, blank=True)

    class Meta:
        ordering = ["review", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__isnull=False) | Q(commitment__isnull=False),
                name="review_note_about_something",
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]


class ImpactCheckStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"


class PolicyImpactCheck(models.Model):
    """P1.9: a short structured assessment of how a proposed policy change affects people
    sleeping rough. The questions are defined in code (`strategy/impact.py`)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="impact_checks"
    )
    title = models.CharField(max_length=300, help_text="The proposed policy change")
    proposed_by = models.CharField(max_length=300, blank=True, help_text="Team or organisation")
    decision_due = models.DateField(null=True, blank=True)
    summary = models.TextField(blank=True)
    mitigation = models.TextField(blank=True)
    recommendation = models.CharField(max_length=30, blank=True)
    status = models.CharField(
        max_length=20, choices=ImpactCheckStatus.choices, default=ImpactCheckStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["partnership", "-created_at"], name="impact_by_partnership")
        ]

    def __str__(self) -> str:
        return self.title


class Impact(models.TextChoices):
    HELPS = "helps", "Helps"
    NO_EFFECT = "no_effect", "No effect"
    HARMS = "harms", "Harms"
    NOT_KNOWN = "not_known", "Not known yet"


class PolicyImpactAnswer(models.Model):
    check_record = models.ForeignKey(
        PolicyImpactCheck, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.CharField(max_length=40)
    impact = models.CharField(max_length=20, choices=Impact.choices)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["check_record", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["check_record", "question"], name="impact_answer_one_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.get_impact_display()}"
