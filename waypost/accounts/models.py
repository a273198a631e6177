"""Partnerships, agencies, staff users and their memberships (who works where, in which role)."""

import hashlib
import secrets
import uuid
from datetime import timedelta
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Partnership(models.Model):
    """A local area's rough-sleeping partnership. One installation may hold several."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    region = models.CharField(max_length=200, blank=True, help_text="Combined authority or region")
    population = models.PositiveIntegerField(
        null=True, blank=True, help_text="Resident population, for rates per 100,000 people"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AgencyType(models.TextChoices):
    HOUSING_OPTIONS = "housing_options", "Council housing options"
    OUTREACH = "outreach", "Outreach"
    HOSPITAL = "hospital", "Hospital or NHS trust"
    PRIMARY_CARE = "primary_care", "GP or primary care"
    MENTAL_HEALTH = "mental_health", "Mental health trust"
    DRUG_ALCOHOL = "drug_alcohol", "Drug and alcohol service"
    PRISON = "prison", "Prison"
    PROBATION = "probation", "Probation"
    POLICE = "police", "Police"
    COMMUNITY_SAFETY = "community_safety", "Community safety"
    DWP = "dwp", "DWP or JobCentre Plus"
    COMBINED_AUTHORITY = "combined_authority", "Combined authority"
    CHARITY = "charity", "Charity"
    LANDLORD = "landlord", "Registered provider or landlord"
    ACCOMMODATION = "accommodation", "Accommodation provider"
    OTHER = "other", "Other"


class Agency(models.Model):
    """An organisation in a partnership whose staff use Waypost."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="agencies")
    name = models.CharField(max_length=200)
    type = models.CharField(max_length=30, choices=AgencyType.choices)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="agency_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        if not email:
            raise ValueError("A user needs an email address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A member of staff. Signs in with email, password and a TOTP code."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May use the Django admin")
    # Demo accounts may skip MFA, and only while WAYPOST_DEMO=1.
    is_demo = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def may_skip_mfa(self) -> bool:
        return self.is_demo and settings.WAYPOST_DEMO


class Role(models.TextChoices):
    PARTNERSHIP_ADMIN = "partnership_admin", "Partnership admin"
    COORDINATOR = "coordinator", "Rough sleeper coordinator"
    CASEWORKER = "caseworker", "Caseworker"
    OUTREACH_WORKER = "outreach_worker", "Outreach worker"
    REFERRER = "referrer", "Referrer"
    COMMISSIONER = "commissioner", "Commissioner"
    DPO = "dpo", "Data protection officer"
    PROVIDER = "provider", "Accommodation provider"
    REGIONAL = "regional", "Combined authority officer"


# What each role may do. The commissioner sees aggregate figures only, never personal data.
ROLE_DESCRIPTIONS: dict[str, str] = {
    Role.PARTNERSHIP_ADMIN: "Invites staff, gives and ends memberships, manages API tokens.",
    Role.COORDINATOR: "Runs the by-name list, case meetings and tasking across the partnership.",
    Role.CASEWORKER: "Keeps people's records, assessments, support plans and tasks.",
    Role.OUTREACH_WORKER: "Logs street contacts and sightings, verifies alerts, offers beds.",
    Role.REFERRER: "Sends referrals from a public body and follows their outcome.",
    Role.COMMISSIONER: "Sees figures, trends and the action plan; never personal data.",
    Role.DPO: "Searches and exports the access log; handles subject access and erasure.",
    Role.PROVIDER: "Keeps their own beds' vacancies and sees who is placed with them.",
    Role.REGIONAL: "Sees the region's figures side by side, never personal data; shares practice.",
}
PERSONAL_DATA_ROLES = frozenset(
    {
        Role.PARTNERSHIP_ADMIN,
        Role.COORDINATOR,
        Role.CASEWORKER,
        Role.OUTREACH_WORKER,
        Role.REFERRER,
        Role.PROVIDER,
    }
)


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> "MembershipQuerySet":
        now = timezone.now()
        return self.filter(
            Q(ended_at__isnull=True) | Q(ended_at__gt=now),
            started_at__lte=now,
            agency__is_active=True,
            user__is_active=True,
        )


class Membership(models.Model):
    """A user works for an agency in a role. Ending it revokes access on the next request."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="memberships")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=30, choices=Role.choices)
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["agency__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"],
                condition=Q(ended_at__isnull=True),
                name="membership_one_open_per_role",
            )
        ]
        indexes = [models.Index(fields=["user", "ended_at"])]

    def __str__(self) -> str:
        return f"{self.get_role_display()} at {self.agency}"

    @property
    def is_active(self) -> bool:
        now = timezone.now()
        return self.started_at <= now and (self.ended_at is None or self.ended_at > now)


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class Invitation(models.Model):
    """An invitation to join as staff. The raw token is only ever in the emailed link."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField()
    full_name = models.CharField(max_length=200)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="invitations")
    role = models.CharField(max_length=30, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    # Empty for the first admin of a partnership, invited from the command line.
    invited_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.get_role_display()} at {self.agency}"

    @staticmethod
    def new_token() -> tuple[str, str]:
        raw = secrets.token_urlsafe(32)
        return raw, _hash_token(raw)

    @classmethod
    def find_open(cls, raw_token: str) -> "Invitation | None":
        return (
            cls.objects.filter(
                token_hash=_hash_token(raw_token),
                accepted_at__isnull=True,
                revoked_at__isnull=True,
                expires_at__gt=timezone.now(),
            )
            .select_related("agency__partnership")
            .first()
        )


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self) -> "ApiTokenQuerySet":
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ApiToken(models.Model):
    """A partner system's key to the API. Stored hashed; acts exactly as its user."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=8, help_text="First characters, to recognise a token")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def new_token() -> tuple[str, str]:
        raw = "wp_" + secrets.token_urlsafe(32)
        return raw, _hash_token(raw)

    @staticmethod
    def default_expiry() -> Any:
        return timezone.now() + timedelta(days=settings.API_TOKEN_DAYS)

    @classmethod
    def find_usable(cls, raw_token: str) -> "ApiToken | None":
        return (
            cls.objects.usable()
            .filter(token_hash=_hash_token(raw_token))
            .select_related("user")
            .first()
        )

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class IdempotencyKey(models.Model):
    """An API write made with an `Idempotency-Key` header, so a retry does not repeat it.

    Only a fingerprint of the request and the id of what it created are kept, never the
    request or the response: both can hold personal data. A retry is answered afresh from
    the created object, through the same access checks.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    scope = models.CharField(max_length=60, help_text="The endpoint, like api-people")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of the request body")
    created_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    result_id = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "scope", "key"], name="idempotency_key_once")
        ]
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        return f"Idempotency key {self.pk}"
