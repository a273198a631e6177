"""The service directory, in the shape of Open Referral's Human Services Data Specification
(HSDS 3): organisations, services, locations, services at locations, their phones, contacts,
schedules, languages, addresses, accessibility and costs, and categories from taxonomies.

Nothing here is about a person who uses services. Contacts marked `internal` (a named worker's
direct line, say) and a service's `referral_route` are for professionals only: public pages and
the public HSDS API leave them out.

Ids are UUIDs, as HSDS wants, so a service keeps its id from one export or import to the next.
Core records (organisation, service, location, service at location, taxonomy, term) use the
HSDS id as their primary key. The small records that HSDS nests (phones, contacts, schedules,
languages, addresses, accessibility, costs) keep the HSDS id in `uid`: a dataset may nest the
same phone under a service and under its location, and each copy is its own row here.

Parts of HSDS that Waypost stores but does not use (funding, programs, required documents,
service areas, organisation identifiers, metadata, attributes outside the taxonomy) are kept
as they came in each record's `hsds_extra`, so an import comes back out as it went in.
"""

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

# ---------------------------------------------------------------------------------------------
# Taxonomies (the categories of need)

# The namespace for ids derived from stable codes (Waypost's own taxonomy terms).
WAYPOST_NAMESPACE = uuid.UUID("5f0f6e0a-7c3e-4b8e-9a51-3d2b8f6c1a10")


def waypost_uuid(code: str) -> uuid.UUID:
    """The stable id of something Waypost defines by a code, the same on every installation."""
    return uuid.uuid5(WAYPOST_NAMESPACE, code)


class Taxonomy(models.Model):
    """A list of categories (Waypost's own, or one that came in with an import)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200)
    description = models.TextField()
    uri = models.CharField(max_length=500, blank=True)
    version = models.CharField(max_length=50, blank=True)
    hsds_extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "taxonomies"

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(models.Model):
    """One category. Waypost's terms have a `code` (like `food`) that pages and links use."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    taxonomy = models.ForeignKey(
        Taxonomy, on_delete=models.CASCADE, null=True, blank=True, related_name="terms"
    )
    # HSDS lets a term name its taxonomy in words instead of (or as well as) by id.
    taxonomy_name = models.CharField(max_length=200, blank=True)
    code = models.CharField(max_length=100, blank=True)
    name = models.CharField(max_length=200)
    description = models.TextField()
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children"
    )
    # An imported term may name a parent this installation does not hold: kept as given.
    parent_uid = models.CharField(max_length=100, blank=True)
    language = models.CharField(max_length=20, blank=True)
    term_uri = models.CharField(max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    hsds_extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["position", "name"]
        indexes = [models.Index(fields=["taxonomy", "code"])]

    def __str__(self) -> str:
        return self.name


# ---------------------------------------------------------------------------------------------
# Where: areas of a partnership, organisations, locations


class Area(models.Model):
    """A part of the partnership's area (a ward, a neighbourhood, the city centre), with a
    middle point so the public can look for services near it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.CASCADE, related_name="directory_areas"
    )
    name = models.CharField(max_length=100)
    latitude = models.DecimalField(max_digits=8, decimal_places=5)
    longitude = models.DecimalField(max_digits=8, decimal_places=5)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="directory_area_once")
        ]

    def __str__(self) -> str:
        return self.name


class Organization(models.Model):
    """An organisation that runs services (HSDS `organization`). When it is one of the
    partnership's agencies, that agency's staff keep its services up to date."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="directory_organizations"
    )
    agency = models.OneToOneField(
        "accounts.Agency",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="directory_organization",
    )
    name = models.CharField(max_length=200)
    alternate_name = models.CharField(max_length=200, blank=True)
    description = models.TextField()
    email = models.CharField(max_length=254, blank=True)
    website = models.CharField(max_length=500, blank=True)
    tax_status = models.CharField(max_length=100, blank=True)
    tax_id = models.CharField(max_length=100, blank=True)
    year_incorporated = models.PositiveSmallIntegerField(null=True, blank=True)
    legal_status = models.CharField(max_length=100, blank=True)
    logo = models.CharField(max_length=500, blank=True)
    uri = models.CharField(max_length=500, blank=True)
    parent_organization_uid = models.CharField(max_length=100, blank=True)
    hsds_extra = models.JSONField(default=dict, blank=True)
    last_modified = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["partnership", "name"])]

    def __str__(self) -> str:
        return self.name


