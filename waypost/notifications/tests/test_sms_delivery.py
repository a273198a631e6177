"""Text messages through the outbox: the http provider against a local fake gateway (retries,
the reference as idempotency key, errors without numbers or text), and the console provider."""

import logging
from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from waypost.notifications.actions import queue_email, queue_sms
from waypost.notifications.models import OutboxChannel, OutboxMessage, OutboxStatus
from waypost.notifications.sms import ConsoleProvider, HttpProvider, get_provider
from waypost.notifications.tasks import deliver, deliver_due
from waypost.testing.worker import free_port

NUMBER = "+447700900123"


def _time_passes(message: OutboxMessage) -> None:
    OutboxMessage.objects.filter(pk=message.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )


def test_queue_sms_enqueues_delivery_with_only_the_message_id(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue_sms(to=NUMBER, body="SWEP is active")

    assert message.channel == OutboxChannel.SMS
    assert (message.to_address, message.body, message.status) == (
        NUMBER,
        "SWEP is active",
        OutboxStatus.PENDING,
    )
    task = DBTaskResult.objects.get()
    assert task.task_path == "waypost.notifications.tasks.deliver_message"
    assert task.args_kwargs == {"args": [str(message.pk)], "kwargs": {}}


def test_the_gateway_gets_the_number_text_token_and_reference(db, sms_gateway):
    message = queue_sms(to=NUMBER, body="SWEP is active in Coventry")

    assert deliver(str(message.pk)) == OutboxStatus.SENT

    [receipt] = sms_gateway.receipts
    assert (receipt.to, receipt.body) == (NUMBER, "SWEP is active in Coventry")
    assert receipt.reference == str(message.pk)
    assert receipt.idempotency_key == str(message.pk)
    assert receipt.authorization == f"Bearer {sms_gateway.token}"
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (OutboxStatus.SENT, 1, "")


def test_a_refusal_is_retried_with_the_same_reference(
    db, sms_gateway, django_capture_on_commit_callbacks
):
    sms_gateway.fail_next = 1
    message = queue_sms(to=NUMBER, body="Hello")

    with django_capture_on_commit_callbacks(execute=True):
        assert deliver(str(message.pk)) == OutboxStatus.PENDING

    message.refresh_from_db()
    assert message.last_error == "SmsError 503"
    assert message.next_attempt_at > timezone.now() + timedelta(seconds=50)
    retry = DBTaskResult.objects.get()
    assert retry.args_kwargs == {"args": [str(message.pk)], "kwargs": {}}
    assert sms_gateway.receipts == []

    assert deliver(str(message.pk)) == OutboxStatus.PENDING  # not yet due
    _time_passes(message)
    assert deliver(str(message.pk)) == OutboxStatus.SENT
    assert sms_gateway.references == [str(message.pk)]
    message.refresh_from_db()
    assert (message.attempts, message.last_error) == (2, "")


@pytest.mark.parametrize("status", [400, 429, 500])
def test_client_and_server_errors_are_failures_that_are_retried(db, sms_gateway, status):
    sms_gateway.fail_next, sms_gateway.fail_status = 1, status
    message = queue_sms(to=NUMBER, body="Hello")

    assert deliver(str(message.pk)) == OutboxStatus.PENDING
    assert OutboxMessage.objects.get(pk=message.pk).last_error == f"SmsError {status}"
    _time_passes(message)
    assert deliver(str(message.pk)) == OutboxStatus.SENT


def test_it_gives_up_after_the_maximum_number_of_attempts(db, sms_gateway, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    sms_gateway.fail_next = 100
    message = queue_sms(to=NUMBER, body="Hello")

    statuses = []
    for _ in range(3):
        statuses.append(deliver(str(message.pk)))
        _time_passes(message)

    assert statuses == [OutboxStatus.PENDING, OutboxStatus.PENDING, OutboxStatus.FAILED]
    assert deliver(str(message.pk)) == OutboxStatus.FAILED
    assert sms_gateway.receipts == []


def test_a_wrong_token_is_refused_and_recorded_without_the_number(db, sms_gateway, settings):
    settings.WAYPOST_SMS_TOKEN = "wrong"
    message = queue_sms(to=NUMBER, body="Hello")

    assert deliver(str(message.pk)) == OutboxStatus.PENDING

    message.refresh_from_db()
    assert message.last_error == "SmsError 401"
    assert NUMBER not in message.last_error


def test_an_unreachable_gateway_is_retried(db, settings):
    settings.WAYPOST_SMS_PROVIDER = "http"
    settings.WAYPOST_SMS_URL = f"http://127.0.0.1:{free_port()}/messages"  # nothing listens
    message = queue_sms(to=NUMBER, body="Hello")

    assert deliver(str(message.pk)) == OutboxStatus.PENDING
    assert OutboxMessage.objects.get(pk=message.pk).last_error == "URLError"


def test_the_sweep_delivers_email_and_text_messages(db, sms_gateway, mail_store):
    sms = queue_sms(to=NUMBER, body="Text")
    mail = queue_email(to="alex@example.test", subject="Mail", body="Mail")

    assert deliver_due() == 2

    assert sms_gateway.references == [str(sms.pk)]
    assert mail_store.message_ids == [f"<{mail.pk}@waypost>"]


def test_the_console_provider_logs_only_the_outbox_id(db, settings, caplog):
    settings.WAYPOST_SMS_PROVIDER = "console"
    message = queue_sms(to=NUMBER, body="Secret words")

    with caplog.at_level(logging.INFO):
        assert deliver(str(message.pk)) == OutboxStatus.SENT

    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert str(message.pk) in logged
    assert NUMBER not in logged
    assert "Secret words" not in logged


def test_the_provider_follows_the_setting(settings):
    settings.WAYPOST_SMS_PROVIDER = "console"
    assert isinstance(get_provider(), ConsoleProvider)
    settings.WAYPOST_SMS_PROVIDER = "http"
    settings.WAYPOST_SMS_URL = "https://sms.example.test/messages"
    assert isinstance(get_provider(), HttpProvider)
    settings.WAYPOST_SMS_URL = ""
    with pytest.raises(ImproperlyConfigured):
        get_provider()
    settings.WAYPOST_SMS_PROVIDER = "carrier-pigeon"
    with pytest.raises(ImproperlyConfigured):
        get_provider()


def test_only_web_addresses_are_accepted_for_the_gateway():
    with pytest.raises(ImproperlyConfigured):
        HttpProvider(url="file:///etc/passwd", token="x", timeout_seconds=1)
