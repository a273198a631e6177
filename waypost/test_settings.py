"""Test settings: the real settings with fast hashers, plain static storage and loud templates.

Tests run over plain HTTP (the test client and live server), so HTTPS-only cookies are off.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-0123456789abcdefghijkl")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("WAYPOST_HTTPS", "0")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
# Tests walk every page and API call many times from one address and user: the rate-limit
# tests set their own small rates (override_settings).
os.environ.setdefault("PUBLIC_SEARCH_RATE", "100000/minute")
os.environ.setdefault("PUBLIC_PDF_RATE", "100000/minute")
os.environ.setdefault("PUBLIC_PAGE_RATE", "100000/minute")
os.environ.setdefault("API_USER_RATE", "100000/minute")

from waypost.settings import *  # noqa: E402, F403
from waypost.settings import DATABASES, STORAGES, TEMPLATES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = "!!MISSING %s!!"
AXES_ENABLED = True

# The replica router's PostgreSQL tests (waypost/lib/tests/test_replica_postgresql.py) need a
# real second database: on PostgreSQL, "replica" is a test database of its own, its tables made
# from the models (the tests copy the primary's rows into it). pytest-django creates it only
# for a run that includes a test asking for it, and no read goes to it unless a test installs
# the router itself, whatever DATABASE_REPLICA_URL says.
DATABASE_ROUTERS: list[str] = []
DATABASES.pop("replica", None)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["replica"] = {
        **DATABASES["default"],
        "TEST": {"NAME": f"test_{DATABASES['default']['NAME']}_replica", "MIGRATE": False},
    }
