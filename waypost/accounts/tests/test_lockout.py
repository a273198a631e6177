"""Repeated failed sign-ins lock the account from that address, even for the right password."""

from django.conf import settings
from django.test import Client
from django.urls import reverse

from waypost.testing.personas import PASSWORD


def test_it_locks_out_after_repeated_failures(caseworker_user):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(
            reverse("account_login"), {"login": caseworker_user.email, "password": "wrong password"}
        )
    response = client.post(
        reverse("account_login"), {"login": caseworker_user.email, "password": PASSWORD}
    )
    assert response.status_code == 429
    assert "locked out" in response.content.decode().lower()


def test_it_counts_failures_whatever_the_case_of_the_email(caseworker_user):
    client = Client()
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        email = caseworker_user.email.upper() if attempt % 2 else caseworker_user.email
        client.post(reverse("account_login"), {"login": email, "password": "wrong password"})
    response = client.post(
        reverse("account_login"), {"login": caseworker_user.email, "password": PASSWORD}
    )
    assert response.status_code == 429


def test_a_few_failures_do_not_lock_out(caseworker_user):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 2):
        client.post(reverse("account_login"), {"login": caseworker_user.email, "password": "wrong"})
    response = client.post(
        reverse("account_login"), {"login": caseworker_user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
