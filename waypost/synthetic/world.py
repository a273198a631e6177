"""The setting of a synthetic population: the partnership, its agencies and staff, the signed
information sharing agreement, the places outreach works, accommodation schemes and their
units, and the threshold model. Small (tens to thousands of rows), made through the ORM with
ids drawn from the seeded stream, so the same seed and slug give the same ids.

Staff accounts have no usable password: they exist so records name who made them and so a
caller (a benchmark, a test) can act as a member of staff after setting a password itself.
"""

import bisect
import itertools
import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from uuid import UUID

from django.db import transaction

from waypost.accounts.models import Agency, AgencyType, Membership, Partnership, Role, User
from waypost.cases.models import ThresholdModel
from waypost.cases.scoring import DEFAULT_RULES, DEFAULT_TIERS
from waypost.cases.threshold_actions import DEFAULT_NOTE
from waypost.housing.models import (
    AccommodationKind,
    Provider,
    Scheme,
    SupportLevel,
    Unit,
    UnitStatus,
)
from waypost.outreach.models import CountKind, CountMethod, Place, PlaceKind, StreetCount
from waypost.sharing.models import AgreementSignature, SharingAgreement
from waypost.synthetic.streams import new_uuid, stream

# Agencies of the partnership, and the roles of their staff (the first is the usual recorder).
AGENCIES: dict[str, tuple[str, tuple[str, ...]]] = {
    AgencyType.HOUSING_OPTIONS: ("Council Housing Options", (Role.CASEWORKER, Role.COORDINATOR)),
    AgencyType.OUTREACH: ("Street Outreach", (Role.OUTREACH_WORKER,)),
    AgencyType.HOSPITAL: ("Hospitals NHS Trust", (Role.CASEWORKER, Role.REFERRER)),
    AgencyType.PROBATION: ("Probation Delivery Unit", (Role.CASEWORKER, Role.REFERRER)),
    AgencyType.CHARITY: ("Homeless Support Charity", (Role.CASEWORKER, Role.OUTREACH_WORKER)),
    AgencyType.ACCOMMODATION: ("Housing Trust", (Role.PROVIDER,)),
}
# A made-up city centre (these coordinates are central Coventry: not personal data).
CENTRE = (52.4068, -1.5197)
AREAS = ("Central", "Riverside", "Hillside", "Northgate", "Eastfield", "Southbrook", "Westmoor")
PLACE_WORDS = (
    "Station",
    "Market",
    "Cathedral",
    "Canal",
    "Park",
    "Bus station",
    "Library",
    "Retail park",
    "Car park",
    "Underpass",
    "Church",
    "High Street",
)
PLACE_SIDES = ("north", "south", "east", "west", "steps", "arcade", "gardens", "subway")


@dataclass(frozen=True)
class SchemeKind:
    name: str
    kind: str
    share: float  # of all units
    stay_days: tuple[int, int]  # a placement's usual length, shortest and longest
    max_stay_days: int | None = None


SCHEMES = (
    SchemeKind("Night shelter", AccommodationKind.NIGHT_SHELTER, 0.10, (3, 40), 28),
    SchemeKind("Emergency beds", AccommodationKind.EMERGENCY, 0.08, (2, 21), 14),
    SchemeKind("Station Road hostel", AccommodationKind.HOSTEL, 0.16, (30, 240)),
    SchemeKind("Riverside hostel", AccommodationKind.HOSTEL, 0.12, (30, 240)),
    SchemeKind("Temporary accommodation", AccommodationKind.TEMPORARY, 0.14, (40, 300)),
    SchemeKind("Supported housing", AccommodationKind.SUPPORTED, 0.22, (120, 700), 730),
    SchemeKind("Move-on flats", AccommodationKind.SOCIAL_TENANCY, 0.10, (365, 1800)),
    SchemeKind("Private rented access", AccommodationKind.PRIVATE_TENANCY, 0.08, (180, 1200)),
)
STAY_DAYS = {s.kind: s.stay_days for s in SCHEMES}


class UnitTimeline:
    """One unit's placements as date intervals [start, end), end None while open: a place is
    free for a new placement when it overlaps none of them (units sleep one)."""

    def __init__(self, unit_id: UUID, scheme_id: UUID) -> None:
        self.unit_id = unit_id
        self.scheme_id = scheme_id
        self.starts: list[date] = []
        self.ends: list[date | None] = []

    def is_free(self, start: date, end: date | None) -> bool:
        i = bisect.bisect_right(self.starts, start)
        if i > 0:
            before = self.ends[i - 1]
            if before is None or before > start:
                return False
        if i < len(self.starts):
            return end is not None and end <= self.starts[i]
        return True

    def book(self, start: date, end: date | None) -> None:
        i = bisect.bisect_right(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)

    @property
    def is_occupied(self) -> bool:
        return bool(self.ends) and self.ends[-1] is None


