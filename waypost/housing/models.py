"""Accommodation: the register (providers, schemes, units), vacancies, placements, a person's
housing needs, Housing First, landlords and their properties, and tenancy sustainment.

Schemes and units are not personal data. Placements, housing needs, Housing First cases and
tenancies are records about a person: each names the agency that recorded it and its section,
and every read of them goes through the access policy (waypost.sharing.policy).
"""

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from waypost.audit.models import Section
from waypost.people.models import PersonRecord

# ---------------------------------------------------------------------------------------------
# The register


class AccommodationKind(models.TextChoices):
    EMERGENCY = "emergency", "Emergency bed"
    NIGHT_SHELTER = "night_shelter", "Night shelter"
    SWEP = "swep", "Severe weather (SWEP) bed"
    HOSTEL = "hostel", "Hostel"
    SUPPORTED = "supported", "Supported accommodation"
    TEMPORARY = "temporary", "Temporary accommodation"
    HOUSING_FIRST = "housing_first", "Housing First tenancy"
    PRIVATE_TENANCY = "private_tenancy", "Private rented tenancy"
    SOCIAL_TENANCY = "social_tenancy", "Social housing tenancy"


# Beds for tonight: what "room for all" counts as capacity (SWEP beds only while SWEP is on).
EMERGENCY_KINDS = frozenset(
    {
        AccommodationKind.EMERGENCY,
        AccommodationKind.NIGHT_SHELTER,
        AccommodationKind.SWEP,
        AccommodationKind.HOSTEL,
    }
)
# Where a move on from the street or an emergency bed is meant to last.
LONGER_TERM_KINDS = frozenset(
    {
        AccommodationKind.SUPPORTED,
        AccommodationKind.HOUSING_FIRST,
        AccommodationKind.PRIVATE_TENANCY,
        AccommodationKind.SOCIAL_TENANCY,
    }
)


class GenderRule(models.TextChoices):
    ANYONE = "anyone", "Anyone"
    WOMEN = "women", "Women only"
    MEN = "men", "Men only"


class SupportLevel(models.TextChoices):
    NONE = "none", "No support on site"
    LOW = "low", "Low: visiting support"
    MEDIUM = "medium", "Medium: staff on site by day"
    HIGH = "high", "High: staff on site day and night"


class SubstancePolicy(models.TextChoices):
    HARM_REDUCTION = "harm_reduction", "Harm reduction: use is not a reason to refuse"
    NO_USE_ON_SITE = "no_use_on_site", "No drugs or alcohol on site"
    ABSTINENCE = "abstinence", "Abstinence needed"


class Provider(models.Model):
    """An organisation that runs accommodation. Its agency's staff keep its vacancies."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="accommodation_providers"
    )
    name = models.CharField(max_length=200)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="provider_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Scheme(models.Model):
    """A place to stay run by a provider (a shelter, a hostel, a block of flats), and what it
    suits. Units inherit the scheme's rules; a unit adds only whether it sleeps two and is
    step-free."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="schemes")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=AccommodationKind.choices)
    address = models.CharField(max_length=300, blank=True)
    area = models.CharField(max_length=100, blank=True)
    city_centre = models.BooleanField(default=False)
    phone = models.CharField(max_length=40, blank=True)
    how_to_refer = models.TextField(blank=True)

    # What it suits
    gender_rule = models.CharField(
        max_length=10, choices=GenderRule.choices, default=GenderRule.ANYONE
    )
    couples = models.BooleanField(default=False, help_text="Takes couples")
    pets = models.BooleanField(default=False, help_text="Takes dogs and other pets")
    min_age = models.PositiveSmallIntegerField(default=18)
    max_age = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="For example 24 for an under 25s scheme"
    )
    wheelchair_access = models.BooleanField(default=False)
    support_level = models.CharField(
        max_length=10, choices=SupportLevel.choices, default=SupportLevel.LOW
    )
    substance_policy = models.CharField(
        max_length=20, choices=SubstancePolicy.choices, default=SubstancePolicy.NO_USE_ON_SITE
    )
    max_stay_days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Longest stay; empty when there is no limit"
    )
    accepts_no_recourse = models.BooleanField(
        default=False, help_text="Takes people with no recourse to public funds"
    )
    needs_local_connection = models.BooleanField(default=False)

    is_active = models.BooleanField(default=True)
    # The provider's last check of the vacancy board, even when nothing changed.
    vacancies_updated_at = models.DateTimeField(null=True, blank=True)
    vacancies_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "name"], name="scheme_unique_name"),
            models.CheckConstraint(
                condition=Q(max_age__isnull=True) | Q(max_age__gte=models.F("min_age")),
                name="scheme_ages_in_order",
            ),
        ]
        indexes = [models.Index(fields=["partnership", "kind", "is_active"])]

    def __str__(self) -> str:
        return self.name


