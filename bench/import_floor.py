"""The database's own part of `import_people`: how fast the engine alone takes the rows an import
writes, with none of the import's Python work.

A dry run of the import (everyone new) is recorded as it hands its rows to
`import_writer.insert`; the same rows are then written again by themselves, table by table,
and the foreign-key checks PostgreSQL defers to the commit are run at once, before the
transaction is rolled back. No import that writes these rows can be faster than this on the
same machine, so it shows whether a throughput target is reachable by tuning the import's
Python at all.
"""

import time
from collections import defaultdict
from pathlib import Path
from typing import Any
from unittest import mock

from bench.results import Row, Target, short

# A person's own rows, then the match keys and the change log written for them.
OWN_ROWS = ("Person", "Identifier", "Alias", "ContactDetail")
STEPS = (
    ("own rows", OWN_ROWS),
    ("with match keys", (*OWN_ROWS, "MatchKey")),
    ("with the change log too", (*OWN_ROWS, "MatchKey", "LogEntry")),
)
FLOOR_SOURCE = "bench-import-floor"

Recorded = dict[tuple[Any, tuple[str, ...]], list[list[Any]]]


def record_rows(csv_path: Path, agency: Any) -> Recorded:
    """The rows a dry run of `csv_path` writes (under a source of its own, so everyone is new),
    by model and columns, in the order the import writes them."""
    from waypost.people import import_writer, imports

    csv_file = imports.read_csv(csv_path)
    for _, values in csv_file.rows:
        values["source"] = FLOOR_SOURCE
    recorded: Recorded = defaultdict(list)
    insert = import_writer.insert

    def recording(model: Any, names: Any, rows: Any) -> int:
        rows = [list(row) for row in rows]
        recorded[(model, tuple(names))].extend(rows)
        return insert(model, names, rows)

    with mock.patch.object(import_writer, "insert", recording):
        imports.import_people(csv_file, agency=agency, by=None, dry_run=True)
    return dict(recorded)


def write_again(recorded: Recorded, models: tuple[str, ...]) -> dict[str, float]:
    """Seconds to write the recorded rows of `models`, each table's own and the deferred
    foreign-key checks' ("checks"), in a transaction rolled back afterwards."""
    from django.db import connection, transaction

    from waypost.people import import_writer

    seconds: dict[str, float] = {}
    with transaction.atomic():
        for (model, names), rows in recorded.items():
            if model.__name__ in models:
                started = time.perf_counter()
                import_writer.insert(model, names, rows)
                seconds[model.__name__] = time.perf_counter() - started
        started = time.perf_counter()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        seconds["checks"] = time.perf_counter() - started
        transaction.set_rollback(True)
    return seconds


def measure(engine: str, *, csv_path: Path, agency: Any, rows: int, target: Target) -> Row:
    recorded = record_rows(csv_path, agency)
    numbers: dict[str, float] = {"rows": float(rows)}
    parts = []
    for label, models in STEPS:
        write_again(recorded, models)  # once to warm the caches, as a second import would
        seconds = sum(write_again(recorded, models).values())
        numbers[f"{label} seconds"] = seconds
        numbers[f"{label} people_per_s"] = rows / seconds
        parts.append(f"{label} {rows / seconds:,.0f} people/s")
    numbers["rows_per_s"] = numbers["own rows people_per_s"]
    counts = {model.__name__: len(values) for (model, _), values in recorded.items()}
    keys_each = counts.get("MatchKey", 0) / rows
    return Row(
        benchmark="import_people: the database alone",
        engine=engine,
        scale=f"the rows of {short(rows)} new people",
        size=rows,
        numbers=numbers,
        figures="; ".join(parts) + f" ({keys_each:.0f} match keys a person)",
        target=target,
        note="the same rows written without the import's Python: no import can be faster here",
    )
