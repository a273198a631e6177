"""A worker that dies between the SMS gateway accepting a text message and marking it sent.

As with email (test_outbox_crash.py): the message is sent again by the next worker with the
same reference, so a gateway honouring the reference as idempotency key delivers it once.
"""

import time

import pytest
from django.db import transaction
from django.utils import timezone

from waypost.notifications.actions import queue_sms
from waypost.notifications.models import OutboxStatus
from waypost.notifications.tasks import FAULT_AFTER_SEND_ENV
from waypost.testing.worker import WorkerRunner

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_text_message_is_delivered_once_when_the_worker_dies_after_sending(
    mail_store, sms_gateway, tmp_path
):
    run_worker = WorkerRunner(mail_store=mail_store, tmp_path=tmp_path, sms_gateway=sms_gateway)
    with transaction.atomic():
        message = queue_sms(to="+447700900123", body="SWEP is active")

    crashed = run_worker(
        "deliver_outbox", env={FAULT_AFTER_SEND_ENV: "1", "OUTBOX_LEASE_SECONDS": "1"}
    )

    assert crashed.returncode == 1, crashed.stderr
    assert "Traceback" not in crashed.stderr
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.SENDING, 1)
    assert sms_gateway.references == [str(message.pk)]

    while timezone.now() <= message.lease_expires_at:
        time.sleep(0.1)
    recovered = run_worker("deliver_outbox")

    assert recovered.returncode == 0, recovered.stderr
    assert "Sent 1 outbox message." in recovered.stdout
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.SENT, 2)
    # Posted twice with the same reference: the gateway delivers it once.
    assert sms_gateway.delivered == {str(message.pk): 2}
    assert sms_gateway.distinct_by_number() == {"+447700900123": 1}

    again = run_worker("deliver_outbox")
    assert "Sent 0 outbox messages." in again.stdout
    assert len(sms_gateway.receipts) == 2
