"""Information sharing agreements, each person's sharing permission, lawful basis, break-glass.

The decisions these records drive are made in one place: waypost.sharing.policy.
"""

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from waypost.audit.models import Section


class AgreementQuerySet(models.QuerySet["SharingAgreement"]):
    def in_force(self, on: date) -> "AgreementQuerySet":
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on), starts_on__lte=on)


class SharingAgreement(models.Model):
    """One version of a partnership's Information Sharing Agreement."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="agreements"
    )
    version = models.CharField(max_length=20, help_text="As printed on the agreement, like 2.1")
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True, help_text="What is shared, why, and for how long")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "version"], name="agreement_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} version {self.version}"


class SignatureQuerySet(models.QuerySet["AgreementSignature"]):
    def in_date(self, on: date | None = None) -> "SignatureQuerySet":
        """Signatures in effect on `on`, on an agreement version in force that day."""
        on = on or timezone.localdate()
        return self.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=on),
            Q(agreement__ends_on__isnull=True) | Q(agreement__ends_on__gte=on),
            signed_on__lte=on,
            agreement__starts_on__lte=on,
        )


class AgreementSignature(models.Model):
    """An agency's signature of one agreement version. Without one in date, the agency sees
    no other agency's data."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agreement = models.ForeignKey(
        SharingAgreement, on_delete=models.PROTECT, related_name="signatures"
    )
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    signatory_name = models.CharField(max_length=200)
    signatory_role = models.CharField(max_length=200)
    signed_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = SignatureQuerySet.as_manager()

    class Meta:
        ordering = ["agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "agency"], name="signature_once")
        ]
        indexes = [models.Index(fields=["agency", "signed_on"])]

    def __str__(self) -> str:
        return f"Signature {self.id}"

    def is_in_date(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        agreement = self.agreement
        return (
            self.signed_on <= on
            and (self.ends_on is None or self.ends_on >= on)
            and agreement.starts_on <= on
            and (agreement.ends_on is None or agreement.ends_on >= on)
        )


class PermissionStatus(models.TextChoices):
    GIVEN = "given", "Consent given"
    REFUSED = "refused", "Consent refused"
    WITHDRAWN = "withdrawn", "Consent withdrawn"
    BEST_INTERESTS = "best_interests", "Lacks capacity: shared in their best interests"
    GATEWAY = "gateway", "Shared without consent under a lawful gateway"


PERMITS_SHARING = frozenset(
    {PermissionStatus.GIVEN, PermissionStatus.BEST_INTERESTS, PermissionStatus.GATEWAY}
)


class ObtainedHow(models.TextChoices):
    SIGNED_PROFORMA = "signed_proforma", "Signed consent form (uploaded)"
    VERBAL_WITNESSED = "verbal_witnessed", "Verbal, with a witness"
    NOT_APPLICABLE = "not_applicable", "Not asked (best interests or lawful gateway)"


class Gateway(models.TextChoices):
    """Lawful gateways for sharing without consent."""

    VITAL_INTERESTS = "vital_interests", "Vital interests: to protect someone's life"
    SAFEGUARDING = "safeguarding", "Safeguarding an adult or child at risk"
    CRIME = "crime", "Prevention or detection of crime"


class SharingPermission(models.Model):
    """A person's decision about sharing their record, or the recorded reason to share without
    it. The newest for a person is `is_current`; older ones stay as history.

    Scope: the sections listed in `sections`, to every agency that has signed the agreement
    (`all_agencies`) or only to those in `agencies`.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="sharing_permissions"
    )
    status = models.CharField(max_length=20, choices=PermissionStatus.choices)
    all_agencies = models.BooleanField(default=True)
    agencies = models.ManyToManyField("accounts.Agency", blank=True, related_name="+")
    obtained_how = models.CharField(max_length=20, choices=ObtainedHow.choices)
    proforma = models.FileField(upload_to="sharing/proformas/%Y/", blank=True)
    witness_name = models.CharField(max_length=200, blank=True)
    best_interests_decision = models.TextField(blank=True)
    gateway = models.CharField(max_length=20, choices=Gateway.choices, blank=True)
    gateway_justification = models.TextField(blank=True)
    review_on = models.DateField(null=True, blank=True)
    review_reminded_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_by_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    is_current = models.BooleanField(default=True)

    class Meta:
        ordering = ["-recorded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(is_current=True), name="one_current_permission"
            )
        ]
        indexes = [
            models.Index(
                fields=["review_on"], condition=Q(is_current=True), name="permission_review"
            )
        ]

    def __str__(self) -> str:
        return f"Sharing permission {self.id}"

    @property
    def permits_sharing(self) -> bool:
        return self.status in PERMITS_SHARING

    def is_review_due(self, on: date | None = None) -> bool:
        return self.review_on is not None and self.review_on <= (on or timezone.localdate())

    @property
    def tag_colour(self) -> str:
        """The GOV.UK tag colour for the status: green shares, red does not, yellow without
        the person's agreement."""
        if self.status == PermissionStatus.GIVEN:
            return "govuk-tag--green"
        if self.status in PERMITS_SHARING:
            return "govuk-tag--yellow"
        return "govuk-tag--red"

    def section_labels(self) -> list[str]:
        """Labels of the sections shared, in the person page's order (uses prefetched rows)."""
        chosen = {s.section for s in self.sections.all()}
        return [str(label) for value, label in Section.choices if value in chosen]


class PermittedSection(models.Model):
    """One section a sharing permission covers."""

    permission = models.ForeignKey(
        SharingPermission, on_delete=models.CASCADE, related_name="sections"
    )
    section = models.CharField(max_length=30, choices=Section.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["permission", "section"], name="permitted_once")
        ]

    def __str__(self) -> str:
        return self.section


