"""Keeping a person's match keys up to date: call `index_person` after any change to their
names, date of birth, aliases or identifiers."""

from collections.abc import Iterable
from datetime import date
from functools import lru_cache

from django.db import connection, transaction

from waypost.people.matching.keys import KeySource, birth_years, match_keys, search_keys
from waypost.people.matching.normalise import family_key, given_keys
from waypost.people.models import Alias, Identifier, MatchKey, Person


def person_names(person: Person, aliases: list[Alias]) -> list[tuple[str, str]]:
    """Every (given, family) the person goes by; an alias missing one half borrows it from
    the person (a nickname is usually a first name only)."""
    return names_of(
        person.given_name,
        person.family_name,
        person.preferred_name,
        [(alias.given_name, alias.family_name) for alias in aliases],
    )


def names_of(
    given: str, family: str, preferred: str, aliases: Iterable[tuple[str, str]]
) -> list[tuple[str, str]]:
    """person_names from the values themselves."""
    names = [(given, family)]
    if preferred and preferred != given:
        names.append((preferred, family))
    for alias_given, alias_family in aliases:
        names.append((alias_given or given, alias_family or family))
    return names


def keys_for(person: Person, aliases: list[Alias], identifiers: list[str]) -> set[str]:
    names = person_names(person, aliases)
    source = KeySource(
        names=names,
        birth_date=person.birth_date,
        precision=person.birth_date_precision,
        identifiers=identifiers,
    )
    return match_keys(source) | search_keys(names)


def keys_of(
    names: list[tuple[str, str]], birth_date: date | None, precision: str, identifiers: list[str]
) -> set[str]:
    """What keys_for gives, from the values, for many people at once: each name's keys that do
    not depend on the date of birth are worked out once (a 100k-row import has about 35k
    different names), and its year keys from its sound codes, as match_keys makes them (a
    test checks the two agree)."""
    keys = match_keys(
        KeySource(birth_date=birth_date, precision=precision, identifiers=identifiers)
    )
    years = birth_years(birth_date, precision)
    for given, family in names:
        name_keys, given_codes, family_code = _name_keys(given, family)
        keys |= name_keys
        for year in years:
            keys.update(f"gy:{code}:{year}" for code in given_codes)
            if family_code:
                keys.add(f"fy:{family_code}:{year}")
    return keys


@lru_cache(maxsize=200_000)
def _name_keys(given: str, family: str) -> tuple[frozenset[str], frozenset[str], str]:
    names = [(given, family)]
    return (
        frozenset(match_keys(KeySource(names=names)) | search_keys(names)),
        given_keys(given),
        family_key(family),
    )


@transaction.atomic
def index_person(person: Person) -> None:
    """Recompute the stored match keys for `person`, their aliases and identifiers.

    Merged-away and anonymised records keep no keys, so they are never proposed. Four
    queries: aliases, identifiers, delete, insert.
    """
    if person.merged_into_id is not None or person.anonymised_at is not None:
        MatchKey.objects.filter(person=person).delete()
        return
    aliases = list(Alias.objects.filter(person=person).only("given_name", "family_name"))
    identifiers = list(Identifier.objects.filter(person=person).values_list("value", flat=True))
    keys = keys_for(person, aliases, identifiers)
    MatchKey.objects.filter(person=person).delete()
    MatchKey.objects.bulk_create(
        MatchKey(person_id=person.pk, partnership_id=person.partnership_id, value=value[:120])
        for value in sorted(keys)
    )


def insert_keys(people: list[tuple[Person, list[Alias], list[str]]]) -> int:
    """Store the match keys of people just created (none stored yet), each given with their
    aliases and identifier values, in one executemany: several times faster than
    bulk_create for the tens of keys a person has. Returns how many keys."""
    person_pk = MatchKey._meta.get_field("person").target_field
    partnership_pk = MatchKey._meta.get_field("partnership").target_field
    rows = [
        (
            person_pk.get_db_prep_value(person.pk, connection),
            partnership_pk.get_db_prep_value(person.partnership_id, connection),
            value[:120],
        )
        for person, aliases, identifiers in people
        for value in sorted(
            keys_of(
                person_names(person, aliases),
                person.birth_date,
                person.birth_date_precision,
                identifiers,
            )
        )
    ]
    table = connection.ops.quote_name(MatchKey._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            # The table name is our own model's, quoted; values are parameters.
            f"INSERT INTO {table} (person_id, partnership_id, value) VALUES (%s, %s, %s)",  # noqa: S608
            rows,
        )
    return len(rows)
