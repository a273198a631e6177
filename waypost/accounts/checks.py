"""System checks for account security settings (run by `manage.py check`)."""

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

from waypost.accounts.mfa_adapter import parse_key


@register(Tags.security)
def mfa_keys_are_valid(app_configs: Any, **kwargs: Any) -> list[Error]:
    """A malformed key would fail every TOTP sign-in: say so before anyone is locked out."""
    errors = []
    named = [("MFA_ENCRYPTION_KEY", settings.MFA_ENCRYPTION_KEY)]
    named += [
        (f"MFA_ENCRYPTION_KEY_FALLBACKS item {index + 1}", value)
        for index, value in enumerate(settings.MFA_ENCRYPTION_KEY_FALLBACKS)
    ]
    for name, value in named:
        if not value:
            continue  # unset: derived from SECRET_KEY (see mfa_key_is_set)
        try:
            parse_key(value, name=name)
        except ImproperlyConfigured as problem:
            errors.append(
                Error(
                    str(problem),
                    hint="Make one with: python -c 'import base64, os; "
                    "print(base64.b64encode(os.urandom(32)).decode())'",
                    id="waypost.E031",
                )
            )
    return errors


@register(Tags.security, deploy=True)
def mfa_key_is_set(app_configs: Any, **kwargs: Any) -> list[Error]:
    """Outside the demo, TOTP secrets need a key of their own: one derived from SECRET_KEY
    would be lost (with every second factor) when SECRET_KEY is rotated."""
    if settings.WAYPOST_DEMO or settings.MFA_ENCRYPTION_KEY:
        return []
    return [
        Error(
            "MFA_ENCRYPTION_KEY is not set: TOTP secrets are encrypted under a key derived "
            "from SECRET_KEY, and rotating SECRET_KEY would lose every second factor.",
            hint="Set MFA_ENCRYPTION_KEY (or MFA_ENCRYPTION_KEY_FILE) to base64 of 32 random "
            "bytes, then run `manage.py reencrypt_mfa_secrets`.",
            id="waypost.E030",
        )
    ]
