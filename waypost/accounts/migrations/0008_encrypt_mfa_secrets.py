"""Encrypts TOTP secrets and recovery-code seeds stored in clear before MFAAdapter (gap G4)."""

from django.db import migrations

from waypost.accounts.mfa_adapter import decrypt_authenticators, reencrypt_authenticators


def encrypt_stored_secrets(apps, schema_editor):
    reencrypt_authenticators(apps.get_model("mfa", "Authenticator"))


def decrypt_stored_secrets(apps, schema_editor):
    decrypt_authenticators(apps.get_model("mfa", "Authenticator"))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_partnership_population"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_stored_secrets, decrypt_stored_secrets)]
