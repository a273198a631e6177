"""Writes to the service directory by the agencies that keep it: services with their places,
hours, contacts and categories; "still right" checks; closures; areas; organisations.

Nothing here is about a person who uses services. Each write checks that `by` may make it
(`by=None` is the system: the demo and imports) and runs in one transaction. django-auditlog
records changes to organisations, services, places, contacts, closures and areas (saves and
deletes, never bulk updates, for those models).

A service's `version` guards its edits: a form read before someone else saved is refused with
StaleService rather than overwriting their change. Saving a service counts as checking it.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from waypost.accounts.models import Agency, Partnership, User
from waypost.directory.manage_access import (
    user_manages,
    user_may_add_to,
    user_may_edit_location,
    user_may_edit_service,
)
from waypost.directory.models import (
    Accessibility,
    Address,
    Area,
    BankHolidays,
    Closure,
    Contact,
    Language,
    Location,
    LocationType,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceAttribute,
    TaxonomyTerm,
)
from waypost.directory.terms import CATEGORY_TAXONOMY, taxonomy_id, term_id

STALE_SERVICE = (
    "Someone else changed this service while you were editing it. The form shows what you "
    "typed; check it against the service as it is now and save again."
)
AREA_NAME_TAKEN = "The partnership already has an area with this name: choose another name"
ORGANIZATION_NAME_TAKEN = (
    "The partnership already has an organisation with this name: choose another name"
)
AGENCY_TAKEN = "{agency} already keeps {organization}: choose another agency or none"
DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class StaleService(Exception):
    """The service changed since the form was read (its version moved on)."""


# --- What the forms hand over ------------------------------------------------------------------
@dataclass
class ServiceDetails:
    """A service's own fields, its categories (Waypost term codes) and languages."""

    name: str
    description: str = ""
    status: str = "active"
    alert: str = ""
    application_process: str = ""
    fees_description: str = ""
    url: str = ""
    email: str = ""
    phone: str = ""
    referral_route: str = ""
    gender: str = "anyone"
    minimum_age: int | None = None
    maximum_age: int | None = None
    accepts_no_recourse: bool = False
    needs_local_connection: bool = False
    access: str = "walk_in"
    eligibility_description: str = ""
    categories: Sequence[str] = ()
    languages: Sequence[str] = ()


@dataclass
class PlaceDetails:
    """A place where services are given (a Location with its address and accessibility)."""

    name: str
    address_1: str
    city: str
    postal_code: str = ""
    area: Area | None = None
    transportation: str = ""
    accessibility: str = ""
    latitude: float | None = None
    longitude: float | None = None


@dataclass
class WeeklyHours:
    """The weekly grid: weekday (0 = Monday) -> (opens, closes); closing at or before opening
    runs past midnight. `holiday_hours` are used when `bank_holidays` is SPECIAL."""

    days: dict[int, tuple[time, time]] = field(default_factory=dict)
    bank_holidays: str = BankHolidays.USUAL
    holiday_hours: tuple[time, time] | None = None


@dataclass
class ContactDetails:
    """One contact. `contact_id` is set for an existing one; `remove` deletes it."""

    name: str = ""
    title: str = ""
    phone: str = ""
    email: str = ""
    internal: bool = True
    contact_id: int | None = None
    remove: bool = False


# --- Checks ------------------------------------------------------------------------------------
def _check_service(service: Service, by: User | None) -> None:
    if by is not None and not user_may_edit_service(by, service):
        raise PermissionDenied


def _check_manager(partnership_id: Any, by: User | None) -> None:
    if by is not None and not user_manages(by, partnership_id):
        raise PermissionDenied


def _area_of(partnership_id: Any, area: Area | None) -> Area | None:
    if area is not None and area.partnership_id != partnership_id:
        raise ValidationError({"area": "Choose one of the partnership's areas"})
    return area


