"""Writing many rows fast: COPY on PostgreSQL, big executemany batches on SQLite.

Rows are plain tuples in a table's column order, with values already in the form the database
stores (the `Codec` of the connection), so the hot loop does no per-value model work. A table
lists the model fields it fills and names a constant for every other column; `Table` refuses a
list that leaves a required column out, so a new model field fails loudly here rather than as
an integrity error half-way through a run.
"""

import json
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from django.db import DatabaseError, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.fields import AutoFieldMixin

from waypost.lib.bulk_insert import write_rows

BATCH_ROWS = 20_000


class Codec:
    """Values as PostgreSQL (psycopg) takes them; `SqliteCodec` for SQLite."""

    def id(self, value: UUID) -> Any:
        return value

    def at(self, value: datetime) -> Any:
        """An aware datetime (stored in UTC)."""
        return value

    def on(self, value: date) -> Any:
        return value

    def json(self, value: Any) -> str:
        # Both databases take JSON as text (life.py encodes its fixed combinations once).
        return json.dumps(value)


class SqliteCodec(Codec):
    """As Django's SQLite backend stores them: UUIDs as 32 hex digits, datetimes as naive UTC
    text, dates as ISO text."""

    def id(self, value: UUID) -> Any:
        return value.hex

    def at(self, value: datetime) -> Any:
        return str(value.astimezone(UTC).replace(tzinfo=None))

    def on(self, value: date) -> Any:
        return value.isoformat()


def codec_for(connection: BaseDatabaseWrapper) -> Codec:
    return Codec() if connection.vendor == "postgresql" else SqliteCodec()


@dataclass(eq=False)
class Table:
    """The columns of `model` a generator fills (attnames, in row order) and constants for
    the rest (as Python values; converted once by the writer)."""

    model: type[models.Model]
    columns: Sequence[str]
    constants: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        named = set(self.columns) | set(self.constants)
        required = {
            f.attname
            for f in self.model._meta.concrete_fields
            if not f.null and not isinstance(f, AutoFieldMixin)
        }
        missing = required - named
        if missing:
            raise ValueError(f"{self.model.__name__}: no value for {sorted(missing)}")

    @property
    def name(self) -> str:
        return self.model._meta.db_table

    def db_columns(self) -> list[str]:
        opts = self.model._meta
        return [opts.get_field(_field_name(self.model, a)).column for a in self.all_columns()]

    def all_columns(self) -> list[str]:
        return [*self.columns, *self.constants]


def _field_name(model: type[models.Model], attname: str) -> str:
    for f in model._meta.concrete_fields:
        if f.attname == attname:
            return f.name
    raise ValueError(f"{model.__name__} has no column {attname}")


class BulkWriter:
    """Buffers rows per table and writes them in batches. Call `flush` before the transaction
    the rows belong to ends."""

    def __init__(self, connection: BaseDatabaseWrapper, *, use_copy: bool | None = None) -> None:
        self.connection = connection
        self.codec = codec_for(connection)
        self.use_copy = connection.vendor == "postgresql" if use_copy is None else use_copy
        self.rows: dict[str, list[tuple[Any, ...]]] = {}
        self.tables: dict[str, Table] = {}
        self.tails: dict[str, tuple[Any, ...]] = {}
        self.written: dict[str, int] = {}
        self.seconds: dict[str, float] = {}  # spent writing each table
        self.checks_foreign_keys = True

    def begin_transaction(self) -> None:
        """Call first in each transaction the writer fills. With COPY, foreign keys are not
        checked row by row (session_replication_role = replica, for this transaction only,
        as pg_restore does; measured a third faster at 5,000 people): the generator's rows
        are consistent by construction, the insert path (SQLite's) checks every key, and a
        test proves both paths store the same rows. Without the privilege to set it (not a
        superuser), every row is checked as usual."""
        if not self.use_copy:
            return
        try:
            with transaction.atomic(using=self.connection.alias):
                with self.connection.cursor() as cursor:
                    cursor.execute("SET LOCAL session_replication_role = replica")
            self.checks_foreign_keys = False
        except DatabaseError:
            self.checks_foreign_keys = True

    def add(self, table: Table, row: tuple[Any, ...]) -> None:
        buffer = self.rows.get(table.name)
        if buffer is None:
            buffer = self._register(table)
        buffer.append(row)
        if len(buffer) >= BATCH_ROWS:
            self._write(table.name)

    def extend(self, table: Table, rows: Iterable[tuple[Any, ...]]) -> None:
        for row in rows:
            self.add(table, row)

    def flush(self) -> None:
        for name in list(self.rows):
            self._write(name)

    def _register(self, table: Table) -> list[tuple[Any, ...]]:
        self.tables[table.name] = table
        self.tails[table.name] = tuple(
            self._adapt(table.model, name, value) for name, value in table.constants.items()
        )
        self.written.setdefault(table.name, 0)
        self.seconds.setdefault(table.name, 0.0)
        buffer: list[tuple[Any, ...]] = []
        self.rows[table.name] = buffer
        return buffer

    def _adapt(self, model: type[models.Model], attname: str, value: Any) -> Any:
        if value is None:
            return None
        model_field = model._meta.get_field(_field_name(model, attname))
        if isinstance(model_field, models.JSONField):
            return self.codec.json(value)
        if isinstance(model_field, models.DateTimeField):
            return self.codec.at(value)
        if isinstance(model_field, models.DateField):
            return self.codec.on(value)
        if isinstance(value, UUID):
            return self.codec.id(value)
        return value

    def _write(self, name: str) -> None:
        rows = self.rows[name]
        if not rows:
            return
        started = time.perf_counter()
        table, tail = self.tables[name], self.tails[name]
        write_rows(
            self.connection,
            name,
            table.db_columns(),
            (row + tail for row in rows),
            use_copy=self.use_copy,
        )
        self.written[name] += len(rows)
        self.seconds[name] += time.perf_counter() - started
        rows.clear()
