"""Working a case: assessments of need and risk, the partnership's threshold model and each
person's tier, support plans and their actions, meetings and tasking, enforcement under the
charter of care, and reviews of deaths.

Everything here is about a person and belongs to a section of the access policy: each model (or
row) says which. Reads go through waypost.cases.access; writes through the actions modules.
"""

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from waypost.audit.models import Section
from waypost.people.models import NOTE_SECTIONS, NoteKind, PersonRecord

# ---------------------------------------------------------------------------------------------
# Assessment


class Domain(models.TextChoices):
    """The domains of an assessment, in the order the form asks about them."""

    HOUSING_HISTORY = "housing_history", "Housing history"
    PHYSICAL_HEALTH = "physical_health", "Physical health"
    MENTAL_HEALTH = "mental_health", "Mental health"
    DRUGS_ALCOHOL = "drugs_alcohol", "Drugs and alcohol"
    OFFENDING = "offending", "Offending"
    FINANCES = "finances", "Finances and benefits"
    IDENTITY_DOCUMENTS = "identity_documents", "Identity documents"
    EMPLOYMENT = "employment", "Employment and education"
    RELATIONSHIPS = "relationships", "Relationships and family"
    SAFEGUARDING = "safeguarding", "Safeguarding"
    RISK_TO_SELF = "risk_to_self", "Risk to self"
    RISK_TO_OTHERS = "risk_to_others", "Risk to others"
    RISK_FROM_OTHERS = "risk_from_others", "Risk from others"


# Each domain's answers are protected by the section whose sharing rules fit them.
DOMAIN_SECTIONS: dict[str, Section] = {
    Domain.HOUSING_HISTORY: Section.HOUSING_HISTORY,
    Domain.PHYSICAL_HEALTH: Section.HEALTH,
    Domain.MENTAL_HEALTH: Section.HEALTH,
    Domain.DRUGS_ALCOHOL: Section.HEALTH,
    Domain.OFFENDING: Section.OFFENDING,
    Domain.FINANCES: Section.SUPPORT,
    Domain.IDENTITY_DOCUMENTS: Section.SUPPORT,
    Domain.EMPLOYMENT: Section.SUPPORT,
    Domain.RELATIONSHIPS: Section.SUPPORT,
    Domain.SAFEGUARDING: Section.SAFEGUARDING,
    Domain.RISK_TO_SELF: Section.SAFEGUARDING,
    Domain.RISK_TO_OTHERS: Section.SAFEGUARDING,
    Domain.RISK_FROM_OTHERS: Section.SAFEGUARDING,
}


class Level(models.IntegerChoices):
    """How much need or risk a domain shows."""

    NONE = 0, "No need or risk"
    LOW = 1, "Low"
    MEDIUM = 2, "Medium"
    HIGH = 3, "High"


class Assessment(PersonRecord):
    """An assessment of need and risk across the domains (answers in AssessmentAnswer)."""

    section = Section.SUPPORT

    assessed_on = models.DateField(default=date.today)
    summary = models.TextField(blank=True)

    class Meta(PersonRecord.Meta):
        ordering = ["-assessed_on", "-recorded_at"]
        indexes = [models.Index(fields=["person", "assessed_on"])]


class AssessmentAnswer(models.Model):
    """One domain of an assessment. Its section depends on the domain (DOMAIN_SECTIONS)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    domain = models.CharField(max_length=30, choices=Domain.choices)
    level = models.PositiveSmallIntegerField(choices=Level.choices, default=Level.NONE)
    details = models.TextField(blank=True)
    # Drugs and alcohol: synthetic cannabinoids and other new psychoactive substances (NPS).
    uses_nps = models.BooleanField(default=False)

    class Meta:
        ordering = ["assessment", "domain"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "domain"], name="one_answer_a_domain")
        ]

    def __str__(self) -> str:
        return f"AssessmentAnswer {self.id}"

    @property
    def record_section(self) -> Section:
        return DOMAIN_SECTIONS[self.domain]


# ---------------------------------------------------------------------------------------------
# The threshold model and tiers


class ThresholdModel(models.Model):
    """One version of the partnership's scoring of need into tiers. Versions are never edited:
    a change saves a new version, and tiers keep the version that set them.

    `rules` holds the points: {"domains": {domain: {level: points}}, "nps": points,
    "months_rough": [[months, points], ...], "returns": [[returns, points], ...]};
    `tiers` holds the cut-offs, highest need first: [[tier, min_score], ...].
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="threshold_models"
    )
    version = models.PositiveIntegerField()
    rules = models.JSONField()
    tiers = models.JSONField()
    change_note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["partnership", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "version"], name="threshold_model_version_once"
            )
        ]

    def __str__(self) -> str:
        return f"ThresholdModel v{self.version}"


