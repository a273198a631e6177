"""Writes about sharing: agreements and signatures, sharing permission, lawful basis,
restriction of processing, break-glass. Each is one transaction with its audit trail."""

from collections.abc import Iterable
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from waypost.accounts.models import Agency, Membership, Role, User
from waypost.audit.models import Section
from waypost.lib.virus_scan import upload_problem
from waypost.notifications.actions import notify
from waypost.people.models import Person
from waypost.sharing.categories import consent_form_extension, consent_form_problem, data_held
from waypost.sharing.models import (
    ARTICLE_9_NEEDS_SCHEDULE_1,
    BREAK_GLASS_HOURS,
    MAX_BREAK_GLASS_HOURS,
    PERMITS_SHARING,
    AgreementSignature,
    Article6,
    Article9,
    Article10,
    BreakGlass,
    Gateway,
    LawfulBasis,
    ObtainedHow,
    PermissionStatus,
    PermittedSection,
    Schedule1Condition,
    SharingAgreement,
    SharingPermission,
)
from waypost.sharing.policy import FRONTLINE_ROLES, signed_agency_ids


@transaction.atomic
def publish_agreement(
    partnership_id: object,
    *,
    version: str,
    title: str,
    starts_on: date,
    summary: str = "",
    ends_on: date | None = None,
    supersede: bool = False,
    by: User | None,
) -> SharingAgreement:
    """Publish a new version of the partnership's agreement.

    With `supersede`, versions still in force when this one starts end the day before, so
    agencies keep seeing other agencies' data only once they sign the new version.
    """
    if SharingAgreement.objects.filter(partnership_id=partnership_id, version=version).exists():
        raise ValidationError({"version": f"Version {version} already exists. Enter a new one"})
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": "The end date must be on or after the start date"})
    if supersede:
        SharingAgreement.objects.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on),
            partnership_id=partnership_id,
            starts_on__lt=starts_on,
        ).update(ends_on=starts_on - timedelta(days=1))
    return SharingAgreement.objects.create(
        partnership_id=partnership_id,
        version=version,
        title=title,
        summary=summary,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=by,
    )


@transaction.atomic
def sign_agreement(
    agreement: SharingAgreement,
    agency: Agency,
    *,
    signatory_name: str,
    signatory_role: str,
    signed_on: date,
    ends_on: date | None = None,
    by: User | None,
) -> AgreementSignature:
    """Record an agency's signature (or replace its details for this version). From the next
    request, while in date, the agency's staff may see other agencies' data that the person's
    sharing permission covers."""
    if agency.partnership_id != agreement.partnership_id:
        raise ValidationError("An agency can only sign its own partnership's agreement.")
    if ends_on is not None and ends_on < signed_on:
        raise ValidationError({"ends_on": "The end date must be on or after the date signed"})
    signature, _ = AgreementSignature.objects.update_or_create(
        agreement=agreement,
        agency=agency,
        defaults={
            "signatory_name": signatory_name,
            "signatory_role": signatory_role,
            "signed_on": signed_on,
            "ends_on": ends_on,
            "recorded_by": by,
        },
    )
    return signature


@transaction.atomic
def end_signature(signature: AgreementSignature, *, ends_on: date, by: User) -> None:
    """End an agency's signature after `ends_on` (the last day it applies). Ended before
    today, the agency sees no other agency's data from its staff's next request."""
    if ends_on < signature.signed_on:
        ends_on = signature.signed_on - timedelta(days=1)
    signature.ends_on = ends_on
    signature.recorded_by = by
    signature.save(update_fields=["ends_on", "recorded_by"])


