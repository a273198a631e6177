"""Breached passwords are refused, from an offline list (ASVS 6.2.12, gap G10)."""

import gzip

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from waypost.accounts.passwords import BREACHED_LIST, BreachedPasswordValidator, is_breached
from waypost.testing.personas import PASSWORD


def test_the_bundled_list_holds_over_100000_passwords_of_the_minimum_length_or_more():
    with gzip.open(BREACHED_LIST, "rb") as lines:
        lengths = [len(line.rstrip(b"\n")) for line in lines]
    assert len(lengths) > 100_000
    assert min(lengths) >= 12


@pytest.mark.parametrize(
    "password", ["correcthorsebatterystaple", "qwertyuiop123", "iloveyou1234", "ILOVEYOU1234"]
)
def test_a_breached_password_is_refused(password):
    with pytest.raises(ValidationError) as refusal:
        BreachedPasswordValidator().validate(password)
    assert "appeared in a data breach" in refusal.value.messages[0]
    assert password not in refusal.value.messages[0]


def test_the_first_and_last_entries_are_found_and_near_misses_are_not():
    with gzip.open(BREACHED_LIST, "rb") as lines:
        entries = lines.read().split(b"\n")[:-1]
    for entry in (entries[0], entries[len(entries) // 2], entries[-1]):
        assert is_breached(entry.decode())
    for password in ["lantern orbit meadow", PASSWORD, entries[0].decode() + "\u00e9"]:
        assert not is_breached(password)


def test_the_password_change_page_shows_why_a_breached_password_is_refused(
    caseworker_client, caseworker_user
):
    response = caseworker_client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "qwertyuiop123", "password2": "qwertyuiop123"},
    )
    assert response.status_code == 200
    assert "appeared in a data breach" in response.content.decode()
    caseworker_user.refresh_from_db()
    assert caseworker_user.check_password(PASSWORD)
