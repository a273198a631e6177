"""The demo accommodation register for `seed_demo`: the partnership's accommodation provider
with six schemes covering the kinds (a night shelter, a women-only emergency scheme, SWEP
beds, a hostel with couples' rooms that takes pets, an under 25s scheme and Housing First
flats), some places free and some occupied, the vacancies checked within the last day (SWEP's
two days ago, so the board shows a check that is out of date).

Occupied beds are only statuses here: nobody is placed, so the register names no one.
Idempotent: a partnership that already has the demo provider is left as it is.
"""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from waypost.accounts.models import AgencyType, Partnership, Role
from waypost.housing.board_actions import update_vacancies
from waypost.housing.models import (
    AccommodationKind,
    GenderRule,
    Provider,
    Scheme,
    SubstancePolicy,
    SupportLevel,
    UnitStatus,
)
from waypost.housing.register_actions import add_provider, add_scheme, add_unit

FREE, OCCUPIED, HELD, OUT = (
    UnitStatus.FREE,
    UnitStatus.OCCUPIED,
    UnitStatus.HELD,
    UnitStatus.OUT_OF_USE,
)

# (scheme fields, units as (label, sleeps, step_free, status), hours since the last check)
SCHEMES: list[tuple[dict[str, Any], list[tuple[str, int, bool, str]], float]] = [
    (
        {
            "name": "{city} Night Shelter",
            "kind": AccommodationKind.NIGHT_SHELTER,
            "area": "City centre",
            "city_centre": True,
            "support_level": SupportLevel.MEDIUM,
            "substance_policy": SubstancePolicy.HARM_REDUCTION,
            "max_stay_days": 28,
            "how_to_refer": "Call the shelter from 7pm. Outreach can bring people straight in.",
        },
        [(f"Bed {n}", 1, n <= 2, OCCUPIED if n <= 9 else FREE) for n in range(1, 13)],
        2,
    ),
    (
        {
            "name": "Women's Safe Beds",
            "kind": AccommodationKind.EMERGENCY,
            "area": "Confidential address",
            "gender_rule": GenderRule.WOMEN,
            "support_level": SupportLevel.HIGH,
            "substance_policy": SubstancePolicy.HARM_REDUCTION,
            "accepts_no_recourse": True,
            "max_stay_days": 14,
            "how_to_refer": "Call the duty worker. The address is given only on referral.",
        },
        [(f"Room {n}", 1, n == 1, OCCUPIED if n <= 3 else FREE) for n in range(1, 5)],
        5,
    ),
    (
        {
            "name": "{city} SWEP Beds",
            "kind": AccommodationKind.SWEP,
            "area": "City centre",
            "city_centre": True,
            "support_level": SupportLevel.LOW,
            "substance_policy": SubstancePolicy.HARM_REDUCTION,
            "accepts_no_recourse": True,
            "needs_local_connection": False,
            "how_to_refer": "Open while SWEP is active. Anyone sleeping rough is offered a bed.",
        },
        [(f"Bed {n}", 1, True, OCCUPIED if n <= 4 else FREE) for n in range(1, 11)],
        50,
    ),
    (
        {
            "name": "Station Road Hostel",
            "kind": AccommodationKind.HOSTEL,
            "area": "Station Road",
            "couples": True,
            "pets": True,
            "support_level": SupportLevel.MEDIUM,
            "substance_policy": SubstancePolicy.NO_USE_ON_SITE,
            "needs_local_connection": True,
            "max_stay_days": 180,
            "how_to_refer": "Referrals through the council's housing options team.",
        },
        [
            (f"Room {n}", 1, False, OCCUPIED if n <= 5 else (HELD if n == 6 else FREE))
            for n in range(1, 9)
        ]
        + [("Couple's room A", 2, True, OCCUPIED), ("Couple's room B", 2, False, FREE)],
        9,
    ),
    (
        {
            "name": "Young People's Foyer",
            "kind": AccommodationKind.SUPPORTED,
            "area": "Hillfields",
            "min_age": 16,
            "max_age": 24,
            "wheelchair_access": True,
            "support_level": SupportLevel.HIGH,
            "substance_policy": SubstancePolicy.NO_USE_ON_SITE,
            "max_stay_days": 730,
            "how_to_refer": "For 16 to 24 year olds. Referrals from the council or outreach.",
        },
        [
            (f"Flat {n}", 1, n <= 3, [OCCUPIED, OCCUPIED, OCCUPIED, OCCUPIED, FREE, OUT][n - 1])
            for n in range(1, 7)
        ],
        20,
    ),
    (
        {
            "name": "Housing First Flats",
            "kind": AccommodationKind.HOUSING_FIRST,
            "area": "Across the city",
            "support_level": SupportLevel.HIGH,
            "substance_policy": SubstancePolicy.HARM_REDUCTION,
            "how_to_refer": "Through the Housing First panel.",
        },
        [("Flat 1", 1, True, OCCUPIED), ("Flat 2", 1, False, OCCUPIED), ("Flat 3", 1, False, FREE)],
        26,
    ),
]


def seed_register_demo(
    partnership: Partnership, agencies: dict[str, Any], users: dict[str, Any]
) -> None:
    """The demo provider, schemes and units for `partnership`, run by its accommodation agency
    and checked by its provider user."""
    agency = agencies.get(AgencyType.ACCOMMODATION)
    if agency is None or Provider.objects.filter(partnership=partnership, agency=agency).exists():
        return
    checker = users.get(Role.PROVIDER)
    provider = add_provider(
        partnership,
        agency=agency,
        name=agency.name,
        phone="024 7600 0000" if partnership.slug == "coventry" else "0121 400 0000",
        by=None,
    )
    now = timezone.now()
    for fields, units, hours in SCHEMES:
        fields = {**fields, "name": fields["name"].format(city=partnership.name)}
        scheme = add_scheme(provider, by=None, **fields)
        made = [
            (add_unit(scheme, label=label, sleeps=sleeps, step_free=step_free, by=None), status)
            for label, sleeps, step_free, status in units
        ]
        scheme.refresh_from_db()
        update_vacancies(
            scheme,
            {unit.pk: status for unit, status in made},
            version=scheme.version,
            by=checker,
        )
        # As if checked a while ago, so the board shows real-looking times.
        Scheme.objects.filter(pk=scheme.pk).update(
            vacancies_updated_at=now - timedelta(hours=hours)
        )
