"""TOTP secrets and recovery-code seeds are encrypted at rest (ASVS 6.5.2, gap G4): a copy of
the database gives no second factor away, and sign-in with a code still works."""

import base64
import importlib
import os

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse

from waypost.accounts.checks import mfa_key_is_set, mfa_keys_are_valid
from waypost.accounts.mfa_adapter import UnreadableMfaSecret, decrypt_secret, encrypt_secret
from waypost.testing.personas import PASSWORD, totp_code_for, totp_secret_for

OLD_KEY = base64.b64encode(b"o" * 32).decode()
NEW_KEY = base64.b64encode(b"n" * 32).decode()


def _stored(authenticator: Authenticator) -> str:
    """The value as it is in the database table, read without the model."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM mfa_authenticator WHERE id = %s", [authenticator.pk])
        raw = cursor.fetchone()[0]
    return raw if isinstance(raw, str) else str(raw)


def _totp(user) -> Authenticator:
    return Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)


def test_the_stored_totp_secret_is_neither_the_secret_nor_its_base64(caseworker_user):
    secret = totp_secret_for(caseworker_user)
    row = _stored(_totp(caseworker_user))
    assert secret not in row
    assert base64.b64encode(secret.encode()).decode() not in row
    assert _totp(caseworker_user).data["secret"].startswith("v1:")


def test_the_stored_recovery_code_seed_is_encrypted(caseworker_user):
    codes = RecoveryCodes.activate(caseworker_user)
    seed = codes.instance.data["seed"]
    assert seed.startswith("v1:")
    clear_seed = decrypt_secret(seed)
    assert clear_seed not in _stored(codes.instance)
    # The codes still come from the seed, and one of them still works.
    assert RecoveryCodes(codes.instance).validate_code(codes.generate_codes()[0])


def test_sign_in_with_password_and_authenticator_code_still_works(caseworker_user):
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": caseworker_user.email, "password": PASSWORD}
    )
    assert response.url == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code_for(caseworker_user)})
    assert response.status_code == 302 and response.url != reverse("mfa_authenticate")
    assert client.get(reverse("accounts:account")).status_code == 200


def test_a_tampered_ciphertext_is_refused_not_passed(caseworker_user):
    stored = _totp(caseworker_user).data["secret"]
    blob = bytearray(base64.b64decode(stored.removeprefix("v1:")))
    blob[-1] ^= 1
    tampered = "v1:" + base64.b64encode(bytes(blob)).decode()
    with pytest.raises(UnreadableMfaSecret):
        decrypt_secret(tampered)
    authenticator = _totp(caseworker_user)
    authenticator.data["secret"] = tampered
    authenticator.save()
    client = Client(raise_request_exception=False)
    client.post(reverse("account_login"), {"login": caseworker_user.email, "password": PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code_for(caseworker_user)})
    assert response.status_code == 500
    assert client.get(reverse("accounts:account")).status_code == 302  # not signed in


def test_a_value_under_a_fallback_key_decrypts_and_the_command_moves_it(caseworker_user):
    with override_settings(MFA_ENCRYPTION_KEY=OLD_KEY):
        under_old = encrypt_secret("JBSWY3DPEHPK3PXP")
    with override_settings(MFA_ENCRYPTION_KEY=NEW_KEY, MFA_ENCRYPTION_KEY_FALLBACKS=[]):
        with pytest.raises(UnreadableMfaSecret):
            decrypt_secret(under_old)
    with override_settings(MFA_ENCRYPTION_KEY=NEW_KEY, MFA_ENCRYPTION_KEY_FALLBACKS=[OLD_KEY]):
        assert decrypt_secret(under_old) == "JBSWY3DPEHPK3PXP"
        Authenticator.objects.filter(pk=_totp(caseworker_user).pk).update(
            data={"secret": under_old}
        )
        call_command("reencrypt_mfa_secrets", stdout=open(os.devnull, "w"))  # noqa: SIM115
    with override_settings(MFA_ENCRYPTION_KEY=NEW_KEY, MFA_ENCRYPTION_KEY_FALLBACKS=[]):
        assert decrypt_secret(_totp(caseworker_user).data["secret"]) == "JBSWY3DPEHPK3PXP"


def test_a_legacy_clear_secret_still_works_and_the_migration_encrypts_it(caseworker_user):
    secret = totp_secret_for(caseworker_user)
    Authenticator.objects.filter(pk=_totp(caseworker_user).pk).update(data={"secret": secret})
    codes = RecoveryCodes.activate(caseworker_user)
    clear_seed = decrypt_secret(codes.instance.data["seed"])
    Authenticator.objects.filter(pk=codes.instance.pk).update(
        data={"seed": clear_seed, "used_mask": 0, "migrated_codes": ["12345678"]}
    )
    assert decrypt_secret(secret) == secret  # read as it is

    migration = importlib.import_module("waypost.accounts.migrations.0008_encrypt_mfa_secrets")
    migration.encrypt_stored_secrets(apps, None)

    assert _totp(caseworker_user).data["secret"].startswith("v1:")
    assert secret not in _stored(_totp(caseworker_user))
    codes_data = Authenticator.objects.get(pk=codes.instance.pk).data
    assert codes_data["seed"].startswith("v1:")
    assert decrypt_secret(codes_data["seed"]) == clear_seed
    assert codes_data["migrated_codes"][0].startswith("v1:")
    client = Client()
    client.post(reverse("account_login"), {"login": caseworker_user.email, "password": PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code_for(caseworker_user)})
    assert response.status_code == 302 and response.url != reverse("mfa_authenticate")


@override_settings(WAYPOST_DEMO=False, MFA_ENCRYPTION_KEY="")
def test_outside_the_demo_a_missing_key_is_a_deploy_check_error():
    assert [error.id for error in mfa_key_is_set(None)] == ["waypost.E030"]
    with override_settings(WAYPOST_DEMO=True):
        assert mfa_key_is_set(None) == []
    with override_settings(MFA_ENCRYPTION_KEY=NEW_KEY):
        assert mfa_key_is_set(None) == []


def test_a_malformed_key_is_a_check_error_that_does_not_quote_it():
    with override_settings(MFA_ENCRYPTION_KEY="c2hvcnQ=", MFA_ENCRYPTION_KEY_FALLBACKS=["!!"]):
        errors = mfa_keys_are_valid(None)
    assert [error.id for error in errors] == ["waypost.E031", "waypost.E031"]
    assert not any("c2hvcnQ" in error.msg or "!!" in error.msg for error in errors)
