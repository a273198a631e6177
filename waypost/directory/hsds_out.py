"""Directory records as Open Referral HSDS 3 objects, for the public API at /api/hsds/.

What comes out, and why:

- Blank text, missing values and empty lists are left out, except the fields HSDS requires
  (an address's `state_province` is "" in England).
- Links follow the specification's own examples: a service nests its organisation, a service at
  location nests its location, a term nests its taxonomy (`taxonomy_detail`), and a record
  nested inside its parent does not repeat the parent's id. Elsewhere the reference ids
  (`organization_id`, `service_id`, `location_id`, `taxonomy_id`, `link_id`,
  `taxonomy_term_id`) are given too, for clients that read records one by one.
- Parts of HSDS that Waypost keeps but does not use come back from each record's `hsds_extra`
  as they came in (funding, programs, service areas, required documents, metadata, ...).
- Never out: contacts marked `internal` and a service's `referral_route` (professionals only),
  and schedules used only on bank holidays (HSDS cannot say so: a reader would take them for
  every week's hours).
- Waypost's eligibility columns become attributes with terms from its eligibility taxonomy
  (waypost.directory.terms.ELIGIBILITY), only when they say something: women only or men only,
  no recourse to public funds accepted, local connection needed, and how to get in unless it
  is "walk in". With no such attribute a service is for anyone, walk-in, and says nothing
  about the other two. So a service imported without them comes back without them.
- HSDS 3.0 schedules know WEEKLY and MONTHLY only: a DAILY rule goes out as WEEKLY on every
  day, which means the same.

The `*_lookups()` functions list what a queryset must prefetch so a page of records costs a
fixed number of queries whatever its size.
"""

import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet

from waypost.directory.models import (
    Access,
    Accessibility,
    Address,
    Contact,
    CostOption,
    GenderServed,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceAttribute,
    Taxonomy,
    TaxonomyTerm,
    waypost_uuid,
)
from waypost.directory.terms import (
    ELIGIBILITY,
    ELIGIBILITY_TAXONOMY,
    TAXONOMIES,
    taxonomy_id,
    term_id,
)

HSDS_VERSION = "3.0"

# Each object's fields in the specification's order (its JSON Schemas in openreferral/
# specification, branch 3.0). `services` on an organisation and `service` on a service at
# location are the API's additions (openapi.json), not schema fields.
KEYS: dict[str, tuple[str, ...]] = {
    "service": (
        "id", "organization_id", "program_id", "name", "alternate_name", "description", "url",
        "email", "status", "interpretation_services", "application_process",
        "fees_description", "wait_time", "fees", "accreditations", "eligibility_description",
        "minimum_age", "maximum_age", "assured_date", "assurer_email", "licenses", "alert",
        "last_modified", "phones", "schedules", "service_areas", "service_at_locations",
        "languages", "organization", "funding", "cost_options", "program",
        "required_documents", "contacts", "attributes", "metadata",
    ),
    "organization": (
        "id", "name", "alternate_name", "description", "email", "website", "tax_status",
        "tax_id", "year_incorporated", "legal_status", "logo", "uri", "parent_organization_id",
        "funding", "contacts", "phones", "locations", "programs", "organization_identifiers",
        "attributes", "metadata", "services",
    ),
    "location": (
        "id", "location_type", "url", "organization_id", "name", "alternate_name",
        "description", "transportation", "latitude", "longitude", "external_identifier",
        "external_identifier_type", "languages", "addresses", "contacts", "accessibility",
        "phones", "schedules", "attributes", "metadata",
    ),
    "service_at_location": (
        "id", "service_id", "location_id", "description", "contacts", "phones", "schedules",
        "location", "service", "attributes", "metadata",
    ),
    "phone": (
        "id", "location_id", "service_id", "organization_id", "contact_id",
        "service_at_location_id", "number", "extension", "type", "description", "languages",
        "attributes", "metadata",
    ),
    "language": (
        "id", "service_id", "location_id", "phone_id", "name", "code", "note", "attributes",
        "metadata",
    ),
    "schedule": (
        "id", "service_id", "location_id", "service_at_location_id", "valid_from", "valid_to",
        "dtstart", "timezone", "until", "count", "wkst", "freq", "interval", "byday",
        "byweekno", "bymonthday", "byyearday", "description", "opens_at", "closes_at",
        "schedule_link", "attending_type", "notes", "attributes", "metadata",
    ),
    "contact": (
        "id", "organization_id", "service_id", "service_at_location_id", "location_id", "name",
        "title", "department", "email", "phones", "attributes", "metadata",
    ),
    "address": (
        "id", "location_id", "attention", "address_1", "address_2", "city", "region",
        "state_province", "postal_code", "country", "address_type", "attributes", "metadata",
    ),
    "accessibility": (
        "id", "location_id", "description", "details", "url", "attributes", "metadata",
    ),
    "cost_option": (
        "id", "service_id", "valid_from", "valid_to", "option", "currency", "amount",
        "amount_description", "attributes", "metadata",
    ),
    "attribute": (
        "id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value",
        "taxonomy_term", "metadata",
    ),
    "taxonomy_term": (
        "id", "code", "name", "description", "parent_id", "taxonomy", "taxonomy_detail",
        "language", "taxonomy_id", "term_uri", "metadata",
    ),
    "taxonomy": ("id", "name", "description", "uri", "version", "metadata"),
}  # fmt: skip

