"""Helpers for tests of the cohort and forecast figures: records written straight to the
database at chosen moments (the actions' permission checks are tested elsewhere), and the
hand-computed cohort fixture the cohort tests check their figures against."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from waypost.accounts.models import Agency
from waypost.cases.models import Assessment, AssessmentAnswer, Domain, Level
from waypost.outreach.entries import change_status, put_on_list
from waypost.outreach.models import ByNameEntry, ListStatus, StreetContact
from waypost.outreach.sighting_months import refresh_records
from waypost.people.models import Person
from waypost.referrals.models import Referral
from waypost.swep.models import Activation, ActivationKind, ActivationStatus, SweepRecord
from waypost.testing.people import make_person


def at(year: int, month: int, day: int, hour: int = 12) -> datetime:
    """A moment in UK time."""
    return timezone.make_aware(datetime(year, month, day, hour))


# The list's writers lock the entry, so they run in a transaction, as in the actions that call
# them (a browser test's live server has none of its own).
def put_on(person: Person, agency: Agency, when: datetime, status: str = ListStatus.ROUGH_SLEEPING):
    with transaction.atomic():
        return put_on_list(person, status, agency=agency, by=None, at=when)


def move(person: Person, agency: Agency, when: datetime, status: str) -> None:
    with transaction.atomic():
        entry = ByNameEntry.objects.get(person=person)
        change_status(entry, status, agency=agency, by=None, at=when)


def seen_bedded_down(person: Person | None, agency: Agency, when: datetime) -> StreetContact:
    return StreetContact.objects.create(
        partnership=agency.partnership,
        person=person,
        description="" if person else "Someone not yet identified",
        contacted_at=when,
        bedded_down=True,
        recorded_by_agency=agency,
    )


def assess(
    person: Person, agency: Agency, on: date, levels: dict[str, int], *, nps: bool = False
) -> Assessment:
    assessment = Assessment.objects.create(person=person, assessed_on=on, recorded_by_agency=agency)
    AssessmentAnswer.objects.bulk_create(
        AssessmentAnswer(
            assessment=assessment,
            domain=domain,
            level=level,
            uses_nps=nps and domain == Domain.DRUGS_ALCOHOL,
        )
        for domain, level in levels.items()
    )
    return assessment


def refer(
    person: Person, agency: Agency, when: datetime, *, reason: str, pathway: str = "none"
) -> Referral:
    return Referral.objects.create(
        partnership=agency.partnership,
        referring_agency=agency,
        received_at=when,
        body_type="hospital_inpatient",
        consent_given=True,
        consent_method="verbal",
        consent_given_on=when.date(),
        given_name=person.given_name,
        family_name=person.family_name,
        match_key=f"test-{person.pk}",
        situation="homeless",
        reason=reason,
        pathway=pathway,
        person=person,
    )


def swep_night(
    person: Person, agency: Agency, night: date, outcome: str, *, recorded: datetime | None = None
) -> SweepRecord:
    """A sweep record of `outcome` for `person` on `night`, in an activation of that night."""
    starts = at(night.year, night.month, night.day, 18)
    activation = Activation.objects.filter(partnership=agency.partnership, starts_at=starts).first()
    if activation is None:
        activation = Activation.objects.create(
            partnership=agency.partnership,
            kind=ActivationKind.choices[0][0],
            status=ActivationStatus.ENDED,
            starts_at=starts,
            expected_end_at=starts.replace(hour=23),
            ended_at=starts.replace(hour=23),
        )
    return SweepRecord.objects.create(
        activation=activation,
        person=person,
        night=night,
        outcome=outcome,
        recorded_by_agency=agency,
        recorded_at=recorded or starts,
    )


def new_people_each_month(agency: Agency, counts: dict[date, int]) -> None:
    """For each month, `count` people seen bedded down once (on the 10th) and never before: the
    month's new people. Written in bulk, as a long series needs many people."""
    people = []
    contacts = []
    for month, count in counts.items():
        for n in range(count):
            person = Person(
                partnership_id=agency.partnership_id,
                recorded_by_agency=agency,
                given_name=f"New{month:%Y%m}x{n}",
            )
            people.append(person)
            contacts.append(
                StreetContact(
                    partnership_id=agency.partnership_id,
                    person=person,
                    contacted_at=at(month.year, month.month, 10, 23),
                    bedded_down=True,
                    recorded_by_agency=agency,
                )
            )
    Person.objects.bulk_create(people)
    StreetContact.objects.bulk_create(contacts)
    refresh_records(person.pk for person in people)  # bulk_create calls no save()


@dataclass
class CohortFixture:
    on: date
    people: dict[str, Person]


