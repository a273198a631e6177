"""The one shared person record and everything recorded about the person, by section.

Every record about a person says which agency recorded it (`recorded_by_agency`): the access
policy (waypost.sharing.policy) lets an agency always see its own records and other agencies'
only with sharing permission. Reads go through waypost.people.access, never these managers.
"""

import uuid
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from waypost.audit.models import Section

if TYPE_CHECKING:
    from waypost.accounts.models import User


class BirthDatePrecision(models.TextChoices):
    EXACT = "exact", "Exact date"
    MONTH = "month", "Month and year"
    YEAR = "year", "Year only"
    ESTIMATED = "estimated", "Estimated age"
    UNKNOWN = "unknown", "Not known"


class Gender(models.TextChoices):
    WOMAN = "woman", "Woman"
    MAN = "man", "Man"
    NON_BINARY = "non_binary", "Non-binary"
    SELF_DESCRIBED = "self_described", "They describe it another way"
    NOT_SAID = "not_said", "Prefers not to say"
    UNKNOWN = "unknown", "Not known"


class Ethnicity(models.TextChoices):
    """ONS 2021 census categories for England and Wales."""

    ASIAN_BANGLADESHI = "asian_bangladeshi", "Asian or Asian British: Bangladeshi"
    ASIAN_CHINESE = "asian_chinese", "Asian or Asian British: Chinese"
    ASIAN_INDIAN = "asian_indian", "Asian or Asian British: Indian"
    ASIAN_PAKISTANI = "asian_pakistani", "Asian or Asian British: Pakistani"
    ASIAN_OTHER = "asian_other", "Asian or Asian British: any other Asian background"
    BLACK_AFRICAN = "black_african", "Black, Black British, Caribbean or African: African"
    BLACK_CARIBBEAN = "black_caribbean", "Black, Black British, Caribbean or African: Caribbean"
    BLACK_OTHER = "black_other", "Black, Black British, Caribbean or African: any other background"
    MIXED_WHITE_ASIAN = "mixed_white_asian", "Mixed or multiple: White and Asian"
    MIXED_WHITE_BLACK_AFRICAN = (
        "mixed_white_black_african",
        "Mixed or multiple: White and Black African",
    )
    MIXED_WHITE_BLACK_CARIBBEAN = (
        "mixed_white_black_caribbean",
        "Mixed or multiple: White and Black Caribbean",
    )
    MIXED_OTHER = "mixed_other", "Mixed or multiple: any other mixed background"
    WHITE_BRITISH = (
        "white_british",
        "White: English, Welsh, Scottish, Northern Irish or British",
    )
    WHITE_IRISH = "white_irish", "White: Irish"
    WHITE_GYPSY_TRAVELLER = "white_gypsy_traveller", "White: Gypsy or Irish Traveller"
    WHITE_ROMA = "white_roma", "White: Roma"
    WHITE_OTHER = "white_other", "White: any other White background"
    OTHER_ARAB = "other_arab", "Other ethnic group: Arab"
    OTHER = "other", "Other ethnic group: any other ethnic group"
    NOT_SAID = "not_said", "Prefers not to say"


class ImmigrationStatus(models.TextChoices):
    BRITISH_IRISH = "british_irish", "British or Irish citizen"
    SETTLED = "settled", "Settled status or indefinite leave to remain"
    PRE_SETTLED = "pre_settled", "Pre-settled status"
    LIMITED_LEAVE = "limited_leave", "Limited leave to remain"
    ASYLUM_SEEKER = "asylum_seeker", "Asylum seeker"
    REFUGEE = "refugee", "Refugee or humanitarian protection"
    NO_LEAVE = "no_leave", "No current leave"
    UNKNOWN = "unknown", "Not known"


class PublicFunds(models.TextChoices):
    HAS_RECOURSE = "has_recourse", "Has recourse to public funds"
    NO_RECOURSE = "no_recourse", "No recourse to public funds"
    UNKNOWN = "unknown", "Not known"