# Fields HSDS requires, given even when blank.
REQUIRED: dict[str, frozenset[str]] = {
    "service": frozenset({"id", "name", "status"}),
    "organization": frozenset({"id", "name", "description"}),
    "location": frozenset({"id", "location_type"}),
    "address": frozenset(
        {"id", "address_1", "city", "state_province", "postal_code", "country", "address_type"}
    ),
    "phone": frozenset({"id", "number"}),
    "taxonomy_term": frozenset({"id", "name", "description"}),
    "taxonomy": frozenset({"id", "name", "description"}),
}

# The one-to-one fields of a service and an organisation: what their list items carry.
SERVICE_LIST_KEYS = KEYS["service"][: KEYS["service"].index("last_modified") + 1] + (
    "organization",
    "program",
)
ORGANIZATION_LIST_KEYS = KEYS["organization"][: KEYS["organization"].index("funding")]
LOCATION_LIST_KEYS = KEYS["location"][: KEYS["location"].index("languages")]

# A weekly rule on every day: how a DAILY rule goes out (HSDS 3.0 has no DAILY).
EVERY_DAY = "MO,TU,WE,TH,FR,SA,SU"


# ---------------------------------------------------------------------------------------------
# Values


def timestamp(at: datetime) -> str:
    """UTC with milliseconds, as HSDS asks for `last_modified` (2023-03-15T10:30:45.123Z)."""
    utc = at.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def _value(value: Any) -> Any:
    if isinstance(value, datetime):
        return timestamp(value)
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _emit(
    kind: str,
    fields: dict[str, Any],
    extra: dict[str, Any] | None = None,
    *,
    keys: Sequence[str] | None = None,
) -> dict[str, Any]:
    """One HSDS object in the specification's field order: Waypost's `fields` over the
    record's kept `extra`, blanks left out unless required. With `keys`, only those fields
    (a list item's one-to-one fields); kept lists are then left out too."""
    required = REQUIRED.get(kind, frozenset({"id"}))
    merged: dict[str, Any] = dict(extra or {})
    # A blank column does not hide a value kept as it came (an unknown taxonomy's id, say).
    merged.update({k: v for k, v in fields.items() if not _is_empty(v) or k not in merged})
    wanted = keys if keys is not None else KEYS[kind]
    out: dict[str, Any] = {}
    for key in wanted:
        if key not in merged:
            continue
        value = _value(merged[key])
        if keys is not None and key not in fields and isinstance(value, list):
            continue
        if _is_empty(value) and key not in required:
            continue
        out[key] = "" if value is None else value
    if keys is None:  # kept fields HSDS does not order (a newer version's, say)
        for key, value in merged.items():
            if key not in out and key not in KEYS[kind] and not _is_empty(value):
                out[key] = value
    return out


# ---------------------------------------------------------------------------------------------
# The small records nested in the core ones


def public_contacts(contacts: Iterable[Contact]) -> list[Contact]:
    """Contacts anyone may see: never the ones marked for professionals only."""
    return [c for c in contacts if not c.internal]


def regular_schedules(schedules: Iterable[Schedule]) -> list[Schedule]:
    return [s for s in schedules if not s.bank_holidays_only]


def language_out(language: Language) -> dict[str, Any]:
    fields = {
        "id": language.uid,
        "name": language.name,
        "code": language.code,
        "note": language.note,
    }
    return _emit("language", fields, language.hsds_extra)


