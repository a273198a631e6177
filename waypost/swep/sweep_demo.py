"""Demo sweep for `seed_demo`: for each SWEP activation the partnership has (the SWEP demo
makes them; with none, nothing is done), outcomes for some people on the anticipated list
(offered, accepted into a free SWEP bed when there is one, declined with a reason, not found)
and one person found who was not known before. Everyone is fictional.

While SWEP is on, the sweep is recorded through the sweep's own actions (so an accepted bed is
a real placement, and the by-name list follows). An ended activation is history: its records,
and the SWEP beds used then (placements that have ended), are written as they would stand
now, without changing anyone's current status or any bed's. Idempotent: an activation that
already has sweep records is left as it is.
"""

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from waypost.accounts.models import AgencyType, Partnership, Role
from waypost.housing.demand import without_accommodation
from waypost.housing.models import AccommodationKind, EndReason, Placement, Unit
from waypost.housing.suitability import PersonFacts, age_on, suitable
from waypost.outreach.entries import put_on_list
from waypost.outreach.models import ListStatus, Place
from waypost.people.actions import register_person
from waypost.people.models import Gender, Person
from waypost.swep.models import Activation, ActivationStatus, SweepOutcome, SweepRecord
from waypost.swep.sweep_access import activation_nights, free_emergency_units, tonight
from waypost.swep.sweep_actions import (
    Found,
    accept_swep_bed,
    record_new_person_found,
    record_sweep_outcome,
)

DECLINED = [
    "Does not want to leave their partner, who is not on the list.",
    "Worried about leaving their dog; said they would think about it.",
    "Had a bad experience in a shared room before.",
]
NEW_PERSON = {
    "preferred_name": "Robbie",
    "gender": Gender.MAN,
    "description": "Tall, red rucksack, Scottish accent. Arrived by coach yesterday.",
}


def seed_sweep_demo(
    partnership: Partnership, agencies: dict[str, Any], users: dict[str, Any]
) -> None:
    """Sweep outcomes for each of the partnership's activations that has none yet."""
    agency = agencies[AgencyType.OUTREACH]
    worker = users[Role.OUTREACH_WORKER]
    for activation in Activation.objects.filter(
        partnership=partnership,
        status__in=(ActivationStatus.ACTIVE, ActivationStatus.ENDED),
    ).order_by("starts_at"):
        if SweepRecord.objects.filter(activation=activation).exists():
            continue
        with transaction.atomic():
            if activation.status == ActivationStatus.ACTIVE:
                _active(activation, agency, worker)
            else:
                _ended(activation, agency, worker)


def _anticipated(partnership_id: Any, count: int) -> list[Person]:
    entries = without_accommodation(partnership_id).select_related("person")
    return [e.person for e in entries.order_by("added_at", "pk")[:count]]


def _facts(person: Person, today: date) -> PersonFacts:
    """What the demo's outreach team knows of the person (their own demo people)."""
    return PersonFacts(gender=person.gender, age=age_on(person.birth_date, today))


def _swep_bed(person: Person, units: list[Unit], today: date) -> Unit | None:
    swep = [u for u in units if u.scheme.kind == AccommodationKind.SWEP]
    fits = suitable(_facts(person, today), swep, swep=True)
    return fits[0].unit if fits else None


def _place(partnership_id: Any) -> Place | None:
    return (
        Place.objects.filter(partnership_id=partnership_id, is_active=True).order_by("name").first()
    )


def _active(activation: Activation, agency: Any, worker: Any) -> None:
    """Tonight's sweep so far, through the sweep's actions."""
    nights = activation_nights(activation)
    night = tonight(nights)
    if night is None:
        return
    today = timezone.localdate()
    people = _anticipated(activation.partnership_id, 5)
    common = {"night": night, "agency": agency, "by": worker}
    for n, person in enumerate(people):
        if n == 1:
            unit = _swep_bed(person, free_emergency_units(activation.partnership_id), today)
            if unit is not None:
                accept_swep_bed(activation, person, unit, facts=_facts(person, today), **common)
                continue
        outcome = [
            SweepOutcome.OFFERED,
            SweepOutcome.OFFERED,
            SweepOutcome.DECLINED,
            SweepOutcome.NOT_FOUND,
            SweepOutcome.DECLINED,
        ][n]
        reason = DECLINED[n % len(DECLINED)] if outcome == SweepOutcome.DECLINED else ""
        record_sweep_outcome(activation, person, outcome=outcome, declined_reason=reason, **common)
    record_new_person_found(
        activation,
        person_fields={k: v for k, v in NEW_PERSON.items() if k != "description"},
        found=Found(
            bedded_down=True,
            place=_place(activation.partnership_id),
            location_detail="Bus shelter",
            description=NEW_PERSON["description"],
        ),
        outcome=SweepOutcome.OFFERED,
        **common,
    )


def _at(night: date, hour: int) -> datetime:
    """A time on the night: evening hours on its date, small hours on the next day's."""
    day = night if hour >= 12 else night + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _ended(activation: Activation, agency: Any, worker: Any) -> None:
    """An earlier activation, as history: each night's records, a SWEP bed used until SWEP
    ended (when one exists), and someone found new on the first night."""
    nights = activation_nights(activation)
    if not nights:
        return
    last = nights[-1]
    today = timezone.localdate()
    people = _anticipated(activation.partnership_id, 4)
    units = [
        u
        for u in Unit.objects.filter(
            scheme__partnership_id=activation.partnership_id,
            scheme__kind=AccommodationKind.SWEP,
            is_active=True,
        ).select_related("scheme")
    ]

    def record(person: Person, night: date, outcome: str, hour: int, **fields: Any) -> None:
        SweepRecord.objects.create(
            activation=activation,
            person=person,
            night=night,
            outcome=outcome,
            recorded_at=_at(night, hour),
            recorded_by_agency=agency,
            recorded_by=worker,
            **fields,
        )

    for n, person in enumerate(people):
        if n == 0:
            unit = next((f.unit for f in suitable(_facts(person, today), units, swep=True)), None)
            if unit is not None:
                record(person, nights[0], SweepOutcome.OFFERED, 21)
                placement = Placement.objects.create(
                    person=person,
                    partnership_id=activation.partnership_id,
                    unit=unit,
                    scheme=unit.scheme,
                    started_on=nights[0],
                    expected_end_on=last + timedelta(days=1),
                    ended_on=last + timedelta(days=1),
                    end_reason=EndReason.OTHER,
                    end_notes="SWEP ended",
                    recorded_by_agency=agency,
                    recorded_by=worker,
                    recorded_at=_at(nights[0], 22),
                )
                record(person, nights[0], SweepOutcome.ACCEPTED, 22, placement=placement)
                continue
        for i, night in enumerate(nights):
            if n == 1:
                record(person, night, SweepOutcome.DECLINED, 22, declined_reason=DECLINED[i % 3])
            elif n == 2:
                record(person, night, SweepOutcome.NOT_FOUND, 23)
            else:
                outcome = SweepOutcome.NOT_FOUND if i == 0 else SweepOutcome.OFFERED
                record(person, night, outcome, 1)
    found = register_person(
        agency=agency,
        by=worker,
        preferred_name="Kez",
        gender=Gender.WOMAN,
    )
    put_on_list(found, ListStatus.ROUGH_SLEEPING, agency=agency, by=worker, at=_at(nights[0], 23))
    record(
        found,
        nights[0],
        SweepOutcome.DECLINED,
        23,
        found_new=True,
        declined_reason="Wanted to stay with friends nearby.",
    )
