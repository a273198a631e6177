"""Back up the database to one file with a manifest beside it, and restore it with a check.

PostgreSQL is dumped with `pg_dump -Fc` and restored with `pg_restore`; SQLite is copied with
its online backup API. The manifest records, per table, the number of rows and a SHA-256 of the
rows in primary-key order, so a restore can prove that it brought back what was backed up, and
the SHA-256 of the backup file itself, so a corrupted or partial file is refused before it
touches anything. Backups hold personal data: every file written here is readable by its owner
only (mode 0600).
"""

import hashlib
import json
import os
import sqlite3
import subprocess
import time as clock
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import dj_database_url
import psycopg
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

MANIFEST_FORMAT = 1
MANIFEST_SUFFIX = ".manifest.json"
FETCH_ROWS = 2000
SQLITE_BUSY_SECONDS = 60
# libpq's keywords and the environment variables that carry them to pg_dump and pg_restore:
# keeps the password off the command line, where `ps` would show it to every local user.
LIBPQ_ENVIRONMENT = {
    "host": "PGHOST",
    "port": "PGPORT",
    "user": "PGUSER",
    "password": "PGPASSWORD",
    "dbname": "PGDATABASE",
    "options": "PGOPTIONS",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "application_name": "PGAPPNAME",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
}


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


@dataclass(frozen=True)
class Target:
    """A database to back up or restore into: its engine and, for SQLite, its file."""

    engine: str  # "postgresql" or "sqlite"
    libpq: dict[str, str]  # PostgreSQL connection keywords; empty for SQLite
    sqlite_name: str = ""  # SQLite file path (or a "file:" URI, as Django's test databases)

    @property
    def label(self) -> str:
        """Names the database without its password or host, for messages."""
        return self.libpq.get("dbname", "") if self.engine == "postgresql" else self.sqlite_name


@dataclass(frozen=True)
class TableSum:
    rows: int
    sha256: str

    def as_json(self) -> dict[str, Any]:
        return {"rows": self.rows, "sha256": self.sha256}


@dataclass(frozen=True)
class Snapshot:
    """What a database holds, as the manifest records it."""

    tables: dict[str, TableSum]
    migrations: dict[str, list[str]]  # app label: names of the applied migrations, sorted


@dataclass(frozen=True)
class Restored:
    target: Target
    tables: int
    rows: int
    differences: list[str]
    seconds: float


def configured_target(alias: str = DEFAULT_DB_ALIAS) -> Target:
    """The database Django is configured to use (as a test run renames it, the test one)."""
    return _target_from_settings(connections[alias].settings_dict)


def target_from_url(url: str) -> Target:
    return _target_from_settings(dj_database_url.parse(url))


def _target_from_settings(settings_dict: dict[str, Any]) -> Target:
    engine = settings_dict["ENGINE"]
    if engine == "django.db.backends.sqlite3":
        return Target("sqlite", {}, str(settings_dict["NAME"]))
    if engine != "django.db.backends.postgresql":
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {engine}.")
    keywords = {
        "dbname": settings_dict.get("NAME"),
        "user": settings_dict.get("USER"),
        "password": settings_dict.get("PASSWORD"),
        "host": settings_dict.get("HOST"),
        "port": settings_dict.get("PORT"),
    }
    # OPTIONS also holds Django's own keys (isolation_level, pool...): pass on libpq's only.
    for key, value in (settings_dict.get("OPTIONS") or {}).items():
        if key in LIBPQ_ENVIRONMENT:
            keywords[key] = value
    return Target("postgresql", {k: str(v) for k, v in keywords.items() if v not in (None, "")})


def manifest_path(backup_path: Path) -> Path:
    return backup_path.with_name(backup_path.name + MANIFEST_SUFFIX)


def default_backup_path(engine: str, now: datetime | None = None) -> Path:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    suffix = "dump" if engine == "postgresql" else "sqlite3"
    return Path(settings.VAR_DIR) / "backups" / f"waypost-{stamp}.{suffix}"


# --- Backing up ---------------------------------------------------------------------------