def phone_out(phone: Phone) -> dict[str, Any]:
    fields = {
        "id": phone.uid,
        "number": phone.number,
        "extension": phone.extension,
        "type": phone.type,
        "description": phone.description,
        "languages": [language_out(x) for x in phone.languages.all()],
    }
    return _emit("phone", fields, phone.hsds_extra)


def schedule_out(schedule: Schedule) -> dict[str, Any]:
    freq, byday = schedule.freq, schedule.byday
    if freq == "DAILY" and (schedule.interval or 1) == 1:
        freq, byday = "WEEKLY", byday or EVERY_DAY
    fields = {
        "id": schedule.uid,
        "valid_from": schedule.valid_from,
        "valid_to": schedule.valid_to,
        "dtstart": schedule.dtstart,
        "timezone": schedule.timezone,
        "until": schedule.until,
        "count": schedule.count,
        "wkst": schedule.wkst,
        "freq": freq,
        "interval": schedule.interval,
        "byday": byday,
        "byweekno": schedule.byweekno,
        "bymonthday": schedule.bymonthday,
        "byyearday": schedule.byyearday,
        "description": schedule.description,
        "opens_at": schedule.opens_at,
        "closes_at": schedule.closes_at,
        "schedule_link": schedule.schedule_link,
        "attending_type": schedule.attending_type,
        "notes": schedule.notes,
    }
    return _emit("schedule", fields, schedule.hsds_extra)


def contact_out(contact: Contact) -> dict[str, Any]:
    fields = {
        "id": contact.uid,
        "name": contact.name,
        "title": contact.title,
        "department": contact.department,
        "email": contact.email,
        "phones": [phone_out(p) for p in contact.phones.all()],
    }
    return _emit("contact", fields, contact.hsds_extra)


def address_out(address: Address) -> dict[str, Any]:
    fields = {
        "id": address.uid,
        "attention": address.attention,
        "address_1": address.address_1,
        "address_2": address.address_2,
        "city": address.city,
        "region": address.region,
        "state_province": address.state_province,
        "postal_code": address.postal_code,
        "country": address.country,
        "address_type": address.address_type,
    }
    return _emit("address", fields, address.hsds_extra)


def accessibility_out(accessibility: Accessibility) -> dict[str, Any]:
    fields = {
        "id": accessibility.uid,
        "description": accessibility.description,
        "details": accessibility.details,
        "url": accessibility.url,
    }
    return _emit("accessibility", fields, accessibility.hsds_extra)


def cost_option_out(cost: CostOption) -> dict[str, Any]:
    fields = {
        "id": cost.uid,
        "valid_from": cost.valid_from,
        "valid_to": cost.valid_to,
        "option": cost.option,
        "currency": cost.currency,
        "amount": cost.amount,
        "amount_description": cost.amount_description,
    }
    return _emit("cost_option", fields, cost.hsds_extra)


# ---------------------------------------------------------------------------------------------
# Taxonomies and attributes


def taxonomy_out(taxonomy: Taxonomy) -> dict[str, Any]:
    fields = {
        "id": taxonomy.id,
        "name": taxonomy.name,
        "description": taxonomy.description,
        "uri": taxonomy.uri,
        "version": taxonomy.version,
    }
    return _emit("taxonomy", fields, taxonomy.hsds_extra)


def taxonomy_term_out(term: TaxonomyTerm) -> dict[str, Any]:
    """A term with its taxonomy nested (select_related("taxonomy") first)."""
    fields = {
        "id": term.id,
        "code": term.code,
        "name": term.name,
        "description": term.description,
        "parent_id": term.parent_id or term.parent_uid,
        "taxonomy": term.taxonomy_name,
        "taxonomy_detail": taxonomy_out(term.taxonomy) if term.taxonomy else None,
        "language": term.language,
        "taxonomy_id": term.taxonomy_id,
        "term_uri": term.term_uri,
    }
    return _emit("taxonomy_term", fields, term.hsds_extra)


def attribute_out(attribute: ServiceAttribute) -> dict[str, Any]:
    fields = {
        "id": attribute.uid,
        "link_id": attribute.service_id,
        "taxonomy_term_id": attribute.taxonomy_term_id,
        "link_type": attribute.link_type,
        "link_entity": attribute.link_entity,
        "value": attribute.value,
        "taxonomy_term": taxonomy_term_out(attribute.taxonomy_term),
    }
    return _emit("attribute", fields, attribute.hsds_extra)