def record_sharing_permission(
    person: Person,
    *,
    status: str,
    sections: Iterable[str],
    obtained_how: str,
    by: User,
    agency: Agency,
    all_agencies: bool = True,
    agencies: Iterable[Agency] = (),
    proforma: UploadedFile | None = None,
    witness_name: str = "",
    best_interests_decision: str = "",
    gateway: str = "",
    gateway_justification: str = "",
    review_on: date | None = None,
) -> SharingPermission:
    """Record the person's current decision about sharing; it applies from the next request.

    The previous permission stays as history. Refusal or withdrawal needs no scope. `by`
    must work for `agency`, in the person's partnership. Raises ValidationError with a dict of
    field → message for anything missing or inconsistent, and for a signed form that has a
    virus or could not be scanned (nothing is then stored).
    """
    sections = sorted(set(sections))
    agencies = list(agencies)
    problems = _permission_problems(
        status, sections, obtained_how, proforma, witness_name, best_interests_decision,
        gateway, gateway_justification, all_agencies, agencies, person,
    )  # fmt: skip
    if problems:
        raise ValidationError(problems)
    _check_acting_for(by, agency, person)
    keeps_form = proforma is not None and obtained_how == ObtainedHow.SIGNED_PROFORMA
    # Scanned before the transaction starts: SQLite's write lock (BEGIN IMMEDIATE) must not
    # wait on the scanner.
    if keeps_form and (virus_problem := upload_problem(proforma)):
        raise ValidationError({"proforma": virus_problem})
    with transaction.atomic():
        SharingPermission.objects.filter(person=person, is_current=True).update(is_current=False)
        permission = SharingPermission.objects.create(
            person=person,
            status=status,
            all_agencies=all_agencies,
            obtained_how=obtained_how,
            witness_name=witness_name,
            best_interests_decision=best_interests_decision,
            gateway=gateway,
            gateway_justification=gateway_justification,
            review_on=review_on,
            recorded_by=by,
            recorded_by_agency=agency,
        )
        if keeps_form and proforma is not None:
            extension = consent_form_extension(proforma)
            permission.proforma.save(f"{permission.pk}.{extension}", proforma, save=True)
        if status in PERMITS_SHARING:
            PermittedSection.objects.bulk_create(
                PermittedSection(permission=permission, section=s) for s in sections
            )
            if not all_agencies:
                permission.agencies.set(agencies)
        _touch(person)
        return permission


def _permission_problems(
    status: str,
    sections: list[str],
    obtained_how: str,
    proforma: UploadedFile | None,
    witness_name: str,
    best_interests_decision: str,
    gateway: str,
    gateway_justification: str,
    all_agencies: bool,
    agencies: list[Agency],
    person: Person,
) -> dict[str, str]:
    problems: dict[str, str] = {}
    sharing = status in PERMITS_SHARING
    if status not in PermissionStatus.values:
        problems["status"] = "Select what the person decided"
    if sharing and not sections:
        problems["sections"] = "Select at least one part of the record to share"
    if any(s not in Section.values for s in sections):
        problems["sections"] = "Select parts of the record from the list"
    if sharing and not all_agencies and not agencies:
        problems["agencies"] = "Select the agencies the person agreed to share with"
    if any(a.partnership_id != person.partnership_id for a in agencies):
        problems["agencies"] = "Select agencies in this person's partnership"
    if status == PermissionStatus.BEST_INTERESTS and not best_interests_decision.strip():
        problems["best_interests_decision"] = "Describe the best-interests decision and who made it"
    if status == PermissionStatus.GATEWAY:
        if gateway not in Gateway.values:
            problems["gateway"] = "Select the lawful gateway for sharing without consent"
        if not gateway_justification.strip():
            problems["gateway_justification"] = "Explain why sharing without consent is needed"
    if status in (PermissionStatus.GIVEN, PermissionStatus.REFUSED, PermissionStatus.WITHDRAWN):
        if obtained_how == ObtainedHow.SIGNED_PROFORMA and proforma is None:
            problems["proforma"] = "Upload the signed consent form"
        elif obtained_how == ObtainedHow.SIGNED_PROFORMA and consent_form_problem(proforma):
            problems["proforma"] = consent_form_problem(proforma)
        elif obtained_how == ObtainedHow.VERBAL_WITNESSED and not witness_name.strip():
            problems["witness_name"] = "Enter the name of the witness"
        elif obtained_how not in (ObtainedHow.SIGNED_PROFORMA, ObtainedHow.VERBAL_WITNESSED):
            problems["obtained_how"] = "Select how the person gave their decision"
    return problems


