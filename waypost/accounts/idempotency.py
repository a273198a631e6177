"""`Idempotency-Key` for API writes (IETF draft-ietf-httpapi-idempotency-key-header).

The first request with a key runs; a retry with the same key and the same body gets the same
answer again without repeating the write; the same key with a different body is refused.
Keys are remembered for KEY_HOURS; only successful writes are remembered, so a client can fix
a refused request and send it again with the same key.
"""

import hashlib
from collections.abc import Callable
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from waypost.accounts.models import IdempotencyKey

KEY_HOURS = 24
HEADER = "Idempotency-Key"


def _error(code: str, detail: str, status_code: int) -> Response:
    body = {"type": "client_error", "errors": [{"code": code, "detail": detail, "attr": None}]}
    return Response(body, status=status_code)


def idempotent_write(
    request: Request,
    *,
    scope: str,
    write: Callable[[], tuple[Response, str]],
    replay: Callable[[str], Response],
) -> Response:
    """Run `write` once per (user, scope, key).

    `write` returns the response and the id of what it created ("" when it created nothing);
    `replay(id)` answers a retry from the created object.
    """
    key = request.headers.get(HEADER, "")
    if not key:
        return write()[0]
    if len(key) > 255 or not key.isprintable():
        return _error(
            "invalid_idempotency_key", f"{HEADER} must be 1 to 255 printable characters", 400
        )
    fingerprint = hashlib.sha256(request.body).hexdigest()
    user = request.user
    IdempotencyKey.objects.filter(
        user=user, scope=scope, key=key, created_at__lt=timezone.now() - timedelta(hours=KEY_HOURS)
    ).delete()
    try:
        with transaction.atomic():
            claim = IdempotencyKey.objects.create(
                user=user, scope=scope, key=key, fingerprint=fingerprint
            )
    except IntegrityError:
        earlier = IdempotencyKey.objects.get(user=user, scope=scope, key=key)
        if earlier.fingerprint != fingerprint:
            return _error(
                "idempotency_key_reused",
                f"This {HEADER} was used for a different request. Use a new key for a new request.",
                status.HTTP_422_UNPROCESSABLE_ENTITY,
            )
        if earlier.completed_at is None:
            return _error(
                "idempotency_key_in_use",
                "A request with this key is still being processed. Try again in a moment.",
                status.HTTP_409_CONFLICT,
            )
        response = replay(earlier.result_id)
        response["Idempotent-Replayed"] = "true"
        return response
    try:
        with transaction.atomic():
            response, result_id = write()
            if 200 <= response.status_code < 300:
                claim.result_id = result_id
                claim.completed_at = timezone.now()
                claim.save(update_fields=["result_id", "completed_at"])
    except Exception:
        claim.delete()
        raise
    if claim.completed_at is None:
        claim.delete()
    return response
