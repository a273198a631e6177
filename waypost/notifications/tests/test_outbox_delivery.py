from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from waypost.notifications.actions import notify, queue_email
from waypost.notifications.models import Notification, OutboxMessage, OutboxStatus
from waypost.notifications.tasks import deliver, deliver_due, retry_delay
from waypost.notifications.tests.conftest import smtp_mailers


def _time_passes(message: OutboxMessage) -> None:
    """Move the next attempt into the past, as if the backoff delay had gone by."""
    OutboxMessage.objects.filter(pk=message.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )


def test_it_delivers_a_queued_email_with_a_stable_message_id(db, mail_store):
    message = queue_email(to="alex@example.test", subject="Your invitation", body="Hello Alex")

    assert deliver(str(message.pk)) == OutboxStatus.SENT

    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert message.attempts == 1
    assert message.sent_at is not None
    assert message.lease_expires_at is None
    [received] = mail_store.receipts
    assert received["Message-ID"] == f"<{message.pk}@waypost>"
    assert received["X-Waypost-Outbox-Id"] == str(message.pk)
    assert received["To"] == "alex@example.test"
    assert received["Subject"] == "Your invitation"
    assert received.get_payload().strip() == "Hello Alex"


def test_it_enqueues_delivery_on_commit_with_only_the_message_id(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue_email(to="alex@example.test", subject="Secret", body="Secret")

    task = DBTaskResult.objects.get()
    assert task.task_path == "waypost.notifications.tasks.deliver_message"
    assert task.args_kwargs == {"args": [str(message.pk)], "kwargs": {}}


def test_nothing_is_queued_when_the_change_rolls_back(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                queue_email(to="alex@example.test", subject="Hi", body="Hi")
                raise RuntimeError("the change failed")

    assert callbacks == []
    assert not OutboxMessage.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_it_retries_with_backoff_after_a_temporary_refusal(
    db, mail_store, django_capture_on_commit_callbacks
):
    mail_store.refuse_next = 1
    message = queue_email(to="alex@example.test", subject="Hi", body="Hi")
    before = timezone.now()

    with django_capture_on_commit_callbacks(execute=True):
        assert deliver(str(message.pk)) == OutboxStatus.PENDING

    message.refresh_from_db()
    assert message.attempts == 1
    assert message.last_error == "SMTPDataError 451"
    assert message.lease_expires_at is None
    assert before + timedelta(seconds=60) <= message.next_attempt_at
    assert message.next_attempt_at <= timezone.now() + timedelta(seconds=60)
    # The retry is enqueued for then, again with only the id.
    retry = DBTaskResult.objects.get()
    assert retry.run_after == message.next_attempt_at
    assert retry.args_kwargs == {"args": [str(message.pk)], "kwargs": {}}
    assert mail_store.receipts == []

    # Too early: nothing happens.
    assert deliver(str(message.pk)) == OutboxStatus.PENDING
    assert OutboxMessage.objects.get(pk=message.pk).attempts == 1

    _time_passes(message)
    assert deliver(str(message.pk)) == OutboxStatus.SENT
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (OutboxStatus.SENT, 2, "")
    assert mail_store.message_ids == [f"<{message.pk}@waypost>"]


def test_it_gives_up_after_the_maximum_number_of_attempts(db, mail_store, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    mail_store.refuse_next = 100
    message = queue_email(to="alex@example.test", subject="Hi", body="Hi")

    statuses = []
    for _ in range(3):
        statuses.append(deliver(str(message.pk)))
        _time_passes(message)

    assert statuses == [OutboxStatus.PENDING, OutboxStatus.PENDING, OutboxStatus.FAILED]
    message.refresh_from_db()
    assert message.attempts == 3
    assert message.last_error == "SMTPDataError 451"
    assert deliver(str(message.pk)) == OutboxStatus.FAILED
    assert OutboxMessage.objects.get(pk=message.pk).attempts == 3


def test_the_error_kept_names_no_address_or_text(db, settings):
    # Nothing listens on this port: the connection is refused.
    settings.MAILERS = smtp_mailers("127.0.0.1", 9)
    message = queue_email(to="alex@example.test", subject="Hi", body="Hi")

    deliver(str(message.pk))

    message.refresh_from_db()
    assert message.last_error == "ConnectionRefusedError"


def test_the_backoff_doubles_up_to_an_hour():
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 6, 7, 20)] == [
        60,
        120,
        240,
        1920,
        3600,
        3600,
    ]


def test_a_live_lease_is_not_taken_over(db, mail_store):
    message = queue_email(to="alex@example.test", subject="Hi", body="Hi")
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.SENDING,
        attempts=1,
        lease_expires_at=timezone.now() + timedelta(minutes=1),
    )

    assert deliver(str(message.pk)) == OutboxStatus.SENDING
    assert deliver_due() == 0
    assert mail_store.receipts == []


def test_a_message_lost_by_dying_workers_too_often_fails(db, mail_store, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    message = queue_email(to="alex@example.test", subject="Hi", body="Hi")
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.SENDING, attempts=2, lease_expires_at=timezone.now()
    )

    assert deliver(str(message.pk)) == OutboxStatus.FAILED
    assert OutboxMessage.objects.get(pk=message.pk).last_error == "WorkerLost"
    assert mail_store.receipts == []


def test_the_sweep_sends_due_and_abandoned_messages(db, mail_store):
    queue_email(to="a@example.test", subject="Due", body="x")
    later = queue_email(to="b@example.test", subject="Later", body="x")
    OutboxMessage.objects.filter(pk=later.pk).update(
        next_attempt_at=timezone.now() + timedelta(hours=1)
    )
    abandoned = queue_email(to="c@example.test", subject="Abandoned", body="x")
    OutboxMessage.objects.filter(pk=abandoned.pk).update(
        status=OutboxStatus.SENDING, attempts=1, lease_expires_at=timezone.now()
    )

    call_command("deliver_outbox")

    assert sorted(m["Subject"] for m in mail_store.receipts) == ["Abandoned", "Due"]
    statuses = dict(OutboxMessage.objects.values_list("subject", "status"))
    assert statuses == {"Due": "sent", "Later": "pending", "Abandoned": "sent"}


def test_notify_writes_the_notification_and_its_email_together(db, caseworker_user):
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(caseworker_user, title="Rolled back", body="x", email=True)
        raise RuntimeError
    assert not Notification.objects.exists()
    assert not OutboxMessage.objects.exists()

    notification = notify(
        caseworker_user,
        title="New referral",
        body="A referral needs triage",
        link="/r/1",
        email=True,
    )

    assert notification.user == caseworker_user
    message = OutboxMessage.objects.get()
    assert (message.to_address, message.subject, message.user) == (
        caseworker_user.email,
        "New referral",
        caseworker_user,
    )
    assert message.body.startswith("A referral needs triage")


def test_notify_without_email_writes_no_outbox_message(db, caseworker_user):
    notify(caseworker_user, title="Hi", body="x")

    assert Notification.objects.count() == 1
    assert not OutboxMessage.objects.exists()


@pytest.mark.parametrize(
    "link", ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)"]
)
def test_notify_refuses_links_outside_waypost(db, caseworker_user, link):
    with pytest.raises(ValueError):
        notify(caseworker_user, title="Hi", body="x", link=link)
