"""Log lines carry UTC times with a Z, whatever the server's time zone (ASVS 16.2.2)."""

import logging
import logging.config
import os
import time
from datetime import UTC, datetime

import pytest
from django.conf import settings

from waypost.lib.utc_log_format import UtcFormatter


@pytest.fixture
def new_york_time():
    """The process's local time zone set to New York (UTC-5 in January), then put back."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


def _record_at(moment: datetime) -> logging.LogRecord:
    record = logging.LogRecord("waypost", logging.INFO, __file__, 1, "hello", None, None)
    record.created = moment.timestamp()
    record.msecs = 123.0
    return record


def test_a_line_is_stamped_in_utc_with_z_under_another_time_zone(new_york_time):
    assert time.localtime(0).tm_hour == 19  # the zone really is set: 1970-01-01 00:00Z is 19:00
    formatter = UtcFormatter("%(asctime)s %(message)s")
    line = formatter.format(_record_at(datetime(2026, 1, 15, 9, 30, 5, tzinfo=UTC)))
    assert line == "2026-01-15T09:30:05.123Z hello"


def test_every_handler_in_the_settings_uses_the_utc_formatter():
    formatters = settings.LOGGING["formatters"]
    for handler in settings.LOGGING["handlers"].values():
        assert formatters[handler["formatter"]]["()"] == "waypost.lib.utc_log_format.UtcFormatter"


def test_the_configured_loggers_write_utc_lines():
    """After Django has applied LOGGING: the root's handlers and the development server's."""
    for name in ("", "django.server"):
        # pytest adds its own capturing handlers to the root: only the console is ours.
        handlers = [h for h in logging.getLogger(name).handlers if type(h) is logging.StreamHandler]
        assert handlers
        assert all(isinstance(h.formatter, UtcFormatter) for h in handlers)
