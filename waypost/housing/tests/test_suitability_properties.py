"""The suitability rules over generated beds (every combination of a scheme's rules, a unit's
size and access, places already taken) and people (every gender, known or not, ages, needs,
immigration and local connection known or not): a woman is never offered a men-only bed nor a
man a women-only one; anyone else, or anyone whose gender is unknown, only beds open to
everyone; a couple's rooms come first for a couple; and every hard rule holds for every bed
offered, while every bed left out has a reason."""

from hypothesis import given, settings
from hypothesis import strategies as st

from waypost.housing.models import (
    AccommodationKind,
    GenderRule,
    Scheme,
    SubstancePolicy,
    SupportLevel,
    Unit,
)
from waypost.housing.suitability import (
    SUPPORT_ORDER,
    PersonFacts,
    is_couples_room,
    places_left,
    suitable,
    unsuitable_because,
)
from waypost.people.models import Gender, LocalConnection

EXAMPLES = settings(max_examples=300, deadline=None)


@st.composite
def schemes(draw: st.DrawFn) -> Scheme:
    min_age = draw(st.sampled_from([16, 18, 21, 25, 50]))
    return Scheme(
        name=draw(st.sampled_from(["Alder", "Birch", "Cedar", "Damson"])),
        kind=draw(st.sampled_from(AccommodationKind.values)),
        gender_rule=draw(st.sampled_from(GenderRule.values)),
        couples=draw(st.booleans()),
        pets=draw(st.booleans()),
        min_age=min_age,
        max_age=draw(st.one_of(st.none(), st.integers(min_age, 80))),
        wheelchair_access=draw(st.booleans()),
        support_level=draw(st.sampled_from(SupportLevel.values)),
        substance_policy=draw(st.sampled_from(SubstancePolicy.values)),
        accepts_no_recourse=draw(st.booleans()),
        needs_local_connection=draw(st.booleans()),
        city_centre=draw(st.booleans()),
    )


@st.composite
def units(draw: st.DrawFn) -> Unit:
    sleeps = draw(st.sampled_from([1, 2]))
    unit = Unit(
        scheme=draw(schemes()),
        label=draw(st.sampled_from(["Bed 1", "Bed 2", "Room 3"])),
        sleeps=sleeps,
        step_free=draw(st.booleans()),
    )
    if draw(st.booleans()):  # read with its places taken, as the pages read it
        unit.places_left = draw(st.integers(0, sleeps))  # type: ignore[attr-defined]
        unit.partner_here = draw(st.booleans()) and unit.places_left < sleeps  # type: ignore[attr-defined]
    return unit


people = st.builds(
    PersonFacts,
    gender=st.one_of(st.none(), st.sampled_from(Gender.values)),
    age=st.one_of(st.none(), st.integers(14, 90)),
    couple=st.booleans(),
    pet=st.booleans(),
    step_free=st.booleans(),
    wheelchair=st.booleans(),
    support_level=st.sampled_from(SupportLevel.values),
    harm_reduction=st.booleans(),
    avoid_city_centre=st.booleans(),
    no_recourse=st.one_of(st.none(), st.booleans()),
    local_connection=st.one_of(st.none(), st.sampled_from(LocalConnection.values)),
)
swep_modes = st.sampled_from([False, True, None])


def _offered(facts: PersonFacts, beds: list[Unit], swep: bool | None) -> list[Unit]:
    return [f.unit for f in suitable(facts, beds, swep=swep)]


@EXAMPLES
@given(people, st.lists(units(), max_size=12), swep_modes)
def test_no_one_is_offered_a_bed_of_the_other_sex(facts, beds, swep):
    for unit in _offered(facts, beds, swep):
        rule = unit.scheme.gender_rule
        if facts.gender == Gender.WOMAN:
            assert rule != GenderRule.MEN
        elif facts.gender == Gender.MAN:
            assert rule != GenderRule.WOMEN
        else:  # unknown, not said, non-binary, described another way, or hidden: mixed only
            assert rule == GenderRule.ANYONE


@EXAMPLES
@given(people, st.lists(units(), max_size=12), swep_modes)
def test_a_couples_rooms_come_first_for_a_couple(facts, beds, swep):
    facts = PersonFacts(**{**facts.__dict__, "couple": True})
    offered = _offered(facts, beds, swep)

    def for_them(unit: Unit) -> bool:
        """Their partner's room, or a couple's room with both places free."""
        if getattr(unit, "partner_here", False):
            return True
        return is_couples_room(unit) and places_left(unit) == unit.sleeps

    flags = [for_them(unit) for unit in offered]
    assert flags == sorted(flags, reverse=True)  # every couple's room before any other


@EXAMPLES
@given(people, st.lists(units(), max_size=12), swep_modes)
def test_every_hard_rule_holds_and_every_bed_left_out_has_a_reason(facts, beds, swep):
    offered = _offered(facts, beds, swep)
    for unit in offered:
        scheme = unit.scheme
        under_swep = scheme.kind == AccommodationKind.SWEP if swep is None else swep
        if facts.age is None:
            assert scheme.max_age is None and scheme.min_age <= 18
        else:
            assert facts.age >= scheme.min_age
            assert scheme.max_age is None or facts.age <= scheme.max_age
        assert places_left(unit) >= 1
        assert scheme.pets or not facts.pet
        assert not facts.wheelchair or (scheme.wheelchair_access and unit.step_free)
        assert not facts.step_free or unit.step_free or scheme.wheelchair_access
        assert not (facts.harm_reduction and scheme.substance_policy == "abstinence")
        assert SUPPORT_ORDER[scheme.support_level] >= SUPPORT_ORDER[facts.support_level]
        if not under_swep:
            assert scheme.accepts_no_recourse or not facts.no_recourse
            assert not (
                scheme.needs_local_connection
                and facts.local_connection in (LocalConnection.ELSEWHERE, LocalConnection.NONE)
            )
    ids = {id(u) for u in offered}
    for unit in beds:
        under_swep = unit.scheme.kind == AccommodationKind.SWEP if swep is None else bool(swep)
        reason = unsuitable_because(facts, unit, swep=under_swep)
        assert (id(unit) in ids) == (reason == "")


@EXAMPLES
@given(people, st.lists(units(), max_size=12))
def test_swep_beds_ignore_only_immigration_and_local_connection(facts, beds):
    strict = {id(u) for u in _offered(facts, beds, False)}
    lenient = {id(u) for u in _offered(facts, beds, True)}
    assert strict <= lenient
    known = PersonFacts(**{**facts.__dict__, "no_recourse": False, "local_connection": None})
    assert {id(u) for u in _offered(known, beds, False)} == {
        id(u) for u in _offered(known, beds, True)
    }
