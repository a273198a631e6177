"""Street work: the partnership's places and hotspots, street contacts (including people not yet
identified), street counts for the national returns, and the by-name list of everyone known to
be sleeping rough or at risk.

A street contact says where someone was and when: it is personal data in the contact and
location section, read through waypost.outreach.access. Being seen **bedded down** is the
verified definition of rough sleeping that the flows (new, continuing, returner) count.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from waypost.audit.models import Section

NO_CONTACT_DAYS = 28  # by default, someone not met for this many days shows as "no contact"
NEW_LOOKBACK_MONTHS = 60  # "new" to rough sleeping: not seen bedded down in the preceding 60 months


class PlaceKind(models.TextChoices):
    PLACE = "place", "Named place"
    HOTSPOT = "hotspot", "Hotspot"


class Place(models.Model):
    """A named place or hotspot where outreach teams meet people: not personal data."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.CASCADE, related_name="street_places"
    )
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=10, choices=PlaceKind.choices, default=PlaceKind.PLACE)
    area = models.CharField(max_length=120, blank=True, help_text="Ward or district, for counts")
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="street_place_once")
        ]

    def __str__(self) -> str:
        return self.name


class Activity(models.TextChoices):
    """What someone was doing when met, beyond sleeping (recorded for tasking, not as blame)."""

    BEGGING = "begging", "Begging"
    STREET_DRINKING = "street_drinking", "Street drinking"
    DRUG_USE = "drug_use", "Drug use"
    SELLING = "selling", "Selling (for example the Big Issue)"
    SEX_WORK = "sex_work", "Sex work"
    TENTS = "tents", "Tent or encampment"
    OTHER = "other", "Something else"


class Offer(models.TextChoices):
    """What the outreach worker offered. The same codes record what was accepted."""

    ACCOMMODATION = "accommodation", "Accommodation or a bed tonight"
    ASSESSMENT = "assessment", "Housing assessment"
    FOOD = "food", "Food or drink"
    BLANKETS = "blankets", "Blankets or sleeping bag"
    HEALTH = "health", "Health care"
    DRUG_ALCOHOL = "drug_alcohol", "Drug or alcohol service"
    MENTAL_HEALTH = "mental_health", "Mental health support"
    RECONNECTION = "reconnection", "Reconnection to another area"
    DAY_CENTRE = "day_centre", "Day centre"
    BENEFITS = "benefits", "Help with benefits or ID"
    OTHER = "other", "Something else"


class StreetContactQuerySet(models.QuerySet["StreetContact"]):
    def bedded_down(self) -> "StreetContactQuerySet":
        return self.filter(bedded_down=True)

    def unidentified(self) -> "StreetContactQuerySet":
        return self.filter(person__isnull=True)


class StreetContact(models.Model):
    """One meeting on the street, by an outreach worker, with someone known or not yet
    identified (then a description stands in for the person until they are identified)."""

    section = Section.CONTACT

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="street_contacts",
    )
    description = models.TextField(
        blank=True, help_text="For someone not yet identified: appearance, name given, dog…"
    )
    contacted_at = models.DateTimeField(default=timezone.now)
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="contacts"
    )
    location_detail = models.CharField(max_length=200, blank=True, help_text="Doorway, car park…")
    # From the device, only when the worker allowed it; rounded to about 10 metres.
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    bedded_down = models.BooleanField(
        help_text="Seen sleeping or bedded down (about to sleep) in the open air or a place "
        "not designed for habitation: the verified rough-sleeping definition"
    )
    activities = models.JSONField(default=list, blank=True)  # Activity codes
    offered = models.JSONField(default=list, blank=True)  # Offer codes
    accepted = models.JSONField(default=list, blank=True)  # Offer codes, a subset of offered
    notes = models.TextField(blank=True)
    recorded_by_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    identified_at = models.DateTimeField(null=True, blank=True)
    identified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = StreetContactQuerySet.as_manager()

    class Meta:
        ordering = ["-contacted_at"]
        indexes = [
            models.Index(fields=["partnership", "contacted_at"]),
            models.Index(fields=["person", "contacted_at"]),
            models.Index(
                fields=["partnership", "recorded_at"],
                condition=Q(person__isnull=True),
                name="street_contact_unidentified",
            ),
            # Reports (flows, the monthly return) count identified people's bedded-down
            # contacts: by month, then each person's look-back. Partial and holding every
            # column those queries read, so they are index-only scans (the last column is a
            # key rather than INCLUDE only because SQLite has no INCLUDE).
            models.Index(
                fields=["partnership", "contacted_at", "person"],
                condition=Q(bedded_down=True, person__isnull=False),
                name="street_contact_sightings",
            ),
            models.Index(
                fields=["person", "contacted_at", "partnership"],
                condition=Q(bedded_down=True),
                name="street_contact_person_seen",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(description=""),
                name="street_contact_person_or_description",
            )
        ]

    def __str__(self) -> str:
        return f"StreetContact {self.id}"