# --- Services ----------------------------------------------------------------------------------
def _clean_details(details: ServiceDetails) -> None:
    details.name = details.name.strip()
    if not details.name:
        raise ValidationError({"name": "Enter the service's name"})
    low, high = details.minimum_age, details.maximum_age
    if low is not None and high is not None and high < low:
        raise ValidationError(
            {"maximum_age": "The oldest age must be the same as or above the youngest"}
        )
    if not details.categories:
        raise ValidationError({"categories": "Choose at least one thing the service helps with"})


SERVICE_FIELDS = (
    "name",
    "description",
    "status",
    "alert",
    "application_process",
    "fees_description",
    "url",
    "email",
    "referral_route",
    "gender",
    "minimum_age",
    "maximum_age",
    "accepts_no_recourse",
    "needs_local_connection",
    "access",
    "eligibility_description",
)


def _apply_details(service: Service, details: ServiceDetails) -> None:
    for key in SERVICE_FIELDS:
        value = getattr(details, key)
        setattr(service, key, value.strip() if isinstance(value, str) else value)


def _write_categories(service: Service, codes: Iterable[str]) -> None:
    """Replace the service's Waypost categories; terms from other taxonomies (an import) stay."""
    wanted = {term_id(code) for code in codes}
    known = set(
        TaxonomyTerm.objects.filter(pk__in=wanted).values_list("pk", flat=True)
    )  # a code that is not a term is ignored rather than failing the save
    ours = ServiceAttribute.objects.filter(
        service=service, taxonomy_term__taxonomy_id=taxonomy_id(CATEGORY_TAXONOMY)
    )
    ours.exclude(taxonomy_term_id__in=known).delete()
    have = set(ours.values_list("taxonomy_term_id", flat=True))
    ServiceAttribute.objects.bulk_create(
        ServiceAttribute(service=service, taxonomy_term_id=pk) for pk in known - have
    )


def _write_languages(service: Service, names: Iterable[str]) -> None:
    service.languages.all().delete()
    Language.objects.bulk_create(
        Language(service=service, name=name.strip()) for name in names if name.strip()
    )


def _write_public_phone(service: Service, number: str) -> None:
    """The service's own phone (the first one that is not a contact's)."""
    number = number.strip()
    phone = service.phones.order_by("id").first()
    if phone is None and number:
        Phone.objects.create(service=service, number=number, type="voice")
    elif phone is not None and not number:
        phone.delete()
    elif phone is not None and phone.number != number:
        phone.number = number
        phone.save(update_fields=["number"])


def _write_contacts(service: Service, contacts: Iterable[ContactDetails]) -> None:
    existing = {c.pk: c for c in service.contacts.prefetch_related("phones")}
    for details in contacts:
        contact = existing.get(details.contact_id) if details.contact_id else None
        if details.contact_id and contact is None:
            continue  # not this service's contact (a tampered form): ignore it
        if contact is not None and details.remove:
            contact.delete()
            continue
        if details.remove or not any(
            (details.name.strip(), details.title.strip(), details.phone.strip(), details.email)
        ):
            continue
        if contact is None:
            contact = Contact(service=service)
        contact.name = details.name.strip()
        contact.title = details.title.strip()
        contact.email = details.email.strip()
        contact.internal = details.internal
        contact.save()
        phones = list(contact.phones.all()) if contact.pk in existing else []
        number = details.phone.strip()
        if phones and not number:
            phones[0].delete()
        elif phones and phones[0].number != number:
            phones[0].number = number
            phones[0].save(update_fields=["number"])
        elif not phones and number:
            Phone.objects.create(contact=contact, number=number, type="voice")


def hours_rows(hours: WeeklyHours) -> list[dict[str, Any]]:
    """The Schedule rows for a weekly grid: one WEEKLY rule for each set of days with the same
    times (Monday to Friday 9 to 5 is one row), then the bank holiday hours."""
    grouped: dict[tuple[time, time], list[int]] = {}
    for day in sorted(hours.days):
        grouped.setdefault(hours.days[day], []).append(day)
    rows = [
        {
            "freq": "WEEKLY",
            "byday": ",".join(DAY_CODES[d] for d in days),
            "opens_at": opens,
            "closes_at": closes,
        }
        for (opens, closes), days in sorted(grouped.items(), key=lambda item: item[1][0])
    ]
    if hours.bank_holidays == BankHolidays.SPECIAL and hours.holiday_hours is not None:
        opens, closes = hours.holiday_hours
        rows.append(
            {
                "freq": "WEEKLY",
                "byday": "",
                "opens_at": opens,
                "closes_at": closes,
                "bank_holidays_only": True,
                "description": "Bank holidays",
            }
        )
    return rows


