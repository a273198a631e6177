"""Writes for the cascade's lists: a member of staff's own subscription, and the outreach
rota kept by the coordinators. Each checks the roles again against the database."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from waypost.accounts.models import Partnership, User
from waypost.swep.activation_access import COORDINATORS, holds_role, is_staff_of
from waypost.swep.models import RotaMember, Subscription, SubscriptionChannel


@transaction.atomic
def set_subscription(
    partnership: Partnership, *, by_email: bool, by_sms: bool, phone: str, by: User
) -> list[Subscription]:
    """Make `by`'s subscription in the partnership exactly what they chose (neither: none)."""
    if not is_staff_of(by, partnership.pk):
        raise PermissionDenied
    if by_sms and not phone:
        raise ValidationError("Enter your work mobile number for text messages")
    wanted = {SubscriptionChannel.EMAIL: by_email, SubscriptionChannel.SMS: by_sms}
    kept = []
    for channel, on in wanted.items():
        if not on:
            Subscription.objects.filter(partnership=partnership, user=by, channel=channel).delete()
            continue
        subscription, _ = Subscription.objects.update_or_create(
            partnership=partnership,
            user=by,
            channel=channel,
            defaults={"phone": phone if channel == SubscriptionChannel.SMS else ""},
        )
        kept.append(subscription)
    return kept


@transaction.atomic
def add_rota_member(partnership: Partnership, *, user: User, phone: str, by: User) -> RotaMember:
    """Put someone who works in the partnership on its SWEP outreach rota (or change their
    number if they are on it)."""
    if not holds_role(by, partnership.pk, COORDINATORS):
        raise PermissionDenied
    if not is_staff_of(user, partnership.pk):
        raise ValidationError("Choose someone who works in the partnership")
    if not phone:
        raise ValidationError("Enter their work mobile number")
    member, _ = RotaMember.objects.update_or_create(
        partnership=partnership, user=user, defaults={"phone": phone}
    )
    return member


@transaction.atomic
def remove_rota_member(member: RotaMember, *, by: User) -> None:
    if not holds_role(by, member.partnership_id, COORDINATORS):
        raise PermissionDenied
    member.delete()
