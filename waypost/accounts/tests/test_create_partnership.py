"""A new installation creates its first partnership and invites its admin from the command line."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from waypost.accounts.models import Invitation, Partnership
from waypost.notifications.models import OutboxMessage


def test_it_creates_the_partnership_and_invites_the_first_admin(db, settings):
    settings.WAYPOST_BASE_URL = "https://waypost.example.org"
    out = StringIO()
    call_command(
        "create_partnership",
        "Leicester",
        "--region",
        "East Midlands",
        "--agency",
        "Leicester Housing Options",
        "--admin-email",
        "Lead@leicester.example",
        "--admin-name",
        "Lee Admin",
        stdout=out,
    )
    partnership = Partnership.objects.get(name="Leicester")
    invitation = Invitation.objects.get()
    assert invitation.agency.partnership == partnership
    assert invitation.role == "partnership_admin" and invitation.invited_by is None
    link = out.getvalue().strip().splitlines()[-1]
    assert link in OutboxMessage.objects.get(to_address="lead@leicester.example").body
    page = Client().get(link.removeprefix("https://waypost.example.org"), follow=True)
    assert "Join Waypost" in page.content.decode()


def test_it_refuses_a_duplicate_partnership(db, settings):
    settings.WAYPOST_BASE_URL = "https://waypost.example.org"
    Partnership.objects.create(name="Leicester", slug="leicester")
    with pytest.raises(CommandError, match="already exists"):
        call_command(
            "create_partnership",
            "leicester",
            "--agency",
            "X",
            "--admin-email",
            "a@b.example",
            "--admin-name",
            "A",
            stdout=StringIO(),
        )
