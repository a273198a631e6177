"""The end-of-activation report: figures only, never a person.

- **Nights active**: the nights from the one SWEP started on to the one it ended on (or, while
  it is on, tonight), in Europe/London; a night runs from midday to midday
  (`sweep_access.night_of`).
- Each person's **outcome on a night** is their latest sweep record of that night. Across the
  activation, a person counts once in each figure that applies to them:
  **offered a bed** (offered, accepted or declined on some night), **accepted**, **declined**
  (on some night: someone may decline one night and accept the next), **never found** (looked
  for, and not found on any night), **new people found** (someone recorded as found new).
- **Beds used each night**: placements current that night (started on or before it, not ended
  by it) in severe weather (SWEP) schemes, and any other placement a sweep record of this
  activation links to.
- **Moves on**: people who accepted a bed and then started a placement in longer-term
  accommodation (supported, Housing First, a private or social tenancy) or a tenancy, on or
  after the day SWEP started; each person once, by their first move.

People whose records are restricted are left out of every figure. Reasons for declining are
free text, so they are counted, not grouped.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone

from waypost.housing.models import LONGER_TERM_KINDS, AccommodationKind, Placement, Tenancy
from waypost.swep.models import Activation, SweepOutcome, SweepRecord
from waypost.swep.sweep_access import activation_nights

TENANCY = "Tenancy"
OFFERED_ANY = (SweepOutcome.OFFERED, SweepOutcome.ACCEPTED, SweepOutcome.DECLINED)


@dataclass(frozen=True)
class NightFigures:
    """One night: people by their latest outcome that night, new people, beds used."""

    night: date
    offered: int  # offered a bed, not yet decided
    accepted: int
    declined: int
    not_found: int
    new_people: int
    beds_used: int

    @property
    def looked_for(self) -> int:
        return self.offered + self.accepted + self.declined + self.not_found


@dataclass(frozen=True)
class MoveOn:
    label: str
    people: int


@dataclass(frozen=True)
class Report:
    activation_id: Any
    first_night: date | None
    last_night: date | None
    nights_active: int
    people_offered: int
    people_accepted: int
    people_declined: int
    people_not_found: int
    new_people_found: int
    nights: tuple[NightFigures, ...]
    moved_on: int
    moves_on: tuple[MoveOn, ...]

    @property
    def most_beds_used(self) -> int:
        return max((n.beds_used for n in self.nights), default=0)


def activation_report(activation: Activation, *, now: datetime | None = None) -> Report:
    """The figures for `activation` (so far, while it is on). Four queries."""
    nights = activation_nights(activation, now=now or timezone.now())
    records = list(
        SweepRecord.objects.filter(activation=activation, person__restricted_at__isnull=True)
        .order_by("recorded_at", "id")
        .values_list("person_id", "night", "outcome", "found_new", "placement_id")
    )
    # Each person's latest outcome on each night (records in order: later ones win).
    latest: dict[tuple[Any, date], str] = {}
    new_on: dict[Any, date] = {}
    for person_id, night, outcome, found_new, _ in records:
        latest[(person_id, night)] = outcome
        if found_new:
            new_on[person_id] = min(night, new_on.get(person_id, night))
    outcomes: dict[Any, set[str]] = {}
    for (person_id, _), outcome in latest.items():
        outcomes.setdefault(person_id, set()).add(outcome)
    accepted = {p for p, seen in outcomes.items() if SweepOutcome.ACCEPTED in seen}
    linked = {placement for *_, placement in records if placement is not None}
    beds = _beds_per_night(activation, nights, linked)
    figures = []
    for night in nights:
        tonight = [outcome for (_, n), outcome in latest.items() if n == night]
        figures.append(
            NightFigures(
                night=night,
                offered=tonight.count(SweepOutcome.OFFERED),
                accepted=tonight.count(SweepOutcome.ACCEPTED),
                declined=tonight.count(SweepOutcome.DECLINED),
                not_found=tonight.count(SweepOutcome.NOT_FOUND),
                new_people=sum(1 for n in new_on.values() if n == night),
                beds_used=beds[night],
            )
        )
    moves = _moves_on(activation, accepted)
    counted: dict[str, int] = {}
    for label in moves.values():
        counted[label] = counted.get(label, 0) + 1
    return Report(
        activation_id=activation.pk,
        first_night=nights[0] if nights else None,
        last_night=nights[-1] if nights else None,
        nights_active=len(nights),
        people_offered=sum(1 for seen in outcomes.values() if seen & set(OFFERED_ANY)),
        people_accepted=len(accepted),
        people_declined=sum(1 for seen in outcomes.values() if SweepOutcome.DECLINED in seen),
        people_not_found=sum(1 for seen in outcomes.values() if seen == {SweepOutcome.NOT_FOUND}),
        new_people_found=len(new_on),
        nights=tuple(figures),
        moved_on=len(moves),
        moves_on=tuple(
            MoveOn(label, counted[label]) for label in _move_labels() if label in counted
        ),
    )


def _beds_per_night(
    activation: Activation, nights: list[date], linked: set[Any]
) -> dict[date, int]:
    """How many SWEP-scheme placements (and placements the sweep made elsewhere) were
    current on each night: one query for those overlapping the activation."""
    if not nights:
        return {}
    spans = list(
        Placement.objects.filter(
            Q(scheme__kind=AccommodationKind.SWEP) | Q(pk__in=sorted(linked, key=str)),
            partnership_id=activation.partnership_id,
            person__restricted_at__isnull=True,
            started_on__lte=nights[-1],
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=nights[0]))
        .values_list("started_on", "ended_on")
    )
    return {
        night: sum(
            1 for started, ended in spans if started <= night and (ended is None or ended > night)
        )
        for night in nights
    }


def _move_labels() -> list[str]:
    """The move-on kinds in the order the report lists them."""
    kinds = [k for k in AccommodationKind if k in LONGER_TERM_KINDS]
    return [str(k.label) for k in kinds] + [TENANCY]


def _moves_on(activation: Activation, people: set[Any]) -> dict[Any, str]:
    """Each of `people`'s first move into longer-term accommodation on or after the day SWEP
    started, as its label (two queries)."""
    if not people:
        return {}
    since = timezone.localtime(activation.starts_at).date()
    ids = sorted(people, key=str)
    moves: list[tuple[date, int, Any, str]] = []
    for person_id, started, kind in Placement.objects.filter(
        person_id__in=ids,
        person__restricted_at__isnull=True,
        scheme__kind__in=sorted(LONGER_TERM_KINDS),
        started_on__gte=since,
    ).values_list("person_id", "started_on", "scheme__kind"):
        moves.append((started, 0, person_id, str(AccommodationKind(kind).label)))
    for person_id, started in Tenancy.objects.filter(
        person_id__in=ids, person__restricted_at__isnull=True, started_on__gte=since
    ).values_list("person_id", "started_on"):
        moves.append((started, 1, person_id, TENANCY))
    first: dict[Any, str] = {}
    for _, _, person_id, label in sorted(moves, key=lambda m: (m[0], m[1])):
        first.setdefault(person_id, label)
    return first