def back_up(output: Path, *, alias: str = DEFAULT_DB_ALIAS) -> dict[str, Any]:
    """Write a backup of the configured database to `output` and its manifest beside it.

    Refuses to overwrite an existing file. Returns the manifest.
    """
    source = configured_target(alias)
    output = Path(output)
    for path in (output, manifest_path(output)):
        if path.exists():
            raise BackupError(f"{path} already exists: choose another --output.")
    output.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    started = clock.monotonic()
    with private_files():
        try:
            if source.engine == "postgresql":
                snapshot = _dump_postgresql(source, output)
            else:
                snapshot = _copy_sqlite(source, output)
        except BaseException:
            output.unlink(missing_ok=True)  # never leave a partial backup that looks whole
            raise
        manifest = {
            "format": MANIFEST_FORMAT,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "engine": source.engine,
            "backup_file": output.name,
            "backup_bytes": output.stat().st_size,
            "backup_sha256": file_sha256(output),
            "migrations": snapshot.migrations,
            "tables": {name: table.as_json() for name, table in snapshot.tables.items()},
            "seconds": round(clock.monotonic() - started, 2),
        }
        _write_private(manifest_path(output), json.dumps(manifest, indent=2).encode() + b"\n")
    return manifest


def _dump_postgresql(source: Target, output: Path) -> Snapshot:
    """pg_dump from the same snapshot the checksums read, so the manifest describes the dump
    even while the service keeps writing."""
    with closing(_pg_connect(source)) as connection:
        connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        exported = connection.execute("SELECT pg_export_snapshot()").fetchone()[0]
        with _open_private(output) as handle:
            _run(["pg_dump", "--format=custom", f"--snapshot={exported}"], source, stdout=handle)
        snapshot = _postgresql_snapshot(connection)
        connection.execute("COMMIT")
    return snapshot


def _copy_sqlite(source: Target, output: Path) -> Snapshot:
    # A connection of its own: it copies what is committed, whatever Django's is doing.
    _open_private(output).close()
    with closing(_sqlite_connect(source.sqlite_name)) as origin:
        with closing(sqlite3.connect(output)) as destination:
            _sqlite_backup(origin, destination)
            # One self-contained file: no -wal beside it to lose when it is copied elsewhere.
            destination.execute("PRAGMA journal_mode=DELETE")
    # The checksums read the copy, so they describe exactly what was written.
    return sqlite_snapshot(output)


def _sqlite_backup(origin: sqlite3.Connection, destination: sqlite3.Connection) -> None:
    """Copy every page at once; give up, rather than wait for ever, while a writer holds the
    database locked for longer than SQLITE_BUSY_SECONDS."""
    deadline = clock.monotonic() + SQLITE_BUSY_SECONDS

    def progress(status: int, remaining: int, total: int) -> None:
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            if clock.monotonic() > deadline:
                raise BackupError(
                    f"The SQLite database stayed locked for {SQLITE_BUSY_SECONDS} s; "
                    "try again when the long write has finished."
                )

    origin.backup(destination, progress=progress)


# --- Restoring ----------------------------------------------------------------------------


def restore(backup: Path, *, into: Target | None = None, force: bool = False) -> Restored:
    """Restore `backup` into `into` (default: the configured database), then compare the
    restored tables with the manifest. Nothing is restored from a backup that does not match
    its manifest, nor over a database that has tables unless `force`."""
    backup = Path(backup)
    manifest = read_manifest(backup)
    target = into or configured_target()
    if target.engine != manifest["engine"]:
        raise BackupError(
            f"This is a {manifest['engine']} backup; it cannot be restored into {target.engine}."
        )
    check_backup_file(backup, manifest)
    if not force and has_tables(target):
        raise BackupError(
            f"The database {target.label} already has tables. Restoring replaces everything in "
            "it: give --force if that is what you want, or restore into an empty database."
        )
    started = clock.monotonic()
    with private_files():
        if target.engine == "postgresql":
            _run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--exit-on-error",
                    "--single-transaction",
                    f"--dbname={target.libpq.get('dbname', '')}",
                    str(backup),
                ],
                target,
            )
        else:
            _restore_sqlite(backup, target.sqlite_name)
    differences = compare(manifest, take_snapshot(target))
    tables = manifest["tables"]
    return Restored(
        target=target,
        tables=len(tables),
        rows=sum(table["rows"] for table in tables.values()),
        differences=differences,
        seconds=round(clock.monotonic() - started, 2),
    )


def _restore_sqlite(backup: Path, target_name: str) -> None:
    if not target_name.startswith("file:") and not Path(target_name).exists():
        _open_private(Path(target_name)).close()
    with closing(_sqlite_read_only(backup)) as source:
        with closing(_sqlite_connect(target_name)) as destination:
            _sqlite_backup(source, destination)


