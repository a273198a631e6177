"""Commissioned services (plan P1.6): contracts with providers, the KPIs each is monitored on,
and the provider's quarterly returns against them.

Business data about services, never about a person: a computed KPI stores only the counts it
was made from. Money is in integer pence; quarters are financial quarters (April to June is
Q1), named by the year they start in ("2025" is 2025/26).
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Contract(models.Model):
    """A service a partnership commissions from a provider agency."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    provider = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="provided_contracts"
    )
    name = models.CharField(max_length=200)
    service_description = models.TextField(blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField()
    value_pence = models.PositiveBigIntegerField(help_text="The contract's value in pence")
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="managed_contracts",
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="contract_unique_name"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="contract_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def value_text(self) -> str:
        pounds, pence = divmod(self.value_pence, 100)
        return f"£{pounds:,}" if pence == 0 else f"£{pounds:,}.{pence:02d}"


class Unit(models.TextChoices):
    COUNT = "count", "A count"
    PERCENT = "percent", "A percentage"


class Direction(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"


class Source(models.TextChoices):
    ENTERED = "entered", "Entered by the provider"
    COMPUTED = "computed", "Computed from Waypost’s data"


class Kpi(models.Model):
    """One key performance indicator a contract is monitored on, with its target."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="kpis")
    name = models.CharField(max_length=200)
    definition = models.TextField(help_text="What is counted, in plain English")
    unit = models.CharField(max_length=10, choices=Unit.choices, default=Unit.COUNT)
    target = models.DecimalField(max_digits=12, decimal_places=2)
    direction = models.CharField(max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    tolerance_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("10"),
        help_text="Amber when within this percentage of the target",
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.ENTERED)
    computation = models.CharField(
        max_length=40, blank=True, help_text="The code of the computed measure (kpi_sources)"
    )
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(source="computed") & ~Q(computation=""))
                | (Q(source="entered") & Q(computation="")),
                name="kpi_computed_has_code",
            ),
            models.CheckConstraint(
                condition=Q(tolerance_percent__gte=0) & Q(target__gte=0),
                name="kpi_target_and_tolerance_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_computed(self) -> bool:
        return self.source == Source.COMPUTED

    @property
    def is_percent(self) -> bool:
        return self.unit == Unit.PERCENT

    @property
    def target_text(self) -> str:
        number = f"{self.target.normalize():f}"
        if self.is_percent:
            return f"{number}%"
        return f"{int(self.target):,}" if self.target == int(self.target) else number


class ReturnStatus(models.TextChoices):
    DRAFT = "draft", "Not yet submitted"
    SUBMITTED = "submitted", "Submitted, waiting for review"
    SENT_BACK = "sent_back", "Sent back to the provider"
    ACCEPTED = "accepted", "Accepted"


class QuarterlyReturn(models.Model):
    """A provider's figures for one contract and one financial quarter."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="returns")
    year = models.PositiveSmallIntegerField(help_text="The year the financial year starts in")
    quarter = models.PositiveSmallIntegerField()
    status = models.CharField(
        max_length=10, choices=ReturnStatus.choices, default=ReturnStatus.DRAFT
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_back_reason = models.TextField(blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["contract", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "year", "quarter"], name="return_one_per_quarter"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1) & Q(quarter__lte=4), name="return_quarter_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        return f"QuarterlyReturn {self.id}"

    @property
    def is_locked(self) -> bool:
        """Submitted or accepted returns cannot be changed by the provider."""
        return self.status in (ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED)


class KpiValue(models.Model):
    """One KPI's figure in a return: a count, or for a percentage the count and what it is out
    of (so small numbers can be hidden in the forum report)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    quarterly_return = models.ForeignKey(
        QuarterlyReturn, on_delete=models.CASCADE, related_name="values"
    )
    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="values")
    count = models.PositiveIntegerField(null=True, blank=True)
    out_of = models.PositiveIntegerField(null=True, blank=True)
    comment = models.TextField(blank=True)
    is_computed = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["quarterly_return", "kpi"], name="kpi_value_one_per_return"
            ),
            models.CheckConstraint(
                condition=Q(out_of__isnull=True)
                | Q(count__isnull=True)
                | Q(count__lte=models.F("out_of")),
                name="kpi_value_count_within_out_of",
            ),
        ]

    def __str__(self) -> str:
        return f"KpiValue {self.id}"
