"""Writes to landlords, their agreements, properties and incentives (business data, not
people's). django-auditlog records each change (waypost/housing/apps.py).

Only coordinators and partnership admins of the landlord's partnership may write
(`by=None` is the system itself, as in the demo). Landlords and properties have no version
column, so an edit carries a fingerprint of what the form showed (`edit_version`): when
someone else has saved a change meanwhile, the edit is refused rather than overwriting it.
"""

import hashlib
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from waypost.accounts.models import Agency, Membership, Partnership, User
from waypost.housing.landlord_access import LANDLORD_MANAGE_ROLES
from waypost.housing.models import (
    AgreementKind,
    Incentive,
    IncentiveKind,
    Landlord,
    LandlordAgreement,
    LandlordKind,
    Property,
)

NAME_TAKEN = "The partnership already has a landlord with this name: choose another name"
STALE = (
    "Someone else changed this {what} while you were editing it. "
    "Check the details below and make your change again."
)
MAX_INCENTIVE_PENCE = 100_000 * 100
LANDLORD_FIELDS = ("name", "kind", "contact_name", "phone", "email", "notes", "is_active")
PROPERTY_FIELDS = ("address", "postcode", "area", "bedrooms", "step_free", "is_available")


def may_manage_landlords(user: User | None, partnership_id: Any) -> bool:
    """Coordinators and partnership admins keep their partnership's landlords."""
    if user is None:
        return True
    return (
        Membership.objects.active()
        .filter(user=user, agency__partnership_id=partnership_id, role__in=LANDLORD_MANAGE_ROLES)
        .exists()
    )


def _require(by: User | None, partnership_id: Any) -> None:
    if not may_manage_landlords(by, partnership_id):
        raise PermissionDenied


def edit_version(record: Landlord | Property) -> str:
    """A fingerprint of the editable fields as they are now (see the module docstring)."""
    names = LANDLORD_FIELDS if isinstance(record, Landlord) else PROPERTY_FIELDS
    text = "\x1f".join(str(getattr(record, name)) for name in names)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# --- Landlords -----------------------------------------------------------------------------------
def _landlord_fields(
    partnership_id: Any, fields: dict[str, Any], landlord: Landlord | None
) -> dict[str, Any]:
    clean = {
        "name": str(fields.get("name", "")).strip(),
        "kind": fields.get("kind", ""),
        "contact_name": str(fields.get("contact_name", "")).strip(),
        "phone": str(fields.get("phone", "")).strip(),
        "email": str(fields.get("email", "")).strip(),
        "notes": str(fields.get("notes", "")).strip(),
    }
    if not clean["name"]:
        raise ValidationError({"name": "Enter the landlord's name"})
    if clean["kind"] not in LandlordKind.values:
        raise ValidationError({"kind": "Choose what kind of landlord it is"})
    taken = Landlord.objects.filter(partnership_id=partnership_id, name__iexact=clean["name"])
    if landlord is not None:
        taken = taken.exclude(pk=landlord.pk)
    if taken.exists():
        raise ValidationError({"name": NAME_TAKEN})
    return clean


@transaction.atomic
def add_landlord(partnership: Partnership, *, by: User | None, **fields: Any) -> Landlord:
    """A new landlord of the partnership: name and kind, and optional contact details."""
    _require(by, partnership.pk)
    clean = _landlord_fields(partnership.pk, fields, None)
    return Landlord.objects.create(partnership=partnership, **clean)


@transaction.atomic
def update_landlord(
    landlord: Landlord,
    *,
    by: User | None,
    version: str | None = None,
    is_active: bool = True,
    **fields: Any,
) -> Landlord:
    """Change the landlord's details; `version` (from `edit_version`) refuses a stale form."""
    _require(by, landlord.partnership_id)
    landlord = Landlord.objects.select_for_update().get(pk=landlord.pk)
    if version is not None and version != edit_version(landlord):
        raise ValidationError(STALE.format(what="landlord"))
    for name, value in _landlord_fields(landlord.partnership_id, fields, landlord).items():
        setattr(landlord, name, value)
    landlord.is_active = is_active
    landlord.save(update_fields=list(LANDLORD_FIELDS))
    return landlord