def read_manifest(backup: Path) -> dict[str, Any]:
    path = manifest_path(backup)
    if not backup.exists():
        raise BackupError(f"There is no backup file at {backup}.")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(
            f"The manifest {path.name} is missing beside the backup: without it the restore "
            "cannot be checked. Copy it from where the backup was made."
        ) from None
    except (ValueError, UnicodeDecodeError):
        raise BackupError(f"The manifest {path.name} is not valid JSON: it is damaged.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != MANIFEST_FORMAT:
        raise BackupError(f"The manifest {path.name} is not a Waypost backup manifest.")
    return manifest


def check_backup_file(backup: Path, manifest: dict[str, Any]) -> None:
    """Refuse a backup file that is not byte for byte the one the manifest describes."""
    size = backup.stat().st_size
    if size != manifest["backup_bytes"]:
        raise BackupError(
            f"The backup file is {size} bytes but was {manifest['backup_bytes']} when it was "
            "made: it is incomplete or damaged. Nothing was restored."
        )
    if file_sha256(backup) != manifest["backup_sha256"]:
        raise BackupError(
            "The backup file's SHA-256 does not match its manifest: it is damaged. "
            "Nothing was restored."
        )


def has_tables(target: Target) -> bool:
    if target.engine == "postgresql":
        with closing(_pg_connect(target)) as connection:
            return bool(connection.execute(_PG_TABLES + " LIMIT 1").fetchall())
    if not target.sqlite_name.startswith("file:") and not Path(target.sqlite_name).exists():
        return False
    with closing(_sqlite_connect(target.sqlite_name)) as connection:
        return bool(connection.execute(_SQLITE_TABLES + " LIMIT 1").fetchall())


def compare(manifest: dict[str, Any], snapshot: Snapshot) -> list[str]:
    """What differs between the manifest and a restored database, in plain words."""
    expected: dict[str, dict[str, Any]] = manifest["tables"]
    restored = snapshot.tables
    differences = []
    if manifest["migrations"] != snapshot.migrations:
        differences.append("The migrations recorded as applied differ from the backup's.")
    for name, table in expected.items():
        found = restored.get(name)
        if found is None:
            differences.append(f"{name}: missing ({table['rows']} rows in the backup).")
        elif found.rows != table["rows"]:
            differences.append(f"{name}: {found.rows} rows, the backup has {table['rows']}.")
        elif found.sha256 != table["sha256"]:
            differences.append(f"{name}: same number of rows, but their contents differ.")
    for name in sorted(restored.keys() - expected.keys()):
        differences.append(f"{name}: not in the backup ({restored[name].rows} rows).")
    return differences


# --- Checksums ----------------------------------------------------------------------------


def take_snapshot(target: Target) -> Snapshot:
    if target.engine == "postgresql":
        with closing(_pg_connect(target)) as connection:
            connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            return _postgresql_snapshot(connection)
    return sqlite_snapshot(target.sqlite_name)


_PG_TABLES = """
    SELECT c.oid, n.nspname, c.relname FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg\\_%'
    ORDER BY n.nspname, c.relname
"""
_PG_PRIMARY_KEY = """
    SELECT a.attname, a.attcollation <> 0 FROM pg_index i
    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
    WHERE i.indrelid = %s AND i.indisprimary
    ORDER BY array_position(i.indkey::int2[], a.attnum)
"""


def _postgresql_snapshot(connection: psycopg.Connection[Any]) -> Snapshot:
    sums = {}
    for oid, schema, name in connection.execute(_PG_TABLES).fetchall():
        key = name if schema == "public" else f"{schema}.{name}"
        quoted = f"{_quote(schema)}.{_quote(name)}"
        # "C" collation: the order of text keys must not depend on the server's locale.
        order = [
            f'{_quote(column)} COLLATE "C"' if collatable else _quote(column)
            for column, collatable in connection.execute(_PG_PRIMARY_KEY, (oid,)).fetchall()
        ]
        with connection.cursor(name=f"waypost_backup_{oid}") as cursor:
            cursor.itersize = FETCH_ROWS
            cursor.execute(_select_in_order(quoted, order))  # type: ignore[arg-type]
            sums[key] = _table_sum(cursor, ordered=bool(order))
    migrations: list[tuple[str, str]] = []
    if "django_migrations" in sums:
        migrations = connection.execute("SELECT app, name FROM django_migrations").fetchall()
    return Snapshot(sums, _migration_state(migrations))


_SQLITE_TABLES = (
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
)


def sqlite_snapshot(name: str | Path) -> Snapshot:
    sums = {}
    with closing(_sqlite_read_only(name)) as connection:
        for (table,) in connection.execute(_SQLITE_TABLES + " ORDER BY name").fetchall():
            columns = connection.execute(f"PRAGMA table_info({_quote(table)})").fetchall()
            key_columns = sorted((c for c in columns if c[5]), key=lambda column: column[5])
            order = [_quote(column[1]) for column in key_columns]
            cursor = connection.execute(_select_in_order(_quote(table), order))
            sums[table] = _table_sum(cursor, ordered=bool(order))
        migrations: list[tuple[str, str]] = []
        if "django_migrations" in sums:
            migrations = connection.execute("SELECT app, name FROM django_migrations").fetchall()
    return Snapshot(sums, _migration_state(migrations))


def _select_in_order(quoted_table: str, order: list[str]) -> str:
    # Table and column names come from the database's own catalogue, quoted.
    query = f"SELECT * FROM {quoted_table}"  # noqa: S608
    return query + (f" ORDER BY {', '.join(order)}" if order else "")


def _table_sum(cursor: Any, *, ordered: bool) -> TableSum:
    """Rows, and the SHA-256 of one canonical line per row; a table without a primary key has
    no order of its own, so its lines are sorted first."""
    lines: Iterable[bytes] = (_canonical_row(row) for row in cursor)
    if not ordered:
        lines = sorted(lines)
    digest = hashlib.sha256()
    rows = 0
    for line in lines:
        digest.update(line)
        rows += 1
    return TableSum(rows, digest.hexdigest())


def _canonical_row(row: Sequence[Any]) -> bytes:
    text = json.dumps([_canonical(value) for value in row], sort_keys=True, ensure_ascii=False)
    return text.encode() + b"\n"


def _canonical(value: Any) -> Any:
    """A value as JSON that is the same however the driver hands it back."""
    if value is None or isinstance(value, bool | int | str | dict | list):
        return value
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date | time | datetime | timedelta | Decimal | UUID):
        return str(value)
    return f"{type(value).__name__}:{value}"


