"""import_people's options: with none, the demo coordinator's agency records the people so the
coordinator sees them; --agency, --by; progress on stderr."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from waypost.accounts.models import Agency, Role
from waypost.people import imports
from waypost.people.management.commands import import_people as command
from waypost.people.models import Person
from waypost.testing.personas import make_user

ONE = "source,source_id,given_name\nX,1,Jo\n"


def run(path, stderr=None, **options):
    out = StringIO()
    call_command("import_people", str(path), stdout=out, stderr=stderr or StringIO(), **options)
    return out.getvalue()


def write(tmp_path, text=ONE):
    path = tmp_path / "people.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_default_is_the_coordinators_agency_in_the_coventry_partnership(
    world, coordinator_user, tmp_path
):
    run(write(tmp_path))
    assert Person.objects.get().recorded_by_agency == world.council


def test_without_a_demo_partnership_it_asks_for_an_agency(db, tmp_path):
    with pytest.raises(CommandError, match="Pass --agency"):
        run(write(tmp_path))
    assert not Person.objects.exists()


def test_an_agency_can_be_chosen(world, tmp_path):
    run(write(tmp_path), agency=world.brum_council.pk)
    person = Person.objects.get()
    assert person.recorded_by_agency == world.brum_council
    assert person.partnership == world.birmingham


def test_an_unknown_or_closed_agency_is_refused(world, tmp_path):
    with pytest.raises(CommandError, match="There is no agency with id"):
        run(write(tmp_path), agency="00000000-0000-0000-0000-000000000000")
    Agency.objects.filter(pk=world.hospital.pk).update(is_active=False)
    with pytest.raises(CommandError, match="no longer active"):
        run(write(tmp_path), agency=world.hospital.pk)


def test_by_records_who_imported(world, caseworker_user, tmp_path):
    run(write(tmp_path), agency=world.council.pk, by=caseworker_user.email)
    assert Person.objects.get().recorded_by == caseworker_user


def test_by_must_work_at_the_agency_in_a_role_that_records_people(world, dpo_user, tmp_path):
    with pytest.raises(CommandError, match="has no role at Coventry Housing Options"):
        run(write(tmp_path), agency=world.council.pk, by=dpo_user.email)
    outsider = make_user("someone@birmingham.test", agency=world.brum_council, role=Role.CASEWORKER)
    with pytest.raises(CommandError, match="has no role"):
        run(write(tmp_path), agency=world.council.pk, by=outsider.email)
    with pytest.raises(CommandError, match="no active member of staff"):
        run(write(tmp_path), agency=world.council.pk, by="nobody@example.com")
    assert not Person.objects.exists()


def test_progress_lines_without_a_terminal(world, tmp_path, monkeypatch):
    monkeypatch.setattr(command, "PROGRESS_EVERY_ROWS", 2)
    monkeypatch.setattr(imports, "CHUNK_ROWS", 2)
    rows = "".join(f"X,{n},Jo\n" for n in range(5))
    err = StringIO()
    run(
        write(tmp_path, "source,source_id,given_name\n" + rows), stderr=err, agency=world.council.pk
    )
    assert err.getvalue().splitlines() == ["2/5 rows", "4/5 rows", "5/5 rows"]


class Terminal(StringIO):
    def isatty(self):
        return True


def test_a_progress_bar_on_a_terminal(world, tmp_path):
    err = Terminal()
    run(write(tmp_path), stderr=err, agency=world.council.pk)
    assert f"\r[{'#' * command.BAR_WIDTH}] 1/1 rows" in err.getvalue()
