"""The benchmark databases: one per engine and size, kept between runs.

PostgreSQL: `waypost_bench_<size>` on the server given (created when missing). SQLite: a file
under var/bench/. Only databases whose names start `waypost_bench` are ever created or dropped.
"""

import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from bench.results import short

ROOT = Path(__file__).resolve().parent.parent
WORK_DIR = ROOT / "var" / "bench"
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432"
NAME_PREFIX = "waypost_bench"


@dataclass(frozen=True)
class BenchDatabase:
    engine: str  # "postgresql" or "sqlite"
    name: str  # e.g. "waypost_bench_10k"
    url: str

    @property
    def label(self) -> str:
        return f"{self.engine}-{self.name}"


def size_slug(people: int) -> str:
    return short(people).lower().replace(".", "_")


def bench_database(engine: str, people: int, *, postgres: str = DEFAULT_POSTGRES) -> BenchDatabase:
    return named_database(engine, f"{NAME_PREFIX}_{size_slug(people)}", postgres=postgres)


def named_database(engine: str, name: str, *, postgres: str = DEFAULT_POSTGRES) -> BenchDatabase:
    if not name.startswith(NAME_PREFIX):
        raise ValueError(f"benchmark databases are named {NAME_PREFIX}_*, not {name}")
    if engine == "postgresql":
        return BenchDatabase(engine, name, f"{postgres.rstrip('/')}/{name}")
    if engine == "sqlite":
        return BenchDatabase(engine, name, f"sqlite:///{WORK_DIR / f'{name}.sqlite3'}")
    raise ValueError(f"unknown engine {engine!r}")


def sqlite_path(database: BenchDatabase) -> Path:
    return Path(urlparse(database.url).path)


def _admin_url(database: BenchDatabase) -> str:
    return database.url.rsplit("/", 1)[0] + "/postgres"


def _guard(database: BenchDatabase) -> None:
    if not database.name.startswith(NAME_PREFIX):
        raise ValueError(f"refusing to touch {database.name}: not a benchmark database")


def exists(database: BenchDatabase) -> bool:
    if database.engine == "sqlite":
        return sqlite_path(database).exists()
    import psycopg

    with psycopg.connect(_admin_url(database), autocommit=True) as conn:
        found = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database.name]
        ).fetchone()
    return found is not None


def create(database: BenchDatabase, *, template: BenchDatabase | None = None) -> None:
    """Create the database when missing (from `template` when given)."""
    _guard(database)
    if database.engine == "sqlite":
        path = sqlite_path(database)
        path.parent.mkdir(parents=True, exist_ok=True)
        if template is not None and not path.exists():
            # The write-ahead log too: it may hold pages not yet copied back to the file.
            source = sqlite_path(template)
            for suffix in ("", "-wal"):
                if Path(f"{source}{suffix}").exists():
                    shutil.copyfile(f"{source}{suffix}", f"{path}{suffix}")
        return
    import psycopg
    from psycopg import sql

    with psycopg.connect(_admin_url(database), autocommit=True) as conn:
        found = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database.name]
        ).fetchone()
        if found:
            return
        statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database.name))
        if template is not None:
            _guard(template)
            statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template.name))
        conn.execute(statement)


def drop(database: BenchDatabase) -> None:
    _guard(database)
    if database.engine == "sqlite":
        path = sqlite_path(database)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg
    from psycopg import sql

    with psycopg.connect(_admin_url(database), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database.name))
        )