@dataclass
class World:
    """Everything the per-person generator needs to know about the setting."""

    partnership: Partnership
    agencies: dict[str, Agency]
    staff: dict[str, list[UUID]]  # agency type → front-line users
    referrers: dict[str, list[UUID]]
    places: list[tuple[UUID, Decimal, Decimal]]
    place_weights: list[float]
    units: dict[str, list[UnitTimeline]]  # accommodation kind → units
    threshold_model: ThresholdModel
    anchor: datetime  # everything generated happened before this (midnight starting today)
    start: datetime

    @property
    def today(self) -> date:
        return self.anchor.date()


def build_world(*, slug: str, seed: int, people: int, years: int, today: date) -> World:
    """Create the setting for `people` identities in a new partnership `slug`."""
    rng = stream("world", seed, slug)
    anchor = datetime(today.year, today.month, today.day, tzinfo=UTC)
    start = anchor - timedelta(days=365 * years)
    with transaction.atomic():
        partnership = Partnership.objects.create(
            id=new_uuid(rng),
            name=f"Synthetic partnership {slug}",
            slug=slug,
            # A region of its own: region-wide figures must not mix in other partnerships.
            region=f"Synthetic region {slug}",
            population=max(100_000, people * 30),
        )
        agencies = {
            kind: Agency.objects.create(
                id=new_uuid(rng), partnership=partnership, name=f"Synthetic {name}", type=kind
            )
            for kind, (name, _roles) in AGENCIES.items()
        }
        staff, referrers = _staff(rng, slug, agencies, people)
        _agreement(rng, partnership, agencies, start.date() - timedelta(days=30))
        places = _places(rng, partnership, people)
        units = _accommodation(rng, partnership, agencies[AgencyType.ACCOMMODATION], people, start)
        model = ThresholdModel.objects.create(
            id=new_uuid(rng),
            partnership=partnership,
            version=1,
            rules=DEFAULT_RULES,
            tiers=DEFAULT_TIERS,
            change_note=DEFAULT_NOTE,
            created_at=start,
        )
    weights = [1 / (rank + 3) for rank in range(len(places))]
    return World(
        partnership=partnership,
        agencies=agencies,
        staff=staff,
        referrers=referrers,
        places=places,
        place_weights=list(itertools.accumulate(weights)),
        units=units,
        threshold_model=model,
        anchor=anchor,
        start=start,
    )


