"""A worker that dies between handing a message to the mail server and marking it sent.

The worker runs in its own process and exits abruptly (os._exit, no clean-up) at exactly that
point. The message must be delivered after all, and the recipient's mailbox must hold it once.
"""

import time

import pytest
from django.db import transaction
from django.utils import timezone

from waypost.notifications.actions import queue_email
from waypost.notifications.models import OutboxMessage, OutboxStatus
from waypost.notifications.tasks import FAULT_AFTER_SEND_ENV

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_message_is_delivered_once_when_the_worker_dies_after_sending(run_worker, mail_store):
    with transaction.atomic():
        message = queue_email(to="alex@example.test", subject="Hello", body="Body text")

    # The worker claims the message with a one-second lease, sends it, and dies.
    crashed = run_worker(
        "deliver_outbox", env={FAULT_AFTER_SEND_ENV: "1", "OUTBOX_LEASE_SECONDS": "1"}
    )

    assert crashed.returncode == 1, crashed.stderr
    assert "Traceback" not in crashed.stderr  # it died, it did not fail
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENDING
    assert message.attempts == 1
    assert message.sent_at is None
    assert mail_store.message_ids == [f"<{message.pk}@waypost>"]

    # Once the lease has run out, the next worker takes the message over.
    while timezone.now() <= message.lease_expires_at:
        time.sleep(0.1)
    recovered = run_worker("deliver_outbox")

    assert recovered.returncode == 0, recovered.stderr
    assert "Sent 1 outbox message." in recovered.stdout
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert message.attempts == 2
    assert message.sent_at is not None
    # Sent again, with the same Message-ID: the mailbox holds it once, not twice, not never.
    assert len(mail_store.receipts) == 2
    assert mail_store.mailbox == {f"<{message.pk}@waypost>": 2}
    assert len(mail_store.mailbox) == 1
    assert {m["X-Waypost-Outbox-Id"] for m in mail_store.receipts} == {str(message.pk)}

    # Nothing is left to do.
    again = run_worker("deliver_outbox")
    assert "Sent 0 outbox messages." in again.stdout
    assert len(mail_store.receipts) == 2


def test_the_fault_hook_does_nothing_unless_set(run_worker, mail_store):
    with transaction.atomic():
        message = queue_email(to="alex@example.test", subject="Hello", body="Body text")

    result = run_worker("deliver_outbox")

    assert result.returncode == 0, result.stderr
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert mail_store.message_ids == [f"<{message.pk}@waypost>"]


def test_the_task_worker_picks_up_and_delivers_a_queued_message(run_worker, mail_store):
    from django_tasks_db.models import DBTaskResult

    with transaction.atomic():
        message = queue_email(to="alex@example.test", subject="Hello", body="Body text")
    task = DBTaskResult.objects.get()
    # Only the id travels through the task queue: no address, subject or text.
    assert task.args_kwargs == {"args": [str(message.pk)], "kwargs": {}}

    result = run_worker("db_worker", "--batch", "--no-startup-delay")

    assert result.returncode == 0, result.stderr
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert mail_store.message_ids == [f"<{message.pk}@waypost>"]
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert OutboxMessage.objects.count() == 1
