"""ASVS 7.4.5 (G11): a partnership admin signs a member of staff out on every device, from the
staff page. Recorded in the change log; refused (404) outside the admin's partnerships."""

from allauth.usersessions.models import UserSession
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse

from waypost.accounts.models import Membership
from waypost.testing.personas import mark_recently_authenticated


def _url(user) -> str:
    return reverse("accounts:staff_sign_out", args=[user.pk])


def _signed_in(client: Client) -> bool:
    return client.get(reverse("accounts:account")).status_code == 200


def _second_device(user) -> Client:
    client = Client(HTTP_USER_AGENT="Mozilla/5.0 (iPhone) Safari/604.1")
    client.force_login(user)
    mark_recently_authenticated(client, user)
    assert _signed_in(client)
    return client


def test_the_staff_page_offers_sign_out_of_all_devices(admin_client, caseworker_user):
    page = admin_client.get(reverse("accounts:staff_member", args=[caseworker_user.pk]))
    assert "Sign out of all devices" in page.content.decode()
    assert f'action="{_url(caseworker_user)}"' in page.content.decode()


def test_admin_signs_a_member_of_staff_out_everywhere(
    admin_client, admin_user, caseworker_client, caseworker_user
):
    assert _signed_in(caseworker_client)
    phone = _second_device(caseworker_user)
    response = admin_client.post(_url(caseworker_user), follow=True)
    assert "has been signed out on all devices" in response.content.decode()
    assert not _signed_in(caseworker_client)
    assert not _signed_in(phone)
    assert not UserSession.objects.filter(user=caseworker_user).exists()
    # Only their sessions: the admin stays signed in, and the caseworker keeps their role.
    assert _signed_in(admin_client)
    assert Membership.objects.active().filter(user=caseworker_user).exists()


def test_it_is_recorded_in_the_change_log_with_the_admin(
    admin_client, admin_user, caseworker_client, caseworker_user
):
    _signed_in(caseworker_client)
    admin_client.post(_url(caseworker_user))
    entry = LogEntry.objects.get_for_object(caseworker_user).get(action=LogEntry.Action.UPDATE)
    assert entry.actor == admin_user
    assert entry.changes_dict == {"signed_in_sessions": ["1", "0"]}
    assert "127.0.0.1" not in str(entry.changes)  # no addresses or devices in the log


def test_an_admin_of_another_partnership_is_refused(
    birmingham_admin_client, caseworker_client, caseworker_user
):
    _signed_in(caseworker_client)
    assert birmingham_admin_client.post(_url(caseworker_user)).status_code == 404
    assert _signed_in(caseworker_client)
    updates = LogEntry.objects.get_for_object(caseworker_user).filter(action=LogEntry.Action.UPDATE)
    assert not updates.exists()


def test_someone_who_is_not_an_admin_is_refused(
    coordinator_client, caseworker_client, caseworker_user
):
    _signed_in(caseworker_client)
    # 403 for a role that may not manage staff, as on the staff page itself.
    assert coordinator_client.post(_url(caseworker_user)).status_code == 403
    assert (
        coordinator_client.get(
            reverse("accounts:staff_member", args=[caseworker_user.pk])
        ).status_code
        == 403
    )
    assert _signed_in(caseworker_client)


def test_it_answers_only_post(admin_client, caseworker_user):
    assert admin_client.get(_url(caseworker_user)).status_code == 405


def test_it_needs_a_recent_sign_in(admin_user, caseworker_client, caseworker_user):
    _signed_in(caseworker_client)
    stale_admin = Client()
    stale_admin.force_login(admin_user)
    response = stale_admin.post(_url(caseworker_user))
    assert response.url.startswith(reverse("account_reauthenticate"))
    assert _signed_in(caseworker_client)


def test_an_admin_who_signs_themselves_out_lands_on_the_sign_in_page(admin_client, admin_user):
    response = admin_client.post(_url(admin_user))
    assert response.url == reverse("account_login")
    assert not _signed_in(admin_client)


def test_ending_a_membership_still_ends_that_persons_sessions(
    admin_client, caseworker_client, caseworker_user
):
    assert _signed_in(caseworker_client)
    membership = Membership.objects.get(user=caseworker_user)
    admin_client.post(reverse("accounts:membership_end", args=[membership.pk]))
    assert caseworker_client.get("/").status_code == 403  # "Your access has ended", signed out
    assert caseworker_client.get(reverse("accounts:account")).status_code == 302