class LocalConnection(models.TextChoices):
    HAS = "has", "Has a local connection here"
    ELSEWHERE = "elsewhere", "Local connection elsewhere"
    NONE = "none", "No local connection anywhere"
    UNKNOWN = "unknown", "Not known"


# Records that appear in no list: merged away, anonymised or restricted (the opposite of
# live().unrestricted()). Few, and indexed, so a list can leave them out by id.
NOT_LISTED = (
    Q(merged_into__isnull=False) | Q(anonymised_at__isnull=False) | Q(restricted_at__isnull=False)
)


class PersonQuerySet(models.QuerySet["Person"]):
    def live(self) -> "PersonQuerySet":
        """Records that can appear in a list: not merged away and not anonymised."""
        return self.filter(merged_into__isnull=True, anonymised_at__isnull=True)

    def unrestricted(self) -> "PersonQuerySet":
        """Restriction of processing (UK GDPR Art 18): kept, but in no search, list or report."""
        return self.filter(restricted_at__isnull=True)

    def visible_to(self, user: "User") -> "PersonQuerySet":
        """People whose identity `user` may see, for lists, search and matching.

        Live, unrestricted records only. The per-section decisions for one person are
        `waypost.sharing.policy.access_for`.
        """
        from waypost.sharing.policy import identity_visible_q

        return self.live().unrestricted().filter(identity_visible_q(user))


