"""HSDS 3 fields as Waypost stores them, for the import (waypost.directory.hsds_import): what
each field's value must be, the column it goes in, which fields are structure (ids, links,
nested records) and which are kept as they came in `hsds_extra`.

Each parser takes a JSON value and returns what the column stores, or raises Wrong saying what
was expected. Lengths are the columns' (PostgreSQL refuses longer text; SQLite would not say).
"""

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models

from waypost.directory.hsds_out import KEYS
from waypost.directory.models import (
    Accessibility,
    Address,
    Contact,
    CostOption,
    Language,
    Location,
    LocationType,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceStatus,
)


class Wrong(ValueError):
    """A value of the wrong type or out of range: the message says what was expected."""


# ---------------------------------------------------------------------------------------------
# Values: each parser takes the JSON value and returns what the model stores, or raises Wrong


def text(max_length: int | None = None) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        if not isinstance(value, str):
            raise Wrong("should be text")
        if "\x00" in value:
            raise Wrong("holds a NUL character")
        if max_length is not None and len(value) > max_length:
            raise Wrong(f"is longer than {max_length} characters")
        return value

    return parse


def whole(minimum: int, maximum: int) -> Callable[[Any], int]:
    def parse(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise Wrong("should be a number")
        if isinstance(value, float) and not value.is_integer():
            raise Wrong("should be a whole number")
        if not minimum <= value <= maximum:
            raise Wrong(f"should be between {minimum} and {maximum}")
        return int(value)

    return parse


def number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise Wrong("should be a number")
    return float(value)


def money(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Wrong("should be a number")
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise Wrong("should be a number") from None
    if abs(amount) >= 10**8:
        raise Wrong("is too large")
    if amount != Decimal(str(value)):
        raise Wrong("has more than 2 decimal places")
    return amount


def day(value: Any) -> date:
    if not isinstance(value, str):
        raise Wrong("should be a date like 2025-01-31")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Wrong("should be a date like 2025-01-31") from None


def clock(value: Any) -> time:
    if not isinstance(value, str):
        raise Wrong("should be a time like 09:30")
    try:
        parsed = time.fromisoformat(value)
    except ValueError:
        raise Wrong("should be a time like 09:30") from None
    if parsed.tzinfo is not None:  # schedules are local wall-clock times
        raise Wrong("should be a local time like 09:30, with no time zone")
    return parsed


def moment(value: Any) -> datetime:
    if not isinstance(value, str):
        raise Wrong("should be a date and time like 2025-01-31T09:30:00Z")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise Wrong("should be a date and time like 2025-01-31T09:30:00Z") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def choice(values: Iterable[str]) -> Callable[[Any], str]:
    allowed = tuple(values)

    def parse(value: Any) -> str:
        if value not in allowed:
            raise Wrong(f"should be one of {', '.join(allowed)}")
        return str(value)

    return parse


@dataclass(frozen=True)
class Field:
    """An HSDS field Waypost stores in `column`, blank as `default` when left out."""

    column: str
    parse: Callable[[Any], Any]
    default: Any = ""
    required: bool = False


def _text_fields(**lengths: int | None) -> dict[str, Field]:
    return {name: Field(name, text(length)) for name, length in lengths.items()}


SMALL = (0, 32767)
# Per kind: the HSDS fields Waypost stores. Every other HSDS field is either structure (ids,
# nested records, handled by the importer) or kept in hsds_extra; anything else is reported.
FIELDS: dict[str, dict[str, Field]] = {
    "organization": {
        **_text_fields(name=200, alternate_name=200, description=None, email=254),
        **_text_fields(website=500, tax_status=100, tax_id=100),
        "year_incorporated": Field("year_incorporated", whole(*SMALL), None),
        **_text_fields(legal_status=100, logo=500, uri=500),
        "parent_organization_id": Field("parent_organization_uid", text(100)),
    },
    "service": {
        **_text_fields(name=200, alternate_name=200, description=None, url=500, email=254),
        "status": Field("status", choice(ServiceStatus.values), ServiceStatus.ACTIVE, True),
        **_text_fields(
            interpretation_services=None,
            application_process=None,
            fees_description=None,
            wait_time=200,
            fees=None,
            accreditations=None,
            eligibility_description=None,
        ),
        "minimum_age": Field("minimum_age", whole(*SMALL), None),
        "maximum_age": Field("maximum_age", whole(*SMALL), None),
        "assured_date": Field("assured_date", day, None),
        **_text_fields(assurer_email=254, licenses=None, alert=None),
        "last_modified": Field("last_modified", moment, None),
    },
    "location": {
        "location_type": Field(
            "location_type", choice(LocationType.values), LocationType.PHYSICAL, True
        ),
        **_text_fields(url=500, name=200, alternate_name=200, description=None),
        "transportation": Field("transportation", text()),
        "latitude": Field("latitude", number, None),
        "longitude": Field("longitude", number, None),
        **_text_fields(external_identifier=100, external_identifier_type=100),
    },
    "service_at_location": {"description": Field("description", text())},
    "phone": {
        "number": Field("number", text(50), "", True),
        "extension": Field("extension", whole(0, 2**31 - 1), None),
        **_text_fields(type=20, description=None),
    },
    "language": _text_fields(name=100, code=20, note=None),
    "schedule": {
        "valid_from": Field("valid_from", day, None),
        "valid_to": Field("valid_to", day, None),
        "dtstart": Field("dtstart", day, None),
        "timezone": Field("timezone", whole(-32768, 32767), None),
        "until": Field("until", day, None),
        "count": Field("count", whole(0, 2**31 - 1), None),
        **_text_fields(wkst=2, freq=10),
        "interval": Field("interval", whole(*SMALL), None),
        **_text_fields(byday=60, byweekno=200, bymonthday=200, byyearday=200, description=None),
        "opens_at": Field("opens_at", clock, None),
        "closes_at": Field("closes_at", clock, None),
        **_text_fields(schedule_link=500, attending_type=200, notes=None),
    },
    "contact": _text_fields(name=200, title=200, department=200, email=254),
    "address": {
        **_text_fields(attention=200),
        "address_1": Field("address_1", text(200), "", True),
        **_text_fields(address_2=200),
        "city": Field("city", text(100), "", True),
        **_text_fields(region=100),
        "state_province": Field("state_province", text(100), "", True),
        "postal_code": Field("postal_code", text(20), "", True),
        "country": Field("country", text(2), "", True),
        "address_type": Field(
            "address_type", choice(("physical", "postal", "virtual")), "physical", True
        ),
    },
    "accessibility": _text_fields(description=None, details=None, url=500),
    "cost_option": {
        "valid_from": Field("valid_from", day, None),
        "valid_to": Field("valid_to", day, None),
        **_text_fields(option=200, currency=3),
        "amount": Field("amount", money, None),
        "amount_description": Field("amount_description", text(200)),
    },
    "attribute": {
        **_text_fields(link_type=100),
        "link_entity": Field("link_entity", text(50), "service"),
        "value": Field("value", text(500)),
    },
    "taxonomy_term": {
        **_text_fields(code=100),
        "name": Field("name", text(200), "", True),
        "description": Field("description", text(), "", True),
        "taxonomy": Field("taxonomy_name", text(200)),
        **_text_fields(language=20, term_uri=500),
    },
    "taxonomy": {
        "name": Field("name", text(200), "", True),
        "description": Field("description", text(), "", True),
        **_text_fields(uri=500, version=50),
    },
}

# HSDS fields the importer reads itself: ids, links and nested records.
STRUCTURE: dict[str, frozenset[str]] = {
    "organization": frozenset({"id", "contacts", "phones", "locations", "services"}),
    "service": frozenset(
        {
            "id", "organization_id", "organization", "phones", "schedules", "languages",
            "cost_options", "contacts", "attributes", "service_at_locations",
        }
    ),
    "location": frozenset(
        {
            "id", "organization_id", "languages", "addresses", "contacts", "accessibility",
            "phones", "schedules",
        }
    ),
    "service_at_location": frozenset(
        {"id", "service_id", "location_id", "service", "location", "contacts", "phones",
         "schedules"}
    ),
    "phone": frozenset({"id", "languages"}),
    "contact": frozenset({"id", "phones"}),
    "attribute": frozenset({"id", "link_id", "taxonomy_term_id", "taxonomy_term"}),
    "taxonomy_term": frozenset({"id", "parent_id", "taxonomy_detail", "taxonomy_id"}),
}  # fmt: skip


def extra_keys(kind: str) -> frozenset[str]:
    """HSDS fields of `kind` that are neither stored in a column nor structure."""
    known = set(FIELDS[kind]) | STRUCTURE.get(kind, frozenset({"id"}))
    return frozenset(KEYS[kind]) - known


# The small records nested in core records: the HSDS list, its model, kind, nested lists.
@dataclass(frozen=True)
class Nested:
    model: type[models.Model]
    kind: str
    lists: tuple[str, ...] = ()


NESTED = {
    "phones": Nested(Phone, "phone", ("languages",)),
    "languages": Nested(Language, "language"),
    "schedules": Nested(Schedule, "schedule"),
    "contacts": Nested(Contact, "contact", ("phones",)),
    "addresses": Nested(Address, "address"),
    "accessibility": Nested(Accessibility, "accessibility"),
    "cost_options": Nested(CostOption, "cost_option"),
}
PARENT_FIELD: dict[type[models.Model], str] = {
    Organization: "organization",
    Service: "service",
    ServiceAtLocation: "service_at_location",
    Location: "location",
    Contact: "contact",
    Phone: "phone",
}


@dataclass
class Child:
    """A small nested record as stored: its columns and its own nested lists. Equal when
    the file says what is already there."""

    model: type[models.Model]
    values: dict[str, Any]
    lists: dict[str, list["Child"]] = field(default_factory=dict)


def columns(kind: str) -> list[str]:
    return ["uid", *(f.column for f in FIELDS[kind].values()), "hsds_extra"]
