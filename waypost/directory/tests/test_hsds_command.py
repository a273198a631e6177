"""manage.py import_hsds FILE --partnership SLUG [--dry-run]: what it prints and refuses."""

import json
import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from waypost.directory.models import Service
from waypost.directory.tests.hsds_checks import EXAMPLES


def _run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_hsds", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_imports_reports_and_changes_nothing_the_second_time(world, tmp_path):
    path = tmp_path / "service.json"
    shutil.copy(EXAMPLES / "service_full.json", path)
    out, err = _run(str(path), "--partnership", "coventry")
    assert out.splitlines() == [
        "Imported service.json into Coventry:",
        "  organisations: 1 created, 0 updated, 0 unchanged",
        "  locations: 1 created, 0 updated, 0 unchanged",
        "  services: 1 created, 0 updated, 0 unchanged",
        "  services at locations: 1 created, 0 updated, 0 unchanged",
        "  taxonomies: 1 created, 0 updated, 0 unchanged",
        "  taxonomy terms: 1 created, 0 updated, 0 unchanged",
    ]
    assert err.splitlines() == [
        "Not used as it came (1):",
        "  $.organization.locations[0].latitude: is outside -90 to 90: kept, but not used "
        "for distances",
    ]
    out, _ = _run(str(path), "--partnership", "coventry")
    assert "  services: 0 created, 0 updated, 1 unchanged" in out.splitlines()
    assert " 0 created, 0 updated" in out and "1 created" not in out
    assert Service.objects.get().partnership == world.coventry


def test_a_dry_run_saves_nothing(world, tmp_path):
    path = tmp_path / "org.json"
    shutil.copy(EXAMPLES / "organization_full.json", path)
    out, _ = _run(str(path), "--partnership", "coventry", "--dry-run")
    assert out.startswith("Checked (dry run, nothing saved) org.json into Coventry:")
    assert "services: 1 created" in out
    assert not Service.objects.exists()


def test_unmapped_fields_are_listed_with_their_paths(world, tmp_path):
    data = json.loads((EXAMPLES / "service_full.json").read_text())
    data["phones"][0]["colour"] = "red"
    data["minimum_age"] = "12"
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(data))
    _, err = _run(str(path), "--partnership", "coventry")
    assert "  $.minimum_age: should be a number: left out" in err.splitlines()
    assert "  $.phones[0].colour: is not an HSDS 3 field: left out" in err.splitlines()


@pytest.mark.parametrize(
    ("content", "slug", "message"),
    [
        (
            "{}",
            "atlantis",
            "No partnership is called 'atlantis' (there are: birmingham, coventry).",
        ),
        ("{not json", "coventry", "bad.json is not valid JSON"),
        ('{"latitude": NaN}', "coventry", "bad.json is not valid JSON: NaN is not a JSON number"),
    ],
)
def test_it_refuses_a_bad_file_or_partnership(world, tmp_path, content, slug, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(CommandError) as error:
        _run(str(path), "--partnership", slug)
    assert str(error.value).startswith(message)


def test_a_missing_file_is_named(world, tmp_path):
    with pytest.raises(CommandError, match="There is no file"):
        _run(str(tmp_path / "nowhere.json"), "--partnership", "coventry")
