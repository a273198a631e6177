"""Demo commissioned services for a partnership: street outreach, night shelter and hostels,
and Housing First, each with KPIs (some computed from Waypost's data, some entered by the
provider) and the last four quarters' returns: three accepted, the latest waiting for review.

Deterministic (a random generator seeded by the partnership's slug) and idempotent: a contract
that already exists is left as it is. Run after the other demo seeds, so computed KPIs count
their data.
"""

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from waypost.accounts.models import Agency, AgencyType, Membership, Partnership, Role
from waypost.commissioning.contract_actions import (
    Entry,
    accept_return,
    find_return,
    save_return,
)
from waypost.commissioning.kpi_sources import SOURCES
from waypost.commissioning.models import Contract, Direction, Kpi, Source, Unit
from waypost.lib.quarters import Quarter


@dataclass(frozen=True)
class DemoKpi:
    name: str
    unit: str
    target: str
    computation: str = ""
    definition: str = ""
    direction: str = Direction.HIGHER
    typical: tuple[int, int] = (0, 0)  # an entered figure's range (count, or percent)


@dataclass(frozen=True)
class DemoContract:
    name: str
    agency_type: str
    description: str
    value_pence: int
    kpis: tuple[DemoKpi, ...]


CONTRACTS = (
    DemoContract(
        "Street outreach service",
        AgencyType.OUTREACH,
        "Outreach workers out early morning and late evening, seven days a week: finding people "
        "sleeping rough, verifying them, and offering a route off the street.",
        48_000_000,
        (
            DemoKpi("Street contacts made", Unit.COUNT, "40", computation="street_contacts"),
            DemoKpi(
                "People moved off the street into accommodation",
                Unit.COUNT,
                "6",
                computation="moved_off_street",
            ),
            DemoKpi(
                "New people with a support plan within 10 days",
                Unit.PERCENT,
                "80",
                definition="Of the people first met on the street in the quarter, the share "
                "with a support plan agreed within 10 days of that first contact.",
                typical=(70, 95),
            ),
        ),
    ),
    DemoContract(
        "Night shelter and hostels",
        AgencyType.ACCOMMODATION,
        "Emergency night shelter beds and hostel rooms with support staff on site.",
        62_000_000,
        (
            DemoKpi(
                "Placements ending in a planned move on",
                Unit.PERCENT,
                "60",
                computation="placements_positive",
            ),
            DemoKpi(
                "Average bed occupancy",
                Unit.PERCENT,
                "90",
                definition="Bed nights used as a share of bed nights available in the quarter.",
                typical=(82, 98),
            ),
            DemoKpi(
                "Evictions",
                Unit.COUNT,
                "3",
                definition="Residents asked to leave for breaking the licence in the quarter.",
                direction=Direction.LOWER,
                typical=(0, 6),
            ),
        ),
    ),
    DemoContract(
        "Housing First",
        AgencyType.CHARITY,
        "Intensive, open-ended support for people with multiple needs in their own tenancy.",
        35_000_000,
        (
            DemoKpi(
                "Housing First tenancies sustained for 12 months",
                Unit.PERCENT,
                "85",
                computation="housing_first_sustained",
            ),
            DemoKpi(
                "People supported",
                Unit.COUNT,
                "20",
                definition="People with a Housing First support worker at any time in the quarter.",
                typical=(14, 26),
            ),
        ),
    ),
)


def _agency(partnership: Partnership, agency_type: str) -> Agency | None:
    return (
        Agency.objects.filter(partnership=partnership, type=agency_type, is_active=True)
        .order_by("name")
        .first()
    )


def _entry(kpi: DemoKpi, rng: random.Random, comment: str) -> Entry:
    low, high = kpi.typical
    if kpi.unit == Unit.PERCENT:
        out_of = rng.randint(20, 40)
        share = rng.randint(low, high)
        return Entry(count=round(out_of * share / 100), out_of=out_of, comment=comment)
    return Entry(count=rng.randint(low, high), comment=comment)


def seed_commissioning_demo(partnership: Partnership) -> list[Contract]:
    """The demo contracts of `partnership` (see the module docstring)."""
    rng = random.Random(f"commissioning-{partnership.slug}")
    manager_membership = (
        Membership.objects.active()
        .filter(agency__partnership=partnership, role=Role.COORDINATOR)
        .select_related("user")
        .order_by("started_at")
        .first()
    )
    manager = manager_membership.user if manager_membership else None
    quarters = Quarter.current().previous().last(4)
    made = []
    for spec in CONTRACTS:
        provider = _agency(partnership, spec.agency_type)
        if (
            provider is None
            or Contract.objects.filter(partnership=partnership, name=spec.name).exists()
        ):
            continue
        contract = Contract.objects.create(
            partnership=partnership,
            provider=provider,
            name=spec.name,
            service_description=spec.description,
            starts_on=quarters[0].starts_on,
            ends_on=date(quarters[0].year + 3, 3, 31),
            value_pence=spec.value_pence,
            manager=manager,
        )
        kpis: list[tuple[Kpi, DemoKpi]] = []
        for position, item in enumerate(spec.kpis, start=1):
            kpi = Kpi.objects.create(
                contract=contract,
                name=item.name,
                definition=item.definition or _definition(item.computation),
                unit=item.unit,
                target=Decimal(item.target),
                direction=item.direction,
                tolerance_percent=Decimal("10"),
                source=Source.COMPUTED if item.computation else Source.ENTERED,
                computation=item.computation,
                position=position,
            )
            kpis.append((kpi, item))
        for index, quarter in enumerate(quarters):
            entries = {
                kpi.pk: _entry(item, rng, "" if rng.random() < 0.6 else _comment(rng))
                for kpi, item in kpis
                if not item.computation
            }
            save_return(contract, quarter, entries=entries, version=0, submit=True, by=None)
            if index < len(quarters) - 1:
                found = find_return(contract, quarter)
                assert found is not None
                accept_return(found, version=found.version, by=None)
        made.append(contract)
    return made


def _definition(code: str) -> str:
    return SOURCES[code].definition


COMMENTS = (
    "Two staff vacancies for part of the quarter.",
    "Severe weather beds open for part of the quarter.",
    "New early morning shift started.",
    "Figures checked against our case records.",
)


def _comment(rng: random.Random) -> str:
    return rng.choice(COMMENTS)
