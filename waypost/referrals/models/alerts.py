"""Public alerts about someone sleeping rough (as StreetLink takes them), their verification by
outreach, and the areas that decide which partnership an alert goes to.

An alert is never silently dropped: it is either waiting (for outreach, or for a coordinator
to forward it when no partnership covers the place) or closed with an outcome or a forward.
Reads go through waypost.referrals.access; writes through waypost.referrals.actions.
"""

import secrets
import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

# Crockford's base 32 without I, L, O and U: nothing to misread when typed from an email.
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_LENGTH = 10  # 32**10 is about 10**15: far too many to find alerts by guessing
# Working days within which outreach should record an outcome (StreetLink's standard).
DUE_WORKING_DAYS = 10


def new_reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def normalise_reference(text: str) -> str:
    """What someone typed as a reference, as stored: capitals, no spaces or dashes, and the
    letters people confuse with digits read as those digits."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    return cleaned.translate(str.maketrans("ILO", "110"))


def format_reference(reference: str) -> str:
    """ABCDE-FGHJK: two groups of five are easier to read out and copy."""
    return f"{reference[:5]}-{reference[5:]}" if len(reference) == REFERENCE_LENGTH else reference


class AlerterType(models.TextChoices):
    PUBLIC = "public", "A member of the public"
    FRIEND_FAMILY = "friend_family", "A friend or family member"
    EMERGENCY_SERVICES = "emergency_services", "Emergency services"
    HEALTH = "health", "A health professional"
    AGENCY = "agency", "A homelessness agency"
    SELF = "self", "I am the person sleeping rough"


class TimeOfDay(models.TextChoices):
    EARLY_MORNING = "early_morning", "Early morning (before 8am)"
    DAYTIME = "daytime", "During the day (8am to 6pm)"
    EVENING = "evening", "Evening (6pm to 10pm)"
    NIGHT = "night", "Night (after 10pm)"
    NOT_SURE = "not_sure", "Not sure"


class HowOften(models.TextChoices):
    FIRST_TIME = "first_time", "This is the first time"
    SOMETIMES = "sometimes", "A few times"
    REGULARLY = "regularly", "Most days or nights"
    NOT_SURE = "not_sure", "Not sure"


class AgeRange(models.TextChoices):
    UNDER_18 = "under_18", "Under 18"
    AGE_18_25 = "18_25", "18 to 25"
    AGE_26_35 = "26_35", "26 to 35"
    AGE_36_50 = "36_50", "36 to 50"
    AGE_51_65 = "51_65", "51 to 65"
    OVER_65 = "over_65", "Over 65"
    NOT_SURE = "not_sure", "Not sure"


# The middle of each range: an estimated age when outreach create a record from the alert.
AGE_RANGE_MIDDLE: dict[str, int] = {
    AgeRange.AGE_18_25: 22,
    AgeRange.AGE_26_35: 30,
    AgeRange.AGE_36_50: 43,
    AgeRange.AGE_51_65: 58,
    AgeRange.OVER_65: 70,
}


class SeenGender(models.TextChoices):
    MAN = "man", "Man"
    WOMAN = "woman", "Woman"
    OTHER = "other", "Another gender"
    NOT_SURE = "not_sure", "Not sure"


class AlertStatus(models.TextChoices):
    WAITING = "waiting", "Waiting for outreach"
    OUT_OF_AREA = "out_of_area", "Waiting for a coordinator to forward"
    FORWARDED = "forwarded", "Forwarded to another area"
    CLOSED = "closed", "Outcome recorded"


OPEN_STATUSES = (AlertStatus.WAITING, AlertStatus.OUT_OF_AREA)


class Outcome(models.TextChoices):
    """StreetLink's outcome codes for a verified alert."""

    ACCOMMODATION = "accommodation", "Accommodation outcome"
    ENGAGING = "engaging", "Engaging with services"
    ALREADY_KNOWN = "already_known", "Already known"
    UNWILLING = "unwilling", "Found but unwilling to engage"
    NOT_FOUND = "not_found", "Not found"
    HOTSPOT = "hotspot", "Hotspot identified"
    RECONNECTED = "reconnected", "Reconnected to another area"
    SIGNPOSTED = "signposted", "Signposted"
    NO_ENTITLEMENT = "no_entitlement", "No entitlement to local services"
    INAPPROPRIATE = "inappropriate", "Inappropriate alert"
    NOT_YET_KNOWN = "not_yet_known", "Outcome not yet known"


# What each outcome means, in words for the person who sent the alert: about what happened,
# never about the person's circumstances beyond that.
OUTCOME_FOR_ALERTER: dict[str, str] = {
    Outcome.ACCOMMODATION: "The outreach team found the person and helped them into accommodation.",
    Outcome.ENGAGING: "The outreach team found the person, who is now working with local services.",
    Outcome.ALREADY_KNOWN: "The outreach team already knows the person and is working with them.",
    Outcome.UNWILLING: "The outreach team found the person, who did not want help at the moment. "
    "The team will keep offering it.",
    Outcome.NOT_FOUND: "The outreach team looked for the person but could not find them.",
    Outcome.HOTSPOT: "The outreach team did not find anyone, but now checks the place on its "
    "regular rounds.",
    Outcome.RECONNECTED: "The outreach team helped the person return to an area where they "
    "have support.",
    Outcome.SIGNPOSTED: "The outreach team found the person and told them about services that "
    "can help.",
    Outcome.NO_ENTITLEMENT: "The outreach team found the person and gave them advice about the "
    "help they can get.",
    Outcome.INAPPROPRIATE: "The outreach team found that the alert was not about someone "
    "sleeping rough.",
    Outcome.NOT_YET_KNOWN: "The outreach team has not recorded an outcome yet.",
}
# Outcomes that mean outreach met the person: the record should be linked to a person.
FOUND_OUTCOMES = frozenset(
    {
        Outcome.ACCOMMODATION,
        Outcome.ENGAGING,
        Outcome.ALREADY_KNOWN,
        Outcome.UNWILLING,
        Outcome.RECONNECTED,
        Outcome.SIGNPOSTED,
        Outcome.NO_ENTITLEMENT,
    }
)


