"""The security log (`waypost.security`): one structured line for each refusal and sign-in
event, for finding someone probing records or guessing passwords (ASVS 16.3.1–16.3.3).

A line holds only ids and codes: the event, the user's id, a keyed hash of the client address
(and of the typed email when nobody has it), the route's name, the kind and UUID of the record,
and a reason. Never a name, an email, a path or a query string: those can be personal.

    event=refused user=6f1c… address=3b9e… route=people:detail object_kind=person
    object_id=0c5e… reason=hidden
"""

import logging
import re
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.http import Http404, HttpRequest
from django.utils.crypto import salted_hmac

if TYPE_CHECKING:
    from waypost.accounts.models import User

logger = logging.getLogger("waypost.security")

# Ids, route names and codes only: anything else in a value becomes "?".
_UNSAFE = re.compile(r"[^A-Za-z0-9_.:-]")


class RecordHidden(Http404):
    """ "Page not found" for a record that exists but that the user may not see.

    Access functions raise it instead of a bare Http404; it answers exactly the same, and
    the refusal is logged where the request's route and user are known (the refusal
    middleware, the API's exception handler). Nothing personal in it: a kind and a UUID.
    """

    def __init__(self, object_kind: str, object_id: object) -> None:
        super().__init__(object_kind)
        self.object_kind = object_kind
        self.object_id = object_id


def keyed_hash(kind: str, value: str) -> str:
    """HMAC of `value` under SECRET_KEY: the same value gives the same hash in every line,
    so attempts can be counted, but the value cannot be read back or looked up."""
    return salted_hmac(f"waypost.security.{kind}", value, algorithm="sha256").hexdigest()[:16]


def address_hash(request: HttpRequest | None) -> str:
    if request is None:
        return "-"
    from waypost.referrals.ratelimit import client_ip  # trusts only PROXY_COUNT proxies

    address = client_ip(request)
    return keyed_hash("address", address) if address else "-"


def email_hash(email: str) -> str:
    return keyed_hash("email", email.strip().lower())


def refused(
    request_or_user: "HttpRequest | User",
    *,
    reason: str,
    object_kind: str,
    object_id: object = None,
) -> None:
    """Log one refusal: a hidden record, a 403, a rate limit, a plain-HTTP API call."""
    if isinstance(request_or_user, HttpRequest):
        request: HttpRequest | None = request_or_user
        user = getattr(request_or_user, "user", None)
    else:
        request, user = None, request_or_user
    event(
        "refused",
        request,
        user=user,
        object_kind=object_kind,
        object_id=_uuid_or_dash(object_id),
        reason=reason,
    )


def event(
    name: str,
    request: HttpRequest | None,
    *,
    user: Any = None,
    email: str = "",
    **fields: str,
) -> None:
    """Log security event `name`. The user is named by id when known; an email typed for a
    user that does not exist only by its keyed hash."""
    line: dict[str, str] = {"event": name}
    known = user is not None and getattr(user, "is_authenticated", False)
    line["user"] = str(user.pk) if known else "-"
    if not known and email:
        line["email"] = email_hash(email)
    line["address"] = address_hash(request)
    line["route"] = route_name(request)
    line.update(fields)
    text = " ".join(f"{key}={_safe(value)}" for key, value in line.items())
    level = logging.INFO if name in INFO_EVENTS else logging.WARNING
    logger.log(level, text, extra={"security": line})


# Routine successes; everything else is worth a look.
INFO_EVENTS = {"signed_in", "mfa_passed"}


def route_name(request: HttpRequest | None) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None and match.view_name else "-"


def uuid_in_route(request: HttpRequest, *, last: bool = False) -> UUID | None:
    """The first (or last) UUID in the route's arguments: the record a refused page was about."""
    match = getattr(request, "resolver_match", None)
    found = [v for v in match.kwargs.values() if isinstance(v, UUID)] if match is not None else []
    if not found:
        return None
    return found[-1] if last else found[0]


def _uuid_or_dash(value: object) -> str:
    if value is None:
        return "-"
    try:
        return str(value if isinstance(value, UUID) else UUID(str(value)))
    except ValueError:
        return "-"  # not a UUID: it could be anything a caller typed


def _safe(value: str) -> str:
    return _UNSAFE.sub("?", str(value))[:80] or "-"
