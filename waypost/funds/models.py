"""Money (plans P3.9, UP3, CP4, CP5, P2.8): the alternative giving scheme, the reconnection fund,
personal budgets and grant funding such as the Rough Sleeping Initiative.

Every fund has one **append-only ledger**. Money in is a positive entry, money out a negative
one; a fund's balance is always the sum of its entries, never a stored number. A mistake is
put right by a new entry that reverses the old one (`reverses`), never by changing it: the
model refuses updates and deletes, and on PostgreSQL a trigger refuses them too.

Ledger entries hold no personal data: a payment for a person points to the grant request,
and the request (the support section of the person's record) says who and why. Money is in
integer pence throughout.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from waypost.lib.money import pounds


class FundKind(models.TextChoices):
    GIVING = "giving", "Alternative giving scheme"
    RECONNECTION = "reconnection", "Reconnection fund"
    PERSONAL_BUDGETS = "personal_budgets", "Personal budgets"
    GRANT = "grant", "Grant funding"


class Fund(models.Model):
    """A pot of money the partnership holds and spends: its ledger gives the balance."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=FundKind.choices)
    holding_agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        related_name="held_funds",
        help_text="The agency whose account holds the money",
    )
    description = models.TextField(blank=True)
    # Grant funding: who gave it, for which period, and how much was awarded.
    funder = models.CharField(max_length=200, blank=True)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    award_pence = models.PositiveBigIntegerField(null=True, blank=True)
    two_approver_limit_pence = models.PositiveBigIntegerField(
        default=25_000,
        help_text="Requests above this amount need two budget holders to approve them",
    )
    budget_holders = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="budget_holder_of", blank=True
    )
    is_public = models.BooleanField(
        default=False, help_text="Show its totals on the public giving page"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="fund_unique_name"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="fund_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_grant(self) -> bool:
        return self.kind == FundKind.GRANT


class BudgetLine(models.Model):
    """One line of a grant's budget (staff, accommodation, personal budgets...)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="budget_lines")
    name = models.CharField(max_length=200)
    allocation_pence = models.PositiveBigIntegerField()
    position = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "name"], name="budget_line_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class IncomeSource(models.TextChoices):
    CARD_READER = "card_reader", "Contactless card reader"
    ONLINE = "online", "Online donation"
    CASH = "cash", "Cash collection"
    EVENT = "event", "Fundraising event"
    GRANT = "grant", "Grant payment"
    OTHER = "other", "Other income"


class Purpose(models.TextChoices):
    """What money paid for: grant requests, payments and spend."""

    ID_DOCUMENTS = "id_documents", "ID documents"
    DEPOSIT = "deposit", "Deposit or rent in advance"
    FURNITURE = "furniture", "Furniture and household goods"
    TRAVEL = "travel", "Travel"
    TRAINING = "training", "Training and employment"
    CLOTHES = "clothes", "Clothes"
    RECONNECTION = "reconnection", "Reconnection"
    STAFF = "staff", "Staff and services"
    ACCOMMODATION = "accommodation", "Accommodation"
    OTHER = "other", "Something else"


# What a caseworker may ask money for on a person's behalf.
PERSON_PURPOSES = [
    Purpose.ID_DOCUMENTS,
    Purpose.DEPOSIT,
    Purpose.FURNITURE,
    Purpose.TRAVEL,
    Purpose.TRAINING,
    Purpose.CLOTHES,
    Purpose.RECONNECTION,
    Purpose.OTHER,
]


class EntryKind(models.TextChoices):
    INCOME = "income", "Money in"
    FEE = "fee", "Card or payment provider fee"
    REFUND = "refund", "Refund to a donor"
    PAYMENT = "payment", "Payment for a person"
    SPEND = "spend", "Spend"
    REVERSAL = "reversal", "Correction"


class SettlementFormat(models.TextChoices):
    CARD_READER = "card_reader", "Card reader settlement (CSV)"
    PAYMENT_PROVIDER = "payment_provider", "Online payment provider payout (CSV)"


class SettlementImport(models.Model):
    """One settlement file imported into a fund, with the totals that reconcile it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="settlements")
    file_format = models.CharField(max_length=20, choices=SettlementFormat.choices)
    file_sha256 = models.CharField(max_length=64)
    filename = models.CharField(max_length=200, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(default=timezone.now)
    rows = models.PositiveIntegerField(default=0)
    new_rows = models.PositiveIntegerField(default=0)
    already_imported_rows = models.PositiveIntegerField(default=0)
    gross_pence = models.BigIntegerField(default=0)
    fees_pence = models.BigIntegerField(default=0)
    net_pence = models.BigIntegerField(default=0)
    # The payout the provider says it made, when the file gives one; reconciled against net.
    declared_net_pence = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-imported_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["fund", "file_sha256"], name="settlement_file_once_per_fund"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_file_format_display()} imported {self.imported_at:%d %b %Y}"

    @property
    def reconciled(self) -> bool:
        if self.gross_pence - self.fees_pence != self.net_pence:
            return False
        return self.declared_net_pence is None or self.declared_net_pence == self.net_pence


