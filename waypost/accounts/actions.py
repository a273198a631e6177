"""Writes to staff accounts and access: invitations, memberships and API tokens.

Each action runs in one transaction; django-auditlog records the change and any email is
written to the outbox in the same transaction, so nothing is sent for a change that rolled back.
"""

from datetime import timedelta

from allauth.usersessions.models import UserSession
from auditlog.models import LogEntry
from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from waypost.accounts.models import Agency, ApiToken, Invitation, Membership, User
from waypost.accounts.sessions import end_sessions
from waypost.notifications.actions import queue_email


@transaction.atomic
def invite_user(
    *, email: str, full_name: str, agency: Agency, role: str, by: User | None, base_url: str
) -> tuple[Invitation, str]:
    """Invite someone to join `agency` in `role`; the link is emailed through the outbox.

    The raw token exists only in the email: the database keeps its hash.
    """
    raw, token_hash = Invitation.new_token()
    invitation = Invitation.objects.create(
        email=email.strip().lower(),
        full_name=full_name.strip(),
        agency=agency,
        role=role,
        token_hash=token_hash,
        invited_by=by,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_DAYS),
    )
    link = base_url.rstrip("/") + reverse("accounts:invitation_link", args=[raw])
    body = render_to_string(
        "accounts/email/invitation.txt",
        {"invitation": invitation, "link": link, "days": settings.INVITATION_DAYS},
    )
    queue_email(to=invitation.email, subject="You have been invited to Waypost", body=body)
    return invitation, link


@transaction.atomic
def accept_invitation(invitation: Invitation, *, full_name: str, password: str) -> User:
    """Create (or reuse) the invited user, set their password and start the membership."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None or invitation.revoked_at is not None:
        raise ValueError("This invitation has already been used")
    user = User.objects.filter(email__iexact=invitation.email).first()
    if user is None:
        user = User.objects.create_user(invitation.email, password, full_name=full_name)
    else:
        user.full_name = full_name
        user.set_password(password)
        user.save(update_fields=["full_name", "password"])
    _open_membership(
        user=user, agency=invitation.agency, role=invitation.role, by=invitation.invited_by
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return user


@transaction.atomic
def revoke_invitation(invitation: Invitation, *, by: User) -> None:
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])


@transaction.atomic
def add_membership(*, user: User, agency: Agency, role: str, by: User) -> Membership:
    """Give an existing user a role at an agency (or return the open membership they have)."""
    return _open_membership(user=user, agency=agency, role=role, by=by)


def _open_membership(*, user: User, agency: Agency, role: str, by: User | None) -> Membership:
    existing = Membership.objects.filter(
        user=user, agency=agency, role=role, ended_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    return Membership.objects.create(user=user, agency=agency, role=role, created_by=by)


@transaction.atomic
def end_membership(membership: Membership, *, by: User) -> Membership:
    """End a membership now. The user loses that access on their next request."""
    if membership.ended_at is None:
        membership.ended_at = timezone.now()
        membership.save(update_fields=["ended_at"])
    return membership


@transaction.atomic
def create_api_token(
    *, user: User, name: str, by: User, days: int | None = None
) -> tuple[ApiToken, str]:
    """Create a token for `user`; returns it with the raw value, which is shown once only."""
    raw, token_hash = ApiToken.new_token()
    expires_at = (
        timezone.now() + timedelta(days=days) if days is not None else ApiToken.default_expiry()
    )
    token = ApiToken.objects.create(
        user=user, name=name.strip(), prefix=raw[:8], token_hash=token_hash, expires_at=expires_at
    )
    return token, raw


@transaction.atomic
def revoke_api_token(token: ApiToken, *, by: User) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


@transaction.atomic
def end_all_sessions(user: User, *, by: User) -> int:
    """Sign `user` out on every device now (ASVS 7.4.5); return how many sessions ended.

    Their roles and API tokens are unchanged. The change log records who did it and how many
    sessions ended: no addresses or devices.
    """
    ended = end_sessions(UserSession.objects.filter(user=user))
    LogEntry.objects.log_create(
        user,
        action=LogEntry.Action.UPDATE,
        changes={"signed_in_sessions": [str(ended), "0"]},
        actor=by,
        force_log=True,
    )
    return ended