class LocationType(models.TextChoices):
    PHYSICAL = "physical", "A place people can visit"
    POSTAL = "postal", "A postal address only"
    VIRTUAL = "virtual", "Online or by phone"


class Location(models.Model):
    """Where services are given (HSDS `location`)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="directory_locations"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="locations"
    )
    area = models.ForeignKey(
        Area, on_delete=models.SET_NULL, null=True, blank=True, related_name="locations"
    )
    location_type = models.CharField(
        max_length=10, choices=LocationType.choices, default=LocationType.PHYSICAL
    )
    url = models.CharField(max_length=500, blank=True)
    name = models.CharField(max_length=200, blank=True)
    alternate_name = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    transportation = models.TextField(blank=True, help_text="How to get there")
    # Kept as given: an imported dataset may hold values that are not real places, and pages
    # then do not use them for distances (see waypost.directory.geo).
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    external_identifier = models.CharField(max_length=100, blank=True)
    external_identifier_type = models.CharField(max_length=100, blank=True)
    hsds_extra = models.JSONField(default=dict, blank=True)
    last_modified = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["partnership", "area"])]

    def __str__(self) -> str:
        return self.name or str(self.id)


class Address(models.Model):
    """A location's address (HSDS `address`)."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="addresses")
    uid = models.UUIDField(default=uuid.uuid4)
    attention = models.CharField(max_length=200, blank=True)
    address_1 = models.CharField(max_length=200)
    address_2 = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100)
    region = models.CharField(max_length=100, blank=True)
    state_province = models.CharField(max_length=100, blank=True)
    postal_code = models.CharField(max_length=20)
    country = models.CharField(max_length=2, default="GB")
    address_type = models.CharField(max_length=20, default="physical")
    hsds_extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["location", "id"]

    def __str__(self) -> str:
        return ", ".join(p for p in [self.address_1, self.city, self.postal_code] if p)


class Accessibility(models.Model):
    """What a location does for disabled people (HSDS `accessibility`)."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="accessibility")
    uid = models.UUIDField(default=uuid.uuid4)
    description = models.TextField(blank=True)
    details = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    hsds_extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["location", "id"]
        verbose_name_plural = "accessibility"

    def __str__(self) -> str:
        return self.description[:60]


# ---------------------------------------------------------------------------------------------
# Services


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", "Running"
    INACTIVE = "inactive", "Not running for now"
    DEFUNCT = "defunct", "Closed for good"
    TEMPORARILY_CLOSED = "temporarily closed", "Temporarily closed"


class GenderServed(models.TextChoices):
    ANYONE = "anyone", "Anyone"
    WOMEN = "women", "Women only"
    MEN = "men", "Men only"


class Access(models.TextChoices):
    """How a person gets in."""

    WALK_IN = "walk_in", "Walk in: no referral or appointment needed"
    WALK_IN_OR_REFERRAL = "walk_in_or_referral", "Walk in, or be referred"
    APPOINTMENT = "appointment", "Ring or write for an appointment"
    REFERRAL = "referral", "Referral needed"


class BankHolidays(models.TextChoices):
    USUAL = "usual", "Open as usual"
    CLOSED = "closed", "Closed"
    SPECIAL = "special", "Different hours (the bank holiday hours)"


# How long a service may go unchecked before it is flagged to its agency.
STALE_AFTER_DAYS = 183


class Service(models.Model):
    """A service (HSDS `service`), with the eligibility Waypost searches on as columns.

    `partnership` repeats the organisation's so every list is scoped by one indexed column.
    `version` guards edits from two tabs. `last_checked_at` moves on when the agency says the
    entry is still right, whether or not anything changed.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="directory_services"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="services"
    )
    name = models.CharField(max_length=200)
    alternate_name = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    email = models.CharField(max_length=254, blank=True)
    status = models.CharField(
        max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    interpretation_services = models.TextField(blank=True)
    application_process = models.TextField(blank=True, help_text="How to get in")
    fees_description = models.TextField(blank=True)
    wait_time = models.CharField(max_length=200, blank=True)
    fees = models.TextField(blank=True)
    accreditations = models.TextField(blank=True)
    eligibility_description = models.TextField(blank=True)
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    assured_date = models.DateField(null=True, blank=True)
    assurer_email = models.CharField(max_length=254, blank=True)
    licenses = models.TextField(blank=True)
    alert = models.TextField(blank=True, help_text="A short notice shown at the top")
    last_modified = models.DateTimeField(default=timezone.now)

    # Eligibility Waypost filters on (HSDS carries them as attributes: waypost.directory.terms)
    gender = models.CharField(
        max_length=10, choices=GenderServed.choices, default=GenderServed.ANYONE
    )
    accepts_no_recourse = models.BooleanField(
        default=False, help_text="Open to people with no recourse to public funds"
    )
    needs_local_connection = models.BooleanField(default=False)
    access = models.CharField(max_length=20, choices=Access.choices, default=Access.WALK_IN)
    bank_holidays = models.CharField(
        max_length=10, choices=BankHolidays.choices, default=BankHolidays.USUAL
    )

    # For professionals only: how to refer (form, secure email, who to ask for).
    referral_route = models.TextField(blank=True)

    categories = models.ManyToManyField(
        TaxonomyTerm, through="ServiceAttribute", related_name="services", blank=True
    )
    # An emergency bed scheme this entry describes: its free beds show beside it.
    housing_scheme = models.OneToOneField(
        "housing.Scheme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="directory_service",
    )

    last_checked_at = models.DateTimeField(default=timezone.now)
    last_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # When the agency was last told this entry is out of date (once per lapse).
    stale_notified_at = models.DateTimeField(null=True, blank=True)
    hsds_extra = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(maximum_age__isnull=True)
                | Q(minimum_age__isnull=True)
                | Q(maximum_age__gte=models.F("minimum_age")),
                name="directory_service_ages_in_order",
            )
        ]
        indexes = [
            models.Index(fields=["partnership", "status", "name"]),
            models.Index(fields=["partnership", "last_checked_at"]),
            models.Index(fields=["last_modified"]),
        ]

    def __str__(self) -> str:
        return self.name