class Tier(models.IntegerChoices):
    ONE = 1, "Tier 1: multi-agency case meeting"
    TWO = 2, "Tier 2: partner tasking"
    THREE = 3, "Tier 3: daily tasking and case management"


class TierResult(models.Model):
    """A person's tier under one model version, with why: `explanation` lists each factor
    [{"factor": code, "label": text, "section": section, "points": n}], whose points sum to
    `score`. The newest is current; older ones are the tier history."""

    section = Section.SUPPORT

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="tiers")
    model = models.ForeignKey(ThresholdModel, on_delete=models.PROTECT, related_name="results")
    assessment = models.ForeignKey(
        Assessment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    score = models.IntegerField()
    tier = models.PositiveSmallIntegerField(choices=Tier.choices)
    explanation = models.JSONField(default=list)
    calculated_at = models.DateTimeField(default=timezone.now)
    recorded_by_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-calculated_at"]
        indexes = [models.Index(fields=["person", "calculated_at"])]

    def __str__(self) -> str:
        return f"TierResult {self.id}"


# ---------------------------------------------------------------------------------------------
# Support plans


class PlanStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class Goal(PersonRecord):
    """Something the person wants to achieve, in their words where possible."""

    section = Section.SUPPORT

    text = models.CharField(max_length=500)
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)


class PlanActionQuerySet(models.QuerySet["PlanAction"]):
    def open(self) -> "PlanActionQuerySet":
        return self.filter(status=PlanStatus.OPEN)

    def overdue(self, today: date | None = None) -> "PlanActionQuerySet":
        return self.open().filter(due_on__lt=today or timezone.localdate())


class PlanAction(PersonRecord):
    """An action in a person's support plan, owned by an agency (and optionally one of its
    staff), made on a page or in a meeting. Overdue actions come to the next meeting."""

    section = Section.SUPPORT

    goal = models.ForeignKey(
        Goal, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    text = models.CharField(max_length=500)
    owner_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.OPEN)
    completed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(blank=True)
    meeting = models.ForeignKey(
        "Meeting", on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    reminded_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = PlanActionQuerySet.as_manager()

    class Meta(PersonRecord.Meta):
        ordering = ["due_on", "recorded_at"]
        indexes = [
            models.Index(fields=["owner_agency", "status", "due_on"]),
            models.Index(fields=["owner", "status", "due_on"]),
            models.Index(fields=["person", "status", "due_on"]),
        ]


# ---------------------------------------------------------------------------------------------
# Meetings and tasking


class MeetingKind(models.TextChoices):
    CASE_MANAGEMENT = "case_management", "Weekly case management"
    MAC = "mac", "Multi-agency case meeting"
    PARTNER_TASKING = "partner_tasking", "Partner tasking"
    DAILY_TASKING = "daily_tasking", "Daily operational tasking"
    COMPLEX_NEEDS = "complex_needs", "Complex needs panel"


# Which tier each kind of meeting discusses (the agenda's first source).
MEETING_TIERS: dict[str, frozenset[int]] = {
    MeetingKind.MAC: frozenset({Tier.ONE}),
    MeetingKind.PARTNER_TASKING: frozenset({Tier.TWO}),
    MeetingKind.DAILY_TASKING: frozenset({Tier.THREE}),
    MeetingKind.CASE_MANAGEMENT: frozenset({Tier.THREE}),
    MeetingKind.COMPLEX_NEEDS: frozenset({Tier.ONE}),
}


class MeetingSeries(models.Model):
    """A recurring meeting: its kind, the weekdays it meets (0 is Monday), every how many
    weeks, and when. Meetings are made from the series ahead of time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="meeting_series"
    )
    kind = models.CharField(max_length=20, choices=MeetingKind.choices)
    name = models.CharField(max_length=120)
    weekdays = models.JSONField(default=list)
    every_weeks = models.PositiveSmallIntegerField(default=1)
    starts_at = models.TimeField()
    first_on = models.DateField(default=date.today)
    location = models.CharField(max_length=200, blank=True)
    chair_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "meeting series"

    def __str__(self) -> str:
        return self.name


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class Meeting(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="meetings"
    )
    series = models.ForeignKey(
        MeetingSeries, on_delete=models.SET_NULL, null=True, blank=True, related_name="meetings"
    )
    kind = models.CharField(max_length=20, choices=MeetingKind.choices)
    starts_at = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    agenda_built_at = models.DateTimeField(null=True, blank=True)
    held_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["partnership", "kind", "starts_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "starts_at"],
                condition=Q(series__isnull=False),
                name="meeting_once_per_series_time",
            )
        ]

    def __str__(self) -> str:
        return f"Meeting {self.id}"


class AgendaReason(models.TextChoices):
    TIER = "tier", "Their tier calls for this meeting"
    NEW = "new", "New since the last meeting"
    OVERDUE = "overdue", "Has overdue actions"
    ADDED = "added", "Added by the coordinator"


class AgendaItem(models.Model):
    """A person on a meeting's agenda and why. The coordinator may remove (kept, marked) or add
    people; rebuilding the agenda keeps their choices."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    reasons = models.JSONField(default=list)  # AgendaReason codes
    position = models.PositiveSmallIntegerField(default=0)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="agenda_person_once")
        ]

    def __str__(self) -> str:
        return f"AgendaItem {self.id}"


