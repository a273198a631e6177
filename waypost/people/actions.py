"""Writes to person records. Each is one transaction; django-auditlog records the changes.

Views and the API decide who may write (waypost.people.access); the actions added for the
person page check again that `agency` is one where `by` holds a role covering the section, so
a mistake in a caller cannot let a role write what it may not see.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from waypost.accounts.models import Agency, Membership, Partnership, User
from waypost.audit.models import Section
from waypost.lib.identifiers import (
    nhs_number_problem,
    ni_number_problem,
    normalise_nhs_number,
    normalise_ni_number,
)
from waypost.people.matching.index import index_person
from waypost.people.models import (
    NOTE_SECTIONS,
    Alias,
    BirthDatePrecision,
    CareOfAddress,
    ContactDetail,
    ContactKind,
    HousingHistoryEntry,
    Identifier,
    IdentifierKind,
    IdVerification,
    IdVerificationCriterion,
    Note,
    Person,
    PostItem,
    SafeAddress,
    StaffSafetyWarning,
    SupportNeed,
    SupportNeedKind,
)
from waypost.sharing.policy import FRONTLINE_ROLES, ROLE_SECTIONS

PERSON_FIELDS = frozenset(
    {
        "preferred_name",
        "given_name",
        "family_name",
        "birth_date",
        "birth_date_precision",
        "estimated_age_years",
        "estimated_on",
        "gender",
        "gender_self_description",
        "pronouns",
        "ethnicity",
        "nationality",
        "first_language",
        "needs_interpreter",
        "immigration_status",
        "public_funds",
        "local_connection",
        "local_connection_area",
        "lead_worker",
    }
)
# Changing any of these changes who the person might be matched with.
MATCHED_FIELDS = frozenset(
    {"preferred_name", "given_name", "family_name", "birth_date", "birth_date_precision"}
    | {"estimated_age_years", "estimated_on", "gender"}
)


class EditConflict(Exception):
    """Someone else saved the record since this edit began."""


def birth_date_from(
    precision: str,
    *,
    day: int | None = None,
    month: int | None = None,
    year: int | None = None,
    estimated_age: int | None = None,
    estimated_on: date | None = None,
) -> date | None:
    """The stored birth date for each precision: the first of the month or year when only
    those are known, and 1 January of the implied year for an estimated age."""
    match precision:
        case BirthDatePrecision.EXACT if day and month and year:
            return date(year, month, day)
        case BirthDatePrecision.MONTH if month and year:
            return date(year, month, 1)
        case BirthDatePrecision.YEAR if year:
            return date(year, 1, 1)
        case BirthDatePrecision.ESTIMATED if estimated_age is not None:
            on = estimated_on or timezone.localdate()
            return date(on.year - estimated_age, 1, 1)
    return None


@transaction.atomic
def create_person(*, agency: Agency, by: User | None, **fields: Any) -> Person:
    """A new person record, owned by `agency` (which always sees what it recorded)."""
    unknown = set(fields) - PERSON_FIELDS
    if unknown:
        raise TypeError(f"Not person fields: {sorted(unknown)}")
    if not (fields.get("given_name") or fields.get("family_name") or fields.get("preferred_name")):
        raise ValidationError(
            {"given_name": "Enter a name: a first name, last name or the name they use"}
        )
    person = Person.objects.create(
        partnership_id=agency.partnership_id, recorded_by_agency=agency, recorded_by=by, **fields
    )
    index_person(person)
    return person


@transaction.atomic
def update_person(person: Person, *, version: int, by: User, **fields: Any) -> Person:
    """Change person fields, refusing when the record changed since `version` was read."""
    unknown = set(fields) - PERSON_FIELDS
    if unknown:
        raise TypeError(f"Not person fields: {sorted(unknown)}")
    current = Person.objects.select_for_update().get(pk=person.pk)
    if current.version != version:
        raise EditConflict
    for name, value in fields.items():
        setattr(current, name, value)
    current.version += 1
    current.updated_at = current.last_activity_at = timezone.now()
    current.save()
    if MATCHED_FIELDS & set(fields):
        index_person(current)
    return current


def identifier_problem(kind: str, value: str) -> str | None:
    """What is wrong with an identifier as typed (NHS check digit, NI number format), or None."""
    if kind not in IdentifierKind.values:
        return "Choose the kind of identifier"
    if not value.strip():
        return "Enter the identifier"
    if kind == IdentifierKind.NHS_NUMBER:
        return nhs_number_problem(value)
    if kind == IdentifierKind.NI_NUMBER:
        return ni_number_problem(value)
    return None


def normalise_identifier(kind: str, value: str) -> str:
    if kind == IdentifierKind.NHS_NUMBER:
        return normalise_nhs_number(value)
    if kind == IdentifierKind.NI_NUMBER:
        return normalise_ni_number(value)
    return value.strip()


@transaction.atomic
def add_identifier(
    person: Person, *, kind: str, value: str, by: User | None, agency: Agency, system: str = ""
) -> Identifier:
    problem = identifier_problem(kind, value)
    if problem:
        raise ValidationError({"value": problem})
    if kind == IdentifierKind.SOURCE_ID and not system.strip():
        raise ValidationError({"system": "Enter the name of the system this id comes from"})
    identifier = Identifier.objects.create(
        person=person,
        partnership_id=person.partnership_id,
        kind=kind,
        system=system.strip(),
        value=normalise_identifier(kind, value),
        recorded_by=by,
        recorded_by_agency=agency,
    )
    _touch(person)
    index_person(person)
    return identifier


@transaction.atomic
def add_alias(
    person: Person,
    *,
    kind: str,
    given_name: str = "",
    family_name: str = "",
    by: User | None,
    agency: Agency,
) -> Alias:
    if not (given_name.strip() or family_name.strip()):
        raise ValidationError({"given_name": "Enter the other name"})
    alias = Alias.objects.create(
        person=person,
        kind=kind,
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        recorded_by=by,
        recorded_by_agency=agency,
    )
    _touch(person)
    index_person(person)
    return alias


def _touch(person: Person) -> None:
    """Something new was recorded about the person (drives "recent first" and retention)."""
    Person.objects.filter(pk=person.pk).update(last_activity_at=timezone.now())


def check_may_write(person: Person, section: str, *, by: User | None, agency: Agency) -> None:
    """Refuse unless `agency` is in the person's partnership and `by` holds a role there whose
    work covers `section`. `by=None` is the system itself (imports, the demo seed)."""
    if agency.partnership_id != person.partnership_id:
        raise PermissionDenied
    if by is None:
        return
    roles = (
        Membership.objects.active().filter(user=by, agency=agency).values_list("role", flat=True)
    )
    if not any(section in ROLE_SECTIONS.get(role, ()) for role in roles):
        raise PermissionDenied


def _required(value: str, field: str, message: str) -> str:
    if not value.strip():
        raise ValidationError({field: message})
    return value.strip()


@transaction.atomic
def add_note(person: Person, *, kind: str, text: str, by: User | None, agency: Agency) -> Note:
    """A note of one kind; its kind decides which section's sharing rules protect it."""
    if kind not in NOTE_SECTIONS:
        raise ValidationError({"kind": "Choose what the note is about"})
    check_may_write(person, NOTE_SECTIONS[kind], by=by, agency=agency)
    note = Note.objects.create(
        person=person,
        kind=kind,
        text=_required(text, "text", "Enter the note"),
        recorded_by=by,
        recorded_by_agency=agency,
    )
    _touch(person)
    return note