class Person(models.Model):
    """One person, known to one partnership. Identity fields are in the identity section."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="people"
    )
    recorded_by_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # Optimistic locking: a save that names an older version is refused (actions.update_person).
    version = models.PositiveIntegerField(default=1)

    # Identity
    preferred_name = models.CharField(max_length=200, blank=True)
    given_name = models.CharField(max_length=200, blank=True)
    family_name = models.CharField(max_length=200, blank=True)
    birth_date = models.DateField(
        null=True, blank=True, help_text="Exact date, or the first day of the month or year known"
    )
    birth_date_precision = models.CharField(
        max_length=10, choices=BirthDatePrecision.choices, default=BirthDatePrecision.UNKNOWN
    )
    estimated_age_years = models.PositiveSmallIntegerField(null=True, blank=True)
    estimated_on = models.DateField(null=True, blank=True)
    gender = models.CharField(max_length=20, choices=Gender.choices, default=Gender.UNKNOWN)
    gender_self_description = models.CharField(max_length=100, blank=True)
    pronouns = models.CharField(max_length=50, blank=True)
    ethnicity = models.CharField(max_length=40, choices=Ethnicity.choices, blank=True)
    nationality = models.CharField(max_length=100, blank=True)
    first_language = models.CharField(max_length=100, blank=True)
    needs_interpreter = models.BooleanField(null=True, blank=True)

    # Immigration and recourse to public funds
    immigration_status = models.CharField(
        max_length=20, choices=ImmigrationStatus.choices, default=ImmigrationStatus.UNKNOWN
    )
    public_funds = models.CharField(
        max_length=20, choices=PublicFunds.choices, default=PublicFunds.UNKNOWN
    )

    # Housing history
    local_connection = models.CharField(
        max_length=20, choices=LocalConnection.choices, default=LocalConnection.UNKNOWN
    )
    local_connection_area = models.CharField(max_length=200, blank=True)

    # Who to contact: visible to partnership staff even without sharing permission.
    lead_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    # Rights and lifecycle
    restricted_at = models.DateTimeField(null=True, blank=True)
    restricted_reason = models.TextField(blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_from"
    )
    merged_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField(
        default=timezone.now, help_text="Last time anything about the person was recorded"
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name_plural = "people"
        indexes = [
            models.Index(fields=["partnership", "family_name", "given_name"]),
            models.Index(fields=["partnership", "birth_date"]),
            models.Index(fields=["recorded_by_agency"]),
            models.Index(fields=["id"], condition=NOT_LISTED, name="person_not_listed"),
        ]

    def __str__(self) -> str:
        # Deliberately no name: str() of a record ends up in logs and error reports.
        return f"Person {self.id}"

    @property
    def display_name(self) -> str:
        legal = " ".join(p for p in (self.given_name, self.family_name) if p)
        if self.preferred_name and self.preferred_name != self.given_name:
            return f"{self.preferred_name} ({legal})" if legal else self.preferred_name
        return legal or self.preferred_name or "Name not known"

    @property
    def birth_year(self) -> int | None:
        return self.birth_date.year if self.birth_date else None

    @property
    def is_restricted(self) -> bool:
        return self.restricted_at is not None

    def birth_date_display(self) -> str:
        if self.birth_date is None:
            return "Not known"
        match self.birth_date_precision:
            case BirthDatePrecision.EXACT:
                return self.birth_date.strftime("%-d %B %Y")
            case BirthDatePrecision.MONTH:
                return self.birth_date.strftime("%B %Y")
            case BirthDatePrecision.YEAR:
                return str(self.birth_date.year)
            case BirthDatePrecision.ESTIMATED if self.estimated_on:
                on = self.estimated_on.strftime("%-d %B %Y")
                return f"About {self.estimated_age_years} years old on {on}"
        return str(self.birth_date.year)

    def gender_display(self) -> str:
        if self.gender == Gender.SELF_DESCRIBED and self.gender_self_description:
            return self.gender_self_description
        return self.get_gender_display()


def estimated_birth_date(age_years: int, on: date) -> date:
    """The middle of the year of birth an estimated age implies (used for matching only)."""
    return date(on.year - age_years, 1, 1)


class PersonRecord(models.Model):
    """Something recorded about a person by one agency. Subclasses say their section."""

    section: Section = Section.NOTES

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE)  # person.<model>_set
    recorded_by_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.id}"


class AliasKind(models.TextChoices):
    NICKNAME = "nickname", "Nickname"
    ALIAS = "alias", "Alias"
    PREVIOUS_NAME = "previous_name", "Previous name"
    MISSPELLING = "misspelling", "Known misspelling"


class Alias(PersonRecord):
    section = Section.IDENTITY

    kind = models.CharField(max_length=20, choices=AliasKind.choices)
    given_name = models.CharField(max_length=200, blank=True)
    family_name = models.CharField(max_length=200, blank=True)

    class Meta(PersonRecord.Meta):
        verbose_name_plural = "aliases"
        indexes = [models.Index(fields=["family_name", "given_name"])]

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_name, self.family_name) if p)


class IdentifierKind(models.TextChoices):
    NHS_NUMBER = "nhs_number", "NHS number"
    NI_NUMBER = "ni_number", "National Insurance number"
    PRISON_NUMBER = "prison_number", "Prison number"
    CHAIN = "chain", "CHAIN id"
    HCLIC = "hclic", "H-CLIC id"
    SOURCE_ID = "source_id", "Id in another system"


class Identifier(PersonRecord):
    """An id from another system. A prison number reveals offending, so it sits there."""

    kind = models.CharField(max_length=20, choices=IdentifierKind.choices)
    system = models.CharField(
        max_length=100, blank=True, help_text="For ids in another system: which system"
    )
    value = models.CharField(max_length=100)
    # Denormalised so imports can be idempotent per partnership (see the constraint).
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )

    class Meta(PersonRecord.Meta):
        indexes = [models.Index(fields=["kind", "value"])]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "system", "value"],
                condition=Q(kind="source_id"),
                name="identifier_one_person_per_source_id",
            )
        ]

    @property
    def record_section(self) -> Section:
        if self.kind == IdentifierKind.PRISON_NUMBER:
            return Section.OFFENDING
        return Section.IDENTITY

    def label(self) -> str:
        if self.kind == IdentifierKind.SOURCE_ID and self.system:
            return f"Id in {self.system}"
        return self.get_kind_display()


class SafeAddress(PersonRecord):
    """Where the person can be found safely (a refuge, a safe house). Sealed: only the agency
    that holds it ever sees it; it is never printed, exported or sent anywhere."""

    section = Section.CONTACT

    line_1 = models.CharField(max_length=200)
    line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100)
    postcode = models.CharField(max_length=10)

    class Meta(PersonRecord.Meta):
        verbose_name_plural = "safe addresses"


class ContactKind(models.TextChoices):
    PHONE = "phone", "Phone"
    EMAIL = "email", "Email"
    OTHER = "other", "Other"


class ContactDetail(PersonRecord):
    section = Section.CONTACT

    kind = models.CharField(max_length=10, choices=ContactKind.choices)
    value = models.CharField(max_length=200)
    notes = models.CharField(max_length=200, blank=True)


class IdVerificationCriterion(models.Model):
    """One of the partnership's agreed criteria for vouching for someone with no ID (P2.2)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="id_criteria"
    )
    text = models.CharField(max_length=300)
    is_active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "text"]

    def __str__(self) -> str:
        return self.text


