"""Rotating SECRET_KEY as docs/security.md "Keys and secrets" says: with the old key in
SECRET_KEY_FALLBACKS nobody is signed out; once it is dropped, sessions made under it end."""

import os
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

OLD_KEY = "old-key-0123456789abcdefghijklmnopqrstuvwxyz0123456789abcd"
NEW_KEY = "new-key-0123456789abcdefghijklmnopqrstuvwxyz0123456789abcd"
ROOT = Path(__file__).resolve().parents[3]


def _signed_in(client) -> bool:
    return client.get(reverse("pages:home")).wsgi_request.user.is_authenticated


def test_sessions_survive_rotation_while_the_old_key_is_a_fallback(settings, request, world):
    settings.SECRET_KEY = OLD_KEY
    settings.SECRET_KEY_FALLBACKS = []
    # Two people signed in before the rotation: sessions signed under the old key.
    active = request.getfixturevalue("caseworker_client")
    idle = request.getfixturevalue("outreach_client")
    assert _signed_in(active) and _signed_in(idle)

    settings.SECRET_KEY = NEW_KEY
    settings.SECRET_KEY_FALLBACKS = [OLD_KEY]
    # Still signed in; each request re-signs the session under the new key.
    assert _signed_in(active)

    settings.SECRET_KEY_FALLBACKS = []
    assert _signed_in(active)
    # A session not used while the old key was a fallback ends: its owner signs in again.
    assert not _signed_in(idle)


def test_fallback_keys_are_read_from_the_environment_or_a_secrets_file(tmp_path):
    secrets_file = tmp_path / "fallbacks"
    secrets_file.write_text(f"{OLD_KEY}, {NEW_KEY}\n")
    script = "from django.conf import settings as s; print(s.SECRET_KEY_FALLBACKS)"
    for extra in ({"SECRET_KEY_FALLBACKS": f"{OLD_KEY},{NEW_KEY}"},
                  {"SECRET_KEY_FALLBACKS_FILE": str(secrets_file)}):  # fmt: skip
        result = subprocess.run(
            [sys.executable, "-c", "import django; django.setup(); " + script],
            cwd=ROOT,
            env={
                "PATH": os.environ.get("PATH", ""),
                "DJANGO_SETTINGS_MODULE": "waypost.settings",
                "SECRET_KEY": NEW_KEY,
                **extra,
            },
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.stdout.strip() == repr([OLD_KEY, NEW_KEY]), result.stderr
