"""Change-log entries written in bulk for bulk-created rows say exactly what django-auditlog
itself writes when the same rows are saved one at a time (masked fields stay masked)."""

from datetime import date

from auditlog.context import set_actor
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry

from waypost.lib.change_log import created_diff, log_created
from waypost.people.models import Alias, AliasKind, Identifier, IdentifierKind, Person


def _person(world, **fields):
    return Person(
        partnership=world.coventry,
        recorded_by_agency=world.council,
        given_name="Robin",
        family_name="Quennell",
        birth_date=date(1980, 3, 1),
        **fields,
    )


def test_the_diff_of_a_new_row_is_auditlogs_own(world):
    person = _person(world, preferred_name="Rob")
    person.save()
    alias = Alias.objects.create(
        person=person, kind=AliasKind.ALIAS, given_name="Bob", recorded_by_agency=world.council
    )
    identifier = Identifier.objects.create(
        person=person,
        partnership=world.coventry,
        kind=IdentifierKind.NHS_NUMBER,
        value="9434765919",
        recorded_by_agency=world.council,
    )
    for row in (person, alias, identifier):
        for use_json in (False, True):
            full = model_instance_diff(None, row, use_json_for_changes=use_json)
            # auditlog also lists each reverse relation of a new row, as the text of an empty
            # manager ("funds.GrantRequest.None"): noise, and a query each, left out in bulk.
            columns = {f.name for f in type(row)._meta.concrete_fields}
            own = {name: change for name, change in full.items() if name in columns}
            assert created_diff(row, use_json_for_changes=use_json) == own


def test_bulk_entries_match_the_ones_a_save_writes(world, caseworker_user):
    with set_actor(caseworker_user):
        saved = _person(world)
        saved.save()
        bulk = _person(world)
        Person.objects.bulk_create([bulk])
        assert log_created([bulk, world.council]) == 1  # agencies are not in the change log
    by_save = LogEntry.objects.get(object_pk=str(saved.pk))
    by_bulk = LogEntry.objects.get(object_pk=str(bulk.pk))
    for name in ("action", "content_type", "actor", "actor_email", "cid"):
        assert getattr(by_bulk, name) == getattr(by_save, name), name
    assert by_bulk.object_repr == f"Person {bulk.pk}"
    assert by_save.object_repr == f"Person {saved.pk}"
    assert set(by_bulk.changes) == {f.name for f in Person._meta.concrete_fields} & set(
        by_save.changes
    )
    assert by_bulk.changes["given_name"] == by_save.changes["given_name"]
    assert "Robin" not in str(by_bulk.changes["given_name"])  # masked, as on save
