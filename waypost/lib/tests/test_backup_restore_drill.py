"""The restore drill: back up, restore into a scratch database, and prove the copy is the
source row for row. On PostgreSQL the scratch database is waypost_restore_drill_<random>,
dropped afterwards; on SQLite it is a temporary file. The checksums compared are computed
afresh from each database, not read back from the manifest the restore checked against.
"""

import secrets
import sqlite3
import subprocess
from contextlib import closing
from io import StringIO
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from waypost.lib import backup
from waypost.people.models import Person
from waypost.testing.people import make_person

ENGINE = settings.DATABASES["default"]["ENGINE"]
ON_POSTGRESQL = ENGINE == "django.db.backends.postgresql"
PERSON_TABLE = Person._meta.db_table


@pytest.fixture
def people(transactional_db, world):
    """Rows committed where pg_dump and SQLite's backup can see them."""
    make_person(world.outreach, given_name="Drillsource", family_name="Rowcheck")
    make_person(world.hospital, given_name="Second", family_name="Person")


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.skipif(ON_POSTGRESQL, reason="the SQLite drill (PostgreSQL has its own)")
def test_it_restores_a_sqlite_backup_row_for_row(people, tmp_path):
    archive = tmp_path / "waypost.sqlite3"
    restored = tmp_path / "restored.sqlite3"
    run("backup", "--output", str(archive))

    said = run("restore", str(archive), "--into", f"sqlite:///{restored}")

    assert "every table matches the manifest" in said
    source = backup.take_snapshot(backup.configured_target())
    copy = backup.take_snapshot(backup.target_from_url(f"sqlite:///{restored}"))
    assert copy.tables == source.tables
    assert copy.migrations == source.migrations and "people" in copy.migrations
    assert source.tables[PERSON_TABLE].rows == 2
    with closing(sqlite3.connect(restored)) as connection:
        names = connection.execute(f"SELECT family_name FROM {PERSON_TABLE}").fetchall()
    assert sorted(names) == [("Person",), ("Rowcheck",)]


@pytest.mark.skipif(ON_POSTGRESQL, reason="SQLite files")
def test_a_sqlite_copy_changed_after_restore_is_reported_by_table(people, tmp_path):
    archive = tmp_path / "waypost.sqlite3"
    restored = tmp_path / "restored.sqlite3"
    run("backup", "--output", str(archive))
    run("restore", str(archive), "--into", f"sqlite:///{restored}")
    with closing(sqlite3.connect(restored)) as connection:
        connection.execute(f"UPDATE {PERSON_TABLE} SET given_name = 'Changed'")
        connection.commit()

    manifest = backup.read_manifest(archive)
    differences = backup.compare(manifest, backup.sqlite_snapshot(restored))

    assert differences == [f"{PERSON_TABLE}: same number of rows, but their contents differ."]


@pytest.fixture
def scratch_database():
    """An empty PostgreSQL database for the drill, dropped afterwards whatever happens."""
    source = backup.configured_target()
    name = f"waypost_restore_drill_{secrets.token_hex(4)}"
    maintenance = {**source.libpq, "dbname": "postgres"}
    with closing(psycopg.connect(**maintenance, autocommit=True)) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield backup.Target("postgresql", {**source.libpq, "dbname": name})
    finally:
        with closing(psycopg.connect(**maintenance, autocommit=True)) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def url_of(target: backup.Target, password: str) -> str:
    libpq = target.libpq
    host = f"{libpq.get('host', '')}:{libpq.get('port', '5432')}"
    return f"postgres://{libpq.get('user', '')}:{password}@{host}/{libpq['dbname']}"


@pytest.mark.skipif(not ON_POSTGRESQL, reason="pg_dump and pg_restore")
def test_it_restores_a_postgresql_dump_row_for_row(people, tmp_path, scratch_database, monkeypatch):
    archive = tmp_path / "waypost.dump"
    run("backup", "--output", str(archive))
    # Trust authentication ignores the password; it is here to show where it travels.
    password = f"drill-{secrets.token_hex(8)}"
    commands = []
    real_run = subprocess.run

    def recording_run(command, **kwargs):
        commands.append((command, kwargs["env"]))
        return real_run(command, **kwargs)

    monkeypatch.setattr(backup.subprocess, "run", recording_run)

    said = run("restore", str(archive), "--into", url_of(scratch_database, password))

    assert "every table matches the manifest" in said
    source = backup.take_snapshot(backup.configured_target())
    copy = backup.take_snapshot(scratch_database)
    assert copy.tables == source.tables
    assert copy.migrations == source.migrations and "people" in copy.migrations
    assert source.tables[PERSON_TABLE].rows == 2
    with closing(psycopg.connect(**scratch_database.libpq)) as connection:
        names = connection.execute(f"SELECT family_name FROM {PERSON_TABLE}").fetchall()
    assert sorted(names) == [("Person",), ("Rowcheck",)]
    [(command, environment)] = commands
    assert command[0] == "pg_restore"
    assert not any(password in argument for argument in command)
    assert environment["PGPASSWORD"] == password


@pytest.mark.skipif(not ON_POSTGRESQL, reason="pg_dump and pg_restore")
def test_a_postgresql_restore_replaces_a_changed_copy_only_with_force(
    people, tmp_path, scratch_database
):
    archive = tmp_path / "waypost.dump"
    run("backup", "--output", str(archive))
    into = url_of(scratch_database, "")
    run("restore", str(archive), "--into", into)
    with closing(psycopg.connect(**scratch_database.libpq, autocommit=True)) as connection:
        connection.execute(f"UPDATE {PERSON_TABLE} SET given_name = 'Changed'")
        connection.execute("CREATE TABLE stray (note text)")
    manifest = backup.read_manifest(archive)
    assert backup.compare(manifest, backup.take_snapshot(scratch_database)) == [
        f"{PERSON_TABLE}: same number of rows, but their contents differ.",
        "stray: not in the backup (0 rows).",
    ]
    with closing(psycopg.connect(**scratch_database.libpq, autocommit=True)) as connection:
        connection.execute("DROP TABLE stray")

    with pytest.raises(CommandError, match="already has tables.*--force"):
        run("restore", str(archive), "--into", into)
    said = run("restore", str(archive), "--into", into, "--force")

    assert "every table matches the manifest" in said
    with closing(psycopg.connect(**scratch_database.libpq)) as connection:
        names = connection.execute(f"SELECT given_name FROM {PERSON_TABLE}").fetchall()
    assert sorted(names) == [("Drillsource",), ("Second",)]


def test_the_manifest_records_every_table_and_the_backup_file(people, tmp_path):
    archive = tmp_path / "waypost.backup"
    run("backup", "--output", str(archive))

    manifest = backup.read_manifest(archive)

    assert manifest["engine"] == ("postgresql" if ON_POSTGRESQL else "sqlite")
    assert manifest["backup_bytes"] == archive.stat().st_size
    assert manifest["backup_sha256"] == backup.file_sha256(Path(archive))
    assert manifest["tables"][PERSON_TABLE]["rows"] == 2
    assert manifest["tables"]["django_migrations"]["rows"] == sum(
        len(names) for names in manifest["migrations"].values()
    )