@transaction.atomic
def add_warning(
    person: Person, *, text: str, by: User | None, agency: Agency
) -> StaffSafetyWarning:
    """A staff-safety warning. Every partnership member who knows of the record sees it,
    whatever the person's sharing permission: staff safety comes first."""
    check_may_write(person, Section.SAFEGUARDING, by=by, agency=agency)
    warning = StaffSafetyWarning.objects.create(
        person=person,
        text=_required(text, "text", "Enter the warning: what the risk is and how to stay safe"),
        recorded_by=by,
        recorded_by_agency=agency,
    )
    _touch(person)
    return warning


@transaction.atomic
def end_warning(warning: StaffSafetyWarning, *, by: User | None) -> StaffSafetyWarning:
    """Stop showing a warning. Only the agency that recorded it may end it; it stays as history."""
    if by is not None:
        check_may_write(
            warning.person, Section.SAFEGUARDING, by=by, agency=warning.recorded_by_agency
        )
    if warning.ended_at is None:
        warning.ended_at = timezone.now()
        warning.save(update_fields=["ended_at"])
        _touch(warning.person)
    return warning


@transaction.atomic
def add_support_need(
    person: Person, *, kind: str, detail: str = "", by: User | None, agency: Agency
) -> SupportNeed:
    check_may_write(person, Section.SUPPORT, by=by, agency=agency)
    if kind not in SupportNeedKind.values:
        raise ValidationError({"kind": "Choose the kind of support need"})
    need = SupportNeed.objects.create(
        person=person, kind=kind, detail=detail.strip(), recorded_by=by, recorded_by_agency=agency
    )
    _touch(person)
    return need