class IdVerification(PersonRecord):
    """Third-party verification of identity by a named professional (plan P2.2)."""

    section = Section.IDENTITY

    verifier_name = models.CharField(max_length=200)
    verifier_role = models.CharField(max_length=200)
    verifier_organisation = models.CharField(max_length=200)
    verified_on = models.DateField()
    criteria = models.ManyToManyField(IdVerificationCriterion, related_name="+")
    notes = models.TextField(blank=True)


class CareOfAddress(PersonRecord):
    """A postal address at a hub where the person's post is kept for them (plan P2.2)."""

    section = Section.CONTACT

    hub = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    address = models.TextField(help_text="The hub's postal address, as letters should show it")
    starts_on = models.DateField(default=date.today)
    ends_on = models.DateField(null=True, blank=True)

    class Meta(PersonRecord.Meta):
        verbose_name_plural = "care-of addresses"


class PostItem(models.Model):
    """A letter or parcel received at a care-of address, and when it was collected."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    care_of = models.ForeignKey(CareOfAddress, on_delete=models.CASCADE, related_name="post")
    received_on = models.DateField(default=date.today)
    description = models.CharField(max_length=200, help_text="Sender and kind, like 'DWP letter'")
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    collected_at = models.DateTimeField(null=True, blank=True)
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-received_on"]

    def __str__(self) -> str:
        return f"Post item {self.id}"


class SupportNeedKind(models.TextChoices):
    MENTAL_HEALTH = "mental_health", "Mental health"
    PHYSICAL_HEALTH = "physical_health", "Physical health"
    DRUGS = "drugs", "Drug use"
    ALCOHOL = "alcohol", "Alcohol use"
    LEARNING_DISABILITY = "learning_disability", "Learning disability"
    BENEFITS = "benefits", "Benefits and money"
    EMPLOYMENT = "employment", "Work and training"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
    CARE_LEAVER = "care_leaver", "Care leaver"
    VETERAN = "veteran", "Armed forces veteran"
    OTHER = "other", "Other"


class SupportNeed(PersonRecord):
    section = Section.SUPPORT

    kind = models.CharField(max_length=30, choices=SupportNeedKind.choices)
    detail = models.TextField(blank=True)


class HousingHistoryEntry(PersonRecord):
    section = Section.HOUSING_HISTORY

    accommodation = models.CharField(max_length=200, help_text="Where, and what kind of place")
    from_on = models.DateField(null=True, blank=True)
    to_on = models.DateField(null=True, blank=True)
    reason_left = models.CharField(max_length=300, blank=True)

    class Meta(PersonRecord.Meta):
        verbose_name_plural = "housing history entries"


class NoteKind(models.TextChoices):
    """Each kind of note belongs to the section whose sharing rules protect it."""

    GENERAL = "general", "General"
    CONTACT = "contact", "Contact and location"
    SUPPORT = "support", "Support and needs"
    HEALTH = "health", "Health"
    OFFENDING = "offending", "Offending"
    SAFEGUARDING = "safeguarding", "Safeguarding and risk"
    IMMIGRATION = "immigration", "Immigration"
    HOUSING = "housing", "Housing"


NOTE_SECTIONS: dict[str, Section] = {
    NoteKind.GENERAL: Section.NOTES,
    NoteKind.CONTACT: Section.CONTACT,
    NoteKind.SUPPORT: Section.SUPPORT,
    NoteKind.HEALTH: Section.HEALTH,
    NoteKind.OFFENDING: Section.OFFENDING,
    NoteKind.SAFEGUARDING: Section.SAFEGUARDING,
    NoteKind.IMMIGRATION: Section.IMMIGRATION,
    NoteKind.HOUSING: Section.HOUSING_HISTORY,
}


class Note(PersonRecord):
    kind = models.CharField(max_length=20, choices=NoteKind.choices, default=NoteKind.GENERAL)
    text = models.TextField()

    @property
    def record_section(self) -> Section:
        return NOTE_SECTIONS[self.kind]


class StaffSafetyWarning(PersonRecord):
    """A risk to staff (violence, weapons, dogs). Shown to all partnership staff who may meet
    the person, whatever the sharing permission: their safety comes first."""

    section = Section.SAFEGUARDING

    text = models.CharField(max_length=500)
    ended_at = models.DateTimeField(null=True, blank=True)


def record_section(record: Any) -> Section:
    """The section a record belongs to: per row for notes and identifiers, else per model."""
    return getattr(record, "record_section", None) or record.section


class DuplicateStatus(models.TextChoices):
    PENDING = "pending", "Waiting for review"
    SAME = "same", "Same person"
    DIFFERENT = "different", "Different people"


class DuplicatePair(models.Model):
    """Two records that may be the same person, found by matching; a person decides."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    # Always stored with first.id < second.id so a pair is found once.
    first = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    explanation = models.JSONField(default=dict, help_text="Per-field agreement")
    status = models.CharField(
        max_length=10, choices=DuplicateStatus.choices, default=DuplicateStatus.PENDING
    )
    found_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-score"]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="duplicate_pair_once"),
        ]
        indexes = [models.Index(fields=["partnership", "status", "-score"])]

    def __str__(self) -> str:
        return f"Possible duplicate {self.id}"