# --- Agreements ----------------------------------------------------------------------------------
@transaction.atomic
def add_agreement(
    landlord: Landlord,
    *,
    kind: str,
    agreed_on: date,
    ends_on: date | None = None,
    notes: str = "",
    by: User | None,
) -> LandlordAgreement:
    """Record what the landlord has agreed to (for example, not to exclude people who have
    slept rough), from `agreed_on` until `ends_on` (open-ended when empty)."""
    _require(by, landlord.partnership_id)
    if kind not in AgreementKind.values:
        raise ValidationError({"kind": "Choose what the landlord agreed to"})
    if ends_on is not None and ends_on < agreed_on:
        raise ValidationError(
            {"ends_on": "The end date must be the same as or after the date it was agreed"}
        )
    return LandlordAgreement.objects.create(
        landlord=landlord, kind=kind, agreed_on=agreed_on, ends_on=ends_on, notes=notes.strip()
    )


# --- Properties ----------------------------------------------------------------------------------
def _property_fields(fields: dict[str, Any]) -> dict[str, Any]:
    clean = {
        "address": str(fields.get("address", "")).strip(),
        "postcode": " ".join(str(fields.get("postcode", "")).upper().split()),
        "area": str(fields.get("area", "")).strip(),
        "bedrooms": fields.get("bedrooms", 1),
        "step_free": bool(fields.get("step_free", False)),
        "is_available": bool(fields.get("is_available", True)),
    }
    if not clean["address"]:
        raise ValidationError({"address": "Enter the address of the property"})
    if not isinstance(clean["bedrooms"], int) or not 0 <= clean["bedrooms"] <= 10:
        raise ValidationError({"bedrooms": "Enter the number of bedrooms, from 0 to 10"})
    return clean


@transaction.atomic
def add_property(landlord: Landlord, *, by: User | None, **fields: Any) -> Property:
    """A home the landlord lets, or may let, to someone leaving the street."""
    _require(by, landlord.partnership_id)
    return Property.objects.create(
        partnership_id=landlord.partnership_id, landlord=landlord, **_property_fields(fields)
    )


@transaction.atomic
def update_property(
    home: Property, *, by: User | None, version: str | None = None, **fields: Any
) -> Property:
    """Change the property's details; `version` (from `edit_version`) refuses a stale form."""
    _require(by, home.partnership_id)
    home = Property.objects.select_for_update().get(pk=home.pk)
    if version is not None and version != edit_version(home):
        raise ValidationError(STALE.format(what="property"))
    for name, value in _property_fields(fields).items():
        setattr(home, name, value)
    home.save(update_fields=list(PROPERTY_FIELDS))
    return home


# --- Incentives ----------------------------------------------------------------------------------
@transaction.atomic
def record_incentive(
    landlord: Landlord,
    *,
    kind: str,
    amount_pence: int,
    paid_on: date,
    agency: Agency,
    by: User | None,
    home: Property | None = None,
) -> Incentive:
    """Money paid to the landlord, in pence, by `agency` (optionally for one of its homes)."""
    _require(by, landlord.partnership_id)
    if kind not in IncentiveKind.values:
        raise ValidationError({"kind": "Choose what the payment was for"})
    if not isinstance(amount_pence, int) or amount_pence <= 0:
        raise ValidationError({"amount": "Enter an amount more than £0"})
    if amount_pence > MAX_INCENTIVE_PENCE:
        raise ValidationError({"amount": "The amount must be £100,000 or less"})
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": "The date it was paid must be today or in the past"})
    if home is not None and home.landlord_id != landlord.pk:
        raise ValidationError({"home": "Choose one of this landlord's properties"})
    if agency.partnership_id != landlord.partnership_id:
        raise ValidationError("The paying agency must be in the landlord's partnership.")
    return Incentive.objects.create(
        landlord=landlord,
        property=home,
        kind=kind,
        amount_pence=amount_pence,
        paid_on=paid_on,
        recorded_by_agency=agency,
        recorded_by=by,
    )
