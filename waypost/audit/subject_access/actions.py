"""Writes to subject access requests. Each keeps `due_on` and `status` in step with the dates."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from waypost.accounts.models import Partnership, User
from waypost.audit.models import RequestStatus, SubjectAccessRequest
from waypost.audit.subject_access import deadlines
from waypost.people.models import Person


def _recompute(sar: SubjectAccessRequest) -> None:
    sar.due_on = deadlines.due_on(
        sar.received_on,
        id_requested_on=sar.id_requested_on,
        id_verified_on=sar.id_verified_on,
        extended_by_months=sar.extended_by_months,
    )
    if sar.is_closed or sar.status == RequestStatus.EXPORT_READY:
        return
    if sar.is_waiting_for_id:
        sar.status = RequestStatus.WAITING_FOR_ID
    elif sar.extended_by_months:
        sar.status = RequestStatus.EXTENDED
    else:
        sar.status = RequestStatus.OPEN


def _check_open(sar: SubjectAccessRequest) -> None:
    if sar.is_closed:
        raise ValidationError("This request is closed. Open a new request to act on it again.")


@transaction.atomic
def open_request(
    *,
    partnership: Partnership,
    received_on: date,
    by: User,
    reference: str = "",
    id_requested_on: date | None = None,
    notes: str = "",
) -> SubjectAccessRequest:
    """Record a new request. When ID had to be asked for, the clock waits until it is verified.

    Opening a request is for the partnership's data protection officers (the views check).
    """
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": "The date received must be today or in the past"})
    if id_requested_on is not None and id_requested_on < received_on:
        raise ValidationError(
            {"id_requested_on": "The date ID was asked for must be on or after the date received"}
        )
    sar = SubjectAccessRequest(
        partnership=partnership,
        reference=reference.strip(),
        received_on=received_on,
        id_requested_on=id_requested_on,
        notes=notes.strip(),
        opened_by=by,
    )
    _recompute(sar)
    sar.save()
    return sar


@transaction.atomic
def record_id_verified(sar: SubjectAccessRequest, *, verified_on: date, by: User) -> None:
    """The requester's ID is verified: the month runs from `verified_on` (or from receipt when
    ID was never asked for)."""
    _check_open(sar)
    if verified_on > timezone.localdate():
        raise ValidationError({"verified_on": "The date ID was verified must be today or earlier"})
    if verified_on < sar.received_on:
        raise ValidationError(
            {"verified_on": "The date ID was verified must be on or after the date received"}
        )
    if sar.id_requested_on is not None and verified_on < sar.id_requested_on:
        problem = "The date ID was verified must be on or after the date you asked for it"
        raise ValidationError({"verified_on": problem})
    sar.id_verified_on = verified_on
    _recompute(sar)
    sar.save(update_fields=["id_verified_on", "due_on", "status"])


@transaction.atomic
def extend_request(sar: SubjectAccessRequest, *, months: int, reason: str, by: User) -> None:
    """Extend by `months` more (at most two in all), for a complex request or several from the
    same person (UK GDPR Art. 12(3)); the reason is kept to tell the person within the month."""
    _check_open(sar)
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the request needs more time"})
    left = deadlines.MAX_EXTENSION_MONTHS - sar.extended_by_months
    if left == 0:
        raise ValidationError("This request has already been extended by two months, the most.")
    if not 1 <= months <= left:
        problem = "Select 1 or 2 months" if left == 2 else "You can extend it by 1 more month only"
        raise ValidationError({"months": problem})
    sar.extended_by_months += months
    reason_line = f"{timezone.localdate():%-d %B %Y}: {months} {_months(months)}. "
    sar.extension_reason = "\n".join(
        r for r in (sar.extension_reason, reason_line + reason.strip()) if r
    )
    _recompute(sar)
    sar.save(update_fields=["extended_by_months", "extension_reason", "due_on", "status"])


@transaction.atomic
def identify_person(sar: SubjectAccessRequest, person: Person, *, by: User) -> None:
    """Link the request to the person's (kept) record. A previous export is discarded: it was
    about someone else."""
    _check_open(sar)
    if person.partnership_id != sar.partnership_id:
        raise ValidationError("That record belongs to another partnership.")
    sar.person = person
    _discard_export(sar)
    _recompute(sar)
    sar.save(
        update_fields=[
            "person",
            "export_file",
            "export_generated_at",
            "export_requested_at",
            "export_sections",
            "status",
            "due_on",
        ]
    )


@transaction.atomic
def request_export(sar: SubjectAccessRequest, *, by: User) -> None:
    """Queue the export task (its only argument is the request's id)."""
    from waypost.audit.tasks import build_subject_access_export

    _check_open(sar)
    if sar.person_id is None:
        raise ValidationError("Find the person's record before preparing the export.")
    if sar.is_waiting_for_id:
        raise ValidationError("Record that the requester's ID is verified before the export.")
    sar.export_requested_at = timezone.now()
    sar.save(update_fields=["export_requested_at"])
    build_subject_access_export.enqueue(str(sar.pk))


def save_export(sar: SubjectAccessRequest, content: bytes, sections: list[str]) -> None:
    """Store a finished export (called by the task) and mark the request ready."""
    with transaction.atomic():
        sar = SubjectAccessRequest.objects.select_for_update().get(pk=sar.pk)
        old = sar.export_file.name if sar.export_file else ""
        sar.export_file.save(f"subject-access-{sar.pk}.zip", ContentFile(content), save=False)
        sar.export_generated_at = timezone.now()
        sar.export_sections = sections
        if not sar.is_closed:
            sar.status = RequestStatus.EXPORT_READY
        sar.save(update_fields=["export_file", "export_generated_at", "export_sections", "status"])
    if old and old != sar.export_file.name:
        sar.export_file.storage.delete(old)


@transaction.atomic
def close_request(
    sar: SubjectAccessRequest, *, outcome: str, by: User, reason: str = "", on: date | None = None
) -> None:
    """Close as completed (the response was sent) or refused (manifestly unfounded or
    excessive, Art. 12(5)), with the reason the person is told."""
    _check_open(sar)
    if outcome not in (RequestStatus.COMPLETED, RequestStatus.REFUSED):
        raise ValidationError({"outcome": "Select whether the request was completed or refused"})
    if outcome == RequestStatus.REFUSED and not reason.strip():
        raise ValidationError({"reason": "Enter why the request was refused"})
    if outcome == RequestStatus.COMPLETED and sar.export_generated_at is None:
        raise ValidationError(
            {"outcome": "Prepare and send the export before closing the request as completed"}
        )
    sar.status = outcome
    sar.refusal_reason = reason.strip() if outcome == RequestStatus.REFUSED else ""
    sar.closed_on = on or timezone.localdate()
    sar.save(update_fields=["status", "refusal_reason", "closed_on"])


def _discard_export(sar: SubjectAccessRequest) -> None:
    if sar.export_file:
        name = sar.export_file.name
        transaction.on_commit(lambda: sar.export_file.storage.delete(name))
    sar.export_file = ""
    sar.export_generated_at = None
    sar.export_requested_at = None
    sar.export_sections = []
    if sar.status == RequestStatus.EXPORT_READY:
        sar.status = RequestStatus.OPEN


def _months(n: int) -> str:
    return "month" if n == 1 else "months"
