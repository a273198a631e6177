"""TOTP secrets and the recovery-code seed, encrypted at rest (ASVS 6.5.2, gap G4).

allauth stores them through `MFAAdapter.encrypt/decrypt`; its default returns the text
unchanged, so a copy of the database or a backup would give every second factor away. Here
they are AES-256-GCM under `MFA_ENCRYPTION_KEY`, stored as `v1:` + base64(nonce ‖ ciphertext).
A value without the prefix is a legacy clear value: it still reads, and migration 0008 (or
`manage.py reencrypt_mfa_secrets`) encrypts it.

Keys: `MFA_ENCRYPTION_KEY` (base64 of 32 bytes) encrypts; it and each of
`MFA_ENCRYPTION_KEY_FALLBACKS` decrypt, so a key can be rotated without locking anyone out.
Without `MFA_ENCRYPTION_KEY` a key is derived from SECRET_KEY (HKDF, label "waypost-mfa"):
fine for the demo and tests, a deploy check error anywhere else (`accounts/checks.py`),
because rotating SECRET_KEY would then lose every second factor.
"""

import base64
import binascii
import os
from typing import Any

from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "v1:"
NONCE_BYTES = 12
KEY_BYTES = 32
# Bound into every ciphertext: a value encrypted for another purpose under the same key
# cannot be passed off as an MFA secret.
ASSOCIATED_DATA = b"waypost-mfa-v1"
DERIVATION_LABEL = b"waypost-mfa"


class UnreadableMfaSecret(ValueError):
    """A stored MFA secret that no configured key opens: tampered, or a key is missing."""


def parse_key(value: str, *, name: str) -> bytes:
    """32 bytes from base64 (standard or URL-safe); the message never quotes the value."""
    try:
        key = base64.b64decode(value.strip().replace("-", "+").replace("_", "/"), validate=True)
    except (binascii.Error, ValueError):
        raise ImproperlyConfigured(f"{name} is not valid base64.") from None
    if len(key) != KEY_BYTES:
        raise ImproperlyConfigured(
            f"{name} must be base64 of exactly {KEY_BYTES} random bytes, not {len(key)}."
        )
    return key


def derived_key(secret_key: str) -> bytes:
    """The demo's key: derived from SECRET_KEY, so it needs no setting of its own."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=DERIVATION_LABEL)
    return hkdf.derive(secret_key.encode())


def encryption_key() -> bytes:
    configured = settings.MFA_ENCRYPTION_KEY
    if configured:
        return parse_key(configured, name="MFA_ENCRYPTION_KEY")
    return derived_key(settings.SECRET_KEY)


def decryption_keys() -> list[bytes]:
    """The encryption key first, then each fallback, then the SECRET_KEY-derived key (so rows
    written before MFA_ENCRYPTION_KEY was set still open: GCM refuses any other key's rows)."""
    keys = [encryption_key()]
    for index, fallback in enumerate(settings.MFA_ENCRYPTION_KEY_FALLBACKS):
        keys.append(parse_key(fallback, name=f"MFA_ENCRYPTION_KEY_FALLBACKS item {index + 1}"))
    keys.append(derived_key(settings.SECRET_KEY))
    return list(dict.fromkeys(keys))


def encrypt_secret(text: str, key: bytes | None = None) -> str:
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(key or encryption_key()).encrypt(nonce, text.encode(), ASSOCIATED_DATA)
    return PREFIX + base64.b64encode(nonce + sealed).decode("ascii")


def is_encrypted(stored: str) -> bool:
    return stored.startswith(PREFIX)


def decrypt_secret(stored: str, keys: list[bytes] | None = None) -> str:
    if not is_encrypted(stored):
        return stored  # legacy clear value, from before encryption
    try:
        blob = base64.b64decode(stored.removeprefix(PREFIX), validate=True)
    except (binascii.Error, ValueError):
        raise UnreadableMfaSecret("A stored MFA secret is not valid base64.") from None
    nonce, sealed = blob[:NONCE_BYTES], blob[NONCE_BYTES:]
    for key in keys or decryption_keys():
        try:
            return AESGCM(key).decrypt(nonce, sealed, ASSOCIATED_DATA).decode()
        except InvalidTag:
            continue
    raise UnreadableMfaSecret(
        "A stored MFA secret opens with none of the configured keys: it was altered, or "
        "MFA_ENCRYPTION_KEY changed without the old key in MFA_ENCRYPTION_KEY_FALLBACKS."
    )


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return encrypt_secret(text)

    def decrypt(self, encrypted_text: str) -> str:
        return decrypt_secret(encrypted_text)


def _reencrypted(stored: str, key: bytes, keys: list[bytes]) -> str | None:
    """The value under `key`, or None if it already is."""
    if is_encrypted(stored):
        try:
            decrypt_secret(stored, [key])
            return None
        except UnreadableMfaSecret:
            pass
    return encrypt_secret(decrypt_secret(stored, keys), key)


def reencrypt_authenticators(authenticator_model: Any) -> int:
    """Puts every stored TOTP secret and recovery-code seed (and allauth's migrated codes)
    under the current key: clear legacy values and values under a fallback key. Returns how
    many authenticators changed. Used by migration 0008 and `reencrypt_mfa_secrets`."""
    key, keys = encryption_key(), decryption_keys()
    changed = 0
    for authenticator in authenticator_model.objects.all().iterator():
        data = dict(authenticator.data)
        updated = False
        for field in ("secret", "seed"):
            if isinstance(data.get(field), str):
                new = _reencrypted(data[field], key, keys)
                if new is not None:
                    data[field], updated = new, True
        if isinstance(data.get("migrated_codes"), list):
            codes = [_reencrypted(code, key, keys) for code in data["migrated_codes"]]
            if any(code is not None for code in codes):
                data["migrated_codes"] = [
                    new if new is not None else old
                    for new, old in zip(codes, data["migrated_codes"], strict=True)
                ]
                updated = True
        if updated:
            authenticator_model.objects.filter(pk=authenticator.pk).update(data=data)
            changed += 1
    return changed


def decrypt_authenticators(authenticator_model: Any) -> None:
    """Reverse of the migration: back to clear values, for a rollback to allauth's default."""
    keys = decryption_keys()
    for authenticator in authenticator_model.objects.all().iterator():
        data = dict(authenticator.data)
        for field in ("secret", "seed"):
            if isinstance(data.get(field), str):
                data[field] = decrypt_secret(data[field], keys)
        if isinstance(data.get("migrated_codes"), list):
            data["migrated_codes"] = [decrypt_secret(c, keys) for c in data["migrated_codes"]]
        authenticator_model.objects.filter(pk=authenticator.pk).update(data=data)
