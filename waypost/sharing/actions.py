"""Writes about sharing: agreements and signatures, sharing permission, lawful basis,
restriction of processing, break-glass. Each is one transaction with its audit trail."""

from collections.abc import Iterable
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from waypost.accounts.models import Agency, Membership, Role, User
from waypost.audit.models import Section
from waypost.notifications.actions import notify
from waypost.people.models import Person
from waypost.sharing.models import (
    BREAK_GLASS_HOURS,
    PERMITS_SHARING,
    AgreementSignature,
    BreakGlass,
    LawfulBasis,
    ObtainedHow,
    PermissionStatus,
    PermittedSection,
    SharingAgreement,
    SharingPermission,
)


@transaction.atomic
def publish_agreement(
    partnership_id: object,
    *,
    version: str,
    title: str,
    starts_on: date,
    summary: str = "",
    ends_on: date | None = None,
    by: User | None,
) -> SharingAgreement:
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
    """Record an agency's signature (or replace its details for this version)."""
    if agency.partnership_id != agreement.partnership_id:
        raise ValidationError("An agency can only sign its own partnership's agreement.")
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

    The previous permission stays as history. Refusal or withdrawal needs no scope.
    """
    sections = sorted(set(sections))
    agencies = list(agencies)
    problems = _permission_problems(
        status, sections, obtained_how, proforma, witness_name, best_interests_decision,
        gateway, gateway_justification, all_agencies, agencies, person,
    )  # fmt: skip
    if problems:
        raise ValidationError(problems)
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
    if proforma is not None:
        permission.proforma.save(f"{permission.pk}.pdf", proforma, save=True)
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
        if not gateway:
            problems["gateway"] = "Select the lawful gateway for sharing without consent"
        if not gateway_justification.strip():
            problems["gateway_justification"] = "Explain why sharing without consent is needed"
    if status in (PermissionStatus.GIVEN, PermissionStatus.REFUSED, PermissionStatus.WITHDRAWN):
        if obtained_how == ObtainedHow.SIGNED_PROFORMA and proforma is None:
            problems["proforma"] = "Upload the signed consent form"
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
    """Record why the partnership may process this person's data (separate from consent)."""
    if article_10 == "schedule_1" and not schedule_1:
        raise ValidationError({"schedule_1": "Select the Schedule 1 condition for Article 10"})
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


@transaction.atomic
def restrict_processing(person: Person, *, reason: str, by: User) -> None:
    """UK GDPR Art 18: keep the record but take it out of every search, list, export, report."""
    if not reason.strip():
        raise ValidationError({"reason": "Enter why processing is restricted"})
    Person.objects.filter(pk=person.pk).update(
        restricted_at=timezone.now(), restricted_reason=reason
    )
    person.refresh_from_db()


@transaction.atomic
def lift_restriction(person: Person, *, by: User) -> None:
    Person.objects.filter(pk=person.pk).update(restricted_at=None, restricted_reason="")
    person.refresh_from_db()


@transaction.atomic
def break_glass(
    person: Person, *, reason: str, agency: Agency, by: User, hours: int = BREAK_GLASS_HOURS
) -> BreakGlass:
    """Open emergency access to `person` for `hours`, and tell the agency's data protection
    officers at once (in the app and by email), so every use is reviewed."""
    if not reason.strip():
        raise ValidationError({"reason": "Enter why you need to see this record now"})
    if not Membership.objects.active().filter(user=by, agency=agency).exists():
        raise ValidationError("You can only break glass for an agency you work for.")
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


def _touch(person: Person) -> None:
    Person.objects.filter(pk=person.pk).update(last_activity_at=timezone.now())
