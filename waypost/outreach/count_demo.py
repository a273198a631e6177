"""Demo street counts for `seed_demo` (everyone in them is fictional): last autumn's annual
snapshot, submitted, with the people counted (some linked to the demo cohort, some not yet
identified), and a single-night figure for each of the last 12 months.

Idempotent: a partnership that already has street counts is left as it is.
"""

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from waypost.accounts.models import Agency, AgencyType, Partnership, Role, User
from waypost.outreach.count_figures import LONDON, derive, last_months
from waypost.outreach.models import (
    CountedPerson,
    CountKind,
    CountMethod,
    Place,
    StreetCount,
)
from waypost.people.models import Person

DEMO_PLACES = ("City centre", "Bus station", "Railway station")
UNIDENTIFIED = [
    ("male", "26_plus", "not_known", "Older man in a doorway, green sleeping bag"),
    ("male", "18_25", "eu", "Young man with a small dog, said he was from Romania"),
    ("female", "26_plus", "not_known", "Woman in a bus shelter, asleep, not woken"),
    ("not_known", "not_known", "not_known", "Someone in a tent by the canal, did not answer"),
]
PEOPLE_COUNTED = 8
DEMO_AGENCIES_CONSULTED = (
    "Police, the hospital's emergency department, the drug and alcohol service, the day "
    "centre and two faith groups' night shelters"
)
DEMO_VERIFIER = "Homeless Link"


def _autumn_night(today: date) -> date:
    """The second Thursday of November of last autumn (this one once November is over)."""
    year = today.year if today >= date(today.year, 12, 1) else today.year - 1
    first = date(year, 11, 1)
    return first + timedelta(days=(3 - first.weekday()) % 7 + 7)


def _places(partnership: Partnership) -> list[Place]:
    places = list(Place.objects.filter(partnership=partnership, is_active=True)[:3])
    if places:
        return places
    return [
        Place.objects.get_or_create(partnership=partnership, name=name, defaults={"area": name})[0]
        for name in DEMO_PLACES
    ]


@transaction.atomic
def seed_counts_demo(
    partnership: Partnership, agencies: dict[str, Agency], users: dict[str, User]
) -> None:
    """Last autumn's submitted snapshot and 12 monthly figures, unless there are counts."""
    if StreetCount.objects.filter(partnership=partnership).exists():
        return
    outreach = agencies[AgencyType.OUTREACH]
    worker = users[Role.OUTREACH_WORKER]
    today = timezone.localdate()
    places = _places(partnership)
    _snapshot(partnership, outreach, worker, places, _autumn_night(today))
    _monthly(partnership, outreach, worker, today)


def _snapshot(
    partnership: Partnership, agency: Agency, by: User, places: list[Place], night: date
) -> StreetCount:
    count = StreetCount.objects.create(
        partnership=partnership,
        kind=CountKind.ANNUAL,
        method=CountMethod.COUNT,
        night=night,
        areas_covered="City centre, the bus and railway stations, the canal towpath and the "
        "parks within the ring road",
        notes="Three teams of two outreach workers with police and volunteers, 11pm to 3am.",
        agencies_consulted=DEMO_AGENCIES_CONSULTED,
        verifier=DEMO_VERIFIER,
        recorded_by_agency=agency,
        recorded_by=by,
    )
    people = Person.objects.filter(partnership=partnership).live().unrestricted()
    for number, person in enumerate(people.order_by("created_at", "id")[:PEOPLE_COUNTED]):
        derived = derive(person, night)
        CountedPerson.objects.create(
            count=count,
            person=person,
            place=places[number % len(places)],
            gender=derived.gender,
            age=derived.age,
            nationality=derived.nationality,
        )
    for number, (gender, age, nationality, description) in enumerate(UNIDENTIFIED):
        CountedPerson.objects.create(
            count=count,
            place=places[number % len(places)],
            gender=gender,
            age=age,
            nationality=nationality,
            description=description,
        )
    count.total = count.people.count()
    submitted = datetime.combine(night + timedelta(days=6), time(11, 30), tzinfo=LONDON)
    count.submitted_at = submitted
    count.save(update_fields=["total", "submitted_at"])
    return count


def _monthly(partnership: Partnership, agency: Agency, by: User, today: date) -> None:
    """A figure for each of the last 12 months, ending with this one, on a night now past."""
    rng = random.Random(f"{partnership.slug}-monthly")
    base = rng.randint(9, 16)
    for month in last_months(today):
        day = 15 if month.year != today.year or month.month != today.month else today.day - 1
        night = month.replace(day=max(1, min(day, 28)))
        total = max(0, base + rng.randint(-4, 5))
        StreetCount.objects.create(
            partnership=partnership,
            kind=CountKind.MONTHLY,
            method=CountMethod.COUNT,
            night=night,
            total=total,
            new_to_rough_sleeping=min(total, rng.randint(0, 4)),
            recorded_by_agency=agency,
            recorded_by=by,
        )