def _write_hours(service: Service, hours: WeeklyHours) -> None:
    """Replace the service's hours (its own and those of its places in this service)."""
    Schedule.objects.filter(service=service).delete()
    Schedule.objects.filter(service_at_location__service=service).delete()
    Schedule.objects.bulk_create(Schedule(service=service, **row) for row in hours_rows(hours))
    service.bank_holidays = hours.bank_holidays


def _new_location(
    organization: Organization, place: PlaceDetails, *, location: Location | None = None
) -> Location:
    """Create (or, given `location`, change) a place with its address and accessibility."""
    if not place.address_1.strip() or not place.city.strip():
        raise ValidationError({"address_1": "Enter the first line of the address and the town"})
    partnership_id = location.partnership_id if location else organization.partnership_id
    area = _area_of(partnership_id, place.area)
    if location is None:
        location = Location(
            partnership_id=partnership_id,
            organization=organization,
            location_type=LocationType.PHYSICAL,
        )
    location.name = place.name.strip() or place.address_1.strip()
    location.area = area
    location.transportation = place.transportation.strip()
    location.latitude = place.latitude
    location.longitude = place.longitude
    location.last_modified = timezone.now()
    location.save()
    address = location.addresses.order_by("id").first() or Address(location=location)
    address.address_1 = place.address_1.strip()
    address.city = place.city.strip()
    address.postal_code = place.postal_code.strip()
    address.save()
    note = location.accessibility.order_by("id").first()
    text = place.accessibility.strip()
    if note is None and text:
        Accessibility.objects.create(location=location, description=text)
    elif note is not None and not text:
        note.delete()
    elif note is not None and note.description != text:
        note.description = text
        note.save(update_fields=["description"])
    return location


def _write_places(
    service: Service,
    location_ids: Iterable[Any],
    new_place: PlaceDetails | None,
    *,
    by: User | None,
) -> None:
    """Give the service at exactly the chosen places (and a new one, when given). Staff choose
    from their organisation's places (and any the service is at already, from an import); the
    system (the demo) may use any place in the partnership, like a nurse's clinic held at a
    charity's day centre."""
    chosen = {str(pk) for pk in location_ids}
    current = {str(sal.location_id): sal for sal in service.at_locations.all()}
    places = Location.objects.filter(partnership_id=service.partnership_id)
    if by is not None:
        places = places.filter(organization_id=service.organization_id)
    allowed = {str(pk) for pk in places.values_list("pk", flat=True)} | set(current)
    if chosen - allowed:
        raise ValidationError({"places": "Choose from the organisation's places"})
    for pk, sal in current.items():
        if pk not in chosen:
            sal.delete()
    for pk in chosen - set(current):
        ServiceAtLocation.objects.create(service=service, location_id=pk)
    if new_place is not None:
        location = _new_location(service.organization, new_place)
        ServiceAtLocation.objects.create(service=service, location=location)


@transaction.atomic
def add_service(
    organization: Organization,
    *,
    details: ServiceDetails,
    hours: WeeklyHours | None = None,
    location_ids: Iterable[Any] = (),
    new_place: PlaceDetails | None = None,
    contacts: Iterable[ContactDetails] = (),
    by: User | None,
) -> Service:
    """Add a service to an organisation the user keeps. It counts as checked now."""
    if by is not None and not user_may_add_to(by, organization):
        raise PermissionDenied
    _clean_details(details)
    now = timezone.now()
    service = Service(
        partnership_id=organization.partnership_id,
        organization=organization,
        last_checked_at=now,
        last_checked_by=by,
        last_modified=now,
        created_at=now,
    )
    _apply_details(service, details)
    if hours is not None:
        service.bank_holidays = hours.bank_holidays
    service.save()
    _write_categories(service, details.categories)
    _write_languages(service, details.languages)
    _write_public_phone(service, details.phone)
    _write_contacts(service, contacts)
    _write_places(service, location_ids, new_place, by=by)
    if hours is not None:
        _write_hours(service, hours)
    return service


