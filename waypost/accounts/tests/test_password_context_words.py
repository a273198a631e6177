"""Passwords may not contain the documented context words or the user's organisation names,
however they are disguised (ASVS 6.1.2, 6.2.11, gap G10)."""

import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from waypost.accounts.models import User
from waypost.accounts.passwords import CONTEXT_WORDS, ContextWordsValidator
from waypost.notifications.models import OutboxMessage
from waypost.testing.personas import PASSWORD


def _refused(password: str, user=None) -> str:
    with pytest.raises(ValidationError) as refusal:
        ContextWordsValidator().validate(password, user)
    return " ".join(refusal.value.messages)


@pytest.mark.parametrize(
    "password",
    [
        "my waypost login 2026",
        "WAYPOST is where I work",
        "W-a-y-p-o-s-t every day!",
        "w@yp0st and a long tail",
        "the $leeping giants wake",
        "5l33ping in the doorway",
        "r0ugh seas ahead of us",
        "0utre4ch team on tuesdays",
        "pa55w0rd for the new system",
        "partner5h1p working is good",
        "partnersh1p working is good",
    ],
)
def test_the_documented_words_are_refused_however_disguised(password):
    message = _refused(password)
    assert any(f"“{word}”" in message for word in CONTEXT_WORDS)
    assert password not in message


def test_ordinary_passphrases_pass(caseworker_user):
    for password in ["lantern orbit meadow", "a brand new passphrase for the shift", PASSWORD]:
        ContextWordsValidator().validate(password, caseworker_user)


def test_the_users_partnership_and_agency_names_are_refused(outreach_user):
    # Coventry Outreach, in the Coventry partnership: "coventry" is refused for this user...
    assert "“coventry”" in _refused("c0ventry city lights at dusk", outreach_user)
    # ...but not for someone in Birmingham, nor for nobody in particular.
    ContextWordsValidator().validate("c0ventry city lights at dusk", None)


def test_a_birmingham_users_own_names_are_refused_but_not_coventrys(birmingham_admin_user):
    _refused("birmingham bullring at night", birmingham_admin_user)
    ContextWordsValidator().validate("c0ventry city lights at dusk", birmingham_admin_user)


def test_short_name_words_are_not_refused(world, caseworker_user):
    world.council.name = "CV Hub Options"
    world.council.save()
    ContextWordsValidator().validate("a cv and a hub for everyone", caseworker_user)
    assert "“options”" in _refused("plenty of opt1ons here", caseworker_user)


def test_the_validator_is_switched_on(caseworker_user):
    with pytest.raises(ValidationError):
        validate_password("my waypost login 2026", caseworker_user)


def _invite_and_open(admin_client, world) -> tuple[Client, str]:
    admin_client.post(
        reverse("accounts:invite"),
        {
            "full_name": "Sam Okafor",
            "email": "sam.okafor@coventry.test",
            "agency": str(world.outreach.pk),
            "role": "outreach_worker",
        },
    )
    body = OutboxMessage.objects.get(to_address="sam.okafor@coventry.test").body
    path = re.search(r"https?://[^/\s]+(/invitations/\S+/)", body).group(1)
    invitee = Client()
    response = invitee.get(path, follow=True)  # the page may move the token out of the URL
    return invitee, response.request["PATH_INFO"]


def test_the_invitation_page_shows_why_a_context_word_is_refused(admin_client, world):
    invitee, path = _invite_and_open(admin_client, world)
    for password, reason in [
        ("outreach team forever", "“outreach”"),
        # The invitation is to Coventry Outreach, so the partnership's name is refused too.
        ("coventry canal towpath", "“coventry”"),
    ]:
        page = invitee.post(
            path, {"full_name": "Sam", "password1": password, "password2": password}
        ).content.decode()
        assert reason in page
        assert "govuk-error-summary" in page
    assert not User.objects.filter(email="sam.okafor@coventry.test").exists()


def test_the_password_change_page_shows_why_a_context_word_is_refused(
    caseworker_client, caseworker_user
):
    new = "my waypost login 2026"
    response = caseworker_client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new, "password2": new},
    )
    assert response.status_code == 200
    assert "“waypost”" in response.content.decode()
    caseworker_user.refresh_from_db()
    assert caseworker_user.check_password(PASSWORD)