_ELIGIBILITY_NAME, _ELIGIBILITY_DESCRIPTION, _ = TAXONOMIES[ELIGIBILITY_TAXONOMY]
_ELIGIBILITY_TERMS = {term.code: term for term in ELIGIBILITY}

# Service columns -> the eligibility term that says so (defaults say nothing).
GENDER_TERMS = {GenderServed.WOMEN: "women-only", GenderServed.MEN: "men-only"}
ACCESS_TERMS = {
    Access.WALK_IN: "walk-in",
    Access.WALK_IN_OR_REFERRAL: "walk-in-or-referral",
    Access.APPOINTMENT: "appointment",
    Access.REFERRAL: "referral-needed",
}
NO_RECOURSE_TERM = "no-recourse-accepted"
LOCAL_CONNECTION_TERM = "local-connection-needed"


def eligibility_codes(service: Service) -> list[str]:
    """The eligibility terms a service's columns say, defaults left out (module docstring)."""
    codes = []
    if service.gender in GENDER_TERMS:
        codes.append(GENDER_TERMS[GenderServed(service.gender)])
    if service.accepts_no_recourse:
        codes.append(NO_RECOURSE_TERM)
    if service.needs_local_connection:
        codes.append(LOCAL_CONNECTION_TERM)
    if service.access != Access.WALK_IN:
        codes.append(ACCESS_TERMS[Access(service.access)])
    return codes


def eligibility_term_out(code: str) -> dict[str, Any]:
    """One of Waypost's eligibility terms, from waypost.directory.terms (no query)."""
    term = _ELIGIBILITY_TERMS[code]
    fields = {
        "id": term_id(code),
        "code": code,
        "name": term.name,
        "description": term.description,
        "taxonomy": _ELIGIBILITY_NAME,
        "taxonomy_detail": _emit(
            "taxonomy",
            {
                "id": taxonomy_id(ELIGIBILITY_TAXONOMY),
                "name": _ELIGIBILITY_NAME,
                "description": _ELIGIBILITY_DESCRIPTION,
                "version": "1",
            },
        ),
        "language": "en",
        "taxonomy_id": taxonomy_id(ELIGIBILITY_TAXONOMY),
    }
    return _emit("taxonomy_term", fields)


def eligibility_attribute_id(service_id: Any, code: str) -> Any:
    """Stable, so a service's eligibility attribute keeps its id from one call to the next."""
    return waypost_uuid(f"attribute:{service_id}:{code}")


def attributes_out(service: Service) -> list[dict[str, Any]]:
    """Eligibility, then categories, then attributes kept as they came in."""
    eligibility = [
        _emit(
            "attribute",
            {
                "id": eligibility_attribute_id(service.pk, code),
                "link_id": service.pk,
                "taxonomy_term_id": term_id(code),
                "link_entity": "service",
                "taxonomy_term": eligibility_term_out(code),
            },
        )
        for code in eligibility_codes(service)
    ]
    categories = [attribute_out(a) for a in service.attributes.all()]
    kept = service.hsds_extra.get("attributes") or []
    return eligibility + categories + (kept if isinstance(kept, list) else [])


# ---------------------------------------------------------------------------------------------
# Organisations, locations, services and services at locations


def organization_fields(org: Organization) -> dict[str, Any]:
    return {
        "id": org.id,
        "name": org.name,
        "alternate_name": org.alternate_name,
        "description": org.description,
        "email": org.email,
        "website": org.website,
        "tax_status": org.tax_status,
        "tax_id": org.tax_id,
        "year_incorporated": org.year_incorporated,
        "legal_status": org.legal_status,
        "logo": org.logo,
        "uri": org.uri,
        "parent_organization_id": org.parent_organization_uid,
    }


def organization_list_item(org: Organization) -> dict[str, Any]:
    return _emit(
        "organization", organization_fields(org), org.hsds_extra, keys=ORGANIZATION_LIST_KEYS
    )


