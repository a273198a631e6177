"""manage.py import_people: idempotent on (source, source_id), every column mapped, updates
only what changed (issue 3, point 13)."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from waypost.people.imports import POSTCODE_NOTE
from waypost.people.models import Alias, ContactDetail, Identifier, Person

HEADER = (
    "source,source_id,given_name,family_name,other_names,date_of_birth,gender,nhs_number,"
    "ni_number,postcode\n"
)
ROWS = (
    "CHAIN,C1,Jo,Bloggs,Jojo Bloggs;Joanne B,1980-03-01,F,943 476 5919,ab 12 34 56 c,cv1 2gt\n"
    "CHAIN,C2,Sam,Smith,Sammy|Samuel Smith,1975-06,male,,,\n"
    "CHAIN,C3,Alex,,,1990,non-binary,,,B1 1AA\n"
)


def run(path, **options):
    out, err = StringIO(), StringIO()
    call_command("import_people", str(path), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def write(tmp_path, text, name="people.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def counts():
    return (
        Person.objects.count(),
        Identifier.objects.count(),
        Alias.objects.count(),
        ContactDetail.objects.count(),
    )


def test_every_column_is_mapped(world, coordinator_user, tmp_path):
    out, _ = run(write(tmp_path, HEADER + ROWS), agency=world.council.pk)
    assert "3 created, 0 updated, 0 unchanged, 0 rejected" in out

    jo = Identifier.objects.get(kind="source_id", system="CHAIN", value="C1").person
    assert (jo.given_name, jo.family_name, jo.gender) == ("Jo", "Bloggs", "woman")
    assert (jo.birth_date, jo.birth_date_precision) == (date(1980, 3, 1), "exact")
    assert jo.recorded_by_agency == world.council and jo.recorded_by is None
    assert set(jo.identifier_set.values_list("kind", "value")) == {
        ("source_id", "C1"),
        ("nhs_number", "9434765919"),
        ("ni_number", "AB123456C"),
    }
    assert set(jo.alias_set.values_list("kind", "given_name", "family_name")) == {
        ("alias", "Jojo", "Bloggs"),
        ("alias", "Joanne", "B"),
    }
    postcode = jo.contactdetail_set.get()
    assert (postcode.kind, postcode.value, postcode.notes) == ("other", "CV1 2GT", POSTCODE_NOTE)

    sam = Identifier.objects.get(value="C2").person
    assert (sam.birth_date, sam.birth_date_precision, sam.gender) == (
        date(1975, 6, 1),
        "month",
        "man",
    )
    assert set(sam.alias_set.values_list("given_name", "family_name")) == {
        ("Sammy", ""),
        ("Samuel", "Smith"),
    }
    alex = Identifier.objects.get(value="C3").person
    assert (alex.birth_date, alex.birth_date_precision, alex.gender) == (
        date(1990, 1, 1),
        "year",
        "non_binary",
    )


def test_running_the_same_file_again_creates_nothing(world, coordinator_user, tmp_path):
    path = write(tmp_path, HEADER + ROWS)
    run(path, agency=world.council.pk)
    before = counts()
    versions = dict(Person.objects.values_list("pk", "version"))

    out, _ = run(path, agency=world.council.pk)

    assert "0 created, 0 updated, 3 unchanged, 0 rejected" in out
    assert counts() == before
    assert dict(Person.objects.values_list("pk", "version")) == versions


def test_a_changed_row_updates_the_person_it_imported_before(world, coordinator_user, tmp_path):
    run(write(tmp_path, HEADER + ROWS), agency=world.council.pk)
    changed = ROWS.replace(
        "CHAIN,C2,Sam,Smith,Sammy|Samuel Smith,1975-06,male,,,",
        "CHAIN,C2,Sam,Smyth,Sammy|Sam Smith,1975-06-14,male,,,CV3 4AB",
    )
    out, _ = run(write(tmp_path, HEADER + changed, "again.csv"), agency=world.council.pk)

    assert "0 created, 1 updated, 2 unchanged, 0 rejected" in out
    sam = Identifier.objects.get(value="C2").person
    assert (sam.family_name, sam.birth_date, sam.birth_date_precision) == (
        "Smyth",
        date(1975, 6, 14),
        "exact",
    )
    assert sam.version == 2
    assert set(sam.alias_set.values_list("given_name", "family_name")) == {
        ("Sammy", ""),
        ("Samuel", "Smith"),
        ("Sam", "Smith"),  # the old name from the new file: added, nothing removed
    }
    assert sam.contactdetail_set.get().value == "CV3 4AB"
    assert Person.objects.count() == 3


def test_a_changed_postcode_replaces_the_imported_one(world, tmp_path):
    run(write(tmp_path, HEADER + ROWS), agency=world.council.pk)
    moved = ROWS.replace("cv1 2gt", "CV6 5HY")
    out, _ = run(write(tmp_path, HEADER + moved, "again.csv"), agency=world.council.pk)
    assert "1 updated" in out
    jo = Identifier.objects.get(value="C1").person
    assert list(jo.contactdetail_set.values_list("value", flat=True)) == ["CV6 5HY"]


def test_an_empty_cell_never_clears_what_is_recorded(world, tmp_path):
    run(write(tmp_path, HEADER + ROWS), agency=world.council.pk)
    blanked = "source,source_id,given_name,family_name,date_of_birth,gender\nCHAIN,C1,Jo,,,\n"
    out, _ = run(write(tmp_path, blanked, "blank.csv"), agency=world.council.pk)
    assert "1 unchanged" in out
    jo = Identifier.objects.get(value="C1").person
    assert (jo.family_name, jo.birth_date, jo.gender) == ("Bloggs", date(1980, 3, 1), "woman")


def test_missing_optional_columns_are_fine(world, tmp_path):
    out, _ = run(
        write(tmp_path, "source,source_id,family_name\nHMP,A1234BC,Jones\n"),
        agency=world.council.pk,
    )
    assert "1 created" in out
    person = Person.objects.get()
    assert (person.family_name, person.birth_date_precision, person.gender) == (
        "Jones",
        "unknown",
        "unknown",
    )


def test_the_same_source_id_from_another_source_is_another_person(world, tmp_path):
    text = "source,source_id,given_name\nCHAIN,7,Jo\nHospital,7,Sam\n"
    out, _ = run(write(tmp_path, text), agency=world.council.pk)
    assert "2 created" in out


def test_a_repeated_row_in_one_file_is_one_person(world, tmp_path):
    text = "source,source_id,given_name,family_name\nCHAIN,7,Jo,Bloggs\nCHAIN,7,Jo,Blogs\n"
    out, _ = run(write(tmp_path, text), agency=world.council.pk)
    assert "1 created, 1 updated" in out
    assert Person.objects.get().family_name == "Blogs"


def test_a_dry_run_counts_everything_and_saves_nothing(world, tmp_path):
    out, _ = run(write(tmp_path, HEADER + ROWS), agency=world.council.pk, dry_run=True)
    assert "dry run, nothing saved" in out and "3 created" in out
    assert counts() == (0, 0, 0, 0)


@pytest.mark.parametrize("spelling,gender", [
    ("M", "man"), ("Female", "woman"), ("WOMAN", "woman"), ("Non binary", "non_binary"),
    ("other", "self_described"), ("Prefer not to say", "not_said"), ("unknown", "unknown"),
])  # fmt: skip
def test_common_spellings_of_gender(world, tmp_path, spelling, gender):
    run(
        write(tmp_path, f"source,source_id,given_name,gender\nX,1,Jo,{spelling}\n"),
        agency=world.council.pk,
    )
    assert Person.objects.get().gender == gender
