"""The SWEP cascade: when SWEP starts (and when it ends) every partner agency, the outreach
rota and the staff who subscribed are told.

Who, per partnership:
- every active member of every active agency whose role is coordinator, caseworker, outreach
  worker or accommodation provider (agencies have no contact address of their own): an email
  and an in-app notification;
- everyone on the SWEP outreach rota: a text message to their work mobile, and an email;
- everyone subscribed: by email, text message or both, as they chose.
Only people who still work in the partnership (an active membership) are told.

Each message is one CascadeMessage row (unique per activation, event, channel and address)
written in the same transaction as its outbox message, so running the cascade again (after a
crash, say) tells nobody twice, and a rolled-back activation tells nobody at all. The words
say only where and when SWEP runs, and link to the activation page: nothing about anyone
sleeping rough, and nothing typed by hand.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from waypost.accounts.models import Agency, Membership, Role, User
from waypost.notifications.actions import notify, queue_email, queue_sms
from waypost.swep.models import (
    Activation,
    CascadeMessage,
    RotaMember,
    Subscription,
    SubscriptionChannel,
)

STARTED, ENDED = "started", "ended"
EVENTS = (STARTED, ENDED)
CASCADE_ROLES = (Role.COORDINATOR, Role.CASEWORKER, Role.OUTREACH_WORKER, Role.PROVIDER)
EMAIL, SMS = SubscriptionChannel.EMAIL, SubscriptionChannel.SMS


@dataclass(frozen=True)
class Recipient:
    channel: str
    address: str
    user: User
    agency: Agency | None = None


def recipients(activation: Activation) -> list[Recipient]:
    """Everyone the cascade tells, one per channel and address, agencies first (three
    queries: agency members, the rota, subscriptions)."""
    partnership_id = activation.partnership_id
    staff = Membership.objects.active().filter(agency__partnership_id=partnership_id)
    found: dict[tuple[str, str], Recipient] = {}

    def add(channel: str, address: str, user: User, agency: Agency | None = None) -> None:
        address = address.strip()
        if address:
            key = (channel, address.lower() if channel == EMAIL else address)
            found.setdefault(key, Recipient(channel, key[1], user, agency))

    for m in (
        staff.filter(role__in=CASCADE_ROLES)
        .select_related("user", "agency")
        .order_by("agency__name", "user__email")
    ):
        add(EMAIL, m.user.email, m.user, m.agency)
    working = staff.values("user_id")
    for member in (
        RotaMember.objects.filter(partnership_id=partnership_id, user__in=working)
        .select_related("user")
        .order_by("added_at")
    ):
        add(SMS, member.phone, member.user)
        add(EMAIL, member.user.email, member.user)
    for subscription in (
        Subscription.objects.filter(partnership_id=partnership_id, user__in=working)
        .select_related("user")
        .order_by("created_at")
    ):
        if subscription.channel == SMS:
            add(SMS, subscription.phone, subscription.user)
        else:
            add(EMAIL, subscription.user.email, subscription.user)
    return list(found.values())


@transaction.atomic
def run_cascade(activation: Activation, event: str) -> int:
    """Queue the event's messages that have not been queued yet; return how many were new.

    Call it inside the transaction that starts or ends the activation. Safe to call again,
    and from two processes at once: the unique constraint on CascadeMessage decides.
    """
    if event not in EVENTS:
        raise ValueError(f"Unknown cascade event {event!r}")
    done = set(
        CascadeMessage.objects.filter(activation=activation, event=event).values_list(
            "channel", "address"
        )
    )
    words = Words(activation, event)
    new = 0
    for recipient in recipients(activation):
        if (recipient.channel, recipient.address) in done:
            continue
        try:
            with transaction.atomic():  # a savepoint: a duplicate undoes only this message
                message = CascadeMessage.objects.create(
                    activation=activation,
                    event=event,
                    channel=recipient.channel,
                    address=recipient.address,
                    agency=recipient.agency,
                    user=recipient.user,
                )
                if recipient.channel == SMS:
                    outbox = queue_sms(to=recipient.address, body=words.sms, user=recipient.user)
                else:
                    outbox = queue_email(
                        to=recipient.address,
                        subject=words.title,
                        body=words.email,
                        user=recipient.user,
                    )
                    notify(recipient.user, title=words.title, body=words.body, link=words.link)
                message.outbox = outbox
                message.save(update_fields=["outbox"])
        except IntegrityError:
            continue  # another run queued it first
        new += 1
    return new


def _when(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local:%H:%M} on {local:%A} {local.day} {local:%B}"


def _short(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local:%H:%M} {local:%a} {local.day} {local:%b}"


class Words:
    """What the cascade says, for one activation and event."""

    def __init__(self, activation: Activation, event: str) -> None:
        self.activation = activation
        self.event = event
        self.link = reverse("swep:activation", args=[activation.pk])
        place = activation.partnership.name
        kind = activation.get_kind_display().lower()
        if event == STARTED:
            self.title = f"SWEP is active in {place}"
            self.body = (
                f"The Severe Weather Emergency Protocol ({kind}) is active in {place} from "
                f"{_when(activation.starts_at)} until {_when(activation.expected_end_at)} "
                "(expected). Everyone sleeping rough is offered a bed, whatever their "
                "immigration status, recourse to public funds or local connection."
            )
            self.sms_text = (
                f"Waypost: SWEP active in {place} from {_short(activation.starts_at)}. "
                "A bed for everyone sleeping rough."
            )
        else:
            ended_at = activation.ended_at or timezone.now()
            self.title = f"SWEP has ended in {place}"
            self.body = (
                f"The Severe Weather Emergency Protocol ({kind}) ended in {place} at "
                f"{_when(ended_at)}."
            )
            self.sms_text = f"Waypost: SWEP ended in {place} at {_short(ended_at)}."

    @property
    def url(self) -> str:
        base = settings.WAYPOST_BASE_URL.rstrip("/")
        return f"{base}{self.link}" if base else ""

    @property
    def email(self) -> str:
        url = self.url
        details = f"\n\nDetails (sign in to Waypost): {url}\n" if url else "\n"
        return f"{self.body}{details}"

    @property
    def sms(self) -> str:
        url = self.url
        return f"{self.sms_text} {url}" if url else self.sms_text


def cascade_summary(activation: Activation) -> dict[str, Any]:
    """How many messages each event queued, by channel (for tests and the demo)."""
    summary: dict[str, Any] = {}
    for event, channel in CascadeMessage.objects.filter(activation=activation).values_list(
        "event", "channel"
    ):
        summary.setdefault(event, {}).setdefault(channel, 0)
        summary[event][channel] += 1
    return summary
