"""Writes to street contacts: recording one, and identifying the person later.

Each is one transaction. Views and the API decide who may write (contact_access); these check
again that `by` records street contacts for `agency` and that the person, the place and the
agency are all in one partnership, so a mistake in a caller cannot write across partnerships.
django-auditlog records each change (masked personal text, see outreach/apps.py). A contact
with a known person also keeps the by-name list current (outreach/entries.py) and marks the
person as recently active, in the same transaction.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from waypost.accounts.models import Agency, Membership, User
from waypost.outreach.contact_access import RECORD_ROLES
from waypost.outreach.entries import record_contact_on_list
from waypost.outreach.models import Activity, Offer, Place, StreetContact
from waypost.people.models import Person

# Phones' clocks drift: a contact "now" may arrive a little ahead of the server's clock.
CLOCK_SLACK = timedelta(minutes=5)
# A device location is kept to 4 decimal places: about 10 metres, enough to find the spot.
COORDINATE_PLACES = Decimal("0.0001")
DESCRIPTION_MAX = 1000
NOTES_MAX = 4000

NO_PERSON = "Find and choose the person you met, or choose “Not identified yet” and describe them"
NO_DESCRIPTION = "Describe the person you met, so someone can identify them later"
NO_PLACE = "Choose a place, use your location, or say where exactly you met them"
FUTURE = "The time you met them must be now or in the past"
LOCATION_PROBLEM = (
    "We could not use your device’s location. Select “Use my location” again, or choose a "
    "place instead"
)


class ContactAlreadyIdentified(Exception):
    """Someone identified the person on this contact meanwhile."""


def _touch(person: Person) -> None:
    """Something new was recorded about the person (drives "recent first" and retention)."""
    Person.objects.filter(pk=person.pk).update(last_activity_at=timezone.now())


def _check_recorder(agency: Agency, by: User | None) -> None:
    """`by` records street contacts for `agency` (None: the system itself, the demo seed)."""
    if by is None:
        return
    roles = (
        Membership.objects.active().filter(user=by, agency=agency).values_list("role", flat=True)
    )
    if not set(roles) & set(RECORD_ROLES):
        raise PermissionDenied


def round_coordinate(value: Any) -> Decimal | None:
    """A latitude or longitude as stored: 4 decimal places, or None when it is not a number."""
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite():
        return None
    return number.quantize(COORDINATE_PLACES, rounding=ROUND_HALF_UP)


def coordinates(latitude: Any, longitude: Any) -> tuple[Decimal | None, Decimal | None] | None:
    """Both coordinates rounded, (None, None) when neither was sent, or None when they are
    not a real place on Earth (or only one was sent)."""
    if latitude in (None, "") and longitude in (None, ""):
        return None, None
    lat, lon = round_coordinate(latitude), round_coordinate(longitude)
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lat, lon


def _codes(values: Iterable[str], choices: Any) -> list[str]:
    """Known codes once each, in the order the form lists them."""
    chosen = set(values)
    return [code for code in choices.values if code in chosen]


def _labels(codes: Iterable[str]) -> str:
    names = [f"“{Offer(code).label}”" for code in codes]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def contact_problems(
    *,
    person: Person | None,
    description: str,
    place: Place | None,
    latitude: Decimal | None,
    location_detail: str,
    contacted_at: datetime | None,
    activities: Iterable[str],
    offered: Iterable[str],
    accepted: Iterable[str],
    notes: str = "",
) -> dict[str, str]:
    """What is wrong with a contact, by field, in words the form and the API both show."""
    problems: dict[str, str] = {}
    if person is None and not description.strip():
        problems["description"] = NO_DESCRIPTION
    if len(description) > DESCRIPTION_MAX:
        problems["description"] = f"The description must be {DESCRIPTION_MAX:,} characters or fewer"
    if len(notes) > NOTES_MAX:
        problems["notes"] = f"The notes must be {NOTES_MAX:,} characters or fewer"
    if place is None and latitude is None and not location_detail.strip():
        problems["place"] = NO_PLACE
    if contacted_at is not None and contacted_at > timezone.now() + CLOCK_SLACK:
        problems["contacted_at"] = FUTURE
    unknown = set(activities) - set(Activity.values)
    if unknown:
        problems["activities"] = "Choose what they were doing from the list"
    unknown = (set(offered) | set(accepted)) - set(Offer.values)
    if unknown:
        problems["offered"] = "Choose what you offered from the list"
    not_offered = _codes(set(accepted) - set(offered), Offer)
    if not_offered:
        problems["accepted"] = (
            f"You ticked {_labels(not_offered)} as accepted but not as offered. Tick "
            f"{'it' if len(not_offered) == 1 else 'them'} under “What did you offer?” as well, "
            "or untick here"
        )
    return problems


@transaction.atomic
def record_street_contact(
    *,
    agency: Agency,
    by: User | None,
    bedded_down: bool,
    person: Person | None = None,
    description: str = "",
    contacted_at: datetime | None = None,
    place: Place | None = None,
    location_detail: str = "",
    latitude: Any = None,
    longitude: Any = None,
    activities: Iterable[str] = (),
    offered: Iterable[str] = (),
    accepted: Iterable[str] = (),
    notes: str = "",
) -> StreetContact:
    """A meeting on the street with `person`, or with someone not identified yet (then
    `description` stands in for them). Someone seen bedded down is put on the by-name list as
    sleeping rough; anyone else known is on it as at risk (outreach/entries.py).

    Raises ValidationError (by field) for what contact_problems finds, and PermissionDenied
    when `by` does not record contacts for `agency` or the person or place is in another
    partnership.
    """
    _check_recorder(agency, by)
    if person is not None and person.partnership_id != agency.partnership_id:
        raise PermissionDenied
    if place is not None and place.partnership_id != agency.partnership_id:
        raise PermissionDenied
    located = coordinates(latitude, longitude)
    if located is None:
        raise ValidationError({"latitude": LOCATION_PROBLEM})
    lat, lon = located
    problems = contact_problems(
        person=person,
        description=description,
        place=place,
        latitude=lat,
        location_detail=location_detail,
        contacted_at=contacted_at,
        activities=activities,
        offered=offered,
        accepted=accepted,
        notes=notes,
    )
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    at = min(contacted_at or now, now)
    contact = StreetContact.objects.create(
        partnership_id=agency.partnership_id,
        person=person,
        description=description.strip(),
        contacted_at=at,
        place=place,
        location_detail=location_detail.strip(),
        latitude=lat,
        longitude=lon,
        bedded_down=bedded_down,
        activities=_codes(activities, Activity),
        offered=_codes(offered, Offer),
        accepted=_codes(accepted, Offer),
        notes=notes.strip(),
        recorded_by_agency=agency,
        recorded_by=by,
        recorded_at=now,
    )
    if person is not None:
        record_contact_on_list(person, at=at, bedded_down=bedded_down, agency=agency, by=by)
        _touch(person)
    return contact


@transaction.atomic
def identify_contact(
    contact: StreetContact, person: Person, *, by: User | None, agency: Agency
) -> StreetContact:
    """Link a contact with someone not identified yet to the person's record. The contact
    joins their record (and their by-name list entry shows it) from now on.

    The caller has checked that `by` may see the contact and the person. Raises
    ContactAlreadyIdentified when someone identified it meanwhile, and PermissionDenied for a
    person or agency in another partnership.
    """
    _check_recorder(agency, by)
    if (
        person.partnership_id != contact.partnership_id
        or agency.partnership_id != contact.partnership_id
    ):
        raise PermissionDenied
    current = StreetContact.objects.select_for_update().get(pk=contact.pk)
    if current.person_id is not None:
        raise ContactAlreadyIdentified
    current.person = person
    current.identified_at = timezone.now()
    current.identified_by = by
    current.save(update_fields=["person", "identified_at", "identified_by"])
    record_contact_on_list(
        person, at=current.contacted_at, bedded_down=current.bedded_down, agency=agency, by=by
    )
    _touch(person)
    return current
