"""Helpers for tests about the service directory: an organisation, a location and a service
with its categories, eligibility and opening hours, in a few lines."""

from datetime import time
from typing import Any

from waypost.accounts.models import Agency, Partnership
from waypost.directory.models import (
    Address,
    Area,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceAttribute,
)
from waypost.directory.terms import term_id


def make_area(partnership: Partnership, name: str = "City centre", **fields: Any) -> Area:
    fields.setdefault("latitude", "52.40800")
    fields.setdefault("longitude", "-1.51000")
    area, _ = Area.objects.get_or_create(partnership=partnership, name=name, defaults=fields)
    return area


def make_organization(
    partnership: Partnership, name: str = "Coventry Day Centre", *, agency: Agency | None = None
) -> Organization:
    org, _ = Organization.objects.get_or_create(
        partnership=partnership,
        name=name,
        defaults={"agency": agency, "description": f"{name} runs services in the city."},
    )
    return org


def make_location(
    partnership: Partnership,
    name: str = "Day centre, Harnall Lane",
    *,
    organization: Organization | None = None,
    area: Area | None = None,
    latitude: float | None = 52.4120,
    longitude: float | None = -1.5050,
    postal_code: str = "CV1 4FB",
    **fields: Any,
) -> Location:
    location = Location.objects.create(
        partnership=partnership,
        organization=organization,
        name=name,
        area=area,
        latitude=latitude,
        longitude=longitude,
        **fields,
    )
    Address.objects.create(
        location=location, address_1=name, city="Coventry", postal_code=postal_code
    )
    return location


def _time(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def make_service(
    partnership: Partnership,
    name: str = "Breakfast club",
    *,
    organization: Organization | None = None,
    categories: tuple[str, ...] = ("food",),
    location: Location | None = None,
    hours: tuple[tuple[str, str, str], ...] = (),
    **fields: Any,
) -> Service:
    """A running service in `categories` (Waypost term codes). `hours` are weekly sessions as
    (days, opens, closes) like ("MO,TU,WE,TH,FR", "09:00", "17:00"); closing earlier than
    opening runs past midnight. With a `location`, the service is given there."""
    organization = organization or make_organization(partnership)
    fields.setdefault("description", f"{name}: a service for people sleeping rough.")
    service = Service.objects.create(
        partnership=partnership, organization=organization, name=name, **fields
    )
    for code in categories:
        ServiceAttribute.objects.create(service=service, taxonomy_term_id=term_id(code))
    if location is not None:
        ServiceAtLocation.objects.create(service=service, location=location)
    for days, opens, closes in hours:
        Schedule.objects.create(
            service=service,
            freq="WEEKLY",
            byday=days,
            opens_at=_time(opens),
            closes_at=_time(closes),
        )
    return service
