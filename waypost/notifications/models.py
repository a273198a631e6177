"""The outbox (messages waiting to leave) and in-app notifications."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class OutboxChannel(models.TextChoices):
    EMAIL = "email", "Email"
    # Reserved: not delivered yet.
    SMS = "sms", "Text message"
    IN_APP = "in_app", "In-app"


class OutboxStatus(models.TextChoices):
    PENDING = "pending", "Waiting to send"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class OutboxMessage(models.Model):
    """A message written in the same transaction as the change that caused it.

    The worker delivers it later (see notifications.tasks): nothing is sent if the change
    rolls back, and nothing is lost if the worker dies.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    channel = models.CharField(
        max_length=10, choices=OutboxChannel.choices, default=OutboxChannel.EMAIL
    )
    to_address = models.CharField(max_length=254)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    subject = models.CharField(max_length=255)
    body = models.TextField()
    status = models.CharField(
        max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # While `sending`, the worker holds the message until then; after it, a worker that died
    # mid-send has left it behind and another may take it over.
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # The exception class and SMTP code only: never addresses or message text.
    last_error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
            models.Index(fields=["status", "lease_expires_at"], name="outbox_lease"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.id} ({self.status})"

    @property
    def message_id_header(self) -> str:
        """The RFC 5322 Message-ID, the same on every attempt (see tasks.deliver_message)."""
        return f"<{self.id}@waypost>"


class Notification(models.Model):
    """A message to one member of staff, shown in Waypost."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notifications"
    )
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=500, blank=True, help_text="A path inside Waypost")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"], name="notification_user_time")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_unread(self) -> bool:
        return self.read_at is None
