"""Reading landlords, their agreements, properties and incentives.

Landlords' details are business contact data, not data about people sleeping rough, but they
are still the partnership's own: only its staff in these roles see them, and a landlord of
another partnership is "not found" (404), as a record outside someone's reach always is.

**Who.** Rough sleeper coordinators and partnership admins keep landlords (add, change, record
agreements, properties and incentives); caseworkers read them, to find a home to offer.
Nothing here is about a person: tenancies are counted, never listed.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from waypost.accounts.models import Agency, Membership, Partnership, Role
from waypost.housing.models import (
    Incentive,
    Landlord,
    LandlordAgreement,
    Property,
    Tenancy,
)
from waypost.lib.money import pounds, pounds_input  # noqa: F401  (re-exported for housing)

LANDLORD_MANAGE_ROLES = (Role.COORDINATOR, Role.PARTNERSHIP_ADMIN)
LANDLORD_READ_ROLES = (*LANDLORD_MANAGE_ROLES, Role.CASEWORKER)


# --- Who, and which partnership ------------------------------------------------------------------
def partnerships_for(
    memberships: Sequence[Membership], roles: Sequence[str] = LANDLORD_READ_ROLES
) -> list[Partnership]:
    """The partnerships where the user holds one of `roles`, by name."""
    found: dict[Any, Partnership] = {}
    for m in memberships:
        if m.role in roles:
            found.setdefault(m.agency.partnership_id, m.agency.partnership)
    return sorted(found.values(), key=lambda p: p.name)


def may_manage(memberships: Sequence[Membership], partnership_id: Any) -> bool:
    return any(
        m.role in LANDLORD_MANAGE_ROLES and m.agency.partnership_id == partnership_id
        for m in memberships
    )


def managing_agency(memberships: Sequence[Membership], partnership_id: Any) -> Agency | None:
    """The agency a manager acts for in the partnership (a coordinator's first), for the
    incentive's record of who paid it."""
    here = sorted(
        (
            m
            for m in memberships
            if m.role in LANDLORD_MANAGE_ROLES and m.agency.partnership_id == partnership_id
        ),
        key=lambda m: (m.role != Role.COORDINATOR, m.agency.name),
    )
    return here[0].agency if here else None


def _check_reach(memberships: Sequence[Membership], partnership_id: Any, *, manage: bool) -> None:
    """404 outside the user's partnerships; 403 when they only read and want to change."""
    if partnership_id not in {p.pk for p in partnerships_for(memberships)}:
        raise Http404
    if manage and not may_manage(memberships, partnership_id):
        raise PermissionDenied


def get_landlord_for_user(
    memberships: Sequence[Membership], landlord_id: UUID, *, manage: bool = False
) -> Landlord:
    """The landlord, when it is in one of the user's partnerships (404 otherwise); with
    `manage`, 403 for readers."""
    landlord = Landlord.objects.filter(pk=landlord_id).select_related("partnership").first()
    if landlord is None:
        raise Http404
    _check_reach(memberships, landlord.partnership_id, manage=manage)
    return landlord


def get_property_for_user(
    memberships: Sequence[Membership], property_id: UUID, *, manage: bool = False
) -> Property:
    home = Property.objects.filter(pk=property_id).select_related("landlord").first()
    if home is None:
        raise Http404
    _check_reach(memberships, home.partnership_id, manage=manage)
    return home


# --- Money and dates -----------------------------------------------------------------------------
def financial_year_start(today: date) -> date:
    """1 April of the financial year (April to March) that `today` is in."""
    return date(today.year if today.month >= 4 else today.year - 1, 4, 1)


def current_agreement_q(today: date, prefix: str = "") -> Q:
    """Agreements in force on `today` (agreed, and not ended before today)."""
    return Q(**{f"{prefix}agreed_on__lte": today}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": today})
    )


# --- The list ------------------------------------------------------------------------------------
@dataclass
class LandlordQuery:
    partnerships: list[Partnership]
    kind: str = ""
    agreement: str = ""

    @property
    def is_filtered(self) -> bool:
        return bool(self.kind or self.agreement)


def list_landlords(query: LandlordQuery, today: date | None = None) -> QuerySet[Landlord]:
    """The landlords of the user's partnerships, filtered, with counts of their properties and
    their agreements in force (two queries a page: the rows, and the agreements)."""
    today = today or timezone.localdate()
    landlords = Landlord.objects.filter(partnership__in=query.partnerships)
    if query.kind:
        landlords = landlords.filter(kind=query.kind)
    if query.agreement:
        in_force = LandlordAgreement.objects.filter(
            current_agreement_q(today), landlord_id=OuterRef("pk"), kind=query.agreement
        )
        landlords = landlords.filter(Exists(in_force))
    return (
        landlords.select_related("partnership")
        .annotate(
            property_count=Count("properties", distinct=True),
            available_count=Count(
                "properties", filter=Q(properties__is_available=True), distinct=True
            ),
        )
        .prefetch_related(
            Prefetch(
                "agreements",
                queryset=LandlordAgreement.objects.filter(current_agreement_q(today)).order_by(
                    "kind"
                ),
                to_attr="current_agreements",
            )
        )
        .order_by("partnership__name", "-is_active", "name", "id")
    )


# --- One landlord --------------------------------------------------------------------------------
@dataclass
class PropertyRow:
    home: Property
    is_let: bool

    @property
    def status(self) -> str:
        if self.is_let:
            return "Let"
        return "Available to offer" if self.home.is_available else "Not available"


@dataclass
class LandlordPage:
    landlord: Landlord
    current_agreements: list[LandlordAgreement] = field(default_factory=list)
    ended_agreements: list[LandlordAgreement] = field(default_factory=list)
    future_agreements: list[LandlordAgreement] = field(default_factory=list)
    properties: list[PropertyRow] = field(default_factory=list)
    year_start: date | None = None
    total_this_year: str = ""
    total_all_time: str = ""
    incentive_count: int = 0
    current_tenancies: int = 0
    all_tenancies: int = 0


def landlord_page(landlord: Landlord, today: date | None = None) -> LandlordPage:
    """Everything the landlord page shows but the incentives list (paginated by the view)."""
    today = today or timezone.localdate()
    page = LandlordPage(landlord=landlord, year_start=financial_year_start(today))
    for agreement in landlord.agreements.order_by("kind", "-agreed_on"):
        if agreement.agreed_on > today:
            page.future_agreements.append(agreement)
        elif agreement.ends_on is not None and agreement.ends_on < today:
            page.ended_agreements.append(agreement)
        else:
            page.current_agreements.append(agreement)
    let = Tenancy.objects.filter(property_id=OuterRef("pk"), ended_on__isnull=True)
    page.properties = [
        PropertyRow(home=home, is_let=home.is_let)  # type: ignore[attr-defined]
        for home in landlord.properties.annotate(is_let=Exists(let)).order_by("address", "id")
    ]
    totals = Incentive.objects.filter(landlord=landlord).aggregate(
        all_time=Sum("amount_pence"),
        this_year=Sum("amount_pence", filter=Q(paid_on__gte=page.year_start, paid_on__lte=today)),
        count=Count("id"),
    )
    page.total_all_time = pounds(totals["all_time"])
    page.total_this_year = pounds(totals["this_year"])
    page.incentive_count = totals["count"]
    tenancies = Tenancy.objects.filter(landlord=landlord).aggregate(
        all=Count("id"), current=Count("id", filter=Q(ended_on__isnull=True))
    )
    page.all_tenancies = tenancies["all"]
    page.current_tenancies = tenancies["current"]
    return page


def incentives_of(landlord: Landlord) -> QuerySet[Incentive]:
    return (
        Incentive.objects.filter(landlord=landlord)
        .select_related("property", "recorded_by_agency")
        .order_by("-paid_on", "-recorded_at", "id")
    )