class BeddedDownMonth(models.Model):
    """A person record seen bedded down in a UK month, in one partnership: the summary the
    monthly return and the flows read instead of every street contact.

    Derived data, kept in step with street contacts by waypost.outreach.sighting_months
    (`refresh_records` after any change to a record's contacts). `nights`: bit d set when seen
    on the night of day d of the month (bit 0: the night before its first day, for a contact
    before noon on the 1st). `months_before`: bit k set when the record was seen k months
    before, for k from 1 to NEW_LOOKBACK_MONTHS.
    """

    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    month = models.DateField(help_text="First day of the month, UK time")
    nights = models.BigIntegerField()
    months_before = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "month", "partnership"], name="bedded_down_month_once"
            )
        ]
        indexes = [
            # The month's rows with every column the return reads: an index-only scan (keys
            # rather than INCLUDE, as SQLite has no INCLUDE).
            models.Index(
                fields=["partnership", "month", "person", "nights", "months_before"],
                name="bedded_down_month_return",
            )
        ]

    def __str__(self) -> str:
        return f"Bedded-down month {self.pk}"


class CountKind(models.TextChoices):
    ANNUAL = "annual", "Annual snapshot (autumn)"
    MONTHLY = "monthly", "Monthly single-night figure"


class CountMethod(models.TextChoices):
    COUNT = "count", "Street count"
    ESTIMATE = "estimate", "Evidence-based estimate"
    BOTH = "both", "Estimate informed by a spotlight count"


