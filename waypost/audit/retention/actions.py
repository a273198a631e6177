"""Retention: a dry-run report of what is past its period, then applying exactly that.

`plan_retention` stores the report (record ids and counts, no personal data) and commits it
before anything changes. `apply_retention_run` then changes only records that are both in the
report and still past their period now: a person who was seen again since the dry run is left
alone. Applying is idempotent: a run applies once, and an anonymised record is never a
candidate again.

Held back, whatever their age:
- records under restriction of processing (UK GDPR Art. 18): the person may need them kept,
  for example for a legal claim (Art. 18(1)(c));
- records of a person with an open subject access request: altering or erasing data to stop
  its disclosure is an offence (Data Protection Act 2018 s.173);
- break-glass uses not yet reviewed by a data protection officer.

Alerts and referrals never linked to a person have their own period (`unidentified_past` and
`anonymise_unidentified` in each app's retention.py): the person rule cannot reach them.

Access log events are never changed or removed: the log is append-only (the application
refuses, and on PostgreSQL a trigger refuses too). They hold ids, never names, so an
anonymised person's events identify no one.
"""

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from uuid import UUID

from auditlog.context import disable_auditlog
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from waypost.accounts.models import Partnership, User
from waypost.audit.models import RecordType, RetentionRule, RetentionRun, SubjectAccessRequest
from waypost.audit.retention.rules import periods_for
from waypost.audit.subject_access.export import group_person_ids, with_merged
from waypost.audit.subject_access.registry import app_modules
from waypost.people.models import (
    Alias,
    BirthDatePrecision,
    CareOfAddress,
    ContactDetail,
    DuplicatePair,
    DuplicateStatus,
    HousingHistoryEntry,
    Identifier,
    IdVerification,
    MatchKey,
    Merge,
    Note,
    Person,
    SafeAddress,
    StaffSafetyWarning,
    SupportNeed,
)
from waypost.sharing.models import BreakGlass, LawfulBasis, SharingPermission

REMOVED = "Removed under the retention policy"
ANONYMISED = "Anonymised"
ACCESS_LOG_KEPT = (
    "Access log events are kept: the log is append-only by design (PostgreSQL triggers "
    "refuse changes) and holds ids, never names."
)


def _ids(queryset: QuerySet[Any]) -> list[str]:
    return [str(pk) for pk in queryset.values_list("pk", flat=True).order_by("pk")]


def _requested_people(partnership: Partnership) -> set[UUID]:
    """People with an open subject access request, and the records merged into theirs."""
    open_requests = SubjectAccessRequest.objects.open().filter(
        partnership=partnership, person__isnull=False
    )
    return set(with_merged(open_requests.values_list("person_id", flat=True)))


def build_report(partnership: Partnership, now: datetime | None = None) -> dict[str, Any]:
    """What each rule would anonymise or remove now: ids and counts only."""
    now = now or timezone.now()
    periods = {p.record_type: p for p in periods_for(partnership)}
    cutoffs = {t: p.cutoff(now) for t, p in periods.items()}
    requested = _requested_people(partnership)

    past = Person.objects.filter(
        partnership=partnership,
        merged_into__isnull=True,
        anonymised_at__isnull=True,
        last_activity_at__lt=cutoffs[RecordType.PERSON],
    )
    held_restricted = _ids(past.filter(restricted_at__isnull=False))
    held_requested = _ids(past.filter(pk__in=list(requested)))
    people = past.filter(restricted_at__isnull=True).exclude(pk__in=list(requested))
    person_ids = _ids(people)
    in_people = {str(pk) for pk in with_merged(UUID(pk) for pk in person_ids)}

    # Records of people held back, or about to be anonymised (counted with them), are left out.
    mine = (
        Q(person__partnership=partnership, person__restricted_at__isnull=True)
        & ~Q(person_id__in=list(requested))
        & ~Q(person__in=people)
        & ~Q(person__merged_into__in=people)
    )
    notes = Note.objects.filter(mine, recorded_at__lt=cutoffs[RecordType.NOTES]).exclude(
        text=REMOVED
    )
    forms = SharingPermission.objects.filter(
        mine,
        ~Q(proforma="") | ~Q(witness_name=""),
        is_current=False,
        recorded_at__lt=cutoffs[RecordType.CONSENT_FORMS],
    )
    glass = BreakGlass.objects.filter(mine, expires_at__lt=cutoffs[RecordType.BREAK_GLASS]).exclude(
        reason=REMOVED
    )
    exports = SubjectAccessRequest.objects.filter(
        partnership=partnership,
        closed_on__lt=cutoffs[RecordType.SUBJECT_ACCESS_EXPORTS].date(),
    ).exclude(export_file="")

    unidentified: list[str] = []
    for module in app_modules("retention"):
        past = getattr(module, "unidentified_past", None)
        if past is not None:
            unidentified.extend(past(partnership.pk, cutoffs[RecordType.UNIDENTIFIED]))

    items: dict[str, dict[str, Any]] = {
        RecordType.PERSON: {"ids": person_ids, "with": _records_of(in_people)},
        RecordType.NOTES: {"ids": _ids(notes)},
        RecordType.CONSENT_FORMS: {"ids": _ids(forms)},
        RecordType.BREAK_GLASS: {"ids": _ids(glass.filter(reviewed_at__isnull=False))},
        RecordType.SUBJECT_ACCESS_EXPORTS: {"ids": _ids(exports)},
        RecordType.UNIDENTIFIED: {"ids": sorted(unidentified)},
    }
    for item in items.values():
        item["count"] = len(item["ids"])
    return {
        "generated_at": now.isoformat(timespec="seconds"),
        "rules": [
            {
                "record_type": str(t),
                "months": p.months,
                "is_default": p.is_default,
                "cutoff": cutoffs[t].isoformat(timespec="seconds"),
            }
            for t, p in periods.items()
        ],
        "items": {str(t): item for t, item in items.items()},
        "held": {
            "restricted": held_restricted,
            "open_request": held_requested,
            "unreviewed_break_glass": _ids(glass.filter(reviewed_at__isnull=True)),
        },
        "kept": [ACCESS_LOG_KEPT],
    }