class Merge(models.Model):
    """One merge of `merged` into `kept`, with everything needed to undo it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kept = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_kept")
    merged = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_absorbed")
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    merged_at = models.DateTimeField(default=timezone.now)
    # The kept record's field values before the merge, and which records moved from where.
    kept_before = models.JSONField(default=dict)
    moved = models.JSONField(default=dict)
    field_choices = models.JSONField(default=dict)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-merged_at"]

    def __str__(self) -> str:
        return f"Merge {self.id}"


class MatchKey(models.Model):
    """A blocking key for finding the same person (waypost.people.matching.index).

    Derived data, rebuilt by `index_person` whenever the person, their aliases or identifiers
    change. Keys hold codes (phonetic codes, dates, identifier values), never shown to anyone.
    """

    # No single-column indexes on the two keys: (person, value) and (partnership, value) below
    # lead with them, and an import writes tens of keys a person, each one an index write.
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+", db_index=False)
    # Denormalised so a lookup stays inside the caller's partnerships without a join.
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    value = models.CharField(max_length=120)

    class Meta:
        indexes = [models.Index(fields=["partnership", "value"])]
        constraints = [
            models.UniqueConstraint(fields=["person", "value"], name="match_key_once_per_person")
        ]

    def __str__(self) -> str:
        return f"Match key {self.pk}"


class MatcherWeights(models.Model):
    """Match weights trained by `manage.py train_matcher`; the newest is used. Without any,
    the defaults shipped in waypost/people/matching/default_weights.json apply."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    trained_at = models.DateTimeField(default=timezone.now, db_index=True)
    weights = models.JSONField()
    records = models.PositiveIntegerField(default=0, help_text="Records the model was trained on")
    labelled_pairs = models.PositiveIntegerField(
        default=0, help_text="Reviewed pairs (same or different) used in training"
    )

    class Meta:
        ordering = ["-trained_at"]
        verbose_name_plural = "matcher weights"

    def __str__(self) -> str:
        return f"Matcher weights {self.id}"
