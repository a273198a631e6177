"""Outbox delivery, run by the worker (`manage.py db_worker`) and `manage.py deliver_outbox`.

Email goes through Django's mailer; text messages through the SMS provider the settings
choose (waypost.notifications.sms). In-app notifications are rows, not outbox messages.

A message moves pending → sending → sent, or back to pending with exponential backoff after
a failed attempt, or to failed after OUTBOX_MAX_ATTEMPTS attempts. The worker may die at any
point; see `deliver` for what happens then.
"""

import logging
import os
import smtplib
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone

from waypost.notifications.models import OutboxChannel, OutboxMessage, OutboxStatus
from waypost.notifications.sms import SmsError, get_provider

logger = logging.getLogger(__name__)

RETRY_BASE_SECONDS = 30
RETRY_MAX_SECONDS = 3600

# The channels the worker delivers.
DELIVERED_CHANNELS = (OutboxChannel.EMAIL, OutboxChannel.SMS)

# TEST ONLY. When this environment variable is "1" the worker exits abruptly right after the
# mail server (or SMS gateway) accepted a message and before the message is marked sent, to
# prove that a worker dying there neither loses the message nor delivers it twice
# (tests/test_outbox_crash.py, test_sms_crash.py).
# Unset, it does nothing. Never set it on a real worker.
FAULT_AFTER_SEND_ENV = "WAYPOST_FAULT_AFTER_SEND"


@task
def deliver_message(message_id: str) -> str:
    """Deliver one outbox message (the task enqueued when the message is queued)."""
    return deliver(message_id)


@task
def deliver_due_messages() -> int:
    """The scheduled sweep: `deliver_due` on the worker."""
    return deliver_due()


def deliver_due() -> int:
    """Deliver every message that is due, and take over those a dead worker left behind.

    Returns how many were sent. Safe to run at any time and in several processes at once:
    each message is claimed before it is sent.
    """
    ids = list(
        OutboxMessage.objects.filter(_claimable(timezone.now()))
        .order_by("next_attempt_at")
        .values_list("id", flat=True)
    )
    return sum(1 for message_id in ids if deliver(str(message_id)) == OutboxStatus.SENT)


def deliver(message_id: str) -> str:
    """Claim, send and settle one message; return its status afterwards.

    Claiming happens in its own committed transaction: the message becomes `sending` with a
    lease of OUTBOX_LEASE_SECONDS and one more attempt counted. Only a message that is
    `pending` and due, or `sending` with an expired lease, can be claimed, so two workers
    never send it at the same time while the lease holds.

    Exactly once, honestly: if a worker dies after the mail server accepted the message but
    before it was marked sent, the message stays `sending`; once the lease expires another
    worker sends it again. Each attempt carries the same RFC 5322 `Message-ID`
    (`<outbox-id@waypost>`) and an `X-Waypost-Outbox-Id` header, so a receiving mail system
    that suppresses duplicate Message-IDs (Sieve "duplicate", RFC 7352; many mail stores and
    list servers) shows it once. A receiver that ignores Message-IDs may show it twice. That
    is the price of never losing one: SMTP has no two-phase commit, so "at least once, with an
    idempotency key" is the strongest guarantee available.
    """
    message = _claim(message_id)
    if message is None:
        return _status_of(message_id)
    try:
        _send(message)
    except Exception as exc:  # noqa: BLE001  (any failure to hand over is retried)
        return _record_failure(message, exc)
    if os.environ.get(FAULT_AFTER_SEND_ENV) == "1":
        os._exit(1)
    with transaction.atomic():
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=OutboxStatus.SENT, sent_at=timezone.now(), lease_expires_at=None, last_error=""
        )
    logger.info("Outbox message %s sent on attempt %s", message.pk, message.attempts)
    return OutboxStatus.SENT


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the given number of failed attempts: 60s, 2m, 4m … at most 1h."""
    return timedelta(seconds=min(2**attempts * RETRY_BASE_SECONDS, RETRY_MAX_SECONDS))


def _claimable(now: datetime) -> Q:
    return Q(channel__in=DELIVERED_CHANNELS) & (
        Q(status=OutboxStatus.PENDING, next_attempt_at__lte=now)
        | Q(status=OutboxStatus.SENDING, lease_expires_at__lte=now)
    )


def _claim(message_id: str) -> OutboxMessage | None:
    with transaction.atomic():
        now = timezone.now()
        messages = OutboxMessage.objects.filter(_claimable(now), pk=message_id)
        # PostgreSQL: another worker holding the row lock is claiming it; leave it to them.
        # SQLite takes the write lock at BEGIN (transaction_mode IMMEDIATE), which
        # serialises claims instead.
        if connection.features.has_select_for_update_skip_locked:
            messages = messages.select_for_update(skip_locked=True)
        message = messages.first()
        if message is None:
            return None
        if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            # Only reachable when workers kept dying mid-send: stop trying.
            message.status = OutboxStatus.FAILED
            message.lease_expires_at = None
            message.last_error = message.last_error or "WorkerLost"
            message.save(update_fields=["status", "lease_expires_at", "last_error"])
            logger.warning("Outbox message %s failed: worker lost too often", message.pk)
            return None
        message.status = OutboxStatus.SENDING
        message.attempts += 1
        message.lease_expires_at = now + timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
        message.save(update_fields=["status", "attempts", "lease_expires_at"])
    return message


def _send(message: OutboxMessage) -> None:
    if message.channel == OutboxChannel.SMS:
        # The outbox id is the gateway's idempotency key, as the Message-ID is for email.
        get_provider().send(to=message.to_address, body=message.body, reference=str(message.pk))
        return
    EmailMessage(
        subject=message.subject,
        body=message.body,
        to=[message.to_address],
        headers={
            "Message-ID": message.message_id_header,
            "X-Waypost-Outbox-Id": str(message.pk),
        },
    ).send(fail_silently=False)


def _record_failure(message: OutboxMessage, exc: Exception) -> str:
    error = describe_error(exc)
    now = timezone.now()
    if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        fields = {"status": OutboxStatus.FAILED, "lease_expires_at": None, "last_error": error}
        next_attempt_at = None
    else:
        next_attempt_at = now + retry_delay(message.attempts)
        fields = {
            "status": OutboxStatus.PENDING,
            "lease_expires_at": None,
            "next_attempt_at": next_attempt_at,
            "last_error": error,
        }
    with transaction.atomic():
        OutboxMessage.objects.filter(
            pk=message.pk, status=OutboxStatus.SENDING, attempts=message.attempts
        ).update(**fields)
        if next_attempt_at is not None:
            transaction.on_commit(
                lambda: deliver_message.using(run_after=next_attempt_at).enqueue(str(message.pk))
            )
    logger.warning("Outbox message %s attempt %s failed: %s", message.pk, message.attempts, error)
    return str(fields["status"])


def describe_error(exc: Exception) -> str:
    """The exception class and SMTP reply codes (or the SMS gateway's HTTP status): never the
    text, which can hold addresses."""
    name = type(exc).__name__
    codes: list[int] = []
    if isinstance(exc, SmsError):
        codes = [exc.status] if exc.status else []
    elif isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = sorted({code for code, _ in exc.recipients.values()})
    elif isinstance(exc, smtplib.SMTPResponseException):
        codes = [exc.smtp_code]
    return " ".join([name, *map(str, codes)])[:200]


def _status_of(message_id: str) -> str:
    status = OutboxMessage.objects.filter(pk=message_id).values_list("status", flat=True).first()
    return status or "missing"