def _records_of(person_ids: Iterable[str]) -> dict[str, int]:
    """How many of each kind of record anonymising these people removes or blanks."""
    ids = list(person_ids)
    return {
        "merged_records": Person.objects.filter(pk__in=ids, merged_into__isnull=False).count(),
        "aliases": Alias.objects.filter(person_id__in=ids).count(),
        "identifiers": Identifier.objects.filter(person_id__in=ids).count(),
        "contact_details": ContactDetail.objects.filter(person_id__in=ids).count(),
        "safe_addresses": SafeAddress.objects.filter(person_id__in=ids).count(),
        "notes": Note.objects.filter(person_id__in=ids).count(),
        "uploaded_files": SharingPermission.objects.filter(person_id__in=ids)
        .exclude(proforma="")
        .count(),
    }


@transaction.atomic
def plan_retention(
    partnership: Partnership, *, by: User | None, now: datetime | None = None
) -> RetentionRun:
    """Store a dry-run report for the partnership (committed on return); changes nothing."""
    return RetentionRun.objects.create(
        partnership=partnership, created_by=by, report=build_report(partnership, now)
    )


def apply_retention_run(
    run: RetentionRun, *, by: User | None, now: datetime | None = None
) -> RetentionRun:
    """Apply a dry run: change what it listed that is still past its period. Once only."""
    with transaction.atomic():
        run = RetentionRun.objects.select_for_update().get(pk=run.pk)
        if run.is_applied:
            raise ValidationError("This report has already been applied.")
        current = build_report(run.partnership, now)["items"]
        planned = run.report.get("items", {})
        todo = {
            t: sorted(set(planned.get(t, {}).get("ids", [])) & set(current[t]["ids"]))
            for t in current
        }
        with disable_auditlog():
            # The change log would otherwise copy the details being removed into a log that
            # can never be changed (audit migration 0002).
            for person_id in todo[RecordType.PERSON]:
                anonymise_person(Person.objects.get(pk=person_id), now=now)
            Note.objects.filter(pk__in=todo[RecordType.NOTES]).update(text=REMOVED)
            _remove_consent_forms(todo[RecordType.CONSENT_FORMS])
            BreakGlass.objects.filter(pk__in=todo[RecordType.BREAK_GLASS]).update(
                reason=REMOVED, review_notes=""
            )
            _remove_exports(todo[RecordType.SUBJECT_ACCESS_EXPORTS])
            for module in app_modules("retention"):
                anonymise_unidentified = getattr(module, "anonymise_unidentified", None)
                if anonymise_unidentified is not None:
                    anonymise_unidentified(todo[RecordType.UNIDENTIFIED])
        run.applied_at = now or timezone.now()
        run.applied_by = by
        run.applied = {t: {"ids": ids, "count": len(ids)} for t, ids in todo.items()}
        run.save(update_fields=["applied_at", "applied_by", "applied"])
    return run