class RequestStatus(models.TextChoices):
    REQUESTED = "requested", "Waiting for approval"
    APPROVED = "approved", "Approved, not yet paid"
    REFUSED = "refused", "Refused"
    PAID = "paid", "Paid"
    WITHDRAWN = "withdrawn", "Withdrawn"


OPEN_STATUSES = (RequestStatus.REQUESTED, RequestStatus.APPROVED)


class GrantRequest(models.Model):
    """A caseworker's request for money for a person: support section of their record."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="requests")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="grant_requests"
    )
    recorded_by_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    amount_pence = models.PositiveBigIntegerField()
    reason = models.TextField(help_text="Why the person needs it")
    pay_to = models.CharField(
        max_length=200, blank=True, help_text="Who is paid: a supplier, a landlord, the person"
    )
    reconnection = models.ForeignKey(
        "ReconnectionOffer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
    )
    personal_budget = models.ForeignKey(
        "PersonalBudget",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
    )
    status = models.CharField(
        max_length=12, choices=RequestStatus.choices, default=RequestStatus.REQUESTED
    )
    requested_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    refused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    refusal_reason = models.TextField(blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_pence__gt=0), name="request_amount_positive"),
        ]
        indexes = [
            models.Index(fields=["fund", "status"], name="request_fund_status"),
            models.Index(fields=["person", "requested_at"], name="request_person_when"),
        ]

    def __str__(self) -> str:  # no name: a request is about a person
        return f"{self.get_purpose_display()}: {pounds(self.amount_pence)}"

    @property
    def section(self) -> str:
        from waypost.audit.models import Section

        return Section.SUPPORT

    @property
    def needs_two_approvals(self) -> bool:
        return self.amount_pence > self.fund.two_approver_limit_pence


class Approval(models.Model):
    """One budget holder's approval of a request; two are needed above the fund's limit."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.ForeignKey(GrantRequest, on_delete=models.CASCADE, related_name="approvals")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["approved_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "approved_by"], name="approval_once_per_holder"
            ),
        ]

    def __str__(self) -> str:
        return f"Approval of {self.request_id}"


class LedgerIsAppendOnly(Exception):
    """Raised on any attempt to change or remove a ledger entry."""


class LedgerQuerySet(models.QuerySet["LedgerEntry"]):
    def update(self, **kwargs):  # type: ignore[no-untyped-def]
        raise LedgerIsAppendOnly("Ledger entries cannot be changed: add a correction instead.")

    def delete(self):  # type: ignore[no-untyped-def]
        raise LedgerIsAppendOnly("Ledger entries cannot be removed: add a correction instead.")


