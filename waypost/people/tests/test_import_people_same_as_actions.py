"""The bulk path (COPY / executemany) writes exactly the rows the people actions write when the
same files are imported one row at a time: every table, the match keys and the change log."""

from io import StringIO

from auditlog.models import LogEntry
from django.core.management import CommandError, call_command

from waypost.accounts.models import Membership, Role
from waypost.people import imports
from waypost.people.models import Alias, ContactDetail, Identifier, MatchKey, Person

FIRST = (
    "source,source_id,given_name,family_name,preferred_name,other_names,date_of_birth,gender,"
    "nhs_number,ni_number,postcode\n"
    "X,1,Jo,Bloggs,Jojo,Jo Smith;jo smith;Jo Bloggs|Joanne,1980-03-01,F,943 476 5919,"
    "ab 12 34 56 c,cv1 2gt\n"
    "X,2,Sam,Smith,,Sammy|Samuel Smith,1975-06,male,,,\n"
    "X,3,,,Ali,,1990,non-binary,,,B1 1AA\n"
    "X,4,Robin,Quennell,,,2030-01-01,,,,\n"  # rejected: born in the future
    "X,5,Lee,O'Brien-Smith,,Lee Obrien,,unknown,,JG103759A,\n"
    "X,2,Sam,Smith,,Sam Smyth,,,,,CV2 3AB\n"  # the same person again in the same file
    "Y,1,Jo,Bloggs,,,1980,,,,\n"  # another source's id 1 is another person
)
SECOND = (
    "source,source_id,given_name,family_name,other_names,date_of_birth,postcode\n"
    "X,1,Jo,Bloggs,,1980-03-01,CV1 2GT\n"  # unchanged
    "X,2,Samuel,Smith,Sam Smith,,CV2 3AB\n"  # new first name and other name
    "X,3,,Khan,,,B2 2BB\n"  # a family name and a new postcode
    "X,6,Kim,Lee,,2001-02-03,\n"  # new
)


def run(tmp_path, text, user, agency):
    path = tmp_path / "people.csv"
    path.write_text(text, encoding="utf-8")
    out, err = StringIO(), StringIO()
    try:
        call_command(
            "import_people", str(path), agency=agency.pk, by=user.email, stdout=out, stderr=err
        )
    except CommandError:
        pass  # the rejected row: the rest is still imported
    return out.getvalue().split(" in ")[-1].split(": ", 1)[-1], err.getvalue()


def tables(agency):
    """Every row imported for `agency`, with ids and times made fresh by each import replaced
    by the person's source id, and the partnership and agency by placeholders."""
    key = {
        person_id: f"{system}:{value}"
        for person_id, system, value in Identifier.objects.filter(
            kind="source_id", partnership_id=agency.partnership_id
        ).values_list("person_id", "system", "value")
    }
    placeholders = {agency.partnership_id: "<partnership>", agency.pk: "<agency>"}
    ids = dict(key)
    skip = {"id", "person", "created_at", "updated_at", "recorded_at", "last_activity_at"}

    def rows(model, *, by_person="person_id"):
        found = []
        for row in model.objects.filter(**{f"{by_person}__in": key}).values():
            owner = key[row[by_person]]
            own = {k: v for k, v in row.items() if k not in skip | {by_person}}
            content = sorted((k, str(placeholders.get(v, v))) for k, v in own.items())
            if by_person != "id":
                ids[row["id"]] = (model.__name__, owner, repr(content))
            found.append((owner, content))
        return sorted(found)

    snapshot = {
        "people": rows(Person, by_person="id"),
        "identifiers": rows(Identifier),
        "aliases": rows(Alias),
        "contact details": rows(ContactDetail),
        "match keys": sorted(
            (key[p], str(placeholders[partnership]), value)
            for p, partnership, value in MatchKey.objects.filter(person_id__in=key).values_list(
                "person_id", "partnership_id", "value"
            )
        ),
    }
    # Name a record by its person, model and content; a person by their source id.
    names = {str(pk): ":".join(name) for pk, name in ids.items() if isinstance(name, tuple)}
    names |= {str(pk): owner for pk, owner in key.items()}
    names |= {str(pk): text for pk, text in placeholders.items()}
    entries = []
    for entry in LogEntry.objects.filter(object_pk__in=names).select_related("content_type"):
        model = entry.content_type.model_class()
        columns = {f.name for f in model._meta.concrete_fields} - skip
        changes = {
            name: [names.get(value, value) for value in change]
            for name, change in (entry.changes or {}).items()
            if name in columns
        }
        entries.append(
            (
                names[entry.object_pk],
                entry.action,
                entry.actor_id,
                entry.actor_email,
                entry.cid,
                entry.serialized_data,
                entry.additional_data,
                entry.object_repr.replace(entry.object_pk, "<id>"),
                sorted(changes.items()),
            )
        )
    snapshot["change log"] = sorted(entries, key=repr)
    return snapshot


def test_the_bulk_path_writes_what_the_actions_write_row_by_row(
    world, caseworker_user, tmp_path, monkeypatch
):
    # The same files into two partnerships (the change log cannot be emptied in between).
    Membership.objects.create(user=caseworker_user, agency=world.brum_council, role=Role.CASEWORKER)
    bulk = [
        run(tmp_path, FIRST, caseworker_user, world.council),
        run(tmp_path, SECOND, caseworker_user, world.council),
    ]
    # Every row through _save, which calls create_person, add_identifier, add_alias...
    monkeypatch.setattr(imports, "_new_people", lambda rows, known: ([], rows))
    one_by_one = [
        run(tmp_path, FIRST, caseworker_user, world.brum_council),
        run(tmp_path, SECOND, caseworker_user, world.brum_council),
    ]
    by_bulk, by_actions = tables(world.council), tables(world.brum_council)

    assert bulk == one_by_one
    assert bulk[0][0].startswith("5 created, 1 updated, 0 unchanged, 1 rejected")
    assert bulk[1][0].startswith("1 created, 2 updated, 1 unchanged, 0 rejected")
    assert len(by_bulk["people"]) == 6 and by_bulk["match keys"] and by_bulk["change log"]
    assert {entry[0].split(":")[0] for entry in by_bulk["change log"]} >= {
        "Identifier", "Alias", "ContactDetail", "X",
    }  # fmt: skip
    for table in by_bulk:
        assert by_bulk[table] == by_actions[table], table
