"""Writes to the partnership's named places and hotspots (not personal data).

A place is never deleted once contacts name it: it is deactivated, and leaves the contact
form's list while old contacts keep their place. django-auditlog records each change.
"""

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from waypost.accounts.models import Membership, Partnership, User
from waypost.outreach.contact_access import PLACE_ROLES
from waypost.outreach.models import Place, PlaceKind

NAME_TAKEN = "The partnership already has a place with this name: choose another name"


def may_manage_places(user: User | None, partnership_id: Any) -> bool:
    """Coordinators and partnership admins keep their partnership's places."""
    if user is None:
        return True
    return (
        Membership.objects.active()
        .filter(user=user, agency__partnership_id=partnership_id, role__in=PLACE_ROLES)
        .exists()
    )


def _check(
    partnership_id: Any, name: str, kind: str, *, by: User | None, place: Place | None = None
) -> str:
    if not may_manage_places(by, partnership_id):
        raise PermissionDenied
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Enter the name of the place"})
    if kind not in PlaceKind.values:
        raise ValidationError({"kind": "Choose whether it is a named place or a hotspot"})
    taken = Place.objects.filter(partnership_id=partnership_id, name__iexact=name)
    if place is not None:
        taken = taken.exclude(pk=place.pk)
    if taken.exists():
        raise ValidationError({"name": NAME_TAKEN})
    return name


@transaction.atomic
def add_place(
    partnership: Partnership,
    *,
    name: str,
    kind: str,
    area: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    by: User | None,
) -> Place:
    name = _check(partnership.pk, name, kind, by=by)
    return Place.objects.create(
        partnership=partnership,
        name=name,
        kind=kind,
        area=area.strip(),
        latitude=latitude,
        longitude=longitude,
    )


@transaction.atomic
def update_place(
    place: Place,
    *,
    name: str,
    kind: str,
    area: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    by: User | None,
) -> Place:
    place.name = _check(place.partnership_id, name, kind, by=by, place=place)
    place.kind = kind
    place.area = area.strip()
    place.latitude = latitude
    place.longitude = longitude
    place.save(update_fields=["name", "kind", "area", "latitude", "longitude"])
    return place


@transaction.atomic
def set_place_active(place: Place, *, is_active: bool, by: User | None) -> Place:
    """Take a place off the contact form's list (old contacts keep it), or put it back."""
    if not may_manage_places(by, place.partnership_id):
        raise PermissionDenied
    place.is_active = is_active
    place.save(update_fields=["is_active"])
    return place
