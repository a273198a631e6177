"""Which free beds suit a person, and why: the rules behind "suitable beds for this person"
and SWEP bed allocation.

A pure function of what the record says (PersonFacts) and the units on offer, so the rules can
be tested over generated people and beds. Hard rules leave a unit out; soft ones only order the
list. Facts the user may not see are None, and a rule that needs an unknown fact is applied the
safe way: a single-sex bed is offered only when the record's gender matches it, so a woman is
never offered a men-only bed, whatever else is known or hidden.

A unit may carry two facts read with it (waypost.housing.placement_access annotates them):
`places_left` (its places not taken by a placement that has not ended; all of them when
absent) and `partner_here` (the person's partner already has a place in it).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from waypost.housing.models import (
    AccommodationKind,
    GenderRule,
    Scheme,
    SubstancePolicy,
    SupportLevel,
    Unit,
)
from waypost.people.models import Gender, LocalConnection

SUPPORT_ORDER = {
    SupportLevel.NONE: 0,
    SupportLevel.LOW: 1,
    SupportLevel.MEDIUM: 2,
    SupportLevel.HIGH: 3,
}
ADULT_AGE = 18
NO_LOCAL_CONNECTION = (LocalConnection.ELSEWHERE, LocalConnection.NONE)


@dataclass(frozen=True)
class PersonFacts:
    """What a bed must suit. None means not recorded, or not visible to this user."""

    gender: str | None = None
    age: int | None = None
    couple: bool = False
    pet: bool = False
    step_free: bool = False
    wheelchair: bool = False
    support_level: str = SupportLevel.NONE
    harm_reduction: bool = False
    avoid_city_centre: bool = False
    no_recourse: bool | None = None
    local_connection: str | None = None


@dataclass
class Fit:
    unit: Unit
    reasons: list[str] = field(default_factory=list)  # why it fits, in plain words
    cautions: list[str] = field(default_factory=list)  # soft mismatches, shown beside it
    # (their partner's room, then a couple's room for a couple, first; a couple's room for one
    # person last; then fewest cautions; scheme; unit): the order of the list.
    rank: tuple[int, int, str, str] = (2, 0, "", "")


def age_on(birth_date: date | None, today: date) -> int | None:
    if birth_date is None:
        return None
    before_birthday = (today.month, today.day) < (birth_date.month, birth_date.day)
    return today.year - birth_date.year - before_birthday


def places_left(unit: Unit) -> int:
    return int(getattr(unit, "places_left", unit.sleeps))


def is_couples_room(unit: Unit) -> bool:
    """A room for two in a scheme that takes couples."""
    return unit.sleeps == 2 and unit.scheme.couples


def unsuitable_because(facts: PersonFacts, unit: Unit, *, swep: bool = False) -> str:
    """Why the unit cannot be offered to this person, or "" when it can. `swep`: offered
    under the Severe Weather Emergency Protocol, whatever the person's immigration status or
    local connection."""
    scheme: Scheme = unit.scheme
    if scheme.gender_rule == GenderRule.WOMEN and facts.gender != Gender.WOMAN:
        return "Women only"
    if scheme.gender_rule == GenderRule.MEN and facts.gender != Gender.MAN:
        return "Men only"
    if facts.age is None:
        # An adult is assumed; a scheme for one age group needs the age to be known.
        if scheme.max_age is not None or scheme.min_age > ADULT_AGE:
            return "Age not known"
    elif facts.age < scheme.min_age or (scheme.max_age is not None and facts.age > scheme.max_age):
        return "Outside the age range"
    if places_left(unit) < 1:
        return "No place left"
    if facts.pet and not scheme.pets:
        return "No pets"
    if facts.wheelchair and not (scheme.wheelchair_access and unit.step_free):
        return "Not wheelchair accessible"
    if facts.step_free and not (unit.step_free or scheme.wheelchair_access):
        return "Not step-free"
    if facts.harm_reduction and scheme.substance_policy == SubstancePolicy.ABSTINENCE:
        return "Needs abstinence"
    if SUPPORT_ORDER[scheme.support_level] < SUPPORT_ORDER[facts.support_level]:
        return "Not enough support"
    if not swep:
        if facts.no_recourse and not scheme.accepts_no_recourse:
            return "Needs recourse to public funds"
        if scheme.needs_local_connection and facts.local_connection in NO_LOCAL_CONNECTION:
            return "Needs a local connection"
    return ""


def is_swep_bed(unit: Unit) -> bool:
    return unit.scheme.kind == AccommodationKind.SWEP


def fit(facts: PersonFacts, unit: Unit, *, swep: bool = False) -> Fit | None:
    """The unit as an offer for this person with the reasons it fits, or None."""
    if unsuitable_because(facts, unit, swep=swep):
        return None
    scheme = unit.scheme
    reasons: list[str] = []
    cautions: list[str] = []
    partner_here = bool(getattr(unit, "partner_here", False))
    shared = places_left(unit) < unit.sleeps
    # A couple's room suits a couple only with both places free, or their partner in it.
    for_the_couple = facts.couple and is_couples_room(unit) and (not shared or partner_here)
    if scheme.gender_rule == GenderRule.WOMEN:
        reasons.append("Women only, and she is a woman")
    elif scheme.gender_rule == GenderRule.MEN:
        reasons.append("Men only, and he is a man")
    if facts.couple:
        if partner_here:
            reasons.append("Their partner is already staying in this room")
        elif for_the_couple:
            reasons.append("A room for a couple")
        else:
            cautions.append("Not a couple’s room for them: they would be apart")
    elif is_couples_room(unit) and not shared:
        cautions.append("A room for a couple: better kept for a couple")
    if shared and not partner_here:
        cautions.append("Shared: someone already has the other place")
    if facts.age is not None and scheme.max_age is not None:
        reasons.append(f"For ages {scheme.min_age} to {scheme.max_age}")
    if facts.pet:
        reasons.append("Takes pets")
    if facts.wheelchair:
        reasons.append("Wheelchair accessible")
    elif facts.step_free:
        reasons.append("Step-free")
    if facts.harm_reduction:
        reasons.append(scheme.get_substance_policy_display())
    if facts.support_level != SupportLevel.NONE:
        reasons.append(f"Support: {scheme.get_support_level_display()}")
    if swep:
        reasons.append(
            "Severe weather: offered whatever their immigration status or local connection"
        )
    else:
        if facts.no_recourse:
            reasons.append("Takes people with no recourse to public funds")
        if scheme.needs_local_connection:
            if facts.local_connection is None or facts.local_connection == LocalConnection.UNKNOWN:
                cautions.append("Needs a local connection: check theirs before placing")
            else:
                reasons.append("Needs a local connection, and they have one here")
        elif facts.local_connection in NO_LOCAL_CONNECTION:
            reasons.append("No local connection needed")
    if facts.avoid_city_centre and scheme.city_centre:
        cautions.append("In the city centre, which they want to avoid")
    if not reasons:
        reasons.append("Open to anyone")
    if facts.couple and partner_here:
        first = 0
    elif for_the_couple:
        first = 1
    elif not facts.couple and is_couples_room(unit) and not shared:
        first = 3  # keep couples' rooms for couples
    else:
        first = 2
    rank = (first, len(cautions), scheme.name, unit.label)
    return Fit(unit=unit, reasons=reasons, cautions=cautions, rank=rank)


def suitable(facts: PersonFacts, units: Iterable[Unit], *, swep: bool | None = False) -> list[Fit]:
    """The units that suit, best first: a couple's rooms first for a couple, then those with
    fewest cautions. `units` should be free units with their scheme selected. `swep`: True
    offers every unit under SWEP's rules, False none; None decides by each unit's scheme
    (severe weather beds under SWEP's rules, the rest under their own)."""
    fits = []
    for unit in units:
        under_swep = is_swep_bed(unit) if swep is None else swep
        found = fit(facts, unit, swep=under_swep)
        if found is not None:
            fits.append(found)
    return sorted(fits, key=lambda f: f.rank)