class AlertSource(models.TextChoices):
    WEB = "web", "Waypost's alert page"
    API = "api", "Another app, through the API"


class AlertQuerySet(models.QuerySet["Alert"]):
    def open(self) -> "AlertQuerySet":
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: date | None = None) -> "AlertQuerySet":
        today = today or timezone.localdate()
        return self.open().filter(due_on__lt=today)


class Alert(models.Model):
    """Someone is sleeping rough here: sent by a member of the public, a professional or the
    person themself. Everything typed in is personal data about the person seen, except the
    alerter's email, which is the alerter's."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(max_length=REFERENCE_LENGTH, unique=True, default=new_reference)
    received_at = models.DateTimeField(default=timezone.now)
    source = models.CharField(max_length=10, choices=AlertSource.choices, default=AlertSource.WEB)
    # Set when a partner system sent it with an API token.
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    # Routing: empty partnership = no partnership covers the place (a coordinator forwards it).
    partnership = models.ForeignKey(
        "accounts.Partnership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="alerts",
    )
    routed_by = models.CharField(
        max_length=100, blank=True, help_text="How the place was matched to the partnership"
    )
    due_on = models.DateField(help_text=f"{DUE_WORKING_DAYS} working days after it was received")
    status = models.CharField(
        max_length=20, choices=AlertStatus.choices, default=AlertStatus.WAITING
    )

    # Where they sleep
    street = models.CharField(max_length=200, blank=True)
    building = models.CharField(max_length=200, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    town = models.CharField(max_length=100, blank=True)
    location_description = models.TextField()
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)

    # When they are seen there
    seen_on = models.DateField(null=True, blank=True)
    seen_time = models.CharField(max_length=20, choices=TimeOfDay.choices, blank=True)
    how_often = models.CharField(max_length=20, choices=HowOften.choices, blank=True)

    # What they look like
    appearance = models.TextField(blank=True)
    age_range = models.CharField(max_length=10, choices=AgeRange.choices, blank=True)
    gender = models.CharField(max_length=10, choices=SeenGender.choices, blank=True)
    name_if_known = models.CharField(max_length=200, blank=True)
    concerns = models.TextField(blank=True, help_text="Anything outreach should be aware of")

    # Who sent it. The email is kept only until the update is sent.
    alerter_type = models.CharField(max_length=20, choices=AlerterType.choices)
    alerter_email = models.EmailField(blank=True)
    wants_feedback = models.BooleanField(default=False)
    feedback_sent_at = models.DateTimeField(null=True, blank=True)

    # Verification
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="alerts"
    )
    # Verified together with another alert about the same person and place.
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="duplicates"
    )
    forwarded_to = models.CharField(max_length=200, blank=True)
    # Optimistic locking: two outreach workers verifying at once cannot overwrite each other.
    version = models.PositiveIntegerField(default=1)

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["received_at"]
        indexes = [
            models.Index(fields=["partnership", "status", "received_at"], name="alert_queue"),
            models.Index(fields=["status", "due_on"], name="alert_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(outcome=""), name="alert_closed_has_outcome"
            ),
            models.CheckConstraint(
                condition=~Q(status="waiting") | Q(partnership__isnull=False),
                name="alert_waiting_has_partnership",
            ),
        ]

    def __str__(self) -> str:
        # The reference only: str() ends up in logs.
        return f"Alert {self.id}"

    @property
    def display_reference(self) -> str:
        return format_reference(self.reference)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: date | None = None) -> bool:
        return self.is_open and self.due_on < (today or timezone.localdate())

    @property
    def place_summary(self) -> str:
        """Street, building, postcode and town as one line (no description)."""
        parts = [self.building, self.street, self.town, self.postcode]
        return ", ".join(p for p in parts if p) or "No street or town given"

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def outcome_for_alerter(self) -> str:
        return OUTCOME_FOR_ALERTER.get(self.outcome, "")


class AlertVisit(models.Model):
    """An outreach visit to verify an alert, with StreetLink's outcome code."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="visits")
    visited_at = models.DateTimeField()
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_by_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-visited_at"]

    def __str__(self) -> str:
        return f"Alert visit {self.id}"


class AreaPostcodeDistrict(models.Model):
    """A postcode district (the first half of a postcode, like CV1) in a partnership's area.
    A district belongs to one partnership at most, so routing is never ambiguous."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.CASCADE, related_name="alert_districts"
    )
    district = models.CharField(max_length=4, unique=True)

    class Meta:
        ordering = ["district"]

    def __str__(self) -> str:
        return self.district


class AreaPlace(models.Model):
    """A named place (town, suburb, neighbourhood) in a partnership's area, for alerts that
    give a town but no postcode."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.CASCADE, related_name="alert_places"
    )
    name = models.CharField(max_length=100)
    # Lower case, single spaces, no punctuation: what routing compares.
    normalised_name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "normalised_name"], name="area_place_once"
            )
        ]

    def __str__(self) -> str:
        return self.name
