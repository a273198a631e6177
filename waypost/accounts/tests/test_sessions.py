"""ASVS 7.5.2 and 7.4.3 (G11): people see where they are signed in and sign the other devices
out (after re-authenticating); changing the second factor signs the other devices out."""

from datetime import timedelta

import pyotp
import time_machine
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from allauth.usersessions.models import UserSession
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from waypost.accounts.actions import invite_user
from waypost.accounts.sessions import SEEN_EVERY_SECONDS, describe_device
from waypost.testing.personas import PASSWORD, make_user, mark_recently_authenticated, totp_code_for

FIREFOX_ON_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
)
SAFARI_ON_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)
SESSIONS = "/account/sessions/"


def _device(user, user_agent: str, *, recent: bool = True) -> Client:
    """Another browser signed in as `user`."""
    client = Client(HTTP_USER_AGENT=user_agent)
    client.force_login(user)
    if recent:
        mark_recently_authenticated(client, user)
    assert client.get(reverse("mfa_index")).status_code == 200
    return client


def _signed_in(client: Client) -> bool:
    return client.get(reverse("accounts:account")).status_code == 200


def test_a_real_sign_in_is_listed_with_its_device_and_address(caseworker_user):
    client = Client(HTTP_USER_AGENT=FIREFOX_ON_WINDOWS)
    client.post(reverse("account_login"), {"login": caseworker_user.email, "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": totp_code_for(caseworker_user)})
    session = UserSession.objects.get(user=caseworker_user)
    assert session.session_key == client.session.session_key

    page = client.get(SESSIONS).content.decode()
    assert "Where you are signed in" in page
    assert "Firefox on Windows" in page
    assert "127.0.0.1" in page
    assert "This device" in page
    assert "Sign out of other devices" not in page  # nothing else to sign out


def test_the_account_page_links_to_the_sessions_page(caseworker_client):
    assert SESSIONS in caseworker_client.get(reverse("accounts:account")).content.decode()


def test_it_lists_every_device_and_marks_this_one(caseworker_user):
    laptop = _device(caseworker_user, FIREFOX_ON_WINDOWS)
    _device(caseworker_user, SAFARI_ON_IPHONE)
    page = laptop.get(SESSIONS).content.decode()
    assert "these 2 devices" in page
    assert page.index("Firefox on Windows") < page.index("This device") < page.index("Safari")
    assert page.count("This device") == 1
    assert "Sign out of other devices" in page


def test_signing_out_the_other_devices_keeps_this_one(caseworker_user, caseworker_client):
    assert _signed_in(caseworker_client)
    phone = _device(caseworker_user, SAFARI_ON_IPHONE)
    _device(caseworker_user, FIREFOX_ON_WINDOWS)
    response = phone.post(SESSIONS, follow=True)
    assert "You have been signed out on your other devices" in response.content.decode()
    assert _signed_in(phone)
    assert not _signed_in(caseworker_client)
    assert list(UserSession.objects.filter(user=caseworker_user).values_list("session_key")) == [
        (phone.session.session_key,)
    ]


def test_signing_out_the_other_devices_needs_a_recent_sign_in(caseworker_user, caseworker_client):
    assert _signed_in(caseworker_client)
    stale = _device(caseworker_user, SAFARI_ON_IPHONE, recent=False)
    response = stale.post(SESSIONS)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    assert _signed_in(caseworker_client)
    # After the password, the request carries on and the other device is signed out.
    stale.post(response.url, {"password": PASSWORD})
    assert not _signed_in(caseworker_client)
    assert _signed_in(stale)


def test_other_peoples_sessions_are_neither_listed_nor_ended(caseworker_client, outreach_user):
    other = _device(outreach_user, SAFARI_ON_IPHONE)
    caseworker_client.get("/")
    assert "Safari" not in caseworker_client.get(SESSIONS).content.decode()
    caseworker_client.post(SESSIONS)
    assert _signed_in(other)


