"""Recording access events: the audit contract every read of personal data keeps.

Every access function, list, search, export, PDF, email and dashboard drill-down that shows
personal data calls one of these, in the same request, before the data leaves the server.
A data protection officer can then answer "who saw this person's health section, when, through
which door, and why" (UK GDPR Art. 5(2) accountability; Art. 15 subject access).
"""

import uuid
from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest

from waypost.accounts.models import Agency
from waypost.audit.models import AccessEvent


def record_access(
    user: Any,
    *,
    channel: str,
    section: str,
    subject_type: str,
    subject_id: str | uuid.UUID,
    person_id: uuid.UUID | str | None = None,
    agency: Agency | None = None,
    reason: str = "",
    route: str = "",
) -> AccessEvent:
    """Append one access event and return it.

    - `user`: who read the data; `None` only for the system itself (a task or a command).
    - `channel`: the door (`Channel`: page, api, search, export, pdf, email, dashboard).
    - `section`: the part of the record shown (`Section`). Record one event per section shown
      when a page shows several sections with different sharing rules.
    - `subject_type` / `subject_id`: what was read ("person", "user", "audit_log"...) and its
      public id. Never a name, date of birth or any other personal data.
    - `person_id`: the person's UUID when the read concerns a person, so a subject access
      request and the DPO's "who looked at this person" search find it.
    - `agency`: the agency the user acted for, when known.
    - `reason`: why, when the user gave one (break-glass, export purpose). Free text typed by
      staff; shown only to data protection officers.
    - `route`: the URL *name* (`"people:detail"`), never the URL or its query string, which
      can carry search terms.

    Call it inside the request's transaction when there is one: if the read fails and rolls
    back, so does the event; the row is never changed or removed afterwards.
    """
    event = access_event(
        user,
        channel=channel,
        section=section,
        subject_type=subject_type,
        subject_id=subject_id,
        person_id=person_id,
        agency=agency,
        reason=reason,
        route=route,
    )
    event.save(force_insert=True)
    return event


def access_event(
    user: Any,
    *,
    channel: str,
    section: str,
    subject_type: str,
    subject_id: str | uuid.UUID,
    person_id: uuid.UUID | str | None = None,
    agency: Agency | None = None,
    reason: str = "",
    route: str = "",
) -> AccessEvent:
    """An unsaved event with `record_access`'s arguments, for `record_accesses`."""
    user_id = getattr(user, "pk", None) if user is not None else None
    return AccessEvent(
        user_id=user_id,
        agency=agency,
        person_id=uuid.UUID(str(person_id)) if person_id else None,
        subject_type=subject_type,
        subject_id=str(subject_id),
        section=section,
        channel=channel,
        reason=reason,
        route=route[:200],
    )


def record_accesses(events: Iterable[AccessEvent]) -> None:
    """Append many events in one INSERT (a list page shows many people at once)."""
    AccessEvent.objects.bulk_create(list(events))


def record_request_access(
    request: HttpRequest,
    *,
    channel: str,
    section: str,
    subject_type: str,
    subject_id: str | uuid.UUID,
    person_id: uuid.UUID | str | None = None,
    reason: str = "",
) -> AccessEvent:
    """`record_access` for the signed-in user of a page or API request.

    The route is the resolved URL name of the request. The agency is the user's agency when
    they have exactly one active membership; with several it is left empty (the views that
    know which agency the user acts for should call `record_access` with it instead).
    """
    match = getattr(request, "resolver_match", None)
    route = match.view_name if match is not None else ""
    agencies = {m.agency_id: m.agency for m in getattr(request, "memberships", [])}
    agency = next(iter(agencies.values())) if len(agencies) == 1 else None
    user = request.user if request.user.is_authenticated else None
    return record_access(
        user,
        channel=channel,
        section=section,
        subject_type=subject_type,
        subject_id=subject_id,
        person_id=person_id,
        agency=agency,
        reason=reason,
        route=route,
    )