@transaction.atomic
def update_service(
    service: Service,
    *,
    version: int,
    details: ServiceDetails,
    hours: WeeklyHours | None = None,
    location_ids: Iterable[Any] = (),
    new_place: PlaceDetails | None = None,
    contacts: Iterable[ContactDetails] = (),
    by: User | None,
) -> Service:
    """Change a service. `hours=None` keeps its hours as they are (rules the weekly grid cannot
    show). Refused with StaleService when it changed since `version` was read. Saving moves the
    version on and counts as a check."""
    _check_service(service, by)
    current = (
        Service.objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=service.pk)
    )
    if current.version != version:
        raise StaleService
    _clean_details(details)
    _apply_details(current, details)
    now = timezone.now()
    current.version += 1
    current.last_modified = now
    current.last_checked_at = now
    current.last_checked_by = by
    if hours is not None:
        _write_hours(current, hours)
    current.save()
    _write_categories(current, details.categories)
    _write_languages(current, details.languages)
    _write_public_phone(current, details.phone)
    _write_contacts(current, contacts)
    _write_places(current, location_ids, new_place, by=by)
    return current


@transaction.atomic
def mark_service_checked(service: Service, *, by: User | None) -> Service:
    """Say the entry is still right: it moves on when it was last checked, nothing else. A
    later lapse is flagged again (stale_tasks), as `stale_notified_at` is now older."""
    _check_service(service, by)
    current = Service.objects.select_for_update(of=("self",)).get(pk=service.pk)
    current.last_checked_at = timezone.now()
    current.last_checked_by = by
    current.save(update_fields=["last_checked_at", "last_checked_by"])
    return current


# --- Places ------------------------------------------------------------------------------------
@transaction.atomic
def update_location(location: Location, *, place: PlaceDetails, by: User | None) -> Location:
    """Change a place's name, address, area, directions and accessibility."""
    if by is not None and not user_may_edit_location(by, location):
        raise PermissionDenied
    current = Location.objects.select_for_update().get(pk=location.pk)
    return _new_location(current.organization, place, location=current)  # type: ignore[arg-type]


# --- Closures ----------------------------------------------------------------------------------
CLOSURE_LONGEST_DAYS = 366


@transaction.atomic
def add_closure(
    service: Service, *, starts_on: date, ends_on: date, reason: str = "", by: User | None
) -> Closure:
    """Shut the service from `starts_on` to `ends_on` (inclusive) outside its usual pattern."""
    _check_service(service, by)
    if ends_on < starts_on:
        raise ValidationError({"ends_on": "The last day must be the same as or after the first"})
    if starts_on < timezone.localdate():
        raise ValidationError({"starts_on": "The first day must be today or in the future"})
    if (ends_on - starts_on).days >= CLOSURE_LONGEST_DAYS:
        raise ValidationError(
            {
                "ends_on": "A closure can last up to a year. For longer, change the service's "
                "status to “Not running for now”"
            }
        )
    return Closure.objects.create(
        service=service, starts_on=starts_on, ends_on=ends_on, reason=reason.strip(), created_by=by
    )


def close_today(service: Service, *, reason: str = "", by: User | None) -> Closure | None:
    """Mark the service closed today: it shuts today's sessions (and one that opens tonight
    and runs past midnight). None when it is already closed today."""
    today = timezone.localdate()
    if service.closures.filter(starts_on__lte=today, ends_on__gte=today).exists():
        return None
    return add_closure(service, starts_on=today, ends_on=today, reason=reason, by=by)


