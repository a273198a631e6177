"""Demo places and street contacts for `seed_demo` (the places are real-sounding streets of the
two cities; everyone met is fictional): hotspots and named places, contacts with the demo
people over the last three months (some bedded down, so the by-name list has people on it),
and two contacts with someone not identified yet.

Run after seed_demo has made the partnership's demo people. Idempotent: a partnership that
already has the demo places is left as it is.
"""

import random
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from waypost.accounts.models import AgencyType, Partnership, Role
from waypost.outreach.contact_actions import record_street_contact
from waypost.outreach.models import Activity, Offer, Place, PlaceKind, StreetContact
from waypost.outreach.place_actions import add_place
from waypost.people.models import Identifier, IdentifierKind, Person

DEMO_SYSTEM = "Waypost demo"  # the id system seed_demo marks its demo people with
HOTSPOT, PLACE = PlaceKind.HOTSPOT, PlaceKind.PLACE

# (name, kind, area, latitude, longitude)
PLACES: dict[str, list[tuple[str, str, str, str, str]]] = {
    "coventry": [
        ("Broadgate", HOTSPOT, "City centre", "52.40815", "-1.51045"),
        ("Pool Meadow bus station", HOTSPOT, "City centre", "52.41050", "-1.50650"),
        ("Hertford Street", HOTSPOT, "City centre", "52.40690", "-1.51140"),
        ("Coventry railway station", HOTSPOT, "Greyfriars", "52.40080", "-1.51360"),
        ("Far Gosford Street", PLACE, "Gosford Green", "52.40560", "-1.49420"),
        ("Spon Street", PLACE, "Spon End", "52.40900", "-1.51920"),
        ("Greyfriars Green", PLACE, "Greyfriars", "52.40330", "-1.51380"),
        ("War Memorial Park", PLACE, "Earlsdon", "52.39380", "-1.51900"),
    ],
    "birmingham": [
        ("New Street station", HOTSPOT, "City centre", "52.47780", "-1.89880"),
        ("Digbeth coach station", HOTSPOT, "Digbeth", "52.47450", "-1.88450"),
        ("St Martin’s, Bull Ring", HOTSPOT, "City centre", "52.47690", "-1.89320"),
        ("Colmore Row", HOTSPOT, "City centre", "52.48140", "-1.89910"),
        ("Hurst Street", PLACE, "Southside", "52.47420", "-1.89570"),
        ("Centenary Square", PLACE, "Ladywood", "52.47930", "-1.90860"),
        ("Moor Street station", PLACE, "City centre", "52.47920", "-1.89200"),
        ("Kings Heath High Street", PLACE, "Kings Heath", "52.43350", "-1.89330"),
    ],
}
DETAILS = [
    "Doorway of the empty shop",
    "Under the canopy by the entrance",
    "Bench by the fountain",
    "Multi-storey car park stairwell",
    "Behind the bus shelters",
    "",
]
NOTES = [
    "Said they would come to the hub in the morning.",
    "Wants help with a Universal Credit claim.",
    "Sleeping bag soaked: gave a dry one.",
    "Seemed unwell; advised the walk-in centre.",
    "",
    "",
]
UNIDENTIFIED = [
    (
        "Man, about 50, grey beard, green army parka, a brown and white Staffie. Gave his name "
        "as ‘Scouse’. Speaks with a Liverpool accent.",
        True,
    ),
    (
        "Young woman, late teens or early 20s, pink hoodie and a large blue rucksack. Very "
        "quiet; said she had arrived by coach last night.",
        False,
    ),
]
PEOPLE_MET = 12


def _demo_people(partnership: Partnership) -> list[Person]:
    """seed_demo's people of the partnership, in the order it made them."""
    marked = dict(
        Identifier.objects.filter(
            partnership=partnership, kind=IdentifierKind.SOURCE_ID, system=DEMO_SYSTEM
        ).values_list("person_id", "value")
    )
    people = Person.objects.live().unrestricted().filter(partnership=partnership)
    if marked:
        people = people.filter(pk__in=marked)
    return sorted(people, key=lambda p: marked.get(p.pk, str(p.pk)))


def seed_contacts_demo(
    partnership: Partnership, agencies: dict[str, Any], users: dict[str, Any]
) -> None:
    """Demo places and contacts for `partnership`, recorded by its outreach team."""
    city = PLACES.get(partnership.slug, PLACES["coventry"])
    if Place.objects.filter(partnership=partnership, name=city[0][0]).exists():
        return
    places = [
        add_place(
            partnership,
            name=name,
            kind=kind,
            area=area,
            latitude=Decimal(lat),
            longitude=Decimal(lon),
            by=None,
        )
        for name, kind, area, lat, lon in city
    ]
    agency = agencies[AgencyType.OUTREACH]
    worker = users[Role.OUTREACH_WORKER]
    rng = random.Random(f"contacts-{partnership.slug}")
    now = timezone.now()
    planned: list[dict[str, Any]] = []
    for person in _demo_people(partnership)[:PEOPLE_MET]:
        # Most people are met at the same one or two places; some often, some once or twice.
        usual = rng.sample(places, 2)
        bedded_down_rate = rng.choice([0.9, 0.6, 0.2])
        for _ in range(rng.randint(1, 5)):
            offered = rng.sample(Offer.values, rng.randint(1, 3))
            planned.append(
                {
                    "person": person,
                    "contacted_at": now - timedelta(days=rng.uniform(0.5, 90)),
                    "place": rng.choice(usual),
                    "location_detail": rng.choice(DETAILS),
                    "bedded_down": rng.random() < bedded_down_rate,
                    "activities": rng.sample(Activity.values, rng.choice([0, 0, 1, 2])),
                    "offered": offered,
                    "accepted": [o for o in offered if rng.random() < 0.5],
                    "notes": rng.choice(NOTES),
                }
            )
    for days_ago, (description, bedded_down) in zip((1, 4), UNIDENTIFIED, strict=True):
        planned.append(
            {
                "description": description,
                "contacted_at": now - timedelta(days=days_ago, hours=rng.randint(0, 5)),
                "place": places[days_ago % 3],
                "location_detail": DETAILS[days_ago % len(DETAILS)],
                "bedded_down": bedded_down,
                "offered": ["accommodation", "food"],
                "accepted": ["food"],
            }
        )
    # In the order they happened, so the by-name list's statuses follow them.
    for fields in sorted(planned, key=lambda f: f["contacted_at"]):
        contact = record_street_contact(agency=agency, by=worker, **fields)
        # As if typed in a few minutes after meeting them.
        StreetContact.objects.filter(pk=contact.pk).update(
            recorded_at=contact.contacted_at + timedelta(minutes=rng.randint(2, 40))
        )
