"""`manage.py check --deploy` warns about plain-text connections to outside services
(ASVS 12.3.1) and unscanned uploads (ASVS 5.4.3), outside demo mode only."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.checks import Tags, run_checks

from waypost.pages import deploy_checks
from waypost.pages.deploy_checks import unencrypted_databases

ROOT = Path(__file__).resolve().parents[3]
SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.fixture
def production(settings):
    """Settings as outside demo mode, with every outside connection set up correctly."""
    settings.WAYPOST_DEMO = False
    settings.MAILERS = {
        "default": {"BACKEND": SMTP, "OPTIONS": {"host": "smtp.example.org", "use_tls": True}}
    }
    settings.WAYPOST_SMS_URL = "https://sms.example.org/send"
    settings.CACHE_URL = "rediss://cache.example.org:6379/0"
    settings.CLAMD_ADDRESS = "unix:///run/clamav/clamd.ctl"
    return settings


def _ids(check=None) -> set[str]:
    if check is None:
        # Security checks only: the model checks ask SQLite about JSON support, a database
        # query this test may not make (whether it does depends on which test ran first).
        messages = run_checks(tags=[Tags.security], include_deployment_checks=True)
    else:
        messages = check(None)
    return {m.id for m in messages if m.id and m.id.startswith("waypost.")}


def test_a_correct_production_set_up_raises_no_warning(production):
    assert not _ids() & {"waypost.W010", "waypost.W012", "waypost.W013", "waypost.W020"}


@pytest.mark.parametrize(
    "options",
    [
        {"host": "smtp.example.org"},
        {"host": "smtp.example.org", "use_tls": False, "use_ssl": False},
        {"host": "192.0.2.25", "port": 25},
    ],
)
def test_smtp_without_tls_to_another_machine_warns(production, options):
    production.MAILERS = {"default": {"BACKEND": SMTP, "OPTIONS": options}}
    assert "waypost.W010" in _ids()


@pytest.mark.parametrize(
    ("backend", "options"),
    [
        (SMTP, {"host": "smtp.example.org", "use_ssl": True}),
        (SMTP, {"host": "localhost"}),  # a relay on this machine, which itself uses TLS
        (SMTP, {"host": "127.0.0.1"}),
        ("django.core.mail.backends.console.EmailBackend", {}),
        ("django.core.mail.backends.locmem.EmailBackend", {}),
        ("django.core.mail.backends.filebased.EmailBackend", {"file_path": "/tmp/mail"}),
    ],
)
def test_smtp_with_tls_a_local_relay_or_no_smtp_is_silent(production, backend, options):
    production.MAILERS = {"default": {"BACKEND": backend, "OPTIONS": options}}
    assert "waypost.W010" not in _ids(deploy_checks.email_uses_tls)


PG = "django.db.backends.postgresql"


@pytest.mark.parametrize(
    ("database", "environ"),
    [
        ({"ENGINE": PG, "HOST": "db.example.org"}, {}),
        ({"ENGINE": PG, "HOST": "db.example.org", "OPTIONS": {"sslmode": "prefer"}}, {}),
        ({"ENGINE": PG, "HOST": "db.example.org", "OPTIONS": {"sslmode": "disable"}}, {}),
        ({"ENGINE": PG, "HOST": "10.0.0.5", "OPTIONS": {"options": "-c jit=off"}}, {}),
        ({"ENGINE": PG, "HOST": ""}, {"PGHOST": "db.example.org"}),
    ],
)
def test_a_database_on_another_machine_without_required_tls_is_found(database, environ):
    assert unencrypted_databases({"default": database}, environ) == ["default"]


@pytest.mark.parametrize(
    ("database", "environ"),
    [
        ({"ENGINE": PG, "HOST": "db.example.org", "OPTIONS": {"sslmode": "require"}}, {}),
        ({"ENGINE": PG, "HOST": "db.example.org", "OPTIONS": {"sslmode": "verify-ca"}}, {}),
        ({"ENGINE": PG, "HOST": "db.example.org", "OPTIONS": {"sslmode": "verify-full"}}, {}),
        ({"ENGINE": PG, "HOST": "db.example.org"}, {"PGSSLMODE": "verify-full"}),
        ({"ENGINE": PG, "HOST": "/var/run/postgresql"}, {}),
        ({"ENGINE": PG, "HOST": ""}, {}),
        ({"ENGINE": PG, "HOST": "localhost"}, {}),
        ({"ENGINE": PG, "HOST": "127.0.0.1"}, {}),
        ({"ENGINE": PG, "HOST": "::1"}, {}),
        ({"ENGINE": "django.db.backends.sqlite3", "NAME": "/var/waypost.sqlite3"}, {}),
    ],
)
def test_a_database_with_tls_or_on_this_machine_is_not_found(database, environ):
    assert unencrypted_databases({"default": database}, environ) == []


def test_the_replica_is_checked_too():
    databases = {
        "default": {"ENGINE": PG, "HOST": "db.example.org", "OPTIONS": {"sslmode": "require"}},
        "replica": {"ENGINE": PG, "HOST": "replica.example.org"},
    }
    assert unencrypted_databases(databases, {}) == ["replica"]


@pytest.mark.parametrize(
    ("url", "warns"),
    [
        ("http://sms.example.org/send", True),
        ("HTTP://203.0.113.9/send", True),
        ("https://sms.example.org/send", False),
        ("http://127.0.0.1:9000/send", False),
        ("http://localhost/send", False),
        ("", False),
    ],
)
def test_an_sms_gateway_over_plain_http_to_another_machine_warns(production, url, warns):
    production.WAYPOST_SMS_URL = url
    assert ("waypost.W012" in _ids(deploy_checks.sms_gateway_uses_https)) is warns


@pytest.mark.parametrize(
    ("url", "warns"),
    [
        ("redis://cache.example.org:6379/0", True),
        ("rediss://cache.example.org:6379/0", False),
        ("redis://127.0.0.1:6379/0", False),
        ("", False),
    ],
)
def test_a_redis_cache_without_tls_on_another_machine_warns(production, url, warns):
    production.CACHE_URL = url
    assert ("waypost.W013" in _ids(deploy_checks.cache_uses_tls)) is warns


def test_uploads_without_a_scanner_warn(production):
    production.CLAMD_ADDRESS = ""
    assert "waypost.W020" in _ids()


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("tcp://clamav.example.org:3310", {"waypost.W021"}),  # clamd has no TLS
        ("tcp://127.0.0.1:3310", set()),
        ("unix:///run/clamav/clamd.ctl", set()),
    ],
)
def test_clamd_on_another_machine_warns(production, address, expected):
    production.CLAMD_ADDRESS = address
    assert _ids(deploy_checks.uploads_are_scanned) == expected


def test_a_malformed_clamd_address_is_an_error_even_without_deploy(settings):
    settings.CLAMD_ADDRESS = "clamav:3310"
    errors = run_checks(tags=[Tags.security], include_deployment_checks=False)
    assert "waypost.E020" in {e.id for e in errors}


def test_demo_mode_is_silent_however_things_are_set(settings):
    settings.WAYPOST_DEMO = True
    settings.MAILERS = {"default": {"BACKEND": SMTP, "OPTIONS": {"host": "smtp.example.org"}}}
    settings.WAYPOST_SMS_URL = "http://sms.example.org/send"
    settings.CACHE_URL = "redis://cache.example.org:6379/0"
    settings.CLAMD_ADDRESS = ""
    for check in (
        deploy_checks.email_uses_tls,
        deploy_checks.database_uses_tls,
        deploy_checks.sms_gateway_uses_https,
        deploy_checks.cache_uses_tls,
        deploy_checks.uploads_are_scanned,
    ):
        assert check(None) == [], check.__name__


def _check_deploy(**env: str) -> str:
    base = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "waypost.settings",
        "SECRET_KEY": "k3Yq8vJ2nR5tW9zC1mB7xL4pF6hD0sG2aE8uI3oN5yT7rV9cX1",
        "ALLOWED_HOSTS": "waypost.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.stdout + result.stderr


def test_check_deploy_names_each_plain_text_connection_and_the_setting_to_change():
    output = _check_deploy(
        EMAIL_HOST="smtp.example.org",
        DATABASE_URL="postgres://waypost:pw@db.example.org:5432/waypost",
        WAYPOST_SMS_PROVIDER="http",
        WAYPOST_SMS_URL="http://sms.example.org/send",
        CACHE_URL="redis://cache.example.org:6379/0",
        CLAMD_ADDRESS="tcp://clamav.example.org:3310",
    )
    # Each warning by its id, with a hint naming the setting to change.
    for check_id, setting in [
        ("waypost.W010", "EMAIL_USE_TLS"),
        ("waypost.W011", "DATABASE_URL"),
        ("waypost.W012", "WAYPOST_SMS_URL"),
        ("waypost.W013", "CACHE_URL"),
        ("waypost.W021", "CLAMD_ADDRESS"),
    ]:
        message = output[output.index(check_id) :].split("\n?: ")[0]
        assert setting in message, f"{check_id} or {setting} missing from:\n{output}"


def test_check_deploy_is_quiet_when_every_connection_is_encrypted():
    output = _check_deploy(
        EMAIL_HOST="smtp.example.org",
        EMAIL_USE_TLS="1",
        DATABASE_URL="postgres://waypost:pw@db.example.org:5432/waypost?sslmode=verify-full",
        WAYPOST_SMS_PROVIDER="http",
        WAYPOST_SMS_URL="https://sms.example.org/send",
        CACHE_URL="rediss://cache.example.org:6379/0",
        CLAMD_ADDRESS="unix:///run/clamav/clamd.ctl",
    )
    for check_id in ("W010", "W011", "W012", "W013", "W020", "W021", "E020"):
        assert f"waypost.{check_id}" not in output, output
