"""Someone who has a user's password cannot go on guessing their authenticator code: after
AXES_FAILURE_LIMIT + 1 wrong codes, even the right one is refused until MFA_GUESS_MINUTES have
passed (ASVS 6.3.1). Axes never sees this step, so allauth's own limit does it."""

from datetime import timedelta

import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from waypost.testing.personas import PASSWORD, totp_code_for


def _signed_in_with_password(user) -> Client:
    client = Client()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.url == reverse("mfa_authenticate")
    return client


def _wrong(code: str, n: int) -> str:
    return f"{(int(code) + 500_000 + n) % 1_000_000:06d}"  # far from the codes now valid


def test_wrong_codes_stop_even_the_right_code_for_a_while(caseworker_user):
    client = _signed_in_with_password(caseworker_user)
    right = totp_code_for(caseworker_user)
    for n in range(settings.AXES_FAILURE_LIMIT + 1):
        client.post(reverse("mfa_authenticate"), {"code": _wrong(right, n)})
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code_for(caseworker_user)})
    assert response.status_code == 200  # the code form again, not signed in
    assert "Too many failed login attempts" in response.content.decode()
    assert client.get(reverse("people:list")).status_code == 302


def test_after_the_wait_the_right_code_signs_in(caseworker_user):
    client = _signed_in_with_password(caseworker_user)
    right = totp_code_for(caseworker_user)
    for n in range(settings.AXES_FAILURE_LIMIT + 1):
        client.post(reverse("mfa_authenticate"), {"code": _wrong(right, n)})
    later = timezone.now() + timedelta(minutes=settings.MFA_GUESS_MINUTES, seconds=1)
    with time_machine.travel(later, tick=False):
        client = _signed_in_with_password(caseworker_user)  # the first sign-in has timed out
        response = client.post(
            reverse("mfa_authenticate"), {"code": totp_code_for(caseworker_user)}
        )
    assert response.status_code == 302 and response.url != reverse("mfa_authenticate")


def test_a_few_wrong_codes_do_not_stop_the_right_one(caseworker_user):
    client = _signed_in_with_password(caseworker_user)
    right = totp_code_for(caseworker_user)
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(reverse("mfa_authenticate"), {"code": _wrong(right, n)})
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code_for(caseworker_user)})
    assert response.status_code == 302 and response.url != reverse("mfa_authenticate")
