"""Writes to person records. Each is one transaction; django-auditlog records the changes."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from waypost.accounts.models import Agency, User
from waypost.lib.identifiers import (
    nhs_number_problem,
    ni_number_problem,
    normalise_nhs_number,
    normalise_ni_number,
)
from waypost.people.models import (
    Alias,
    BirthDatePrecision,
    Identifier,
    IdentifierKind,
    Person,
)

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
    return Person.objects.create(
        partnership_id=agency.partnership_id, recorded_by_agency=agency, recorded_by=by, **fields
    )


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
    return current


def identifier_problem(kind: str, value: str) -> str | None:
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
    Person.objects.filter(pk=person.pk).update(last_activity_at=timezone.now())
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
    Person.objects.filter(pk=person.pk).update(last_activity_at=timezone.now())
    return alias
