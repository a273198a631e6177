"""gunicorn settings read at start (`gunicorn waypost.wsgi`).

The access log names the path only (%(U)s), never the query string: search forms put the words
typed into it (`/people/?q=...`), and those can be names.

Two paths carry a secret: an invitation link (/invitations/<token>/) and allauth's
password-reset link (/accounts/password/reset/key/<uidb36>-<key>/). Whoever reads the log could
use them first, so the logger writes that part of the path as "[redacted]"
(waypost/lib/log_redaction.py, which Django's own log lines go through too).
"""

from gunicorn.glogging import Logger

from waypost.lib.log_redaction import redact_path

accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'


class RedactingLogger(Logger):
    """gunicorn's logger, with the secret in those paths (and the request line and referrer
    that can repeat them) replaced."""

    def atoms(self, resp, req, environ, request_time):  # type: ignore[no-untyped-def]
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("U", "r", "f", "{referer}i"):
            if isinstance(atoms.get(key), str):
                atoms[key] = redact_path(atoms[key])
        return atoms


logger_class = RedactingLogger