@transaction.atomic
def remove_closure(closure: Closure, *, by: User | None) -> None:
    """Take back a closure that has not ended yet (past ones stay, as history)."""
    _check_service(closure.service, by)
    if closure.ends_on < timezone.localdate():
        raise ValidationError("This closure has already ended")
    closure.delete()


# --- Areas -------------------------------------------------------------------------------------
def _area_name(partnership_id: Any, name: str, area: Area | None = None) -> str:
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Enter the area's name"})
    taken = Area.objects.filter(partnership_id=partnership_id, name__iexact=name)
    if area is not None:
        taken = taken.exclude(pk=area.pk)
    if taken.exists():
        raise ValidationError({"name": AREA_NAME_TAKEN})
    return name


@transaction.atomic
def add_area(
    partnership: Partnership,
    *,
    name: str,
    latitude: Decimal,
    longitude: Decimal,
    by: User | None,
) -> Area:
    """Add a part of the partnership's area that people can search by."""
    _check_manager(partnership.pk, by)
    return Area.objects.create(
        partnership=partnership,
        name=_area_name(partnership.pk, name),
        latitude=latitude,
        longitude=longitude,
    )


@transaction.atomic
def update_area(
    area: Area, *, name: str, latitude: Decimal, longitude: Decimal, by: User | None
) -> Area:
    """Rename an area or move its middle point."""
    _check_manager(area.partnership_id, by)
    area.name = _area_name(area.partnership_id, name, area)
    area.latitude = latitude
    area.longitude = longitude
    area.save(update_fields=["name", "latitude", "longitude"])
    return area


@transaction.atomic
def remove_area(area: Area, *, by: User | None) -> int:
    """Remove an area; its places stay, with no area. Returns how many places it had."""
    _check_manager(area.partnership_id, by)
    places = area.locations.count()
    area.delete()
    return places


# --- Organisations -----------------------------------------------------------------------------
def _organization_fields(
    partnership_id: Any,
    organization: Organization | None,
    *,
    name: str,
    agency: Agency | None,
) -> str:
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Enter the organisation's name"})
    taken = Organization.objects.filter(partnership_id=partnership_id, name__iexact=name)
    if organization is not None:
        taken = taken.exclude(pk=organization.pk)
    if taken.exists():
        raise ValidationError({"name": ORGANIZATION_NAME_TAKEN})
    if agency is not None:
        if agency.partnership_id != partnership_id:
            raise ValidationError({"agency": "Choose one of the partnership's agencies"})
        other = Organization.objects.filter(agency=agency)
        if organization is not None:
            other = other.exclude(pk=organization.pk)
        holder = other.first()
        if holder is not None:
            raise ValidationError(
                {"agency": AGENCY_TAKEN.format(agency=agency.name, organization=holder.name)}
            )
    return name


@transaction.atomic
def add_organization(
    partnership: Partnership,
    *,
    name: str,
    description: str = "",
    agency: Agency | None = None,
    email: str = "",
    website: str = "",
    by: User | None,
) -> Organization:
    """Add an organisation that runs services. Linked to an agency, that agency's staff keep
    its services."""
    _check_manager(partnership.pk, by)
    clean_name = _organization_fields(partnership.pk, None, name=name, agency=agency)
    return Organization.objects.create(
        partnership=partnership,
        name=clean_name,
        description=description.strip(),
        agency=agency,
        email=email.strip(),
        website=website.strip(),
    )


@transaction.atomic
def update_organization(
    organization: Organization,
    *,
    name: str,
    description: str = "",
    agency: Agency | None = None,
    email: str = "",
    website: str = "",
    by: User | None,
) -> Organization:
    """Change an organisation's details or the agency that keeps its services."""
    _check_manager(organization.partnership_id, by)
    current = Organization.objects.select_for_update().get(pk=organization.pk)
    current.name = _organization_fields(current.partnership_id, current, name=name, agency=agency)
    current.description = description.strip()
    current.agency = agency
    current.email = email.strip()
    current.website = website.strip()
    current.last_modified = timezone.now()
    current.version += 1
    current.save()
    return current
