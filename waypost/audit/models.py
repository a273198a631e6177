"""The access log (who saw which part of whose record, when, how and why; append-only), and
the data protection officer's records: subject access requests and retention."""

import uuid
from collections.abc import Iterable
from datetime import date
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone

from waypost.accounts.models import Membership, Partnership


class AuditLogIsAppendOnly(Exception):
    """Raised on any attempt to change or remove an access event."""


class Section(models.TextChoices):
    """The parts of a person's record that sharing decisions are made about.

    Add new sections at the end; the values are stored and exported.
    """

    IDENTITY = "identity", "Identity"
    CONTACT = "contact", "Contact and location"
    SUPPORT = "support", "Support and needs"
    HEALTH = "health", "Health"
    OFFENDING = "offending", "Offending"
    SAFEGUARDING = "safeguarding", "Safeguarding and risk"
    IMMIGRATION = "immigration", "Immigration and NRPF"
    HOUSING_HISTORY = "housing_history", "Housing history"
    NOTES = "notes", "Notes"
    STAFF = "staff", "Staff records"
    AUDIT = "audit", "Audit log"
    FIGURES = "figures", "Aggregate figures"  # counts only: dashboards, returns, reports


class Channel(models.TextChoices):
    PAGE = "page", "Page"
    API = "api", "API"
    SEARCH = "search", "Search"
    EXPORT = "export", "Export"
    PDF = "pdf", "PDF"
    EMAIL = "email", "Email"
    DASHBOARD = "dashboard", "Dashboard"


