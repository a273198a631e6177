"""A form saved twice makes one record: a double click, a save sent again after a weak phone
signal timed out, or the browser's back button and Save again.

The form carries a random token (`{% submission_token %}`, in waypost.lib.templatetags.forms).
The first save with a token claims it, writes, and records what it made, all in one
transaction; a second save with the same token waits for the first to finish (the database's
unique index makes it wait) and is answered with what the first made. A save that fails
releases the token with everything else it wrote. Only the token, a fingerprint of the form and
the id of the record are kept (as for the API's Idempotency-Key), never what was typed.
"""

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from waypost.accounts.models import IdempotencyKey

FIELD = "submission_token"
TOKEN = re.compile(r"[0-9a-f]{32}")
KEY_HOURS = 24
# Not what the user typed: these change between two sends of the same form.
_NOT_FINGERPRINTED = {"csrfmiddlewaretoken", FIELD}


@dataclass(frozen=True)
class Saved:
    """What a save made (its primary key, as text), and whether this request made it."""

    result_id: str
    first: bool
    same_answers: bool = True  # False: sent again with different answers, which were not saved


def token_in(post: Any) -> str:
    token = post.get(FIELD, "")
    return token if TOKEN.fullmatch(token) else ""


def fingerprint(post: Any) -> str:
    answers = sorted(
        (name, value)
        for name, values in post.lists()
        if name not in _NOT_FINGERPRINTED
        for value in values
    )
    return hashlib.sha256(repr(answers).encode()).hexdigest()


def saved_before(request: HttpRequest, *, scope: str) -> Saved | None:
    """What an earlier, finished save of this form made, if there was one: for a view with a
    step before saving (such as "is this someone we know?") that a repeat should skip."""
    token = token_in(request.POST)
    if not token:
        return None
    earlier = IdempotencyKey.objects.filter(
        user=request.user,  # type: ignore[misc]
        scope=scope,
        key=token,
        completed_at__isnull=False,
        created_at__gte=timezone.now() - timedelta(hours=KEY_HOURS),
    ).first()
    if earlier is None:
        return None
    return Saved(earlier.result_id, first=False, same_answers=_same(earlier, request))


def _same(earlier: IdempotencyKey, request: HttpRequest) -> bool:
    return earlier.fingerprint == fingerprint(request.POST)


def save_once(request: HttpRequest, *, scope: str, save: Callable[[], Any]) -> Saved:
    """Run `save` (returning what it made, with a pk) once per form token; without a token (a
    form from before this, or a test's plain post) it simply runs."""
    token = token_in(request.POST)
    if not token:
        return Saved(str(save().pk), first=True)
    user = request.user
    print_ = fingerprint(request.POST)
    IdempotencyKey.objects.filter(
        user=user,  # type: ignore[misc]
        scope=scope,
        key=token,
        created_at__lt=timezone.now() - timedelta(hours=KEY_HOURS),
    ).delete()
    with transaction.atomic():
        try:
            with transaction.atomic():
                claim = IdempotencyKey.objects.create(
                    user=user,  # type: ignore[misc]
                    scope=scope,
                    key=token,
                    fingerprint=print_,
                )
        except IntegrityError:
            earlier = IdempotencyKey.objects.get(user=user, scope=scope, key=token)  # type: ignore[misc]
            return Saved(earlier.result_id, first=False, same_answers=_same(earlier, request))
        made = save()
        claim.result_id = str(made.pk)
        claim.completed_at = timezone.now()
        claim.save(update_fields=["result_id", "completed_at"])
    return Saved(claim.result_id, first=True)


def already_saved_message(saved: Saved, what: str) -> str:
    if saved.same_answers:
        return f"This {what} was already saved. Here it is."
    return (
        f"This {what} was already saved, so it was not saved again. Check it: if something "
        "should be different, change it here."
    )
