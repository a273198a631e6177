"""A hand-computed month for the monthly return's tests: October 2026 in Coventry.

Who was seen bedded down (outreach contacts), and what each indicator must make of it:

- Ada: first ever seen 3 Oct 22:00; again 5 Oct 22:00 and 6 Oct 03:00 (the same night, 5 Oct).
  New (P1), 2 nights.
- Ben: seen 15 Jul, 10 Aug, 12 Sep and 10 Oct 2026. Continuing; seen in 3 of the 12 months
  before: long-term (B1). 1 night. Moved into a tenancy on 20 Oct: 97 days after 15 Jul (B3).
- Cal: seen 10 Mar 2026, then 12 Oct 01:00 (the night of 11 Oct). A returner (NR1). Moved off
  "In custody" on the by-name list on 1 Sep: 40 days before 11 Oct, so P2. 1 night.
- Dee: seen 2 Oct, but her record is restricted: never counted.
- Eve: met 8 Oct but not bedded down: not sleeping rough.
- Fay: seen 31 Oct 23:30 only. New (P1), 1 night.

So R1 = 4 people (Ada, Ben, Cal, Fay), P1 = 2, P2 = 1, NR1 = 1, B1 = 1, B2 = 5 nights in all
with a median of 1 per person; with a population of 200,000, 2.0 per 100,000 over the month.
The monthly street count figure for 14 Oct is 3 (1.5 per 100,000).

Sustainment (NR2): Gus's tenancy began 10 Apr 2026 and goes on; Hal's began 20 Apr and ended
in eviction on 1 Jul: 6 months on, 1 of 2 (50%). Ivy's began 5 Oct 2025 and ended 1 Mar 2026 in
a planned move on: 12 months on, 1 of 1 (100%).
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from waypost.accounts.models import Agency
from waypost.housing.models import EndReason, Landlord, LandlordKind, Property, Tenancy
from waypost.outreach.models import (
    ByNameEntry,
    CountKind,
    ListStatus,
    StatusChange,
    StreetContact,
    StreetCount,
)
from waypost.people.models import Person
from waypost.testing.people import make_person

OCTOBER = date(2026, 10, 1)


def at(year: int, month: int, day: int, hour: int = 22, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour, minute))


def seen(person: Person, when: datetime, agency: Agency, *, bedded_down: bool = True) -> None:
    StreetContact.objects.create(
        partnership=agency.partnership,
        person=person,
        contacted_at=when,
        bedded_down=bedded_down,
        recorded_by_agency=agency,
    )


@dataclass
class ReturnMonth:
    ada: Person
    ben: Person
    cal: Person
    dee: Person
    eve: Person
    fay: Person
    gus: Person
    hal: Person
    ivy: Person


def _tenancy(
    person: Person, agency: Agency, started: date, ended: date | None, reason: str
) -> None:
    partnership = agency.partnership
    landlord = Landlord.objects.get_or_create(
        partnership=partnership, name="Orbit Housing", defaults={"kind": LandlordKind.choices[0][0]}
    )[0]
    place = Property.objects.create(
        partnership=partnership, landlord=landlord, address=f"{person.given_name} House"
    )
    Tenancy.objects.create(
        person=person,
        recorded_by_agency=agency,
        partnership=partnership,
        property=place,
        landlord=landlord,
        started_on=started,
        ended_on=ended,
        end_reason=reason,
    )


def build_return_month(world) -> ReturnMonth:  # noqa: ANN001  (conftest's World)
    outreach, council = world.outreach, world.council
    coventry = world.coventry
    coventry.population = 200_000
    coventry.save(update_fields=["population"])
    people = {
        name: make_person(outreach, given_name=name, family_name="Test")
        for name in ("Ada", "Ben", "Cal", "Dee", "Eve", "Fay", "Gus", "Hal", "Ivy")
    }
    ada, ben, cal, dee, eve, fay = (people[n] for n in ("Ada", "Ben", "Cal", "Dee", "Eve", "Fay"))
    seen(ada, at(2026, 10, 3), outreach)
    seen(ada, at(2026, 10, 5), outreach)
    seen(ada, at(2026, 10, 6, 3), outreach)
    for when in (at(2026, 7, 15), at(2026, 8, 10), at(2026, 9, 12), at(2026, 10, 10)):
        seen(ben, when, outreach)
    seen(cal, at(2026, 3, 10), outreach)
    seen(cal, at(2026, 10, 12, 1), outreach)
    seen(dee, at(2026, 10, 2), outreach)
    Person.objects.filter(pk=dee.pk).update(restricted_at=at(2026, 11, 1))
    seen(eve, at(2026, 10, 8), outreach, bedded_down=False)
    seen(fay, at(2026, 10, 31, 23, 30), outreach)
    entry = ByNameEntry.objects.create(
        partnership=coventry,
        person=cal,
        status=ListStatus.ROUGH_SLEEPING,
        added_by_agency=outreach,
    )
    StatusChange.objects.create(
        entry=entry,
        person=cal,
        status=ListStatus.ROUGH_SLEEPING,
        previous_status=ListStatus.CUSTODY,
        changed_at=at(2026, 9, 1, 12),
        recorded_by_agency=outreach,
    )
    StreetCount.objects.create(
        partnership=coventry,
        kind=CountKind.MONTHLY,
        night=date(2026, 10, 14),
        total=3,
        recorded_by_agency=outreach,
    )
    _tenancy(ben, council, date(2026, 10, 20), None, "")
    _tenancy(people["Gus"], council, date(2026, 4, 10), None, "")
    _tenancy(people["Hal"], council, date(2026, 4, 20), date(2026, 7, 1), EndReason.EVICTION)
    _tenancy(people["Ivy"], council, date(2025, 10, 5), date(2026, 3, 1), EndReason.MOVE_ON)
    return ReturnMonth(**{name.lower(): person for name, person in people.items()})