class LedgerEntry(models.Model):
    """One movement of money: positive in, negative out. Never changed, never removed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(max_length=10, choices=EntryKind.choices)
    amount_pence = models.BigIntegerField(help_text="Positive for money in, negative for out")
    occurred_on = models.DateField()
    source = models.CharField(max_length=20, choices=IncomeSource.choices, blank=True)
    purpose = models.CharField(max_length=20, choices=Purpose.choices, blank=True)
    description = models.CharField(max_length=200, blank=True)
    budget_line = models.ForeignKey(
        BudgetLine, on_delete=models.PROTECT, null=True, blank=True, related_name="entries"
    )
    grant_request = models.ForeignKey(
        GrantRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="entries"
    )
    settlement = models.ForeignKey(
        SettlementImport, on_delete=models.PROTECT, null=True, blank=True, related_name="entries"
    )
    # The provider's transaction id, so re-importing a settlement adds nothing twice.
    external_ref = models.CharField(max_length=100, blank=True)
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = LedgerQuerySet.as_manager()

    class Meta:
        ordering = ["occurred_on", "recorded_at"]
        verbose_name_plural = "ledger entries"
        constraints = [
            models.CheckConstraint(condition=~Q(amount_pence=0), name="entry_not_zero"),
            models.CheckConstraint(
                condition=Q(kind="reversal", reverses__isnull=False)
                | (~Q(kind="reversal") & Q(reverses__isnull=True)),
                name="entry_reversal_names_its_entry",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["income"]) | Q(amount_pence__gt=0),
                name="entry_income_is_positive",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["fee", "refund", "payment", "spend"])
                | Q(amount_pence__lt=0),
                name="entry_out_is_negative",
            ),
            models.UniqueConstraint(
                fields=["fund", "kind", "external_ref"],
                condition=~Q(external_ref=""),
                name="entry_external_ref_once",
            ),
        ]
        indexes = [
            models.Index(fields=["fund", "occurred_on"], name="entry_fund_when"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {pounds(self.amount_pence)} on {self.occurred_on}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not self._state.adding:
            raise LedgerIsAppendOnly("Ledger entries cannot be changed: add a correction instead.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise LedgerIsAppendOnly("Ledger entries cannot be removed: add a correction instead.")

    @property
    def is_in(self) -> bool:
        return self.amount_pence > 0


class OfferStatus(models.TextChoices):
    OFFERED = "offered", "Offered"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    TRAVELLED = "travelled", "Travelled"


class Connection(models.TextChoices):
    FAMILY = "family", "Family or friends"
    LOCAL_AUTHORITY = "local_authority", "A council where they have a local connection"
    SUPPORT_SERVICE = "support_service", "A support or treatment service"
    HOME_COUNTRY = "home_country", "Their home country"
    OTHER = "other", "Somewhere else"


class FollowUp(models.TextChoices):
    HELD = "held", "Held: still there and settled"
    NOT_HELD = "not_held", "Did not hold: back or moved on"
    NOT_KNOWN = "not_known", "Could not find out"


FOLLOW_UP_DAYS = 28


class ReconnectionOffer(models.Model):
    """An offer to help someone return to where they have support (CP5): support section."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="reconnection_offers"
    )
    recorded_by_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+"
    )
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    fund = models.ForeignKey(
        Fund, on_delete=models.PROTECT, null=True, blank=True, related_name="reconnections"
    )
    destination = models.CharField(max_length=200, help_text="The town, area or country")
    connection = models.CharField(max_length=20, choices=Connection.choices)
    details = models.TextField(blank=True, help_text="Who is expecting them, what is arranged")
    offered_on = models.DateField()
    status = models.CharField(
        max_length=10, choices=OfferStatus.choices, default=OfferStatus.OFFERED
    )
    travelled_on = models.DateField(null=True, blank=True)
    follow_up_due_on = models.DateField(null=True, blank=True)
    follow_up_reminded_at = models.DateTimeField(null=True, blank=True)
    followed_up_on = models.DateField(null=True, blank=True)
    follow_up = models.CharField(max_length=10, choices=FollowUp.choices, blank=True)
    follow_up_notes = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-offered_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="travelled", travelled_on__isnull=False)
                | (~Q(status="travelled") & Q(travelled_on__isnull=True)),
                name="reconnection_travel_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["follow_up_due_on"], name="reconnection_follow_up_due"),
        ]

    def __str__(self) -> str:
        return f"Reconnection offered {self.offered_on}"


class PersonalBudget(models.Model):
    """Money set aside for one person to spend on what they choose with their worker."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="personal_budgets"
    )
    recorded_by_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+"
    )
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="personal_budgets")
    amount_pence = models.PositiveBigIntegerField()
    agreed_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-agreed_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_pence__gt=0), name="personal_budget_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"Personal budget of {pounds(self.amount_pence)}"