@transaction.atomic
def record_lawful_basis(
    person: Person,
    *,
    article_6: str,
    by: User,
    agency: Agency,
    article_9: str = "",
    article_10: str = "",
    schedule_1: str = "",
    notes: str = "",
) -> LawfulBasis:
    """Record why the partnership may process this person's data (separate from consent).

    The newest is current; earlier ones stay as history. When the record holds special
    category data an Article 9 condition is required, and when it holds offending data an
    Article 10 basis; raises ValidationError with a dict of field → message otherwise.
    """
    problems = _lawful_basis_problems(person, article_6, article_9, article_10, schedule_1)
    if problems:
        raise ValidationError(problems)
    _check_acting_for(by, agency, person)
    LawfulBasis.objects.filter(person=person, is_current=True).update(is_current=False)
    return LawfulBasis.objects.create(
        person=person,
        article_6=article_6,
        article_9=article_9,
        article_10=article_10,
        schedule_1=schedule_1,
        notes=notes,
        recorded_by=by,
        recorded_by_agency=agency,
    )


def _lawful_basis_problems(
    person: Person, article_6: str, article_9: str, article_10: str, schedule_1: str
) -> dict[str, str]:
    problems: dict[str, str] = {}
    held = data_held(person)
    if article_6 not in Article6.values:
        problems["article_6"] = "Select the Article 6 lawful basis"
    if article_9 and article_9 not in Article9.values:
        problems["article_9"] = "Select an Article 9 condition from the list"
    elif not article_9 and held.special_category:
        problems["article_9"] = (
            "Select an Article 9 condition: the record holds special category data such as "
            "health or ethnicity"
        )
    if article_10 and article_10 not in Article10.values:
        problems["article_10"] = "Select an Article 10 basis from the list"
    elif not article_10 and held.offending:
        problems["article_10"] = "Select an Article 10 basis: the record holds offending data"
    if schedule_1 and schedule_1 not in Schedule1Condition.values:
        problems["schedule_1"] = "Select a Schedule 1 condition from the list"
    elif not schedule_1 and article_10 == Article10.SCHEDULE_1:
        problems["schedule_1"] = "Select the Schedule 1 condition for Article 10"
    elif not schedule_1 and article_9 in ARTICLE_9_NEEDS_SCHEDULE_1:
        problems["schedule_1"] = (
            "Select the Schedule 1 condition: DPA 2018 section 10 requires one for this "
            "Article 9 condition"
        )
    return problems


@transaction.atomic
def restrict_processing(person: Person, *, reason: str, by: User) -> None:
    """UK GDPR Art 18: keep the record but take it out of every search, list, export and
    report (`Person.objects.visible_to` and `unrestricted()` leave it out) until lifted."""
    if not reason.strip():
        raise ValidationError({"reason": "Enter why processing is restricted"})
    person.restricted_at = timezone.now()
    person.restricted_reason = reason.strip()
    # save(), not update(): the change log records who restricted the record and why.
    person.save(update_fields=["restricted_at", "restricted_reason"])


@transaction.atomic
def lift_restriction(person: Person, *, by: User) -> None:
    """Lift a restriction of processing: the record appears in lists and search again."""
    person.restricted_at = None
    person.restricted_reason = ""
    person.save(update_fields=["restricted_at", "restricted_reason"])


@transaction.atomic
def break_glass(
    person: Person, *, reason: str, agency: Agency, by: User, hours: int = BREAK_GLASS_HOURS
) -> BreakGlass:
    """Open emergency access to `person` for `hours` (at most 72), and tell the agency's data
    protection officers at once (in the app and by email), so every use is reviewed.

    Access ends by itself at `expires_at`: the policy checks it on every request. The user
    must hold a front-line role at `agency`, in the person's partnership, and the agency must
    have an in-date signature of the agreement (break-glass overrides consent, not that).
    """
    if not reason.strip():
        raise ValidationError({"reason": "Enter why you need to see this record now"})
    if not 1 <= hours <= MAX_BREAK_GLASS_HOURS:
        raise ValidationError({"hours": "Select how long you need access for, up to 72 hours"})
    roles = set(
        Membership.objects.active().filter(user=by, agency=agency).values_list("role", flat=True)
    )
    if not roles & FRONTLINE_ROLES or agency.partnership_id != person.partnership_id:
        raise ValidationError("You can only break glass for an agency you work for.")
    if agency.pk not in signed_agency_ids({agency.pk}):
        raise ValidationError(
            f"{agency.name} has not signed the information sharing agreement, so break-glass "
            "cannot open other agencies' records."
        )
    now = timezone.now()
    use = BreakGlass.objects.create(
        user=by,
        agency=agency,
        person=person,
        reason=reason,
        started_at=now,
        expires_at=now + timedelta(hours=hours),
    )
    officers = User.objects.filter(
        pk__in=Membership.objects.active().filter(agency=agency, role=Role.DPO).values("user")
    )
    for officer in officers:
        notify(
            officer,
            title="Break-glass access to review",
            body=f"{by.full_name} used break-glass access at {agency.name}. Review the reason.",
            link=reverse("sharing:break_glass_review"),
            email=True,
        )
    return use