class Attendance(models.Model):
    """Which agencies came to a meeting, and who for them (names of staff, not of people)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    present = models.BooleanField(default=True)
    attendees = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["meeting", "agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "agency"], name="attendance_agency_once")
        ]

    def __str__(self) -> str:
        return f"Attendance {self.id}"


class Minute(PersonRecord):
    """What a meeting said about one person. Its kind picks its section, as a note's does."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minutes")
    kind = models.CharField(max_length=20, choices=NoteKind.choices, default=NoteKind.GENERAL)
    text = models.TextField()

    class Meta(PersonRecord.Meta):
        indexes = [models.Index(fields=["meeting", "person"])]

    @property
    def record_section(self) -> Section:
        return NOTE_SECTIONS[self.kind]


# ---------------------------------------------------------------------------------------------
# Enforcement under the charter of care


class EnforcementKind(models.TextChoices):
    WARNING = "warning", "Verbal or written warning"
    CPW = "cpw", "Community protection warning"
    CPN = "cpn", "Community protection notice"
    PSPO_BREACH = "pspo_breach", "Public spaces protection order breach"
    DISPERSAL = "dispersal", "Dispersal direction"
    INJUNCTION = "injunction", "Injunction"
    CBO = "cbo", "Criminal behaviour order"
    ARREST = "arrest", "Arrest"
    OTHER = "other", "Other enforcement"


class EnforcementAction(PersonRecord):
    """Enforcement against someone on the by-name list. The charter of care says support comes
    first: the action is recorded only once support offers are on record, or a coordinator
    overrides with a reason (both kept)."""

    section = Section.OFFENDING

    kind = models.CharField(max_length=20, choices=EnforcementKind.choices)
    taken_on = models.DateField(default=date.today)
    details = models.TextField(blank=True)
    # What support was on record when it was recorded (offer codes and dates), for review.
    support_on_record = models.JSONField(default=list)
    override_reason = models.TextField(blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta(PersonRecord.Meta):
        indexes = [models.Index(fields=["person", "taken_on"])]


# ---------------------------------------------------------------------------------------------
# Deaths


class DeathNotification(PersonRecord):
    """The death of someone sleeping rough or recently homeless, as first reported."""

    section = Section.SAFEGUARDING

    died_on = models.DateField(null=True, blank=True)
    died_on_approximate = models.BooleanField(default=False)
    place_of_death = models.CharField(max_length=200, blank=True)
    circumstances = models.TextField(blank=True)
    how_heard = models.CharField(max_length=200, blank=True)

    class Meta(PersonRecord.Meta):
        constraints = [models.UniqueConstraint(fields=["person"], name="death_notified_once")]


class ReviewStatus(models.TextChoices):
    OPEN = "open", "Review open"
    COMPLETE = "complete", "Review complete"


class DeathReview(models.Model):
    """The partnership's review of a death: what happened, who was involved, what to learn and
    do, whether it goes to a safeguarding adults review, and a learning summary with nothing
    that identifies the person, for the partnership board."""

    section = Section.SAFEGUARDING

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    notification = models.OneToOneField(
        DeathNotification, on_delete=models.CASCADE, related_name="review"
    )
    status = models.CharField(
        max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.OPEN
    )
    circumstances = models.TextField(blank=True)
    agencies_involved = models.ManyToManyField("accounts.Agency", blank=True, related_name="+")
    learning = models.TextField(blank=True)
    actions = models.TextField(blank=True)
    sar_referred = models.BooleanField(
        null=True, blank=True, help_text="Referred to the safeguarding adults board for a SAR"
    )
    sar_referred_on = models.DateField(null=True, blank=True)
    sar_reason = models.TextField(blank=True)
    learning_summary = models.TextField(blank=True)
    summary_published_at = models.DateTimeField(null=True, blank=True)
    reviewed_by_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return f"DeathReview {self.id}"