def test_new_recovery_codes_sign_the_other_devices_out(
    caseworker_user, caseworker_client, django_capture_on_commit_callbacks
):
    phone = _device(caseworker_user, SAFARI_ON_IPHONE)
    # allauth sends its signals once the change is committed.
    with django_capture_on_commit_callbacks(execute=True):
        response = caseworker_client.post(reverse("mfa_generate_recovery_codes"), follow=True)
    assert "Your recovery codes" in response.content.decode()
    assert not _signed_in(phone)
    assert _signed_in(caseworker_client)


def test_setting_up_the_authenticator_app_signs_the_other_devices_out(
    world, django_capture_on_commit_callbacks
):
    user = make_user("new.starter@coventry.test", agency=world.outreach, role="outreach_worker",
                     totp=False)  # fmt: skip
    elsewhere = _device(user, SAFARI_ON_IPHONE)
    here = _device(user, FIREFOX_ON_WINDOWS)
    here.get(reverse("mfa_activate_totp"))
    code = pyotp.TOTP(here.session[SECRET_SESSION_KEY]).now()
    with django_capture_on_commit_callbacks(execute=True):
        response = here.post(reverse("mfa_activate_totp"), {"code": code})
    assert response.status_code == 302
    assert not _signed_in(elsewhere)
    assert _signed_in(here)


def _session_table_queries(client: Client) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert _signed_in(client)
    return [q["sql"] for q in queries.captured_queries if "usersessions_usersession" in q["sql"]]


def test_a_busy_session_is_recorded_once_a_minute_not_on_every_page(caseworker_client):
    assert _session_table_queries(caseworker_client) == []  # recorded at sign-in
    assert _session_table_queries(caseworker_client) == []
    with time_machine.travel(timezone.now() + timedelta(seconds=SEEN_EVERY_SECONDS + 1)):
        assert _session_table_queries(caseworker_client)  # a minute later: last seen again
        assert UserSession.objects.get().last_seen_at > UserSession.objects.get().created_at


def test_a_session_not_recorded_at_sign_in_is_recorded_on_its_first_request(caseworker_user):
    client = Client()
    client.force_login(caseworker_user)  # no client address at sign-in, as before this feature
    assert not UserSession.objects.exists()
    client.get(reverse("mfa_index"))
    assert UserSession.objects.get().session_key == client.session.session_key


def test_accepting_an_invitation_records_the_session_at_once(world, admin_user):
    _, link = invite_user(
        email="sam.okafor@coventry.test",
        full_name="Sam Okafor",
        agency=world.outreach,
        role="outreach_worker",
        by=admin_user,
        base_url="http://testserver",
    )
    invitee = Client()
    invitee.get(link.removeprefix("http://testserver"))
    invitee.post(
        "/invitations/accept/",
        {
            "full_name": "Sam",
            "password1": "lantern orbit meadow",
            "password2": "lantern orbit meadow",
        },
    )
    assert UserSession.objects.get().session_key == invitee.session.session_key


def test_a_new_address_is_recorded_at_once(caseworker_client):
    _signed_in(caseworker_client)
    caseworker_client.defaults["REMOTE_ADDR"] = "203.0.113.9"
    _signed_in(caseworker_client)
    assert UserSession.objects.get().ip == "203.0.113.9"


def test_it_describes_devices_in_plain_words():
    assert describe_device(FIREFOX_ON_WINDOWS) == "Firefox on Windows"
    assert describe_device(SAFARI_ON_IPHONE) == "Safari on iPhone"
    assert describe_device("curl/8.5.0") == "Unknown device"


def test_allauths_own_sessions_page_leads_to_ours_and_ends_nothing(caseworker_client):
    """allauth's page would end the other sessions without asking for the password again."""
    response = caseworker_client.post("/accounts/sessions/")
    assert response.status_code == 302
    assert response.url == "/account/sessions/"