def organization_out(
    org: Organization, *, services: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """Fully nested (organization_lookups()), with `services` when given."""
    fields = organization_fields(org) | {
        "contacts": [contact_out(c) for c in public_contacts(org.contacts.all())],
        "phones": [phone_out(p) for p in org.phones.all()],
        "locations": [location_out(x, with_organization_id=False) for x in org.locations.all()],
        "services": services,
    }
    return _emit("organization", fields, org.hsds_extra)


def location_fields(location: Location) -> dict[str, Any]:
    return {
        "id": location.id,
        "location_type": location.location_type,
        "url": location.url,
        "organization_id": location.organization_id,
        "name": location.name,
        "alternate_name": location.alternate_name,
        "description": location.description,
        "transportation": location.transportation,
        "latitude": location.latitude,
        "longitude": location.longitude,
        "external_identifier": location.external_identifier,
        "external_identifier_type": location.external_identifier_type,
    }


def location_list_item(location: Location) -> dict[str, Any]:
    return _emit(
        "location", location_fields(location), location.hsds_extra, keys=LOCATION_LIST_KEYS
    )


def location_out(location: Location, *, with_organization_id: bool = True) -> dict[str, Any]:
    """Fully nested (location_lookups()). Inside its organisation it does not repeat the
    organisation's id, as the specification's examples do not."""
    fields = location_fields(location) | {
        "languages": [language_out(x) for x in location.languages.all()],
        "addresses": [address_out(a) for a in location.addresses.all()],
        "contacts": [contact_out(c) for c in public_contacts(location.contacts.all())],
        "accessibility": [accessibility_out(a) for a in location.accessibility.all()],
        "phones": [phone_out(p) for p in location.phones.all()],
        "schedules": [schedule_out(s) for s in regular_schedules(location.schedules.all())],
    }
    if not with_organization_id:
        fields["organization_id"] = None
    return _emit("location", fields, location.hsds_extra)


def service_fields(service: Service) -> dict[str, Any]:
    """The one-to-one fields. Never `referral_route`: it is for professionals only."""
    return {
        "id": service.id,
        "organization_id": service.organization_id,
        "name": service.name,
        "alternate_name": service.alternate_name,
        "description": service.description,
        "url": service.url,
        "email": service.email,
        "status": service.status,
        "interpretation_services": service.interpretation_services,
        "application_process": service.application_process,
        "fees_description": service.fees_description,
        "wait_time": service.wait_time,
        "fees": service.fees,
        "accreditations": service.accreditations,
        "eligibility_description": service.eligibility_description,
        "minimum_age": service.minimum_age,
        "maximum_age": service.maximum_age,
        "assured_date": service.assured_date,
        "assurer_email": service.assurer_email,
        "licenses": service.licenses,
        "alert": service.alert,
        "last_modified": service.last_modified,
    }


def service_minimal(service: Service) -> dict[str, Any]:
    """`minimal=true`: the id and when it changed, with the name and status HSDS requires."""
    return {
        "id": str(service.id),
        "name": service.name,
        "status": service.status,
        "last_modified": timestamp(service.last_modified),
    }


def service_list_item(service: Service, *, with_organization: bool = True) -> dict[str, Any]:
    """One-to-one fields, with the organisation's (select_related("organization"))."""
    fields = service_fields(service)
    if with_organization:
        fields["organization"] = organization_list_item(service.organization)
    else:
        fields["organization_id"] = None
    return _emit("service", fields, service.hsds_extra, keys=SERVICE_LIST_KEYS)


def service_out(
    service: Service, *, with_organization: bool = True, with_locations: bool = True
) -> dict[str, Any]:
    """Fully nested (service_lookups()). Inside its organisation it leaves the organisation
    out, and inside a service at location its other locations, as the examples do."""
    fields = service_fields(service) | {
        "phones": [phone_out(p) for p in service.phones.all()],
        "schedules": [schedule_out(s) for s in regular_schedules(service.schedules.all())],
        "languages": [language_out(x) for x in service.languages.all()],
        "cost_options": [cost_option_out(c) for c in service.cost_options.all()],
        "contacts": [contact_out(c) for c in public_contacts(service.contacts.all())],
        "attributes": attributes_out(service),
    }
    if with_locations:
        fields["service_at_locations"] = [
            service_at_location_out(sal, with_service=False) for sal in service.at_locations.all()
        ]
    if with_organization:
        fields["organization"] = organization_out(service.organization)
    else:
        fields["organization_id"] = None
    return _emit("service", fields, service.hsds_extra)


def service_at_location_list_item(sal: ServiceAtLocation) -> dict[str, Any]:
    """select_related("service__organization", "location") first."""
    fields = {
        "id": sal.id,
        "service_id": sal.service_id,
        "location_id": sal.location_id,
        "description": sal.description,
        "location": location_list_item(sal.location),
        "service": service_list_item(sal.service),
    }
    keys = ("id", "service_id", "location_id", "description", "location", "service")
    return _emit("service_at_location", fields, sal.hsds_extra, keys=keys)


def service_at_location_out(sal: ServiceAtLocation, *, with_service: bool = True) -> dict[str, Any]:
    """Fully nested (service_at_location_lookups()); inside its service, without it."""
    fields: dict[str, Any] = {
        "id": sal.id,
        "description": sal.description,
        "contacts": [contact_out(c) for c in public_contacts(sal.contacts.all())],
        "phones": [phone_out(p) for p in sal.phones.all()],
        "schedules": [schedule_out(s) for s in regular_schedules(sal.schedules.all())],
        "location": location_out(sal.location),
    }
    if with_service:
        fields["service_id"] = sal.service_id
        fields["location_id"] = sal.location_id
        fields["service"] = service_out(sal.service, with_locations=False)
    return _emit("service_at_location", fields, sal.hsds_extra)


# ---------------------------------------------------------------------------------------------
# What to prefetch: each function takes the path from the queryset's model to the record


def _phones() -> QuerySet[Phone]:
    return Phone.objects.prefetch_related("languages")


def _contacts() -> QuerySet[Contact]:
    return Contact.objects.filter(internal=False).prefetch_related(
        Prefetch("phones", queryset=_phones())
    )


def _schedules() -> QuerySet[Schedule]:
    return Schedule.objects.filter(bank_holidays_only=False)


def location_lookups(prefix: str = "") -> list[Any]:
    return [
        f"{prefix}languages",
        f"{prefix}addresses",
        Prefetch(f"{prefix}contacts", queryset=_contacts()),
        f"{prefix}accessibility",
        Prefetch(f"{prefix}phones", queryset=_phones()),
        Prefetch(f"{prefix}schedules", queryset=_schedules()),
    ]


def organization_lookups(prefix: str = "") -> list[Any]:
    return [
        Prefetch(f"{prefix}contacts", queryset=_contacts()),
        Prefetch(f"{prefix}phones", queryset=_phones()),
        Prefetch(
            f"{prefix}locations",
            queryset=Location.objects.prefetch_related(*location_lookups()),
        ),
    ]


def service_at_location_lookups(prefix: str = "") -> list[Any]:
    """For a service at location nested in its service (the location, not the service)."""
    return [
        Prefetch(f"{prefix}contacts", queryset=_contacts()),
        Prefetch(f"{prefix}phones", queryset=_phones()),
        Prefetch(f"{prefix}schedules", queryset=_schedules()),
        *location_lookups(f"{prefix}location__"),
    ]


def service_lookups(
    prefix: str = "", *, with_organization: bool = True, with_locations: bool = True
) -> list[Any]:
    """select_related(f"{prefix}organization") too when with_organization."""
    lookups: list[Any] = [
        Prefetch(f"{prefix}phones", queryset=_phones()),
        Prefetch(f"{prefix}schedules", queryset=_schedules()),
        f"{prefix}languages",
        f"{prefix}cost_options",
        Prefetch(f"{prefix}contacts", queryset=_contacts()),
        Prefetch(
            f"{prefix}attributes",
            queryset=ServiceAttribute.objects.select_related("taxonomy_term__taxonomy"),
        ),
    ]
    if with_locations:
        lookups.append(
            Prefetch(
                f"{prefix}at_locations",
                queryset=ServiceAtLocation.objects.select_related("location").prefetch_related(
                    *service_at_location_lookups()
                ),
            )
        )
    if with_organization:
        lookups += organization_lookups(f"{prefix}organization__")
    return lookups


def full_services(services: QuerySet[Service]) -> QuerySet[Service]:
    return services.select_related("organization").prefetch_related(*service_lookups())


def full_organizations(
    orgs: QuerySet[Organization], *, full_service: bool
) -> QuerySet[Organization]:
    """Organisations with their services: fully nested, or their one-to-one fields."""
    services = Service.objects.all()
    if full_service:
        services = services.prefetch_related(*service_lookups(with_organization=False))
    return orgs.prefetch_related(*organization_lookups(), Prefetch("services", queryset=services))


def full_services_at_locations(
    sals: QuerySet[ServiceAtLocation],
) -> QuerySet[ServiceAtLocation]:
    return sals.select_related("location", "service__organization").prefetch_related(
        *service_at_location_lookups(),
        *service_lookups("service__", with_locations=False),
    )