def _migration_state(rows: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    state: dict[str, list[str]] = {}
    for app, migration in sorted(rows):
        state.setdefault(app, []).append(migration)
    return state


# --- Files, processes and connections -----------------------------------------------------


@contextmanager
def private_files() -> Iterator[None]:
    """Files created inside (SQLite's -wal and -journal files too) are the owner's only."""
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


def _open_private(path: Path) -> Any:
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")


def _write_private(path: Path, content: bytes) -> None:
    with _open_private(path) as handle:
        handle.write(content)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _run(command: list[str], target: Target, *, stdout: Any = None) -> None:
    environment = {**os.environ}
    environment.update({LIBPQ_ENVIRONMENT[k]: v for k, v in target.libpq.items()})
    result = subprocess.run(  # noqa: S603 - fixed programs, arguments without secrets
        command, env=environment, stdout=stdout, stderr=subprocess.PIPE, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed ({result.returncode}): {result.stderr.strip()}")


def _pg_connect(target: Target) -> psycopg.Connection[Any]:
    try:
        return psycopg.connect(**target.libpq, autocommit=True)  # type: ignore[arg-type]
    except psycopg.OperationalError as error:
        raise BackupError(f"Cannot connect to the database {target.label}: {error}") from None


def _sqlite_connect(name: str) -> sqlite3.Connection:
    return sqlite3.connect(name, uri=name.startswith("file:"))


def _sqlite_read_only(name: str | Path) -> sqlite3.Connection:
    name = str(name)
    if name.startswith("file:"):
        return sqlite3.connect(name, uri=True)
    if not Path(name).exists():
        raise BackupError(f"There is no SQLite database at {name}.")
    connection = sqlite3.connect(f"{Path(name).resolve().as_uri()}?mode=ro", uri=True)
    try:
        (verdict,) = connection.execute("PRAGMA quick_check").fetchone()
    except sqlite3.DatabaseError as error:
        connection.close()
        raise BackupError(f"{name} is not a readable SQLite database ({error}).") from None
    if verdict != "ok":
        connection.close()
        raise BackupError(f"{name} is damaged: SQLite's check says {verdict}.")
    return connection


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
