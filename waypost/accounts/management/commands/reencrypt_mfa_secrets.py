from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand

from waypost.accounts.mfa_adapter import reencrypt_authenticators


class Command(BaseCommand):
    help = "Put every stored TOTP secret and recovery-code seed under MFA_ENCRYPTION_KEY."

    def handle(self, *args: object, **options: object) -> None:
        changed = reencrypt_authenticators(Authenticator)
        self.stdout.write(
            f"Re-encrypted {changed} authenticators. Every one is now under "
            "MFA_ENCRYPTION_KEY: old keys may leave MFA_ENCRYPTION_KEY_FALLBACKS."
        )
