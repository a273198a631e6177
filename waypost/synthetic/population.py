"""Who is in a synthetic population: one identity per true person, and the records agencies
made of them (the first, and for some people noisy duplicates made by another agency).

Built on waypost.people.matching.synthetic (name lists, nicknames, typos, `noisy_query`), with
what a street population adds: names in other spellings (Mohammed, Muhammad), more dates of
birth known only as a year or an estimated age, known misspellings and previous names.

Every identity comes from its own stream (seed, true id), so `identities(n, seed)` is exactly
what `generate(people=n, seed=seed)` stores as each person's first record, however the
generator chunks its work, and a benchmark can rebuild any identity without the database.
"""

import random
from datetime import date, timedelta

from waypost.people.matching.nicknames import FORMAL
from waypost.people.matching.synthetic import (
    FAMILY,
    FAMILY_VARIANTS,
    GIVEN_VARIANTS,
    SyntheticPerson,
    duplicate_record,
    make_person,
    spelling_variant,
)
from waypost.people.models import AliasKind, BirthDatePrecision, Gender
from waypost.synthetic.streams import stream

# Estimated ages were estimated on a day in this window (fixed, so identities do not depend on
# the day they are generated).
ESTIMATED_FROM = date(2022, 1, 1)
ESTIMATED_DAYS = 4 * 365
MAX_EXTRA_RECORDS = 3


def identity(seed: int, true_id: int) -> SyntheticPerson:
    """The identity numbered `true_id`, as its first record stores it."""
    rng = stream("identity", seed, true_id)
    person = make_person(rng)
    groups = GIVEN_VARIANTS[Gender.WOMAN if person.gender == Gender.WOMAN else Gender.MAN]
    if rng.random() < 0.12:
        person.given = rng.choice(rng.choice(groups))
        # A nickname of the name they had before would make no sense now.
        person.aliases = [a for a in person.aliases if a[0] != AliasKind.NICKNAME]
    if rng.random() < 0.05:
        person.family = rng.choice(rng.choice(FAMILY_VARIANTS))
    if spelling_variant(rng, person.given) != person.given and rng.random() < 0.25:
        # An agency noted how the name was also written.
        person.aliases.append((AliasKind.MISSPELLING, spelling_variant(rng, person.given), ""))
    if rng.random() < 0.03:
        person.aliases.append((AliasKind.PREVIOUS_NAME, "", rng.choice(FAMILY).title()))
    shorts = FORMAL.get(person.given.lower())
    if shorts and rng.random() < 0.06:
        person.preferred = rng.choice(shorts).title()
    if person.precision == BirthDatePrecision.EXACT and person.birth_date and rng.random() < 0.15:
        # Fewer exact dates than in a settled population: a year, or an estimated age.
        person.birth_date = date(person.birth_date.year, 1, 1)
        person.precision = rng.choice((BirthDatePrecision.YEAR, BirthDatePrecision.ESTIMATED))
    if person.precision == BirthDatePrecision.ESTIMATED and person.birth_date:
        _estimate_age(rng, person, person.birth_date.year)
    return person


def identities(people: int, seed: int) -> list[SyntheticPerson]:
    """Identities 0 to people - 1 (the list index is the true id)."""
    return [identity(seed, true_id) for true_id in range(people)]


def records_of(
    person: SyntheticPerson, *, seed: int, true_id: int, duplicate_rate: float
) -> list[SyntheticPerson]:
    """The records made of one identity: its first record, then for about `duplicate_rate`
    of identities one or more duplicates, each with the slips of another day and agency
    (waypost.people.matching.synthetic.duplicate_record) and sometimes another spelling."""
    rng = stream("duplicates", seed, true_id)
    if rng.random() >= duplicate_rate:
        return [person]
    extra = 1
    while extra < MAX_EXTRA_RECORDS and rng.random() < 0.2:
        extra += 1
    records = [person]
    for _ in range(extra):
        copy = duplicate_record(rng, person)
        if rng.random() < 0.5:
            copy.given = spelling_variant(rng, copy.given)
        if rng.random() < 0.5:
            copy.family = spelling_variant(rng, copy.family)
        given_aliases = [a for a in person.aliases if a[0] == AliasKind.ALIAS]
        if given_aliases and rng.random() < 0.3:
            copy.aliases = [given_aliases[0]]
        if copy.precision == BirthDatePrecision.ESTIMATED and copy.birth_date:
            _estimate_age(rng, copy, copy.birth_date.year)
        records.append(copy)
    return records


def _estimate_age(rng: random.Random, person: SyntheticPerson, born_year: int) -> None:
    """How old they seemed on a day, a few years out either way; birth date as the app
    stores an estimate (1 January of the year it implies)."""
    on = ESTIMATED_FROM + timedelta(days=rng.randint(0, ESTIMATED_DAYS))
    age = max(16, on.year - born_year + rng.randint(-3, 3))
    person.estimated_on = on
    person.estimated_age = age
    person.birth_date = date(on.year - age, 1, 1)
