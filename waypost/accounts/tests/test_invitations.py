"""No open sign-up: a partnership admin invites, the invitee sets a password, then MFA."""

import re

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from waypost.accounts.models import Invitation, Membership, User
from waypost.notifications.models import OutboxMessage


def _invite(admin_client, world, **overrides):
    data = {
        "full_name": "Sam Okafor",
        "email": "Sam.Okafor@coventry.test",
        "agency": str(world.outreach.pk),
        "role": "outreach_worker",
        **overrides,
    }
    return admin_client.post(reverse("accounts:invite"), data)


def _link_from_outbox() -> str:
    message = OutboxMessage.objects.get(to_address="sam.okafor@coventry.test")
    return re.search(r"https?://\S+/invitations/\S+/", message.body).group(0)


def _open_link(path: str) -> Client:
    """A browser that followed the emailed link: the token is now in its session."""
    invitee = Client()
    invitee.get(path)
    return invitee


ACCEPT = "/invitations/accept/"


def test_admin_invites_and_the_invitee_joins_then_must_set_up_mfa(admin_client, world):
    response = _invite(admin_client, world)
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    link = _link_from_outbox()
    # Only the hash is stored: the raw token is in the email alone.
    assert invitation.token_hash not in link

    invitee = Client()
    path = link.split("testserver", 1)[1]
    assert "Join Waypost" in invitee.get(path, follow=True).content.decode()
    response = invitee.post(
        ACCEPT,
        {
            "full_name": "Sam Okafor",
            "password1": "lantern orbit meadow",
            "password2": "lantern orbit meadow",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")
    user = User.objects.get(email="sam.okafor@coventry.test")
    assert (
        Membership.objects.active()
        .filter(user=user, agency=world.outreach, role="outreach_worker")
        .exists()
    )
    # Signed in, but every page leads to MFA set-up until a second factor exists.
    assert invitee.get("/").url == reverse("mfa_activate_totp")
    # The link works once only.
    assert Client().get(path, follow=True).status_code == 404


def test_the_invitation_link_expires(admin_client, world):
    _invite(admin_client, world)
    Invitation.objects.update(expires_at=timezone.now())
    path = _link_from_outbox().split("testserver", 1)[1]
    response = Client().get(path, follow=True)
    assert response.status_code == 404
    assert "does not work" in response.content.decode()


def test_bad_input_gets_specific_errors_and_keeps_what_was_typed(admin_client, world):
    response = _invite(admin_client, world, email="not-an-email", role="")
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter an email address in the correct format" in page
    assert "Choose a role" in page
    assert 'value="Sam Okafor"' in page
    assert not Invitation.objects.exists()


def test_admin_cannot_invite_to_another_partnerships_agency(admin_client, world):
    response = _invite(admin_client, world, agency=str(world.brum_council.pk))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Invitation.objects.exists()


def test_weak_or_mismatched_passwords_are_refused(admin_client, world):
    _invite(admin_client, world)
    path = _link_from_outbox().split("testserver", 1)[1]
    page = _open_link(path).post(
        ACCEPT, {"full_name": "Sam", "password1": "short", "password2": "short"}
    )
    assert "too short" in page.content.decode()
    page = _open_link(path).post(
        ACCEPT,
        {
            "full_name": "Sam",
            "password1": "lantern orbit meadow",
            "password2": "lantern orbit meadoW",
        },
    )
    assert "The passwords do not match" in page.content.decode()
    assert not User.objects.filter(email="sam.okafor@coventry.test").exists()


def test_signup_is_closed(client, db):
    response = client.get(reverse("account_signup"))
    assert "Sign up" not in response.content.decode() or response.status_code != 200
    client.post(
        reverse("account_signup"), {"email": "x@example.org", "password1": "lantern orbit meadow"}
    )
    assert not User.objects.filter(email="x@example.org").exists()


def test_admin_withdraws_an_invitation(admin_client, world):
    _invite(admin_client, world)
    invitation = Invitation.objects.get()
    admin_client.post(reverse("accounts:invitation_revoke", args=[invitation.pk]))
    path = _link_from_outbox().split("testserver", 1)[1]
    assert Client().get(path, follow=True).status_code == 404


def test_inviting_needs_a_recent_sign_in(admin_user, world):
    client = Client()
    client.force_login(admin_user)  # signed in long ago: no recent authentication recorded
    response = client.get(reverse("accounts:invite"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
