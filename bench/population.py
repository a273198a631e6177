"""The synthetic population each benchmark database holds, built once and recorded.

Built by `waypost.synthetic.generate.generate` (people with duplicates of known truth, street
contacts, referrals, placements, assessments, notes). What was built is recorded in a small
table, `bench_population`, so a second run finds it and only times. Runs inside a process
whose Django points at the benchmark database (bench/django_env.py).
"""

import csv
import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

SLUG = "bench-synthetic"
MARKER_TABLE = "bench_population"
GENERATOR = "waypost.synthetic.generate"


class PopulationMismatch(Exception):
    """The database holds data that is not the population asked for: start it afresh."""


@dataclass
class PopulationInfo:
    generator: str
    people: int
    seed: int
    contacts_per_person: float
    records: int
    contacts: int
    truth_path: str
    seconds: float
    built_at: str

    def same_as(self, people: int, seed: int, contacts_per_person: float) -> bool:
        return (
            self.generator == generator_name()
            and (self.people, self.seed) == (people, seed)
            and abs(self.contacts_per_person - contacts_per_person) < 1e-9
        )


def generator_name() -> str:
    return GENERATOR


def _marker_rows() -> list[str]:
    from django.db import connection

    if MARKER_TABLE not in connection.introspection.table_names():
        return []
    with connection.cursor() as cursor:
        # A fixed table name of our own, no parameters from outside.
        cursor.execute(f"SELECT description FROM {MARKER_TABLE}")  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


def stored_population() -> PopulationInfo | None:
    rows = _marker_rows()
    return PopulationInfo(**json.loads(rows[0])) if rows else None


def _record(info: PopulationInfo) -> None:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (description TEXT NOT NULL)")
        cursor.execute(f"DELETE FROM {MARKER_TABLE}")  # noqa: S608
        cursor.execute(
            f"INSERT INTO {MARKER_TABLE} (description) VALUES (%s)",  # noqa: S608
            [json.dumps(asdict(info))],
        )


def ensure_population(
    *,
    people: int,
    seed: int,
    contacts_per_person: float,
    truth_path: Path,
    progress: Callable[[str], None] = print,
    migrate: bool = True,
) -> PopulationInfo:
    """The population of this database, built now when missing. Raises PopulationMismatch when
    the database holds something else (another size, seed or generator, or a half-built run)."""
    from django.core.management import call_command

    from waypost.accounts.models import Partnership

    if migrate:
        call_command("migrate", verbosity=0)
    info = stored_population()
    if info is not None and info.same_as(people, seed, contacts_per_person):
        if Path(info.truth_path).exists():
            return info
        raise PopulationMismatch(f"the truth file {info.truth_path} is missing")
    if info is not None or Partnership.objects.filter(slug=SLUG).exists():
        raise PopulationMismatch("the database holds another population, or a half-built one")
    truth_path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    from waypost.synthetic.generate import generate

    made = generate(
        people=people,
        seed=seed,
        contacts_per_person=contacts_per_person,
        slug=SLUG,
        truth_path=truth_path,
        progress=progress,
    )
    records, contacts, truth_file = made.records, made.contacts, made.truth_path
    _analyze()
    info = PopulationInfo(
        generator=generator_name(),
        people=people,
        seed=seed,
        contacts_per_person=contacts_per_person,
        records=records,
        contacts=contacts,
        truth_path=str(Path(truth_file).resolve()),
        seconds=round(time.perf_counter() - started, 1),
        built_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )
    _record(info)
    progress(f"built {people} people ({records} records, {contacts} contacts) in {info.seconds} s")
    return info


def _analyze() -> None:
    """Fresh planner statistics: without them after a bulk load PostgreSQL plans the sharing
    checks as a hash of every permission (autovacuum would get there, later)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def identities(info: PopulationInfo) -> list[Any]:
    """The synthetic people (index = true id) the population was built from."""
    from waypost.synthetic.population import identities as synthetic_identities

    return synthetic_identities(info.people, info.seed)


def truth(info: PopulationInfo) -> dict[str, int]:
    """{person record id: true id} from the truth file."""
    with open(info.truth_path, newline="") as file:
        return {str(UUID(row["person_id"])): int(row["true_id"]) for row in csv.DictReader(file)}


def partnership() -> Any:
    from waypost.accounts.models import Partnership

    return Partnership.objects.get(slug=SLUG)