@transaction.atomic
def add_housing_history(
    person: Person,
    *,
    accommodation: str,
    from_on: date | None = None,
    to_on: date | None = None,
    reason_left: str = "",
    by: User | None,
    agency: Agency,
) -> HousingHistoryEntry:
    check_may_write(person, Section.HOUSING_HISTORY, by=by, agency=agency)
    if from_on and to_on and to_on < from_on:
        raise ValidationError({"to_on": "The date they left must be after the date they moved in"})
    entry = HousingHistoryEntry.objects.create(
        person=person,
        accommodation=_required(accommodation, "accommodation", "Enter where they lived"),
        from_on=from_on,
        to_on=to_on,
        reason_left=reason_left.strip(),
        recorded_by=by,
        recorded_by_agency=agency,
    )
    _touch(person)
    return entry


@transaction.atomic
def add_contact_detail(
    person: Person, *, kind: str, value: str, notes: str = "", by: User | None, agency: Agency
) -> ContactDetail:
    check_may_write(person, Section.CONTACT, by=by, agency=agency)
    if kind not in ContactKind.values:
        raise ValidationError({"kind": "Choose the kind of contact detail"})
    detail = ContactDetail.objects.create(
        person=person,
        kind=kind,
        value=_required(value, "value", "Enter the phone number, email address or other detail"),
        notes=notes.strip(),
        recorded_by=by,
        recorded_by_agency=agency,
    )
    _touch(person)
    return detail


@transaction.atomic
def record_safe_address(
    person: Person,
    *,
    line_1: str,
    town: str,
    postcode: str,
    line_2: str = "",
    by: User | None,
    agency: Agency,
) -> SafeAddress:
    """The agency's sealed safe address for the person, replacing any it held before.

    Only `agency` ever sees it (policy.can_see_sealed): never shared, printed or exported.
    The old address is deleted rather than kept: a refuge's address is kept no longer than
    it is needed.
    """
    check_may_write(person, Section.CONTACT, by=by, agency=agency)
    SafeAddress.objects.filter(person=person, recorded_by_agency=agency).delete()
    address = SafeAddress.objects.create(
        person=person,
        line_1=_required(line_1, "line_1", "Enter the first line of the address"),
        line_2=line_2.strip(),
        town=_required(town, "town", "Enter the town or city"),
        postcode=_required(postcode, "postcode", "Enter the postcode").upper(),
        recorded_by=by,
        recorded_by_agency=agency,
    )
    _touch(person)
    return address


@transaction.atomic
def record_id_verification(
    person: Person,
    *,
    criteria: Iterable[IdVerificationCriterion],
    verifier_name: str,
    verifier_role: str,
    verifier_organisation: str,
    verified_on: date,
    notes: str = "",
    by: User | None,
    agency: Agency,
) -> IdVerification:
    """A named professional vouches for the person's identity against the partnership's
    agreed criteria ("No ID, no post", plan P2.2)."""
    check_may_write(person, Section.IDENTITY, by=by, agency=agency)
    criteria = list(criteria)
    if not criteria:
        raise ValidationError({"criteria": "Choose the criteria the verifier checked"})
    if any(c.partnership_id != person.partnership_id or not c.is_active for c in criteria):
        raise ValidationError({"criteria": "Choose from the partnership's current criteria"})
    if verified_on > timezone.localdate():
        raise ValidationError({"verified_on": "The date of verification must be today or before"})
    verification = IdVerification.objects.create(
        person=person,
        verifier_name=_required(verifier_name, "verifier_name", "Enter the verifier's name"),
        verifier_role=_required(verifier_role, "verifier_role", "Enter the verifier's job title"),
        verifier_organisation=_required(
            verifier_organisation, "verifier_organisation", "Enter the verifier's organisation"
        ),
        verified_on=verified_on,
        notes=notes.strip(),
        recorded_by=by,
        recorded_by_agency=agency,
    )
    verification.criteria.set(criteria)
    _touch(person)
    return verification


