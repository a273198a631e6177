"""Text messages: a provider interface, chosen by the WAYPOST_SMS_PROVIDER setting.

- "console" (the default, for development and the demo): sends nothing and logs only the
  outbox id, never the number or the text.
- "http": POSTs JSON {"to", "body", "reference"} with `Authorization: Bearer <token>` to
  WAYPOST_SMS_URL. A 2xx answer means the gateway accepted the message; any other answer, or
  no answer, is a failure that the outbox retries with backoff (notifications.tasks). The
  reference is the outbox message id, the same on every attempt, and is also sent as the
  `Idempotency-Key` header: a gateway that honours it sends a retried message once.

The outbox calls `get_provider().send(...)` from the worker only, never from a request.
"""

import json
import logging
import urllib.error
import urllib.request
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)

PROVIDERS = ("console", "http")
# Read at most this much of a gateway's answer: it is not used, only drained.
MAX_RESPONSE_BYTES = 64 * 1024


class SmsError(Exception):
    """The gateway did not accept the message. `status` is its HTTP status, if it answered.

    The message never holds the number or the text (it ends up in OutboxMessage.last_error).
    """

    def __init__(self, status: int | None = None) -> None:
        super().__init__(f"SMS gateway answered {status}" if status else "SMS gateway error")
        self.status = status


class SmsProvider(Protocol):
    def send(self, *, to: str, body: str, reference: str) -> None:
        """Hand one message over, or raise (any exception is retried by the outbox)."""


class ConsoleProvider:
    """Sends nothing: for development and the demo."""

    def send(self, *, to: str, body: str, reference: str) -> None:
        logger.info("Text message %s not sent: the console SMS provider only logs", reference)


class HttpProvider:
    """A gateway that takes one message per POST of JSON, authenticated by a bearer token."""

    def __init__(self, *, url: str, token: str, timeout_seconds: int) -> None:
        if not url.startswith(("https://", "http://")):
            raise ImproperlyConfigured("WAYPOST_SMS_URL must be an http:// or https:// address")
        self.url = url
        self.token = token
        self.timeout_seconds = timeout_seconds

    def send(self, *, to: str, body: str, reference: str) -> None:
        payload = json.dumps({"to": to, "body": body, "reference": reference}).encode()
        request = urllib.request.Request(  # noqa: S310  (the scheme is checked above)
            self.url,
            data=payload,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Accept": "application/json",
                "Authorization": f"Bearer {self.token}",
                "Idempotency-Key": reference,
                "User-Agent": "Waypost",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_seconds) as response:  # noqa: S310
                response.read(MAX_RESPONSE_BYTES)
                status = response.status
        except urllib.error.HTTPError as error:  # 4xx and 5xx
            error.close()
            raise SmsError(error.code) from None
        if not 200 <= status < 300:
            raise SmsError(status)


def get_provider() -> SmsProvider:
    """The provider the settings name (read on each call, so tests can change settings)."""
    name = settings.WAYPOST_SMS_PROVIDER
    if name == "console":
        return ConsoleProvider()
    if name == "http":
        if not settings.WAYPOST_SMS_URL:
            raise ImproperlyConfigured("WAYPOST_SMS_PROVIDER is http: set WAYPOST_SMS_URL")
        return HttpProvider(
            url=settings.WAYPOST_SMS_URL,
            token=settings.WAYPOST_SMS_TOKEN,
            timeout_seconds=settings.WAYPOST_SMS_TIMEOUT,
        )
    raise ImproperlyConfigured(
        f"WAYPOST_SMS_PROVIDER must be one of {', '.join(PROVIDERS)}, not {name!r}"
    )
