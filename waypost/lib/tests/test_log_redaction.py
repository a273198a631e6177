"""Invitation tokens and password-reset keys in a path never reach Django's log lines
(gunicorn's access log is covered by pages/tests/test_gunicorn_log.py)."""

import logging

import pytest
from django.conf import settings

from waypost.lib.log_redaction import RedactSecretPaths, redact_path

TOKEN = "aVeryLongSecretInvitationToken0123456789"


@pytest.mark.parametrize(
    "path",
    [f"/invitations/{TOKEN}/", f"/accounts/password/reset/key/3f-{TOKEN}/"],
)
def test_the_secret_in_either_path_is_redacted(path):
    redacted = redact_path(f"Service Unavailable: {path}")
    assert TOKEN not in redacted and "[redacted]" in redacted


def test_token_free_pages_are_left_as_they_are():
    assert redact_path("/invitations/accept/") == "/invitations/accept/"
    assert redact_path("/accounts/password/reset/key/done/") == "/accounts/password/reset/key/done/"


def test_a_failed_request_for_an_invitation_is_logged_without_its_token():
    """django.request writes "<reason>: <path>" with the path as an argument."""
    record = logging.LogRecord(
        "django.request",
        logging.ERROR,
        __file__,
        1,
        "%s: %s",
        ("Service Unavailable", f"/invitations/{TOKEN}/"),
        None,
    )
    RedactSecretPaths().filter(record)
    assert TOKEN not in record.getMessage()


def test_every_handler_in_the_settings_redacts_secret_paths():
    handlers = settings.LOGGING["handlers"]
    for name, handler in handlers.items():
        assert "secret_paths" in handler.get("filters", []), name