class AccessEventQuerySet(models.QuerySet["AccessEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AuditLogIsAppendOnly("Access events cannot be changed.")

    def delete(self) -> NoReturn:  # type: ignore[override]
        raise AuditLogIsAppendOnly("Access events cannot be deleted.")

    def in_partnerships(self, partnerships: Iterable[Partnership]) -> "AccessEventQuerySet":
        """Events a data protection officer of these partnerships may review.

        Those made for one of their agencies, and those with no known agency made by someone
        who is (or was) a member of one of their agencies. An event made for another
        partnership's agency stays with that partnership's officer.
        """
        members = Membership.objects.filter(agency__partnership__in=partnerships).values("user")
        return self.filter(
            models.Q(agency__partnership__in=partnerships)
            | models.Q(agency__isnull=True, user__in=members)
        )


class AccessEvent(models.Model):
    """One read of personal data (or of the log itself). Written by access functions only.

    Rows are never changed or removed by the application: the QuerySet and the model refuse,
    and on PostgreSQL a trigger refuses as well (migration 0002).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for the system itself",
    )
    agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The agency the user acted for, when known",
    )
    # The person's public id, not a foreign key, so the log outlives the record. Indexed by
    # audit_person_time below.
    person_id = models.UUIDField(null=True, blank=True)
    subject_type = models.CharField(max_length=40)
    subject_id = models.CharField(max_length=64, blank=True)
    section = models.CharField(max_length=30, choices=Section.choices)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    reason = models.TextField(blank=True)
    # The URL name only: full URLs and query strings can carry personal data.
    route = models.CharField(max_length=200, blank=True)

    objects = AccessEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [
            models.Index(fields=["person_id", "-occurred_at"], name="audit_person_time"),
            models.Index(fields=["user", "-occurred_at"], name="audit_user_time"),
            models.Index(fields=["agency", "-occurred_at"], name="audit_agency_time"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.section} {self.subject_type}:{self.subject_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditLogIsAppendOnly("Access events cannot be changed.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditLogIsAppendOnly("Access events cannot be deleted.")


# Subject access (UK GDPR Art. 15) and retention (Art. 5(1)(e)): the data protection officer's
# records. The logic is in waypost.audit.subject_access and waypost.audit.retention.


class RequestStatus(models.TextChoices):
    OPEN = "open", "Open"
    WAITING_FOR_ID = "waiting_for_id", "Waiting for ID"
    EXTENDED = "extended", "Extended"
    EXPORT_READY = "export_ready", "Export ready"
    COMPLETED = "completed", "Completed"
    REFUSED = "refused", "Refused"


CLOSED_STATUSES = frozenset({RequestStatus.COMPLETED, RequestStatus.REFUSED})


class SubjectAccessRequestQuerySet(models.QuerySet["SubjectAccessRequest"]):
    def open(self) -> "SubjectAccessRequestQuerySet":
        return self.exclude(status__in=CLOSED_STATUSES)

    def for_partnerships(
        self, partnerships: Iterable[Partnership]
    ) -> "SubjectAccessRequestQuerySet":
        return self.filter(partnership__in=list(partnerships))

    def in_list_order(self) -> "SubjectAccessRequestQuerySet":
        """Open requests first, soonest due first (paused clocks after), then closed ones."""
        return self.annotate(
            closed_last=models.Case(
                models.When(status__in=CLOSED_STATUSES, then=models.Value(True)),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )
        ).order_by(
            "closed_last", models.F("due_on").asc(nulls_last=True), "-received_on", "-opened_at"
        )


class SubjectAccessRequest(models.Model):
    """A person's request for a copy of their data, handled by a data protection officer.

    One calendar month to respond, from receipt, or from when ID was verified when it had to be
    asked for (the clock is paused meanwhile); extendable by up to two further months for a
    complex request. `due_on` is stored so lists can sort and flag overdue requests; actions
    recompute it (waypost.audit.subject_access.deadlines).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="subject_access_requests"
    )
    reference = models.CharField(
        max_length=100, blank=True, help_text="The officer's own reference, never a name"
    )
    # Empty until the officer has found the person's record.
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subject_access_requests",
    )
    received_on = models.DateField()
    id_requested_on = models.DateField(null=True, blank=True)
    id_verified_on = models.DateField(null=True, blank=True)
    extended_by_months = models.PositiveSmallIntegerField(default=0)
    extension_reason = models.TextField(blank=True)
    due_on = models.DateField(null=True, blank=True, help_text="Empty while waiting for ID")
    status = models.CharField(
        max_length=20, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    refusal_reason = models.TextField(blank=True)
    closed_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    export_requested_at = models.DateTimeField(null=True, blank=True)
    export_generated_at = models.DateTimeField(null=True, blank=True)
    # Under MEDIA_ROOT, which is never served: downloads go through an access-checked view.
    export_file = models.FileField(upload_to="subject-access/", blank=True)
    export_sections = models.JSONField(default=list, blank=True)

    objects = SubjectAccessRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(extended_by_months__lte=2), name="sar_extension_at_most_two"
            )
        ]
        indexes = [models.Index(fields=["partnership", "status", "due_on"])]

    def __str__(self) -> str:
        return f"Subject access request {self.id}"

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    @property
    def is_waiting_for_id(self) -> bool:
        return self.id_requested_on is not None and self.id_verified_on is None

    def is_overdue(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return not self.is_closed and self.due_on is not None and self.due_on < today

    @property
    def audit_reason(self) -> str:
        """The reason recorded on every access event this request causes (ids only)."""
        return f"subject access request {self.id}"


class RecordType(models.TextChoices):
    """What a retention rule applies to. Defaults are in waypost.audit.retention.rules."""

    PERSON = "person", "Person record with no activity"
    NOTES = "notes", "Notes"
    CONSENT_FORMS = "consent_forms", "Consent forms (uploaded files)"
    BREAK_GLASS = "break_glass", "Break-glass reasons"
    SUBJECT_ACCESS_EXPORTS = "subject_access_exports", "Subject access exports (files)"
    UNIDENTIFIED = "unidentified", "Alerts and referrals about someone never identified"


class RetentionRule(models.Model):
    """A partnership's retention period for one record type, when it differs from the default."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="retention_rules"
    )
    record_type = models.CharField(max_length=30, choices=RecordType.choices)
    period_months = models.PositiveIntegerField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["record_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "record_type"], name="retention_rule_once"
            ),
            models.CheckConstraint(
                condition=models.Q(period_months__gte=1), name="retention_period_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_record_type_display()}: {self.period_months} months"


class RetentionRun(models.Model):
    """One retention run: the dry-run report (ids and counts only), then what was applied.

    The report is written and committed before anything is changed, so a data protection
    officer can always see what a run was going to do.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="retention_runs"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Empty for the scheduled task.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    report = models.JSONField(default=dict)
    applied_at = models.DateTimeField(null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    applied = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["partnership", "-created_at"])]

    def __str__(self) -> str:
        return f"Retention run {self.id}"

    @property
    def is_applied(self) -> bool:
        return self.applied_at is not None