@transaction.atomic
def review_break_glass(use: BreakGlass, *, notes: str, by: User) -> BreakGlass:
    """A data protection officer of the use's agency records their review of it, once."""
    if not notes.strip():
        raise ValidationError({"review_notes": "Enter your review notes"})
    if not Membership.objects.active().filter(user=by, agency_id=use.agency_id, role=Role.DPO):
        raise ValidationError("Only a data protection officer of the agency can review this.")
    if use.reviewed_at is not None:
        raise ValidationError("This use has already been reviewed.")
    use.reviewed_by = by
    use.reviewed_at = timezone.now()
    use.review_notes = notes.strip()
    use.save(update_fields=["reviewed_by", "reviewed_at", "review_notes"])
    return use


def send_consent_review_reminders(today: date | None = None) -> int:
    """Remind staff once about each current sharing permission whose review date has come.

    The reminder goes to whoever recorded the permission while they still work for the
    recording agency, otherwise to that agency's coordinators, in the app and by email. It
    says nothing about the person: the link carries only the person's id, and the page it
    leads to applies the access policy. Each permission is handled in its own transaction
    and marked `review_reminded_at`, so a second run (or a second worker) sends nothing again;
    one with nobody to tell is tried again next run. Restricted, merged and anonymised
    records get no reminder. Returns how many permissions were reminded.
    """
    today = today or timezone.localdate()
    due = SharingPermission.objects.filter(
        is_current=True,
        review_on__lte=today,
        review_reminded_at__isnull=True,
        person__restricted_at__isnull=True,
        person__merged_into__isnull=True,
        person__anonymised_at__isnull=True,
    ).values_list("pk", flat=True)
    return sum(1 for pk in list(due) if _remind_review(pk, today))


@transaction.atomic
def _remind_review(permission_id: object, today: date) -> bool:
    rows = SharingPermission.objects.filter(
        pk=permission_id, is_current=True, review_reminded_at__isnull=True
    ).select_related("recorded_by_agency")
    if connection.features.has_select_for_update_skip_locked:
        rows = rows.select_for_update(skip_locked=True, of=("self",))
    permission = rows.first()
    if permission is None:
        return False
    recipients = _review_recipients(permission)
    if not recipients:
        # Nobody at the agency to tell yet: try again on the next run.
        return False
    overdue = permission.review_on is not None and permission.review_on < today
    for user in recipients:
        notify(
            user,
            title="Sharing permission review overdue"
            if overdue
            else "Sharing permission due for review",
            body=(
                "A sharing permission recorded at "
                f"{permission.recorded_by_agency.name} is due for review. Check the decision "
                "with the person and record it again, or record any change."
            ),
            link=reverse("sharing:person", args=[permission.person_id]),
            email=True,
        )
    permission.review_reminded_at = timezone.now()
    permission.save(update_fields=["review_reminded_at"])
    return True


def _review_recipients(permission: SharingPermission) -> list[User]:
    active = Membership.objects.active().filter(agency_id=permission.recorded_by_agency_id)
    if permission.recorded_by_id and active.filter(user_id=permission.recorded_by_id).exists():
        return [User.objects.get(pk=permission.recorded_by_id)]
    return list(
        User.objects.filter(pk__in=active.filter(role=Role.COORDINATOR).values("user")).order_by(
            "email"
        )
    )


def _check_acting_for(by: User, agency: Agency, person: Person) -> None:
    # Who may record is the views' decision (access.sharing_rights); the record itself must
    # at least belong to the person's partnership.
    if agency.partnership_id != person.partnership_id:
        raise ValidationError("Record this for an agency in the person's partnership.")


def _touch(person: Person) -> None:
    Person.objects.filter(pk=person.pk).update(last_activity_at=timezone.now())