class UnitStatus(models.TextChoices):
    FREE = "free", "Free"
    OCCUPIED = "occupied", "Occupied"
    HELD = "held", "Held for someone arriving"
    OUT_OF_USE = "out_of_use", "Out of use"


class Unit(models.Model):
    """A bed, room or flat in a scheme. Its status is what the provider last said."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="units")
    label = models.CharField(max_length=100, help_text="For example 'Room 4' or 'Bed 12'")
    sleeps = models.PositiveSmallIntegerField(default=1, help_text="2 for a couple's room")
    step_free = models.BooleanField(default=False)
    status = models.CharField(max_length=12, choices=UnitStatus.choices, default=UnitStatus.FREE)
    status_changed_at = models.DateTimeField(default=timezone.now)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["scheme", "label"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "label"], name="unit_unique_label"),
            models.CheckConstraint(condition=Q(sleeps__in=[1, 2]), name="unit_sleeps_one_or_two"),
        ]
        indexes = [models.Index(fields=["scheme", "status"])]

    def __str__(self) -> str:
        return self.label


# ---------------------------------------------------------------------------------------------
# Placements and housing needs


class EndReason(models.TextChoices):
    MOVE_ON = "move_on", "Planned move on"
    EVICTION = "eviction", "Eviction"
    ABANDONMENT = "abandonment", "Abandonment"
    CUSTODY = "custody", "Custody"
    HOSPITAL = "hospital", "Hospital"
    DEATH = "death", "Death"
    OTHER = "other", "Other"


class PlacementQuerySet(models.QuerySet["Placement"]):
    def current(self, on: date | None = None) -> "PlacementQuerySet":
        """Placements someone is in on the given day (today by default)."""
        on = on or timezone.localdate()
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on), started_on__lte=on)


class Placement(PersonRecord):
    """Who is where: a person in a unit, from when, until when, and why it ended."""

    section = Section.HOUSING_HISTORY

    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="placements")
    # Kept from the unit so the board and the register read placements in one query.
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="placements")
    started_on = models.DateField(default=date.today)
    expected_end_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=20, choices=EndReason.choices, blank=True)
    end_notes = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = PlacementQuerySet.as_manager()

    class Meta(PersonRecord.Meta):
        ordering = ["-started_on", "-recorded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(ended_on__isnull=True),
                name="placement_one_open_per_person",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="placement_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | ~Q(end_reason=""),
                name="placement_end_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["partnership", "ended_on", "started_on"]),
            models.Index(fields=["scheme", "ended_on"]),
            models.Index(fields=["unit", "ended_on"]),
            models.Index(fields=["person", "started_on"]),
        ]


class HousingNeeds(PersonRecord):
    """What a place to stay must offer this person (the latest one the user may see counts)."""

    section = Section.SUPPORT

    couple = models.BooleanField(default=False, help_text="Needs a place with their partner")
    partner = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    pet = models.BooleanField(default=False, help_text="Has a dog or other pet")
    step_free = models.BooleanField(default=False, help_text="Needs step-free access")
    wheelchair = models.BooleanField(default=False, help_text="Uses a wheelchair")
    support_level = models.CharField(
        max_length=10, choices=SupportLevel.choices, default=SupportLevel.NONE
    )
    harm_reduction = models.BooleanField(
        default=False, help_text="Uses drugs or alcohol and needs a harm reduction place"
    )
    avoid_city_centre = models.BooleanField(default=False)
    notes = models.TextField(blank=True)

    class Meta(PersonRecord.Meta):
        verbose_name_plural = "housing needs"
        indexes = [models.Index(fields=["person", "recorded_at"])]


class HousingSettings(models.Model):
    """The partnership's settings for accommodation."""

    partnership = models.OneToOneField(
        "accounts.Partnership",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="housing_settings",
    )
    housing_first_target = models.PositiveIntegerField(
        default=109, help_text="People housed through Housing First that the plan aims for"
    )
    new_people_window_days = models.PositiveSmallIntegerField(
        default=28, help_text="Room for all expects new people at the rate of this many days"
    )

    class Meta:
        verbose_name_plural = "housing settings"

    def __str__(self) -> str:
        return f"HousingSettings {self.partnership_id}"


