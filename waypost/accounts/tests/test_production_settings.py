"""Production settings pass Django's deploy checks; production start refuses demo mode."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PRODUCTION_ENV = {
    "PATH": os.environ.get("PATH", ""),
    "DJANGO_SETTINGS_MODULE": "waypost.settings",
    "SECRET_KEY": "k3Yq8vJ2nR5tW9zC1mB7xL4pF6hD0sG2aE8uI3oN5yT7rV9cX1",
    "ALLOWED_HOSTS": "waypost.example.org",
    # Production scans uploads (waypost.W020 warns without a scanner); checks do not connect.
    "CLAMD_ADDRESS": "unix:///run/clamav/clamd.ctl",
    # Production has its own key for TOTP secrets (waypost.E030 without one).
    "MFA_ENCRYPTION_KEY": "bWZhLWtleS1mb3ItdGhlLWRlcGxveS1jaGVjay10c3Q=",
}


def _run(args, **env):
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**PRODUCTION_ENV, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_fails_in_demo_mode():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], WAYPOST_DEMO="1")
    assert result.returncode != 0
    assert "waypost.E001" in result.stderr + result.stdout


def test_the_production_entry_points_refuse_demo_mode():
    for module in ("waypost.wsgi", "waypost.asgi"):
        result = _run(["-c", f"import {module}"], WAYPOST_DEMO="1")
        assert result.returncode == 3, module
        assert "Refusing to start" in result.stderr
        assert _run(["-c", f"import {module}"]).returncode == 0


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_idle_sessions_time_out_after_30_minutes_by_default(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_production_cookies_are_host_only_and_secure():
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SESSION_MAX_HOURS)"
    )
    result = _run(["-c", script])
    assert result.stdout.split() == [
        "__Host-waypost-session",
        "__Host-waypost-csrf",
        "True",
        "True",
        "12",
    ], result.stderr
