"""Secrets that travel in a path never reach a log line.

Two paths carry one: an invitation link (/invitations/<token>/) and allauth's password-reset
link (/accounts/password/reset/key/<uidb36>-<key>/). Whoever reads the log could use them
first. gunicorn's access log (gunicorn.conf.py) and Django's own loggers (`RedactSecretPaths`,
on every handler in LOGGING) write that part as "[redacted]".
"""

import logging
import re

SECRET_IN_PATH = re.compile(
    r"(?P<route>/invitations/|/accounts/password/reset/key/)(?!accept/|done/)[^/?#\s\"']+"
)


def redact_path(text: str) -> str:
    return SECRET_IN_PATH.sub(r"\g<route>[redacted]", text)


class RedactSecretPaths(logging.Filter):
    """Rewrites the message and its string arguments: django.request writes
    "Service Unavailable: /invitations/<token>/" when such a request fails."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact_path(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact_path(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {
                k: redact_path(v) if isinstance(v, str) else v for k, v in record.args.items()
            }
        return True
