"""Demo Housing First cases for `seed_demo` (everyone in them is fictional): eight of the demo
cohort at every stage of the pipeline, referred over the past months and moved on at dates
spread over the weeks since, so the time at each stage shows on the case pages and the
pipeline. One is housed (through waypost.housing.tenancy_actions.start_tenancy), one waits on a
property offered, one was deferred by the panel and one closed as not eligible.

When the partnership has fewer than two homes free to offer from a Housing First landlord, a
demo landlord with a Housing First agreement and two homes is added.

Idempotent: a partnership that already has Housing First cases is left as it is.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from waypost.accounts.models import Agency, AgencyType, Partnership, Role, User
from waypost.housing import housing_first_actions as actions
from waypost.housing.models import (
    AgreementKind,
    HousingFirstCase,
    Landlord,
    LandlordAgreement,
    LandlordKind,
    PanelDecision,
    Property,
    Tenancy,
)
from waypost.people.models import Identifier, IdentifierKind, Person

# The source-id system of the demo cohort (waypost/accounts/management/commands/seed_demo.py,
# which imports this module, so the name is repeated here rather than imported).
COHORT_SYSTEM = "Waypost demo"
DEMO_LANDLORD = "{city} Housing First Homes (demo)"
DEMO_HOMES = [
    ("Flat 1, 14 Station Road", "Station Road", 1, True),
    ("Flat 3, 8 Mill Lane", "Mill Lane", 1, False),
]


@dataclass(frozen=True)
class DemoCase:
    """How far one demo case goes, with how many days ago each step happened."""

    reason: str
    referred: int
    eligible: int | None = None
    not_eligible: str = ""
    panel: int | None = None
    decision: str = PanelDecision.APPROVED
    offered: int | None = None
    tenancy: int | None = None
    referred_by_outreach: bool = False


CASES = [
    DemoCase(
        "Sleeping rough on and off for six years; two hostel placements ended in eviction. "
        "Wants a flat of his own away from the city centre.",
        referred=5,
        referred_by_outreach=True,
    ),
    DemoCase(
        "Long history of rough sleeping and alcohol use. Has said for a year she would take a "
        "flat if she could keep her dog.",
        referred=12,
    ),
    DemoCase(
        "Repeatedly left supported accommodation within weeks. Engages well with outreach.",
        referred=30,
        eligible=20,
    ),
    DemoCase(
        "Sleeping rough since leaving prison two years ago; hostel rules have not worked.",
        referred=50,
        eligible=41,
        panel=28,
    ),
    DemoCase(
        "Complex mental health needs; the panel asked for the mental health trust's view.",
        referred=45,
        eligible=36,
        panel=10,
        decision=PanelDecision.DEFERRED,
    ),
    DemoCase(
        "Twelve years of rough sleeping; wants to live near the day centre.",
        referred=75,
        eligible=63,
        panel=47,
        offered=13,
    ),
    DemoCase(
        "Sleeping rough in the underpass for three winters; hospital admissions each year.",
        referred=130,
        eligible=116,
        panel=98,
        offered=70,
        tenancy=57,
    ),
    DemoCase(
        "Referred by the day centre.",
        referred=60,
        not_eligible="Has a secure tenancy in another area they can return to with support.",
    ),
]


def seed_housing_first_demo(
    partnership: Partnership, agencies: dict[str, Agency], users: dict[str, User]
) -> None:
    """Seed the demo (see the module docstring) into `partnership`, as its demo users."""
    if HousingFirstCase.objects.filter(partnership=partnership).exists():
        return
    people = _cohort(partnership)
    if not people:
        return
    with transaction.atomic():
        homes = _homes(partnership)
        for demo, person in zip(CASES, people, strict=False):
            _seed_case(demo, person, homes, agencies, users)


def _cohort(partnership: Partnership) -> list[Person]:
    """Demo cohort people from the end of the cohort (other demos use its start), without a
    tenancy that has not ended."""
    ids = Identifier.objects.filter(
        partnership=partnership, kind=IdentifierKind.SOURCE_ID, system=COHORT_SYSTEM
    ).values("person_id")
    housed = Tenancy.objects.filter(ended_on__isnull=True).values("person_id")
    return list(
        Person.objects.filter(pk__in=ids, partnership=partnership)
        .live()
        .unrestricted()
        .exclude(pk__in=housed)
        .order_by("-created_at", "-pk")[: len(CASES)]
    )


def _homes(partnership: Partnership) -> list[Property]:
    """Two homes free to offer from landlords with a Housing First agreement: the
    partnership's own when it has them, else the demo landlord's."""
    found = list(
        Property.objects.filter(
            partnership=partnership,
            is_available=True,
            landlord__agreements__kind=AgreementKind.HOUSING_FIRST,
        )
        .distinct()
        .order_by("address", "pk")[:2]
    )
    if len(found) >= 2:
        return found
    landlord, _ = Landlord.objects.get_or_create(
        partnership=partnership,
        name=DEMO_LANDLORD.format(city=partnership.name),
        defaults={
            "kind": LandlordKind.REGISTERED_PROVIDER,
            "contact_name": "Lettings team",
            "notes": "Demo landlord: lets one-bedroom flats to Housing First tenants.",
        },
    )
    if not landlord.agreements.filter(kind=AgreementKind.HOUSING_FIRST).exists():
        LandlordAgreement.objects.create(
            landlord=landlord,
            kind=AgreementKind.HOUSING_FIRST,
            agreed_on=timezone.localdate() - timedelta(days=365),
        )
    homes = []
    for address, area, bedrooms, step_free in DEMO_HOMES:
        home, _ = Property.objects.get_or_create(
            partnership=partnership,
            landlord=landlord,
            address=address,
            defaults={"area": area, "bedrooms": bedrooms, "step_free": step_free},
        )
        homes.append(home)
    return homes


def _day(days_ago: int) -> date:
    return timezone.localdate() - timedelta(days=days_ago)


def _at(days_ago: int) -> datetime:
    """Late morning, London time, `days_ago` days ago."""
    return timezone.make_aware(datetime.combine(_day(days_ago), time(11)))


def _seed_case(
    demo: DemoCase,
    person: Person,
    homes: list[Property],
    agencies: dict[str, Agency],
    users: dict[str, User],
) -> None:
    council, coordinator = agencies[AgencyType.HOUSING_OPTIONS], users[Role.COORDINATOR]
    referrer = (
        (agencies[AgencyType.OUTREACH], users[Role.OUTREACH_WORKER])
        if demo.referred_by_outreach
        else (council, coordinator)
    )
    case = actions.refer_to_housing_first(
        person,
        reason=demo.reason,
        referred_on=_day(demo.referred),
        agency=referrer[0],
        by=referrer[1],
        at=_at(demo.referred),
    )
    mover = {"agency": council, "by": coordinator}
    if demo.not_eligible:
        actions.record_eligibility(
            case,
            version=case.version,
            eligible=False,
            notes=demo.not_eligible,
            at=_at(demo.referred - 10),
            **mover,
        )
        return
    if demo.eligible is None:
        return
    case = actions.record_eligibility(
        case,
        version=case.version,
        eligible=True,
        notes="Long-term rough sleeping with multiple unmet needs; wants Housing First.",
        at=_at(demo.eligible),
        **mover,
    )
    if demo.panel is None:
        return
    case = actions.record_panel_decision(
        case,
        version=case.version,
        panel_on=_day(demo.panel),
        decision=demo.decision,
        at=_at(demo.panel),
        **mover,
    )
    if demo.offered is None:
        return
    home = homes[1] if demo.tenancy is None else homes[0]
    case = actions.offer_property(
        case,
        version=case.version,
        home=home,
        offered_on=_day(demo.offered),
        at=_at(demo.offered),
        **mover,
    )
    if demo.tenancy is None:
        return
    actions.start_housing_first_tenancy(
        case,
        version=case.version,
        started_on=_day(demo.tenancy),
        floating_support=True,
        floating_support_agency=agencies.get(AgencyType.CHARITY),
        at=_at(demo.tenancy),
        **mover,
    )
