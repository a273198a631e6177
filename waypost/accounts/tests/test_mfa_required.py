"""Every account needs a second factor; a password-only session reaches only MFA set-up."""

from django.test import Client, override_settings
from django.urls import reverse

from waypost.accounts.models import Role
from waypost.testing.personas import make_user, mark_recently_authenticated


def _password_only_client(world, **user_fields):
    user = make_user(
        "new.starter@coventry.test", agency=world.council, role=Role.CASEWORKER, totp=False
    )
    for field, value in user_fields.items():
        setattr(user, field, value)
    user.save()
    client = Client()
    client.force_login(user)
    mark_recently_authenticated(client, user)
    return client


def test_it_sends_a_password_only_session_to_mfa_setup_from_every_page(world):
    client = _password_only_client(world)
    for url in ["/", reverse("accounts:account"), reverse("notifications:list"), "/api/v1/me/"]:
        response = client.get(url)
        if url.startswith("/api/"):
            assert response.status_code == 403
            assert response.json()["errors"][0]["code"] == "mfa_required"
        else:
            assert response.status_code == 302, url
            assert response.url == reverse("mfa_activate_totp")
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


def test_it_lets_a_demo_account_skip_mfa_only_in_demo_mode(world):
    client = _password_only_client(world, is_demo=True)
    assert client.get("/").status_code == 302
    with override_settings(WAYPOST_DEMO=True):
        response = client.get("/")
        assert response.status_code == 200
        assert "demo" in response.content.decode().lower()


def test_it_asks_for_the_totp_code_after_the_password(caseworker_user):
    client = Client()
    response = client.post(
        reverse("account_login"),
        {"login": caseworker_user.email, "password": "correct horse battery staple"},
    )
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    # Not signed in yet: the home page is the signed-out start page.
    assert client.get(reverse("accounts:account")).status_code == 302


def test_it_hides_the_menu_until_mfa_is_set_up(world):
    client = _password_only_client(world)
    page = client.get(reverse("mfa_activate_totp")).content.decode()
    assert reverse("notifications:list") not in page
    assert "Sign out" in page