class ServiceAttribute(models.Model):
    """A service's category (HSDS `attribute` linking a service to a taxonomy term)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="attributes")
    taxonomy_term = models.ForeignKey(
        TaxonomyTerm, on_delete=models.CASCADE, related_name="attributes"
    )
    uid = models.UUIDField(default=uuid.uuid4)
    link_type = models.CharField(max_length=100, blank=True)
    link_entity = models.CharField(max_length=50, default="service")
    value = models.CharField(max_length=500, blank=True)
    hsds_extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["service", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "taxonomy_term"], name="directory_attribute_once"
            )
        ]
        indexes = [models.Index(fields=["taxonomy_term", "service"])]

    def __str__(self) -> str:
        return f"{self.service_id} in {self.taxonomy_term_id}"


class ServiceAtLocation(models.Model):
    """A service given at a location (HSDS `service_at_location`)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="services_here")
    description = models.TextField(blank=True)
    hsds_extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["service", "location"]
        constraints = [
            models.UniqueConstraint(fields=["service", "location"], name="directory_sal_once")
        ]

    def __str__(self) -> str:
        return f"{self.service} at {self.location}"


class CostOption(models.Model):
    """What a service costs (HSDS `cost_option`). Amounts in pounds, as HSDS gives them."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    uid = models.UUIDField(default=uuid.uuid4)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    option = models.CharField(max_length=200, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    amount_description = models.CharField(max_length=200, blank=True)
    hsds_extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["service", "id"]

    def __str__(self) -> str:
        return self.option or self.amount_description or str(self.uid)


# ---------------------------------------------------------------------------------------------
# Records nested under more than one kind of parent: exactly one parent is set.


def _one_parent(name: str, fields: list[str]) -> models.CheckConstraint:
    """Exactly one of `fields` is set."""
    condition = Q()
    for chosen in fields:
        branch = Q(**{f"{chosen}__isnull": False})
        for other in fields:
            if other != chosen:
                branch &= Q(**{f"{other}__isnull": True})
        condition |= branch
    return models.CheckConstraint(condition=condition, name=name)


class Contact(models.Model):
    """A named contact (HSDS `contact`). `internal` ones are for professionals only."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    uid = models.UUIDField(default=uuid.uuid4)
    name = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=200, blank=True)
    department = models.CharField(max_length=200, blank=True)
    email = models.CharField(max_length=254, blank=True)
    internal = models.BooleanField(
        default=False, help_text="For professionals only: not on public pages or the open API"
    )
    hsds_extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            _one_parent(
                "directory_contact_one_parent",
                ["organization", "service", "service_at_location", "location"],
            )
        ]

    def __str__(self) -> str:
        return self.name or self.title or self.department or str(self.uid)


