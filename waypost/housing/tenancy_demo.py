"""Demo landlords and tenancies for `seed_demo` (every landlord, home and person in it is
fictional): four landlords of different kinds with their agreements, homes and incentive
payments, and four tenancies for demo people on the by-name list, started 2 to 14 months ago,
with risk flags: rent arrears (open), missed support visits (resolved) and a benefit sanction
notified by the JobCentre (which alerts the person's lead worker, as a real one would).

Idempotent: landlords, agreements and homes are looked up by name and address (the Housing
First demo may have added a landlord already), incentives are added only to a landlord with
none, and tenancies only while the partnership has no demo tenancy.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from waypost.accounts.models import Agency, AgencyType, Partnership, Role, User
from waypost.housing import tenancy_actions
from waypost.housing.models import (
    AgreementKind,
    HousingFirstCase,
    HousingFirstStage,
    Incentive,
    IncentiveKind,
    Landlord,
    LandlordAgreement,
    LandlordKind,
    Placement,
    Property,
    RiskKind,
    Tenancy,
)
from waypost.housing.sustainment import add_months
from waypost.outreach.models import ByNameEntry, ListStatus

DEMO_MARK = "(demo tenancy)"
POSTCODE_AREA = {"coventry": "CV", "birmingham": "B"}


@dataclass(frozen=True)
class DemoLandlord:
    name: str
    kind: str
    contact_name: str
    phone: str
    email: str
    # (kind, agreed so many days ago, ended so many days ago or None)
    agreements: list[tuple[str, int, int | None]]
    # (address, district number, area, bedrooms, step-free)
    homes: list[tuple[str, int, str, int, bool]]
    # (kind, pounds, paid so many days ago)
    incentives: list[tuple[str, int, int]] = field(default_factory=list)


def _landlords(partnership: Partnership, agencies: dict[str, Agency]) -> list[DemoLandlord]:
    city = partnership.name
    slug = partnership.slug
    association = agencies[AgencyType.LANDLORD].name if AgencyType.LANDLORD in agencies else ""
    return [
        DemoLandlord(
            association or f"{city} Housing Association",
            LandlordKind.REGISTERED_PROVIDER,
            "Lettings team",
            "0300 555 0101",
            f"lettings@{slug}-housing.example",
            [
                (AgreementKind.NO_EXCLUSION, 700, None),
                (AgreementKind.UNIVERSAL_CREDIT, 700, None),
                (AgreementKind.HOUSING_FIRST, 400, None),
            ],
            [
                ("Flat 4, Alder Court, Linden Road", 2, "Hillfields", 1, True),
                ("Flat 7, Alder Court, Linden Road", 2, "Hillfields", 1, False),
                ("Flat 12, Alder Court, Linden Road", 2, "Hillfields", 1, True),
            ],
            [(IncentiveKind.FINDERS_FEE, 500, 430), (IncentiveKind.DAMAGE_GUARANTEE, 750, 40)],
        ),
        DemoLandlord(
            f"{city} City Council Homes",
            LandlordKind.COUNCIL,
            "Allocations officer",
            "0300 555 0102",
            f"allocations@{slug}-council.example",
            [
                (AgreementKind.NO_EXCLUSION, 900, None),
                (AgreementKind.NOMINATION_RIGHTS, 900, None),
            ],
            [
                ("14 Rowan Walk", 6, "Bell Green", 1, False),
                ("2 Rowan Walk", 6, "Bell Green", 2, True),
            ],
        ),
        DemoLandlord(
            "Hill Street Lettings",
            LandlordKind.LETTING_AGENT,
            "Priya Shah",
            "0300 555 0103",
            "priya@hillstreet-lettings.example",
            [
                (AgreementKind.DEPOSIT_GUARANTEE, 300, None),
                (AgreementKind.UNIVERSAL_CREDIT, 800, 200),
            ],
            [
                ("Flat 1, 63 Mercer Street", 1, "City centre", 0, False),
                ("Flat 3, 63 Mercer Street", 1, "City centre", 1, False),
            ],
            [
                (IncentiveKind.DEPOSIT, 650, 220),
                (IncentiveKind.RENT_IN_ADVANCE, 575, 215),
                (IncentiveKind.VOID_COVER, 320, 12),
            ],
        ),
        DemoLandlord(
            "R. Okafor",
            LandlordKind.PRIVATE,
            "Rita Okafor",
            "0300 555 0104",
            "",
            [(AgreementKind.DEPOSIT_GUARANTEE, 100, None)],
            [("Ground floor flat, 9 Tanner Row", 5, "Stoke", 1, True)],
            [(IncentiveKind.DEPOSIT, 600, 60), (IncentiveKind.FINDERS_FEE, 250, 60)],
        ),
    ]


@dataclass(frozen=True)
class DemoTenancy:
    landlord: int  # index into _landlords
    months_ago: int
    support: str  # the floating support agency's type, or "" for none
    risk: str = ""  # RiskKind, or "" for none
    resolved: bool = False


TENANCIES = [
    DemoTenancy(0, 14, AgencyType.CHARITY, RiskKind.RENT_ARREARS),
    DemoTenancy(1, 10, AgencyType.CHARITY, RiskKind.MISSED_VISITS, resolved=True),
    DemoTenancy(2, 7, "", RiskKind.BENEFIT_SANCTION),
    DemoTenancy(3, 2, AgencyType.OUTREACH),
]


def seed_tenancies_demo(
    partnership: Partnership, agencies: dict[str, Agency], users: dict[str, User]
) -> None:
    """Seed the demo (see the module docstring) into `partnership`."""
    with transaction.atomic():
        landlords = [_landlord(partnership, demo) for demo in _landlords(partnership, agencies)]
        if not Tenancy.objects.filter(partnership=partnership, notes__contains=DEMO_MARK).exists():
            _tenancies(partnership, landlords, agencies, users)


def _landlord(partnership: Partnership, demo: DemoLandlord) -> Landlord:
    landlord, _ = Landlord.objects.get_or_create(
        partnership=partnership,
        name=demo.name,
        defaults={
            "kind": demo.kind,
            "contact_name": demo.contact_name,
            "phone": demo.phone,
            "email": demo.email,
            "notes": "Demo landlord.",
        },
    )
    today = timezone.localdate()
    for kind, agreed, ended in demo.agreements:
        if not landlord.agreements.filter(kind=kind).exists():
            LandlordAgreement.objects.create(
                landlord=landlord,
                kind=kind,
                agreed_on=today - timedelta(days=agreed),
                ends_on=today - timedelta(days=ended) if ended is not None else None,
            )
    area = POSTCODE_AREA.get(partnership.slug, "CV")
    for address, district, area_name, bedrooms, step_free in demo.homes:
        Property.objects.get_or_create(
            partnership=partnership,
            landlord=landlord,
            address=address,
            defaults={
                # A ZZ inward code is never issued: these homes cannot be found on a map.
                "postcode": f"{area}{district} 9ZZ",
                "area": area_name,
                "bedrooms": bedrooms,
                "step_free": step_free,
            },
        )
    if demo.incentives and not landlord.incentives.exists():
        homes = list(landlord.properties.order_by("address"))
        payer = Agency.objects.filter(
            partnership=partnership, type=AgencyType.HOUSING_OPTIONS
        ).first()
        for number, (kind, pounds, days_ago) in enumerate(demo.incentives):
            if payer is None:
                break
            Incentive.objects.create(
                landlord=landlord,
                property=homes[number % len(homes)] if homes and number % 2 == 0 else None,
                kind=kind,
                amount_pence=pounds * 100,
                paid_on=today - timedelta(days=days_ago),
                recorded_by_agency=payer,
            )
    return landlord


def _tenants(partnership: Partnership, count: int) -> list[ByNameEntry]:
    """People on the by-name list to house: those already housed or in supported or emergency
    accommodation first, leaving out anyone with a tenancy, a placement or a Housing First
    case under way (other demos' people)."""
    busy = (
        Q(person__in=Tenancy.objects.filter(ended_on__isnull=True).values("person_id"))
        | Q(person__in=Placement.objects.filter(ended_on__isnull=True).values("person_id"))
        | Q(
            person__in=HousingFirstCase.objects.exclude(stage=HousingFirstStage.CLOSED).values(
                "person_id"
            )
        )
    )
    order = Case(
        When(status=ListStatus.HOUSED, then=Value(0)),
        When(status=ListStatus.SUPPORTED, then=Value(1)),
        When(status=ListStatus.EMERGENCY, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    return list(
        ByNameEntry.objects.filter(
            partnership=partnership,
            person__merged_into__isnull=True,
            person__anonymised_at__isnull=True,
            person__restricted_at__isnull=True,
        )
        .exclude(status__in=[ListStatus.DECEASED, ListStatus.LEFT_AREA])
        .exclude(busy)
        .select_related("person")
        .order_by(order, "person__created_at", "person_id")[:count]
    )


def _tenancies(
    partnership: Partnership,
    landlords: list[Landlord],
    agencies: dict[str, Agency],
    users: dict[str, User],
) -> None:
    council = agencies[AgencyType.HOUSING_OPTIONS]
    coordinator = users.get(Role.COORDINATOR)
    today = timezone.localdate()
    for demo, entry in zip(TENANCIES, _tenants(partnership, len(TENANCIES)), strict=False):
        home = (
            landlords[demo.landlord]
            .properties.filter(is_available=True, tenancies__isnull=True)
            .order_by("address")
            .first()
        )
        if home is None:
            continue
        tenancy = tenancy_actions.start_tenancy(
            entry.person,
            home,
            agency=council,
            by=coordinator,
            started_on=add_months(today, -demo.months_ago),
            floating_support=bool(demo.support),
            floating_support_agency=agencies.get(demo.support) if demo.support else None,
            notes=f"Moved in with help from the rough sleeping team. {DEMO_MARK}",
        )
        if demo.risk == RiskKind.BENEFIT_SANCTION and AgencyType.DWP in agencies:
            tenancy_actions.notify_benefit_sanction(
                entry.person,
                sanctioned_on=today - timedelta(days=5),
                agency=agencies[AgencyType.DWP],
                by=None,
            )
        elif demo.risk:
            flagged = tenancy_actions.flag_risk(
                tenancy,
                kind=demo.risk,
                agency=council,
                by=coordinator,
                noted_on=today - timedelta(days=60 if demo.resolved else 10),
                details=(
                    "Missed two visits in a row; back in touch after a phone call."
                    if demo.resolved
                    else "Six weeks behind with the rent since a change of benefit."
                ),
            )
            if demo.resolved:
                tenancy_actions.resolve_risk(
                    flagged.risk,
                    resolved_on=today - timedelta(days=30),
                    agency=council,
                    by=coordinator,
                )