# ---------------------------------------------------------------------------------------------
# Landlords, properties and incentives


class LandlordKind(models.TextChoices):
    REGISTERED_PROVIDER = "registered_provider", "Registered provider (housing association)"
    COUNCIL = "council", "Council"
    PRIVATE = "private", "Private landlord"
    LETTING_AGENT = "letting_agent", "Letting agent"


class Landlord(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=LandlordKind.choices)
    contact_name = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    notes = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="landlord_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class AgreementKind(models.TextChoices):
    NO_EXCLUSION = "no_exclusion", "No exclusion for former rough sleepers"
    HOUSING_FIRST = "housing_first", "Housing First partner"
    UNIVERSAL_CREDIT = "universal_credit", "Accepts tenants on Universal Credit"
    DEPOSIT_GUARANTEE = "deposit_guarantee", "Accepts a deposit guarantee"
    NOMINATION_RIGHTS = "nomination_rights", "Nomination rights for the council"


class LandlordAgreement(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    landlord = models.ForeignKey(Landlord, on_delete=models.CASCADE, related_name="agreements")
    kind = models.CharField(max_length=30, choices=AgreementKind.choices)
    agreed_on = models.DateField(default=date.today)
    ends_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["landlord", "kind"]
        indexes = [models.Index(fields=["landlord", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.landlord_id})"


class Property(models.Model):
    """A home a landlord lets (or may let) to someone leaving the street."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    landlord = models.ForeignKey(Landlord, on_delete=models.PROTECT, related_name="properties")
    address = models.CharField(max_length=300)
    postcode = models.CharField(max_length=10, blank=True)
    area = models.CharField(max_length=100, blank=True)
    bedrooms = models.PositiveSmallIntegerField(default=1)
    step_free = models.BooleanField(default=False)
    is_available = models.BooleanField(default=True, help_text="Free to offer now")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["address"]
        verbose_name_plural = "properties"
        indexes = [models.Index(fields=["partnership", "is_available"])]

    def __str__(self) -> str:
        return f"Property {self.id}"


class IncentiveKind(models.TextChoices):
    FINDERS_FEE = "finders_fee", "Finder's fee"
    DEPOSIT = "deposit", "Deposit"
    RENT_IN_ADVANCE = "rent_in_advance", "Rent in advance"
    DAMAGE_GUARANTEE = "damage_guarantee", "Damage guarantee"
    VOID_COVER = "void_cover", "Cover for empty weeks"
    OTHER = "other", "Other"


class Incentive(models.Model):
    """Money paid to a landlord to secure or keep a tenancy. Amounts in pence."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    landlord = models.ForeignKey(Landlord, on_delete=models.PROTECT, related_name="incentives")
    property = models.ForeignKey(
        Property, on_delete=models.PROTECT, null=True, blank=True, related_name="incentives"
    )
    kind = models.CharField(max_length=20, choices=IncentiveKind.choices)
    amount_pence = models.PositiveIntegerField()
    paid_on = models.DateField(default=date.today)
    recorded_by_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-paid_on"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_pence__gt=0), name="incentive_positive")
        ]
        indexes = [models.Index(fields=["landlord", "paid_on"])]

    def __str__(self) -> str:
        return f"Incentive {self.id}"


# ---------------------------------------------------------------------------------------------
# Housing First


class HousingFirstStage(models.TextChoices):
    REFERRED = "referred", "Referred"
    ELIGIBILITY = "eligibility", "Eligibility checked"
    PANEL = "panel", "Panel decision"
    OFFER = "offer", "Property offered"
    TENANCY = "tenancy", "Tenancy started"
    CLOSED = "closed", "Closed without a tenancy"


# The pipeline's order: each case moves forward through these, or closes.
PIPELINE = (
    HousingFirstStage.REFERRED,
    HousingFirstStage.ELIGIBILITY,
    HousingFirstStage.PANEL,
    HousingFirstStage.OFFER,
    HousingFirstStage.TENANCY,
)


class PanelDecision(models.TextChoices):
    APPROVED = "approved", "Approved"
    DEFERRED = "deferred", "Deferred"
    DECLINED = "declined", "Declined"


class HousingFirstCase(PersonRecord):
    """One person's way through Housing First, from referral to a tenancy."""

    section = Section.HOUSING_HISTORY

    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    stage = models.CharField(
        max_length=12, choices=HousingFirstStage.choices, default=HousingFirstStage.REFERRED
    )
    stage_since = models.DateTimeField(default=timezone.now)
    referred_on = models.DateField(default=date.today)
    referral_reason = models.TextField(blank=True)
    eligible = models.BooleanField(null=True, blank=True)
    eligibility_notes = models.TextField(blank=True)
    panel_on = models.DateField(null=True, blank=True)
    panel_decision = models.CharField(max_length=10, choices=PanelDecision.choices, blank=True)
    property = models.ForeignKey(
        Property, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    offered_on = models.DateField(null=True, blank=True)
    tenancy = models.OneToOneField(
        "housing.Tenancy",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="housing_first_case",
    )
    closed_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta(PersonRecord.Meta):
        constraints = [
            # One case in progress a person. A case whose tenancy started stays at "tenancy"
            # for the figures; once that tenancy ends they may be referred again.
            models.UniqueConstraint(
                fields=["person"],
                condition=~Q(stage__in=["closed", "tenancy"]),
                name="housing_first_one_in_progress_per_person",
            )
        ]
        indexes = [models.Index(fields=["partnership", "stage"])]


class HousingFirstStageChange(models.Model):
    """When a case entered each stage: time at each stage is the gap between two of these."""

    section = Section.HOUSING_HISTORY

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(HousingFirstCase, on_delete=models.CASCADE, related_name="changes")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    stage = models.CharField(max_length=12, choices=HousingFirstStage.choices)
    previous_stage = models.CharField(max_length=12, choices=HousingFirstStage.choices, blank=True)
    changed_at = models.DateTimeField(default=timezone.now)
    recorded_by_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["changed_at"]
        indexes = [models.Index(fields=["case", "changed_at"])]

    def __str__(self) -> str:
        return f"HousingFirstStageChange {self.id}"


# ---------------------------------------------------------------------------------------------
# Tenancies and sustainment


class Tenancy(PersonRecord):
    """A tenancy someone holds after leaving the street, and the support that keeps it."""

    section = Section.HOUSING_HISTORY

    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    property = models.ForeignKey(Property, on_delete=models.PROTECT, related_name="tenancies")
    landlord = models.ForeignKey(Landlord, on_delete=models.PROTECT, related_name="tenancies")
    started_on = models.DateField(default=date.today)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=20, choices=EndReason.choices, blank=True)
    floating_support = models.BooleanField(default=False)
    floating_support_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    complex_needs_panel_on = models.DateField(
        null=True, blank=True, help_text="When the case went to the complex needs panel"
    )
    notes = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta(PersonRecord.Meta):
        verbose_name_plural = "tenancies"
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="tenancy_ends_after_start",
            )
        ]
        indexes = [
            models.Index(fields=["partnership", "ended_on"]),
            models.Index(fields=["person", "started_on"]),
        ]


class RiskKind(models.TextChoices):
    RENT_ARREARS = "rent_arrears", "Rent arrears"
    ANTI_SOCIAL = "anti_social", "Anti-social behaviour"
    BENEFIT_SANCTION = "benefit_sanction", "Benefit sanction (notified by DWP)"
    MISSED_VISITS = "missed_visits", "Missed support visits"


class TenancyRisk(PersonRecord):
    """Something that puts a tenancy at risk, until it is resolved."""

    section = Section.HOUSING_HISTORY

    tenancy = models.ForeignKey(Tenancy, on_delete=models.CASCADE, related_name="risks")
    kind = models.CharField(max_length=20, choices=RiskKind.choices)
    noted_on = models.DateField(default=date.today)
    details = models.TextField(blank=True)
    resolved_on = models.DateField(null=True, blank=True)

    class Meta(PersonRecord.Meta):
        indexes = [models.Index(fields=["tenancy", "resolved_on"])]
