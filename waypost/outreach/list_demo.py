"""Demo by-name list for `seed_demo` (everyone in it is fictional): the partnership's demo people
on the list with varied statuses and status histories, bedded-down sightings over the past
months (so the flows page shows new, continuing and returner people), other contacts, some
people with no contact for weeks, and a few contacts with people not yet identified.

Idempotent: a partnership that already has the demo sightings is left as it is.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from waypost.accounts.models import Agency, AgencyType, Partnership, Role, User
from waypost.outreach.entries import change_status, put_on_list
from waypost.outreach.models import ByNameEntry, ListStatus, StreetContact
from waypost.people.models import Identifier, IdentifierKind, Person

DEMO_MARK = "(demo list)"  # in every demo contact's notes, to find them again
RS = ListStatus.ROUGH_SLEEPING

# For each demo person by number modulo 10, with `k` (0, 1 or 2) shifting the days a little:
# days ago they were seen bedded down, days ago they were met otherwise, and their status
# story as (days ago, status), the first being when they were put on the list.
Plan = tuple[list[int], list[int], list[tuple[int, str]]]


def _plan(number: int) -> Plan:
    k = number // 10
    plans: dict[int, Plan] = {
        # Sleeping rough every month for over a year: continuing.
        0: ([2 + k] + [15 + 30 * m + k for m in range(14)], [], [(435 + k, RS)]),
        # First seen this month: new.
        1: ([3 + k, 10 + k], [], [(10 + k, RS)]),
        # Seen months ago, then in emergency accommodation, back on the street: a returner.
        2: (
            [4 + k, 190 + k, 220 + k, 250 + k],
            [],
            [(250 + k, RS), (170 + k, ListStatus.EMERGENCY), (4 + k, RS)],
        ),
        # Into emergency accommodation, and not met since: no contact.
        3: (
            [45 + k, 75 + k, 105 + k, 135 + k],
            [],
            [(135 + k, RS), (40 + k, ListStatus.EMERGENCY)],
        ),
        # Supported accommodation, visited there.
        4: (
            [280 + k, 310 + k, 340 + k],
            [20 + k],
            [(340 + k, RS), (250 + k, ListStatus.SUPPORTED)],
        ),
        # Housed after emergency accommodation (closed: shown when filtered for).
        5: (
            [220 + k, 250 + k, 280 + k],
            [],
            [(280 + k, RS), (200 + k, ListStatus.EMERGENCY), (180 + k, ListStatus.HOUSED)],
        ),
        # Taken into hospital this week.
        6: ([8 + k, 38 + k], [], [(38 + k, RS), (5 + k, ListStatus.HOSPITAL)]),
        # In custody.
        7: ([95 + k], [], [(95 + k, RS), (60 + k, ListStatus.CUSTODY)]),
        # At risk: sofa surfing, never seen bedded down.
        8: ([], [12 + k, 40 + k], [(40 + k, ListStatus.AT_RISK)]),
        # Sleeping rough, not seen for seven weeks: no contact.
        9: ([50 + k, 80 + k], [], [(80 + k, RS)]),
    }
    bedded, other, story = plans[number % 10]
    if number == 15:  # moved away instead of being housed
        story = [(280 + k, RS), (150 + k, ListStatus.LEFT_AREA)]
    if number == 22:  # last slept rough over two years ago: a returner this month
        bedded = [*bedded, 900]
    return list(bedded), list(other), story


PLACES = [
    "Doorway, bus station",
    "Multi-storey car park, level 2",
    "Churchyard bench",
    "Underpass by the ring road",
    "Shop doorway, high street",
]
UNIDENTIFIED = [
    "Man in his 40s, green sleeping bag, says his name is Pete",
    "Woman with a small brown dog, did not want to talk",
    "Young man, Scottish accent, in a tent",
]


def _night(days_ago: int) -> datetime:
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(23, 15)))


def demo_people_of(partnership: Partnership) -> list[Person]:
    from waypost.accounts.management.commands.seed_demo import DEMO_SYSTEM

    keyed = Identifier.objects.filter(
        partnership=partnership, kind=IdentifierKind.SOURCE_ID, system=DEMO_SYSTEM
    ).select_related("person")
    return [i.person for i in sorted(keyed, key=lambda i: i.value)]


def seed_list_demo(
    partnership: Partnership, agencies: dict[str, Agency], users: dict[str, User]
) -> None:
    """The demo by-name list and sightings for `partnership` (see the module docstring)."""
    marked = StreetContact.objects.filter(partnership=partnership, notes__endswith=DEMO_MARK)
    if marked.exists():
        return
    outreach, worker = agencies[AgencyType.OUTREACH], users[Role.OUTREACH_WORKER]
    coordinator = users[Role.COORDINATOR]
    council = agencies[AgencyType.HOUSING_OPTIONS]
    adders = {
        agencies[kind].pk: (agencies[kind], users[role])
        for kind, role in (
            (AgencyType.OUTREACH, Role.OUTREACH_WORKER),
            (AgencyType.CHARITY, Role.CASEWORKER),
            (AgencyType.HOUSING_OPTIONS, Role.COORDINATOR),
        )
        if kind in agencies
    }

    def contact(person: Person | None, days_ago: int, *, bedded_down: bool, n: int) -> None:
        StreetContact.objects.create(
            partnership=partnership,
            person=person,
            description="" if person else UNIDENTIFIED[n % len(UNIDENTIFIED)],
            contacted_at=_night(days_ago),
            location_detail=PLACES[n % len(PLACES)] if bedded_down else "Day centre",
            bedded_down=bedded_down,
            offered=["food", "accommodation"] if bedded_down else ["benefits"],
            notes=f"Met on the evening shift {DEMO_MARK}",
            recorded_by_agency=outreach,
            recorded_by=worker,
        )

    for number, person in enumerate(demo_people_of(partnership)):
        bedded, other, story = _plan(number)
        for days_ago in bedded:
            contact(person, days_ago, bedded_down=True, n=number + days_ago)
        for days_ago in other:
            contact(person, days_ago, bedded_down=False, n=number)
        entry = ByNameEntry.objects.filter(person=person).first()
        if entry is None:
            # Each agency puts the people it recorded on the list (so its staff see them).
            (first_days, first_status), *changes = story
            agency, by = adders.get(person.recorded_by_agency_id, (outreach, worker))
            entry = put_on_list(person, first_status, agency=agency, by=by, at=_night(first_days))
        else:
            # Already put on the list by the demo contacts: only what happened since, so the
            # history stays in order.
            changes = [(d, s) for d, s in story if _night(d) > entry.status_since]
        for days_ago, status in changes:
            # Housing and accommodation moves are the council's; the rest outreach's.
            by_council = status in (ListStatus.HOUSED, ListStatus.SUPPORTED, ListStatus.EMERGENCY)
            change_status(
                entry,
                status,
                agency=council if by_council else outreach,
                by=coordinator if by_council else worker,
                at=_night(days_ago),
            )
        met = [_night(d) for d in [*bedded, *other]]
        if entry.last_contact_at:
            met.append(entry.last_contact_at)
        if met:
            ByNameEntry.objects.filter(pk=entry.pk).update(last_contact_at=max(met))
    for month in range(6):
        for n, day in enumerate((7, 21)):
            contact(None, day + 30 * month, bedded_down=True, n=month + n)