@transaction.atomic
def add_care_of_address(
    person: Person,
    *,
    hub: Agency,
    address: str,
    starts_on: date | None = None,
    by: User | None,
    agency: Agency,
) -> CareOfAddress:
    """A postal address at a hub for someone with no fixed address. The person has one at a
    time: any earlier one still open ends the day the new one starts."""
    check_may_write(person, Section.CONTACT, by=by, agency=agency)
    if hub.partnership_id != person.partnership_id:
        raise ValidationError({"hub": "Choose an agency in the partnership"})
    starts_on = starts_on or timezone.localdate()
    CareOfAddress.objects.filter(person=person, ends_on__isnull=True).update(ends_on=starts_on)
    care_of = CareOfAddress.objects.create(
        person=person,
        hub=hub,
        address=_required(address, "address", "Enter the hub's postal address"),
        starts_on=starts_on,
        recorded_by=by,
        recorded_by_agency=agency,
    )
    _touch(person)
    return care_of


@transaction.atomic
def log_post_item(
    care_of: CareOfAddress,
    *,
    description: str,
    received_on: date | None = None,
    by: User | None,
    agency: Agency,
) -> PostItem:
    """A letter or parcel that arrived at the hub for the person."""
    check_may_write(care_of.person, Section.CONTACT, by=by, agency=agency)
    received_on = received_on or timezone.localdate()
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": "The date it arrived must be today or before"})
    item = PostItem.objects.create(
        care_of=care_of,
        description=_required(description, "description", "Enter who it is from, like DWP"),
        received_on=received_on,
        logged_by=by,
    )
    _touch(care_of.person)
    return item


@transaction.atomic
def mark_post_collected(item: PostItem, *, by: User, agency: Agency) -> PostItem:
    """The person collected the item: `by` handed it over, now."""
    check_may_write(item.care_of.person, Section.CONTACT, by=by, agency=agency)
    current = PostItem.objects.select_for_update().get(pk=item.pk)
    if current.collected_at is not None:
        raise ValidationError("This item has already been collected")
    current.collected_at = timezone.now()
    current.handed_over_by = by
    current.save(update_fields=["collected_at", "handed_over_by"])
    _touch(item.care_of.person)
    return current


@transaction.atomic
def set_lead_worker(person: Person, *, lead_worker: User | None, by: User | None) -> Person:
    """Name the person's lead worker: the one contact other agencies are told to ask.

    They must be front-line staff in the person's partnership. Not a versioned edit: it
    changes no field an identity edit in progress could overwrite.
    """
    if lead_worker is not None:
        is_frontline = (
            Membership.objects.active()
            .filter(
                user=lead_worker,
                agency__partnership_id=person.partnership_id,
                role__in=FRONTLINE_ROLES,
            )
            .exists()
        )
        if not is_frontline:
            raise ValidationError({"lead_worker": "Choose someone working in the partnership"})
    now = timezone.now()
    Person.objects.filter(pk=person.pk).update(
        lead_worker=lead_worker, updated_at=now, last_activity_at=now
    )
    person.lead_worker = lead_worker
    return person


@transaction.atomic
def add_id_criterion(
    partnership: Partnership, *, text: str, position: int = 0, by: User | None
) -> IdVerificationCriterion:
    """One of the partnership's agreed criteria for vouching for someone with no ID."""
    return IdVerificationCriterion.objects.create(
        partnership=partnership,
        text=_required(text, "text", "Enter the criterion"),
        position=position,
    )


@transaction.atomic
def update_id_criterion(
    criterion: IdVerificationCriterion,
    *,
    text: str,
    position: int,
    is_active: bool,
    by: User | None,
) -> IdVerificationCriterion:
    """Change a criterion's wording or order, or stop offering it (past verifications keep it)."""
    criterion.text = _required(text, "text", "Enter the criterion")
    criterion.position = position
    criterion.is_active = is_active
    criterion.save(update_fields=["text", "position", "is_active"])
    return criterion


@transaction.atomic
def register_person(
    *, agency: Agency, by: User | None, identifiers: dict[str, str] | None = None, **fields: Any
) -> Person:
    """A new person with their first identifiers (NHS number, NI number...), all or nothing.

    `identifiers` maps an IdentifierKind to a value; empty values are skipped.
    """
    person = create_person(agency=agency, by=by, **fields)
    for kind, value in (identifiers or {}).items():
        if value and value.strip():
            add_identifier(person, kind=kind, value=value, by=by, agency=agency)
    return person
