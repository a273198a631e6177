"""Changes to staff access are recorded in the change log with who made them."""

from auditlog.models import LogEntry
from django.urls import reverse

from waypost.accounts.models import Membership


def test_ending_a_membership_records_the_change_and_the_admin(
    admin_client, admin_user, caseworker_user
):
    membership = Membership.objects.get(user=caseworker_user)
    admin_client.post(reverse("accounts:membership_end", args=[membership.pk]))
    entry = LogEntry.objects.get_for_object(membership).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == admin_user
    assert "ended_at" in entry.changes_dict


def test_token_hashes_never_reach_the_change_log(caseworker_client):
    caseworker_client.post(reverse("accounts:token_create"), {"name": "Case system", "days": "30"})
    entry = LogEntry.objects.filter(content_type__model="apitoken").get()
    assert "token_hash" not in entry.changes_dict
    assert entry.changes_dict["name"][1] == "Case system"