def build_cohort(world: Any) -> CohortFixture:
    """Seven people of Coventry's by-name list; the cohort on 30 June 2026 is Ann, Bob, Cat and
    Dan (each line says what the figures must make of them on that date)."""
    agency = world.outreach
    people = {}

    # Ann: woman, 26 on 30 June 2026 (26 to 35), British (UK). On the list and first seen
    # bedded down on 10 January 2026 (3 to 6 months). Assessed 1 February 2026: mental health
    # high, drugs and alcohol medium with NPS, physical health low: mental health, drug or
    # alcohol, dual diagnosis and NPS. Referred on the hospital discharge pathway.
    ann = people["ann"] = make_person(
        agency, given_name="Ann", gender="woman", birth_date=date(2000, 3, 1), nationality="British"
    )
    put_on(ann, agency, at(2026, 1, 10))
    seen_bedded_down(ann, agency, at(2026, 1, 10, 23))
    assess(
        ann,
        agency,
        date(2026, 2, 1),
        {
            Domain.MENTAL_HEALTH: Level.HIGH,
            Domain.DRUGS_ALCOHOL: Level.MEDIUM,
            Domain.PHYSICAL_HEALTH: Level.LOW,
        },
        nps=True,
    )
    refer(ann, world.hospital, at(2026, 1, 5), reason="other", pathway="hospital")

    # Bob: man, born in 1960 (year only): 65 or 66, both 56 or over. Polish (EU). On the list
    # since 1 June 2024, first seen bedded down 1 March 2021 (5 years or more). Assessed
    # 10 January 2025: physical health high (a physical health need). A later assessment, after
    # 30 June 2026, does not count then. Referred after his private tenancy ended.
    bob = people["bob"] = make_person(
        agency,
        given_name="Bob",
        gender="man",
        birth_date=date(1960, 1, 1),
        birth_date_precision="year",
        nationality="Polish",
    )
    put_on(bob, agency, at(2024, 6, 1))
    seen_bedded_down(bob, agency, at(2021, 3, 1, 23))
    seen_bedded_down(bob, agency, at(2026, 5, 1, 23))
    assess(bob, agency, date(2025, 1, 10), {Domain.PHYSICAL_HEALTH: Level.HIGH})
    assess(bob, agency, date(2026, 7, 15), {Domain.MENTAL_HEALTH: Level.HIGH})
    refer(bob, world.council, at(2024, 5, 1), reason="end_private_tenancy")

    # Cat: non-binary (another gender), estimated 30 on 30 June 2025, so 31 (26 to 35).
    # Nationality not recorded (not known). At risk, on the list since 1 September 2025; never
    # seen bedded down. No assessment, no referral.
    cat = people["cat"] = make_person(
        agency,
        given_name="Cat",
        gender="non_binary",
        birth_date=None,
        birth_date_precision="estimated",
        estimated_age_years=30,
        estimated_on=date(2025, 6, 30),
    )
    put_on(cat, agency, at(2025, 9, 1), ListStatus.AT_RISK)

    # Dan: man, 16 (under 18), Eritrean (not EU). Seen bedded down 29 June 2026 (under 3
    # months), on the list at noon on 30 June 2026 (so in the cohort that day). Two referrals:
    # the latest, on the prison release pathway, is his route.
    dan = people["dan"] = make_person(
        agency, given_name="Dan", gender="man", birth_date=date(2009, 8, 1), nationality="Eritrean"
    )
    seen_bedded_down(dan, agency, at(2026, 6, 29, 23))
    put_on(dan, agency, at(2026, 6, 30))
    refer(dan, world.council, at(2026, 1, 20), reason="relationship")
    refer(dan, world.council, at(2026, 6, 30, 10), reason="other", pathway="prison")

    # Eve: on the list 1 January 2025, housed 1 May 2026: in the cohort at the quarter ends
    # from 31 March 2025 to 31 March 2026, not on 30 June 2026. Age not known.
    eve = people["eve"] = make_person(
        agency, given_name="Eve", gender="woman", birth_date=None, birth_date_precision="unknown"
    )
    put_on(eve, agency, at(2025, 1, 1))
    move(eve, agency, at(2026, 5, 1), ListStatus.HOUSED)

    # Fay: restricted: never counted.
    fay = people["fay"] = make_person(agency, given_name="Fay", gender="woman")
    put_on(fay, agency, at(2025, 1, 1))
    Person.objects.filter(pk=fay.pk).update(restricted_at=at(2025, 2, 1))

    # Gus: on the list only from 1 July 2026: not in the cohort on 30 June 2026.
    gus = people["gus"] = make_person(agency, given_name="Gus", gender="man")
    put_on(gus, agency, at(2026, 7, 1))
    return CohortFixture(on=date(2026, 6, 30), people=people)
