"""Writing notifications: always inside the caller's transaction (the transactional outbox)."""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from waypost.notifications.models import Notification, OutboxChannel, OutboxMessage


def queue_email(*, to: str, subject: str, body: str, user: Any = None) -> OutboxMessage:
    """Put an email in the outbox, to be sent by the worker once the transaction commits.

    Call it inside the transaction that makes the change the email is about: if that
    transaction rolls back, the email is never sent. The delivery task is enqueued on commit
    with only the message id as its argument (no address or text in the task queue). If the
    enqueue is lost, `deliver_due` (the `deliver_outbox` command) still finds the message.
    """
    with transaction.atomic():
        message = OutboxMessage.objects.create(
            channel=OutboxChannel.EMAIL, to_address=to, subject=subject, body=body, user=user
        )
        transaction.on_commit(lambda: _enqueue_delivery(str(message.id)))
    return message


def queue_sms(*, to: str, body: str, user: Any = None) -> OutboxMessage:
    """Put a text message in the outbox, exactly as `queue_email` does with an email.

    `to` is a mobile number in international format (+447700900123). Keep the text short
    and free of personal data: it is stored in the outbox until it is sent. The outbox id is
    the gateway's reference on every attempt (waypost.notifications.sms).
    """
    with transaction.atomic():
        message = OutboxMessage.objects.create(
            channel=OutboxChannel.SMS, to_address=to, subject="Text message", body=body, user=user
        )
        transaction.on_commit(lambda: _enqueue_delivery(str(message.id)))
    return message


def notify(
    user: Any, *, title: str, body: str, link: str = "", email: bool = False
) -> Notification:
    """Tell one member of staff something in Waypost and, when `email`, by email as well.

    Both rows are written in the caller's transaction. `link` is a path inside Waypost
    (never an absolute URL); the email carries the title and body, so keep personal data
    out of both and let the link lead to the record, where the access policy applies.
    """
    if link and not _is_local_path(link):
        raise ValueError("A notification link must be a path inside Waypost, such as /people/…")
    with transaction.atomic():
        notification = Notification.objects.create(user=user, title=title, body=body, link=link)
        if email:
            queue_email(to=user.email, subject=title, body=_email_body(body, link), user=user)
    return notification


def notify_many(
    users: Iterable[Any], *, title: str, body: str, link: str = ""
) -> list[Notification]:
    """`notify` (without email) for several members of staff at once: one INSERT, so telling
    a large team costs the same as telling one person."""
    if link and not _is_local_path(link):
        raise ValueError("A notification link must be a path inside Waypost, such as /people/…")
    return Notification.objects.bulk_create(
        [Notification(user=user, title=title, body=body, link=link) for user in users]
    )


def mark_read(notification: Notification, *, by: Any) -> Notification:
    """Mark the user's own notification read (once; later calls keep the first time)."""
    if notification.user_id != by.pk:
        raise PermissionError("Only the recipient can mark a notification read.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def _is_local_path(link: str) -> bool:
    # "//evil.example" and "/\\evil.example" also start with "/" but leave the site.
    return link.startswith("/") and url_has_allowed_host_and_scheme(link, allowed_hosts=None)


def _email_body(body: str, link: str) -> str:
    if link and settings.WAYPOST_BASE_URL:
        return f"{body}\n\n{settings.WAYPOST_BASE_URL.rstrip('/')}{link}\n"
    return body


def _enqueue_delivery(message_id: str) -> None:
    from waypost.notifications.tasks import deliver_message

    deliver_message.enqueue(message_id)