class StreetCount(models.Model):
    """One night's figure for a partnership: the annual snapshot returned to the government, or
    a monthly single-night figure. The annual snapshot lists each person counted."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="street_counts"
    )
    kind = models.CharField(max_length=10, choices=CountKind.choices)
    method = models.CharField(max_length=10, choices=CountMethod.choices, default=CountMethod.COUNT)
    night = models.DateField(help_text="The date the night began")
    areas_covered = models.TextField(blank=True)
    # An estimate (or a monthly figure) is a number; a count is the people listed.
    total = models.PositiveIntegerField(null=True, blank=True)
    new_to_rough_sleeping = models.PositiveIntegerField(
        null=True, blank=True, help_text="Monthly figures: of the total, people new this month"
    )
    notes = models.TextField(blank=True)
    # The annual snapshot's return also names who was consulted and who verified it.
    agencies_consulted = models.TextField(blank=True)
    verifier = models.CharField(
        max_length=300, blank=True, help_text="The independent verifier, e.g. Homeless Link"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    recorded_by_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-night"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "kind", "night"], name="street_count_once_a_night"
            )
        ]

    def __str__(self) -> str:
        return f"StreetCount {self.night} {self.kind}"


class CountedGender(models.TextChoices):
    MALE = "male", "Male"
    FEMALE = "female", "Female"
    OTHER = "other", "Another gender"
    NOT_KNOWN = "not_known", "Not known"


class CountedAge(models.TextChoices):
    UNDER_18 = "under_18", "Under 18"
    AGE_18_25 = "18_25", "18 to 25"
    AGE_26_PLUS = "26_plus", "26 or over"
    NOT_KNOWN = "not_known", "Not known"


class CountedNationality(models.TextChoices):
    UK = "uk", "UK national"
    EU = "eu", "EU national (not UK)"
    NON_EU = "non_eu", "Non-EU national"
    NOT_KNOWN = "not_known", "Not known"


class CountedPerson(models.Model):
    """One person seen on the count night, with the fields the national snapshot asks for."""

    section = Section.CONTACT

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    count = models.ForeignKey(StreetCount, on_delete=models.CASCADE, related_name="people")
    person = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    gender = models.CharField(
        max_length=10, choices=CountedGender.choices, default=CountedGender.NOT_KNOWN
    )
    age = models.CharField(max_length=10, choices=CountedAge.choices, default=CountedAge.NOT_KNOWN)
    nationality = models.CharField(
        max_length=10, choices=CountedNationality.choices, default=CountedNationality.NOT_KNOWN
    )
    description = models.CharField(max_length=300, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at"]

    def __str__(self) -> str:
        return f"CountedPerson {self.id}"


class ListStatus(models.TextChoices):
    ROUGH_SLEEPING = "rough_sleeping", "Sleeping rough"
    AT_RISK = "at_risk", "At risk of sleeping rough"
    EMERGENCY = "emergency", "In emergency or temporary accommodation"
    SUPPORTED = "supported", "In supported accommodation"
    HOUSED = "housed", "Housed"
    HOSPITAL = "hospital", "In hospital"
    CUSTODY = "custody", "In custody"
    LEFT_AREA = "left_area", "Left the area"
    DECEASED = "deceased", "Died"


# People on these are no longer counted as "currently known": shown only when filtered for.
CLOSED_STATUSES = frozenset({ListStatus.HOUSED, ListStatus.LEFT_AREA, ListStatus.DECEASED})


class ByNameEntryQuerySet(models.QuerySet["ByNameEntry"]):
    def current(self) -> "ByNameEntryQuerySet":
        return self.exclude(status__in=CLOSED_STATUSES)


class ByNameEntry(models.Model):
    """A person's place on the partnership's by-name list: one row per person, kept up to date
    as things happen (status changes, contacts, tier changes by the cases app)."""

    section = Section.CONTACT

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="by_name_entry"
    )
    status = models.CharField(max_length=20, choices=ListStatus.choices)
    status_since = models.DateTimeField(default=timezone.now)
    added_at = models.DateTimeField(default=timezone.now)
    added_by_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+"
    )
    # Kept here so the list is one indexed query: written by the contact and tier actions.
    last_contact_at = models.DateTimeField(null=True, blank=True)
    tier = models.PositiveSmallIntegerField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = ByNameEntryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "by-name list entries"
        ordering = ["-status_since"]
        indexes = [
            models.Index(fields=["partnership", "status", "last_contact_at"]),
            models.Index(fields=["partnership", "tier"]),
            models.Index(fields=["partnership", "added_at"]),
            # The list's default sort, last seen: a page reads its rows in order and stops.
            models.Index(
                "partnership",
                Coalesce("last_contact_at", "added_at"),
                "id",
                name="by_name_last_seen",
            ),
        ]

    def __str__(self) -> str:
        return f"ByNameEntry {self.id}"


class StatusChange(models.Model):
    """The history of a person's by-name list status (shown on their timeline)."""

    section = Section.CONTACT

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    entry = models.ForeignKey(ByNameEntry, on_delete=models.CASCADE, related_name="changes")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=20, choices=ListStatus.choices)
    previous_status = models.CharField(max_length=20, choices=ListStatus.choices, blank=True)
    changed_at = models.DateTimeField(default=timezone.now)
    recorded_by_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-changed_at"]
        indexes = [
            models.Index(fields=["person", "changed_at"]),
            # The monthly return's "left hospital or prison": moves off those two statuses.
            models.Index(
                fields=["changed_at"],
                condition=Q(previous_status="hospital") | Q(previous_status="custody"),
                name="status_change_left_institution",
            ),
        ]

    def __str__(self) -> str:
        return f"StatusChange {self.id}"


class OutreachSettings(models.Model):
    """The partnership's settings for street work."""

    partnership = models.OneToOneField(
        "accounts.Partnership",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="outreach_settings",
    )
    no_contact_days = models.PositiveSmallIntegerField(
        default=NO_CONTACT_DAYS,
        help_text="Someone not met for this many days shows as 'no contact' on the by-name list",
    )

    class Meta:
        verbose_name_plural = "outreach settings"

    def __str__(self) -> str:
        return f"OutreachSettings {self.partnership_id}"
