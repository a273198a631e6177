"""Test settings: the real settings with fast hashers, plain static storage and loud templates.

Tests run over plain HTTP (the test client and live server), so HTTPS-only cookies are off.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-0123456789abcdefghijkl")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("WAYPOST_HTTPS", "0")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

from waypost.settings import *  # noqa: E402, F403
from waypost.settings import STORAGES, TEMPLATES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = "!!MISSING %s!!"
AXES_ENABLED = True