def _staff(
    rng: random.Random, slug: str, agencies: dict[str, Agency], people: int
) -> tuple[dict[str, list[UUID]], dict[str, list[UUID]]]:
    per_agency = min(40, 2 + people // 5000)
    staff: dict[str, list[UUID]] = {}
    referrers: dict[str, list[UUID]] = {}
    users, memberships = [], []
    for kind, agency in agencies.items():
        roles = AGENCIES[kind][1]
        for role in roles:
            count = per_agency if role == roles[0] else 1
            for n in range(1, count + 1):
                user = User(
                    id=new_uuid(rng),
                    email=f"{role.replace('_', '-')}-{n}@{kind.replace('_', '-')}.{slug}.invalid",
                    full_name=f"Synthetic {Role(role).label.lower()} {n}",
                )
                user.set_unusable_password()
                users.append(user)
                memberships.append(
                    Membership(id=new_uuid(rng), user=user, agency=agency, role=role)
                )
                target = referrers if role == Role.REFERRER else staff
                target.setdefault(kind, []).append(user.id)
    User.objects.bulk_create(users)
    Membership.objects.bulk_create(memberships)
    return staff, referrers


def _agreement(
    rng: random.Random, partnership: Partnership, agencies: dict[str, Agency], on: date
) -> None:
    agreement = SharingAgreement.objects.create(
        id=new_uuid(rng),
        partnership=partnership,
        version="1.0",
        title=f"{partnership.name} information sharing agreement",
        starts_on=on,
    )
    AgreementSignature.objects.bulk_create(
        AgreementSignature(
            id=new_uuid(rng),
            agreement=agreement,
            agency=agency,
            signatory_name="Synthetic signatory",
            signatory_role="Director",
            signed_on=on,
        )
        for agency in agencies.values()
    )


def _places(
    rng: random.Random, partnership: Partnership, people: int
) -> list[tuple[UUID, Decimal, Decimal]]:
    count = min(250, 25 + people // 4000)
    rows = []
    for n in range(count):
        rounds, i = divmod(n, len(PLACE_WORDS) * len(PLACE_SIDES))
        name = f"{PLACE_WORDS[i % len(PLACE_WORDS)]} {PLACE_SIDES[i // len(PLACE_WORDS)]}"
        lat = Decimal(f"{CENTRE[0] + rng.uniform(-0.03, 0.03):.5f}")
        lon = Decimal(f"{CENTRE[1] + rng.uniform(-0.05, 0.05):.5f}")
        rows.append(
            Place(
                id=new_uuid(rng),
                partnership=partnership,
                name=f"{name} {rounds + 1}" if rounds else name,
                kind=PlaceKind.HOTSPOT if rng.random() < 0.3 else PlaceKind.PLACE,
                area=f"{rng.choice(AREAS)} ward",
                latitude=lat,
                longitude=lon,
            )
        )
    Place.objects.bulk_create(rows)
    return [(p.id, p.latitude, p.longitude) for p in rows]  # type: ignore[misc]


def _accommodation(
    rng: random.Random, partnership: Partnership, agency: Agency, people: int, start: datetime
) -> dict[str, list[UnitTimeline]]:
    """Schemes of each kind with units in proportion: about one unit for every ten people,
    enough for the placements without overbooking any bed."""
    provider = Provider.objects.create(
        id=new_uuid(rng), partnership=partnership, agency=agency, name="Synthetic Housing Trust"
    )
    total = max(len(SCHEMES) * 2, people // 10)
    units: dict[str, list[UnitTimeline]] = {}
    unit_rows: list[Unit] = []
    for spec in SCHEMES:
        scheme = Scheme.objects.create(
            id=new_uuid(rng),
            partnership=partnership,
            provider=provider,
            name=spec.name,
            kind=spec.kind,
            area=f"{rng.choice(AREAS)} ward",
            max_stay_days=spec.max_stay_days,
            support_level=SupportLevel.MEDIUM
            if spec.kind == AccommodationKind.SUPPORTED
            else SupportLevel.LOW,
            created_at=start,
        )
        for n in range(1, max(2, round(total * spec.share)) + 1):
            unit = Unit(
                id=new_uuid(rng),
                scheme=scheme,
                label=f"Room {n}",
                status_changed_at=start,
            )
            unit_rows.append(unit)
            units.setdefault(spec.kind, []).append(UnitTimeline(unit.id, scheme.id))
    Unit.objects.bulk_create(unit_rows, batch_size=2000)
    return units


def mark_occupied_units(world: World) -> int:
    """Leave each unit with the status its placements imply, as
    waypost.housing.placement_actions keeps it: occupied while an open placement fills it
    (since that placement began), else free. Returns how many are occupied."""
    occupied = []
    for timelines in world.units.values():
        for timeline in timelines:
            if timeline.is_occupied:
                opened = timeline.starts[-1]
                occupied.append(
                    Unit(
                        id=timeline.unit_id,
                        status=UnitStatus.OCCUPIED,
                        status_changed_at=datetime(
                            opened.year, opened.month, opened.day, 12, tzinfo=UTC
                        ),
                    )
                )
    Unit.objects.bulk_update(occupied, ["status", "status_changed_at"], batch_size=500)
    return len(occupied)


def save_street_counts(world: World, seen: Mapping[date, int], night_of_month: int) -> int:
    """The monthly single-night figures (as an outreach team returns them): the people seen
    bedded down on that night of each month. Returns how many months."""
    counts = []
    rng = stream("street counts", world.partnership.pk)
    month = world.start.date().replace(day=1)
    while True:
        night = month.replace(day=night_of_month)
        if night >= world.today:
            break
        if night >= world.start.date():
            counts.append(
                StreetCount(
                    id=new_uuid(rng),
                    partnership=world.partnership,
                    kind=CountKind.MONTHLY,
                    method=CountMethod.COUNT,
                    night=night,
                    total=seen.get(night, 0),
                    recorded_by_agency=world.agencies[AgencyType.OUTREACH],
                    recorded_at=datetime(night.year, night.month, night.day, tzinfo=UTC)
                    + timedelta(days=1),
                )
            )
        month = (month + timedelta(days=32)).replace(day=1)
    StreetCount.objects.bulk_create(counts)
    return len(counts)