class Phone(models.Model):
    """A phone number (HSDS `phone`)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    uid = models.UUIDField(default=uuid.uuid4)
    number = models.CharField(max_length=50)
    extension = models.PositiveIntegerField(null=True, blank=True)
    type = models.CharField(max_length=20, blank=True, help_text="voice, text, fax, cell…")
    description = models.TextField(blank=True)
    hsds_extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            _one_parent(
                "directory_phone_one_parent",
                ["organization", "service", "service_at_location", "location", "contact"],
            )
        ]

    def __str__(self) -> str:
        return self.number


class Language(models.Model):
    """A language spoken (HSDS `language`)."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="languages"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="languages"
    )
    phone = models.ForeignKey(
        Phone, on_delete=models.CASCADE, null=True, blank=True, related_name="languages"
    )
    uid = models.UUIDField(default=uuid.uuid4)
    name = models.CharField(max_length=100, blank=True)
    code = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)
    hsds_extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            _one_parent("directory_language_one_parent", ["service", "location", "phone"])
        ]

    def __str__(self) -> str:
        return self.name or self.code


class Schedule(models.Model):
    """When a service, location or service at location is open (HSDS `schedule`, an iCalendar
    RRULE in columns). Times are London wall-clock times. `closes_at` earlier than `opens_at`
    means the session runs past midnight (a night shelter from 20:00 to 08:00).

    Waypost works out "open now" for WEEKLY and DAILY rules (waypost.directory.opening); other
    rules are shown in words only. `bank_holidays_only` marks the hours used on bank holidays
    by a service whose `bank_holidays` is "special".
    """

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="schedules",
    )
    uid = models.UUIDField(default=uuid.uuid4)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    dtstart = models.DateField(null=True, blank=True)
    timezone = models.SmallIntegerField(null=True, blank=True)
    until = models.DateField(null=True, blank=True)
    count = models.PositiveIntegerField(null=True, blank=True)
    wkst = models.CharField(max_length=2, blank=True)
    freq = models.CharField(max_length=10, blank=True, help_text="WEEKLY or DAILY, or MONTHLY")
    interval = models.PositiveSmallIntegerField(null=True, blank=True)
    byday = models.CharField(max_length=60, blank=True, help_text="Like MO,TU,WE")
    byweekno = models.CharField(max_length=200, blank=True)
    bymonthday = models.CharField(max_length=200, blank=True)
    byyearday = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    schedule_link = models.CharField(max_length=500, blank=True)
    attending_type = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)
    bank_holidays_only = models.BooleanField(default=False)
    hsds_extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            _one_parent(
                "directory_schedule_one_parent", ["service", "location", "service_at_location"]
            )
        ]

    def __str__(self) -> str:
        return self.description or f"{self.freq} {self.byday} {self.opens_at}-{self.closes_at}"


class Closure(models.Model):
    """Days a service is shut outside its usual pattern ("closed today", a staff training
    day). A session belongs to the day it opens: a closure on the 24th shuts the night shelter
    session that opens that evening, not the one that opened on the 23rd."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="closures")
    starts_on = models.DateField()
    ends_on = models.DateField()
    reason = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["service", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="directory_closure_in_order"
            )
        ]
        indexes = [models.Index(fields=["service", "ends_on"])]

    def __str__(self) -> str:
        return f"Closed {self.starts_on} to {self.ends_on}"

    def covers(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


class BankHoliday(models.Model):
    """A bank holiday in England and Wales (the gov.uk list; admins add new years)."""

    date = models.DateField(unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.name} ({self.date:%-d %B %Y})"


# ---------------------------------------------------------------------------------------------
# The printable toolkit


class Audience(models.TextChoices):
    SCHOOLS = "schools", "Schools and colleges"
    HOSPITALS = "hospitals", "Hospitals"
    GPS = "gps", "GP practices"
    JOBCENTRES = "jobcentres", "JobCentres"


class ToolkitChoice(models.Model):
    """A service chosen for one audience's printable toolkit, in the order it is listed."""

    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    audience = models.CharField(max_length=20, choices=Audience.choices)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="toolkit_choices")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["audience", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "audience", "service"], name="toolkit_choice_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service_id} for {self.audience}"
