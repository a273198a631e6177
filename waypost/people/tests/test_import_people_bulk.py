"""New people are inserted a chunk at a time, yet end up exactly as the actions would leave
them: match keys, change-log entries, and a row-by-row fallback when the bulk insert clashes."""

from datetime import date
from io import StringIO

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.core.management import CommandError, call_command

from waypost.people import imports
from waypost.people.matching.index import index_person, keys_for, keys_of, names_of, person_names
from waypost.people.models import Alias, Identifier, MatchKey, Person

TEXT = (
    "source,source_id,given_name,family_name,other_names,date_of_birth,nhs_number\n"
    "X,1,Jo,Bloggs,Joanne Bloggs,1980-03-01,9434765919\n"
    "X,2,Sam,Smith,,1975,\n"
)


def run(tmp_path, text=TEXT, **options):
    path = tmp_path / "people.csv"
    path.write_text(text, encoding="utf-8")
    out, err = StringIO(), StringIO()
    call_command("import_people", str(path), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_bulk_created_people_have_the_match_keys_index_person_gives(world, tmp_path):
    run(tmp_path, agency=world.council.pk)
    for person in Person.objects.all():
        imported = set(MatchKey.objects.filter(person=person).values_list("value", flat=True))
        index_person(person)
        assert imported
        assert imported == set(
            MatchKey.objects.filter(person=person).values_list("value", flat=True)
        )


def test_the_change_log_gets_an_entry_for_each_created_record_of_a_registered_model(
    world, caseworker_user, tmp_path
):
    # Person is registered (masked) by the people app; a test must never unregister it, or
    # every later test's change log is silently empty.
    assert auditlog.contains(Person)
    run(tmp_path, agency=world.council.pk, by=caseworker_user.email)
    entries = LogEntry.objects.filter(content_type__model="person")
    assert entries.count() == 2
    assert {e.action for e in entries} == {LogEntry.Action.CREATE}
    assert {e.actor_id for e in entries} == {caseworker_user.pk}
    assert {e.object_pk for e in entries} == {str(p.pk) for p in Person.objects.all()}


def test_a_clash_in_the_bulk_insert_falls_back_to_one_row_at_a_time(world, tmp_path, monkeypatch):
    run(tmp_path, "source,source_id,given_name\nX,1,Jo\n", agency=world.council.pk)
    forgetful = imports._known

    def known_nothing(rows, agency):  # as if another import added X,1 just now
        known = forgetful(rows, agency)
        known.people.clear()
        return known

    monkeypatch.setattr(imports, "_known", known_nothing)
    err = StringIO()
    path = tmp_path / "people.csv"
    path.write_text(TEXT, encoding="utf-8")
    with pytest.raises(CommandError, match="1 row was rejected"):
        call_command(
            "import_people", str(path), agency=world.council.pk, stdout=StringIO(), stderr=err
        )
    assert "line 2: could not be saved: another import may have added this source_id" in (
        err.getvalue()
    )
    assert Identifier.objects.filter(kind="source_id", system="X", value="2").exists()
    assert Identifier.objects.filter(kind="source_id", system="X", value="1").count() == 1
    assert Person.objects.count() == 2


@pytest.mark.parametrize(
    ("birth_date", "precision"),
    [
        (None, "unknown"),
        (date(1980, 3, 1), "exact"),
        (date(1980, 3, 1), "month"),
        (date(1975, 1, 1), "year"),
        (date(1990, 1, 1), "estimated"),
        (date(1990, 1, 1), "unknown"),
    ],
)
def test_the_importers_match_keys_are_keys_for_ones(birth_date, precision):
    people = [
        ("Jo", "Bloggs", "", [("Joanne", ""), ("", "Smith")], ["9434765919"]),
        ("Robert", "O'Brien-Smith", "Bob", [("Bobby", "Obrien")], []),
        ("", "", "Ali", [], ["AB 12 34 56 C", "X-1"]),
        ("Seán", "Ní Bhriain", "Seán", [("Mr Sean", "Bryan")], []),
        ("Al", "Li", "", [], []),
    ]
    for given, family, preferred, aliases, ids in people:
        person = Person(
            given_name=given,
            family_name=family,
            preferred_name=preferred,
            birth_date=birth_date,
            birth_date_precision=precision,
        )
        alias_rows = [Alias(given_name=g, family_name=f) for g, f in aliases]
        names = names_of(given, family, preferred, aliases)
        assert names == person_names(person, alias_rows)
        assert keys_of(names, birth_date, precision, ids) == keys_for(person, alias_rows, ids)
