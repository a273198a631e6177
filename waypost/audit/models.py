"""The access log: who saw which part of whose record, when, how and why. Append-only."""

import uuid
from collections.abc import Iterable
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
