"""Keeping a person's match keys up to date: call `index_person` after any change to their
names, date of birth, aliases or identifiers."""

from django.db import connection, transaction

from waypost.people.matching.keys import KeySource, match_keys, search_keys
from waypost.people.models import Alias, Identifier, MatchKey, Person


def person_names(person: Person, aliases: list[Alias]) -> list[tuple[str, str]]:
    """Every (given, family) the person goes by; an alias missing one half borrows it from
    the person (a nickname is usually a first name only)."""
    names = [(person.given_name, person.family_name)]
    if person.preferred_name and person.preferred_name != person.given_name:
        names.append((person.preferred_name, person.family_name))
    for alias in aliases:
        names.append(
            (alias.given_name or person.given_name, alias.family_name or person.family_name)
        )
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
        for value in sorted(keys_for(person, aliases, identifiers))
    ]
    table = connection.ops.quote_name(MatchKey._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            # The table name is our own model's, quoted; values are parameters.
            f"INSERT INTO {table} (person_id, partnership_id, value) VALUES (%s, %s, %s)",  # noqa: S608
            rows,
        )
    return len(rows)