def anonymise_person(person: Person, *, now: datetime | None = None) -> None:
    """Anonymise the person and every record merged into theirs.

    Removes what identifies them or was written about them; keeps ids, dates and categories
    (gender, ethnicity, immigration status, recourse to public funds, local connection, kinds
    of need and note) so that counts over time stay right. Access events are kept (ids only).
    Call inside a transaction (apply_retention_run does).
    """
    now = now or timezone.now()
    ids = group_person_ids(person.pk)
    Person.objects.filter(pk__in=ids).update(
        given_name=ANONYMISED,
        family_name="",
        preferred_name="",
        birth_date=None,
        birth_date_precision=BirthDatePrecision.UNKNOWN,
        estimated_age_years=None,
        estimated_on=None,
        gender_self_description="",
        pronouns="",
        nationality="",
        first_language="",
        needs_interpreter=None,
        local_connection_area="",
        restricted_reason="",
        lead_worker=None,
        anonymised_at=now,
        updated_at=now,
        # A form opened before this cannot save the old details back (update_person).
        version=F("version") + 1,
    )
    for model in (
        Alias,
        Identifier,
        ContactDetail,
        SafeAddress,
        IdVerification,
        CareOfAddress,
        MatchKey,
    ):
        model.objects.filter(person_id__in=ids).delete()
    DuplicatePair.objects.filter(
        Q(first_id__in=ids) | Q(second_id__in=ids), status=DuplicateStatus.PENDING
    ).delete()
    # A merge keeps the field values before and after it, to undo it: names and dates of
    # birth. Keep which rows moved (ids only); an anonymised merge cannot be undone.
    for merge in Merge.objects.filter(Q(kept_id__in=ids) | Q(merged_id__in=ids)):
        moved = {k: v for k, v in merge.moved.items() if k != "kept_after"}
        Merge.objects.filter(pk=merge.pk).update(kept_before={}, field_choices={}, moved=moved)
    Note.objects.filter(person_id__in=ids).update(text=REMOVED)
    SupportNeed.objects.filter(person_id__in=ids).update(detail="")
    HousingHistoryEntry.objects.filter(person_id__in=ids).update(
        accommodation=REMOVED, reason_left=""
    )
    StaffSafetyWarning.objects.filter(person_id__in=ids).update(text=REMOVED)
    StaffSafetyWarning.objects.filter(person_id__in=ids, ended_at__isnull=True).update(ended_at=now)
    _remove_consent_forms(
        SharingPermission.objects.filter(person_id__in=ids).values_list("pk", flat=True)
    )
    SharingPermission.objects.filter(person_id__in=ids).update(
        best_interests_decision="", gateway_justification=""
    )
    LawfulBasis.objects.filter(person_id__in=ids).update(notes="")
    BreakGlass.objects.filter(person_id__in=ids).update(reason=REMOVED, review_notes="")
    # Apps above this one (alerts, referrals...) remove what they hold in their retention.py.
    for module in app_modules("retention"):
        anonymise_for_people = getattr(module, "anonymise_for_people", None)
        if anonymise_for_people is not None:
            anonymise_for_people(ids)


def _remove_consent_forms(permission_ids: Iterable[Any]) -> None:
    permissions = SharingPermission.objects.filter(pk__in=list(permission_ids))
    _delete_files_on_commit(p.proforma for p in permissions.exclude(proforma=""))
    permissions.update(proforma="", witness_name="")


def _remove_exports(request_ids: Iterable[Any]) -> None:
    requests = SubjectAccessRequest.objects.filter(pk__in=list(request_ids))
    _delete_files_on_commit(r.export_file for r in requests.exclude(export_file=""))
    requests.update(export_file="", export_sections=[])


def _delete_files_on_commit(files: Iterable[FieldFile]) -> None:
    """Files go once the database change commits: a rollback must not lose them."""
    for file in list(files):
        storage, name = file.storage, file.name
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))


@transaction.atomic
def set_retention_period(
    partnership: Partnership, record_type: str, *, months: int | None, by: User
) -> None:
    """Set the partnership's period for a record type; `None` goes back to the default."""
    if record_type not in RecordType.values:
        raise ValidationError("Unknown record type.")
    if months is None:
        RetentionRule.objects.filter(partnership=partnership, record_type=record_type).delete()
        return
    if months < 1:
        raise ValidationError({"period_months": "The retention period must be at least 1 month"})
    RetentionRule.objects.update_or_create(
        partnership=partnership,
        record_type=record_type,
        defaults={"period_months": months, "updated_by": by, "updated_at": timezone.now()},
    )
