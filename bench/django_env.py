"""Point Django at one benchmark database, in a process of its own (settings are read once)."""

import base64
import os
import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def configure(database_url: str) -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "waypost.settings"
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    # Measured in this process: the demo switch only relaxes MFA for demo users, of which the
    # benchmark has none, and sends mail to files.
    os.environ.setdefault("WAYPOST_DEMO", "1")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    # The load users' TOTP secrets are encrypted here and read by gunicorn, which has a SECRET_KEY
    # of its own: one key for both (inherited by the servers), new each run like the secrets.
    os.environ.setdefault("MFA_ENCRYPTION_KEY", base64.b64encode(secrets.token_bytes(32)).decode())
    import django

    django.setup()
