"""What backup and restore refuse to do: restore a damaged, partial or unverifiable backup,
replace a database that has tables without --force, overwrite an earlier backup, or write a
file anyone but its owner can read (backups hold personal data)."""

import secrets
import sqlite3
import stat
from contextlib import closing
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from waypost.lib import backup

ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def archive(transactional_db, tmp_path):
    """A backup of the test database; transactional, as a backup reads only what is committed."""
    path = tmp_path / "waypost.backup"
    run("backup", "--output", str(path))
    return path


@pytest.fixture
def nowhere(tmp_path) -> str:
    """A target the refused restores must never reach: a file or database that does not exist."""
    if ON_POSTGRESQL:
        libpq = backup.configured_target().libpq
        host = f"{libpq.get('host', '')}:{libpq.get('port', '5432')}"
        name = f"waypost_restore_drill_{secrets.token_hex(4)}"
        return f"postgres://{libpq.get('user', '')}@{host}/{name}"
    return f"sqlite:///{tmp_path / 'never-written.sqlite3'}"


def test_backup_and_manifest_are_readable_by_their_owner_only(archive):
    for path in (archive, backup.manifest_path(archive)):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_it_will_not_overwrite_an_earlier_backup(archive):
    before = backup.file_sha256(archive)

    with pytest.raises(CommandError, match="already exists"):
        run("backup", "--output", str(archive))

    assert backup.file_sha256(archive) == before


def test_a_partial_backup_is_refused(archive, nowhere, tmp_path):
    content = archive.read_bytes()
    archive.write_bytes(content[: len(content) // 2])

    with pytest.raises(CommandError, match="incomplete or damaged. Nothing was restored"):
        run("restore", str(archive), "--into", nowhere, "--force")

    assert not (tmp_path / "never-written.sqlite3").exists()


def test_a_corrupted_backup_is_refused(archive, nowhere, tmp_path):
    content = bytearray(archive.read_bytes())
    content[len(content) // 2] ^= 0xFF
    archive.write_bytes(bytes(content))

    with pytest.raises(CommandError, match="SHA-256 does not match.*Nothing was restored"):
        run("restore", str(archive), "--into", nowhere, "--force")

    assert not (tmp_path / "never-written.sqlite3").exists()


def test_a_backup_without_its_manifest_is_refused(archive, nowhere):
    backup.manifest_path(archive).unlink()

    with pytest.raises(CommandError, match="manifest .* is missing"):
        run("restore", str(archive), "--into", nowhere, "--force")


def test_a_damaged_manifest_is_refused(archive, nowhere):
    backup.manifest_path(archive).write_text('{"format": 1, "tables": {', encoding="utf-8")

    with pytest.raises(CommandError, match="not valid JSON"):
        run("restore", str(archive), "--into", nowhere, "--force")


def test_restoring_over_the_configured_database_needs_force(archive):
    # The test database has every table; nothing is touched without --force.
    with pytest.raises(CommandError, match="already has tables.*give --force"):
        run("restore", str(archive))


@pytest.mark.skipif(ON_POSTGRESQL, reason="SQLite files")
def test_restoring_over_a_sqlite_file_with_tables_needs_force(archive, tmp_path):
    occupied = tmp_path / "occupied.sqlite3"
    with closing(sqlite3.connect(occupied)) as connection:
        connection.execute("CREATE TABLE kept (note TEXT)")
        connection.execute("INSERT INTO kept VALUES ('still here')")
        connection.commit()
    before = backup.file_sha256(occupied)

    with pytest.raises(CommandError, match="already has tables"):
        run("restore", str(archive), "--into", f"sqlite:///{occupied}")
    assert backup.file_sha256(occupied) == before

    said = run("restore", str(archive), "--into", f"sqlite:///{occupied}", "--force")
    assert "every table matches the manifest" in said
    with closing(sqlite3.connect(occupied)) as connection:
        tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master")}
    assert "kept" not in tables and "django_migrations" in tables


def test_a_backup_is_not_restored_into_another_engine(archive, tmp_path):
    other = (
        f"sqlite:///{tmp_path / 'other.sqlite3'}"
        if ON_POSTGRESQL
        else "postgres://postgres@127.0.0.1:5432/waypost_restore_drill_unused"
    )

    with pytest.raises(CommandError, match="cannot be restored into"):
        run("restore", str(archive), "--into", other)