class Article6(models.TextChoices):
    CONSENT = "consent", "6(1)(a) Consent"
    CONTRACT = "contract", "6(1)(b) Contract"
    LEGAL_OBLIGATION = "legal_obligation", "6(1)(c) Legal obligation"
    VITAL_INTERESTS = "vital_interests", "6(1)(d) Vital interests"
    PUBLIC_TASK = "public_task", "6(1)(e) Public task"
    LEGITIMATE_INTERESTS = "legitimate_interests", "6(1)(f) Legitimate interests"


class Article9(models.TextChoices):
    EXPLICIT_CONSENT = "explicit_consent", "9(2)(a) Explicit consent"
    SOCIAL_PROTECTION = (
        "social_protection",
        "9(2)(b) Employment, social security and social protection",
    )
    VITAL_INTERESTS = "vital_interests", "9(2)(c) Vital interests"
    SUBSTANTIAL_PUBLIC_INTEREST = (
        "substantial_public_interest",
        "9(2)(g) Substantial public interest",
    )
    HEALTH_SOCIAL_CARE = "health_social_care", "9(2)(h) Health or social care"
    PUBLIC_HEALTH = "public_health", "9(2)(i) Public health"


class Article10(models.TextChoices):
    """Criminal offence data: processed under official authority or a Schedule 1 condition."""

    OFFICIAL_AUTHORITY = "official_authority", "Under official authority"
    SCHEDULE_1 = "schedule_1", "A DPA 2018 Schedule 1 condition (below)"


class Schedule1Condition(models.TextChoices):
    EMPLOYMENT_SOCIAL_PROTECTION = (
        "employment_social_protection",
        "Part 1, 1: Employment, social security and social protection",
    )
    HEALTH_SOCIAL_CARE = "health_social_care", "Part 1, 2: Health or social care purposes"
    PUBLIC_HEALTH = "public_health", "Part 1, 3: Public health"
    STATUTORY_PURPOSES = "statutory_purposes", "Part 2, 6: Statutory and government purposes"
    PREVENTING_CRIME = "preventing_crime", "Part 2, 10: Preventing or detecting unlawful acts"
    SAFEGUARDING = "safeguarding", "Part 2, 18: Safeguarding of children and individuals at risk"
    VITAL_INTERESTS = "vital_interests", "Part 3, 30: Protecting individual's vital interests"


# DPA 2018 s.10(2)-(3): these Article 9 conditions also need a Schedule 1 condition.
ARTICLE_9_NEEDS_SCHEDULE_1 = frozenset(
    {
        Article9.SOCIAL_PROTECTION,
        Article9.SUBSTANTIAL_PUBLIC_INTEREST,
        Article9.HEALTH_SOCIAL_CARE,
        Article9.PUBLIC_HEALTH,
    }
)


class LawfulBasis(models.Model):
    """Why the partnership may process this person's data at all, separate from consent to
    share. The newest for a person is `is_current`; its absence shows on the record."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="lawful_bases"
    )
    article_6 = models.CharField(max_length=30, choices=Article6.choices)
    article_9 = models.CharField(max_length=30, choices=Article9.choices, blank=True)
    article_10 = models.CharField(max_length=30, choices=Article10.choices, blank=True)
    schedule_1 = models.CharField(max_length=30, choices=Schedule1Condition.choices, blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_by_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    is_current = models.BooleanField(default=True)

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name_plural = "lawful bases"
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(is_current=True), name="one_current_lawful_basis"
            )
        ]

    def __str__(self) -> str:
        return f"Lawful basis {self.id}"


BREAK_GLASS_HOURS = 24
MAX_BREAK_GLASS_HOURS = 72


class BreakGlassQuerySet(models.QuerySet["BreakGlass"]):
    def active(self) -> "BreakGlassQuerySet":
        return self.filter(expires_at__gt=timezone.now(), ended_at__isnull=True)


class BreakGlass(models.Model):
    """Emergency access to a record without sharing permission, for a limited time.

    It overrides the person's sharing permission only: the agency must still have signed the
    agreement and the user's role must allow the section.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="break_glass_uses"
    )
    reason = models.TextField()
    started_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_notes = models.TextField(blank=True)

    objects = BreakGlassQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        verbose_name_plural = "break-glass uses"
        indexes = [
            models.Index(fields=["user", "person", "expires_at"]),
            models.Index(fields=["agency", "reviewed_at"]),
        ]

    def __str__(self) -> str:
        return f"Break-glass {self.id}"

    @staticmethod
    def default_expiry() -> "timezone.datetime":
        return timezone.now() + timedelta(hours=BREAK_GLASS_HOURS)
