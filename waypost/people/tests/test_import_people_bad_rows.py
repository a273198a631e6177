"""import_people reports each bad row by its line in the file, with a specific reason, imports
the good rows anyway, and exits with an error status so a script notices."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from waypost.people.models import Person
from waypost.sharing.actions import restrict_processing


def run(path, **options):
    out, err = StringIO(), StringIO()
    try:
        call_command("import_people", str(path), stdout=out, stderr=err, **options)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


def write(tmp_path, text, *, encoding="utf-8", name="people.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


BAD = (
    "source,source_id,given_name,family_name,date_of_birth,gender,nhs_number,ni_number,postcode\n"
    "CHAIN,1,Good,Row,1980-01-01,f,,,\n"  # line 2
    "CHAIN,2,Bad,Date,1980-13-01,,,,\n"  # line 3
    "CHAIN,3,Bad,Gender,,zebra,,,\n"  # line 4
    "\n"  # line 5: blank, skipped
    "CHAIN,4,Bad,Nhs,,,1234567890,,\n"  # line 6
    "CHAIN,5,Bad,Ni,,,,QQ123456Z,\n"  # line 7
    'CHAIN,6,"Multi\nline",Name,,,,,\n'  # lines 8-9: a quoted value over two lines is fine
    "CHAIN,7,Bad,Postcode,,,,,NOT A POSTCODE\n"  # line 10
    ",8,No,Source,,,,,\n"  # line 11
    "CHAIN,9,,,,,,,\n"  # line 12: nothing but ids
    "CHAIN,10,Too,Many,,,,,,extra\n"  # line 13
    "CHAIN,11,Future,Born,2999,,,,\n"  # line 14
    "CHAIN,12,Two,Problems,1980-02-30,x,,,\n"  # line 15
)


def test_each_bad_row_is_reported_by_line_with_its_reason_and_good_rows_import(world, tmp_path):
    out, err, error = run(write(tmp_path, BAD), agency=world.council.pk)

    assert error is not None and "10 rows were rejected" in str(error)
    assert "2 created, 0 updated, 0 unchanged, 10 rejected" in out
    assert sorted(Person.objects.values_list("family_name", flat=True)) == ["Name", "Row"]
    lines = err.splitlines()
    for expected in [
        "line 3: date_of_birth '1980-13-01' is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)",
        "line 4: gender 'zebra' is not recognised",
        "line 6: nhs_number '1234567890': This is not a valid NHS number",
        "line 7: ni_number 'QQ123456Z': A National Insurance number is 2 letters",
        "line 10: postcode 'NOT A POSTCODE' is not a UK postcode, like CV1 2GT",
        "line 11: source is empty",
        "line 12: no name for a new person: fill in given_name, family_name or preferred_name",
        "line 13: has 10 values but the first line names 9 columns",
        "line 14: date_of_birth '2999' is in the future",
        "line 15: date_of_birth '1980-02-30' is not a date (use YYYY-MM-DD, YYYY-MM or YYYY); "
        "gender 'x' is not recognised",
    ]:
        assert any(line.startswith(expected) for line in lines), expected
    assert not any(line.startswith(("line 2:", "line 5:", "line 8:", "line 9:")) for line in lines)


def test_missing_required_columns_are_named_and_nothing_is_imported(world, tmp_path):
    _, _, error = run(
        write(tmp_path, "given_name,family_name\nJo,Bloggs\n"), agency=world.council.pk
    )
    assert "The file has no source or source_id column" in str(error)
    assert not Person.objects.exists()


def test_a_byte_order_mark_blank_lines_and_unknown_columns(world, tmp_path):
    text = "\ufeffSource,Source ID,Given Name,Shoe size\n\nX,1,Jo,9\n\n"
    out, err, error = run(write(tmp_path, text), agency=world.council.pk)
    assert error is None
    assert "1 created" in out
    assert "Ignoring columns this command does not know: shoe_size." in err
    assert Person.objects.get().given_name == "Jo"


def test_a_file_that_is_not_utf8_is_refused_clearly(world, tmp_path):
    path = write(tmp_path, "source,source_id,given_name\nX,1,Zoë\n", encoding="latin-1")
    _, _, error = run(path, agency=world.council.pk)
    assert "is not UTF-8 text" in str(error)


def test_a_missing_or_empty_file_is_refused_clearly(world, tmp_path):
    _, _, error = run(tmp_path / "nope.csv", agency=world.council.pk)
    assert "does not exist" in str(error)
    _, _, error = run(write(tmp_path, ""), agency=world.council.pk)
    assert "is empty" in str(error)


def test_a_restricted_record_is_not_changed(world, coordinator_user, tmp_path):
    path = write(tmp_path, "source,source_id,given_name\nX,1,Jo\n")
    run(path, agency=world.council.pk)
    restrict_processing(Person.objects.get(), reason="Accuracy contested", by=coordinator_user)
    _, err, error = run(
        write(tmp_path, "source,source_id,given_name\nX,1,Joanne\n", name="b.csv"),
        agency=world.council.pk,
    )
    assert "line 2: this source_id's record has its processing restricted" in err
    assert error is not None
    assert Person.objects.get().given_name == "Jo"


@pytest.mark.parametrize("value", ["1980-1-1x", "80", "1980/01/01", "01-02-1980"])
def test_dates_in_other_shapes_are_refused(world, tmp_path, value):
    _, err, _ = run(
        write(tmp_path, f"source,source_id,given_name,date_of_birth\nX,1,Jo,{value}\n"),
        agency=world.council.pk,
    )
    assert f"line 2: date_of_birth '{value}' is not a date" in err
