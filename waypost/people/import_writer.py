"""Writing many new rows at once for `import_people`: COPY on PostgreSQL, one executemany on
SQLite. Neither sends signals, so the importer writes what the signals would have (change-log
entries, match keys) itself.

Rows are plain values in column order. Values the driver takes as they are (text, numbers,
booleans; on PostgreSQL also UUIDs, dates and times) pass straight through; any other value
goes through its field's `get_db_prep_save`, as Django's own insert does.
"""

from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import Any
from uuid import UUID

from django.db import connection, connections, models
from django.db.models.base import ModelState

from waypost.lib.bulk_insert import write_rows

# Internal types whose Python values every driver adapts itself.
_PLAIN = frozenset(
    {
        "CharField",
        "TextField",
        "IntegerField",
        "BigIntegerField",
        "SmallIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "PositiveBigIntegerField",
        "BooleanField",
        "AutoField",
        "BigAutoField",
        "SmallAutoField",
    }
)
# psycopg also adapts these natively (and COPY needs no more).
_PLAIN_ON_POSTGRES = _PLAIN | {"UUIDField", "DateField", "DateTimeField"}


def columns(model: type[models.Model]) -> list[str]:
    """The model's columns an insert writes: every concrete field but an automatic key."""
    return [
        field.attname
        for field in model._meta.concrete_fields
        if not isinstance(field, models.AutoField)
    ]


def new_instance(model: type[models.Model], values: dict[str, Any]) -> Any:
    """An unsaved instance holding `values` (every column's attname), made the way unpickling
    makes one: without Model.__init__'s per-field work, which costs more than the rest of a
    row's import. For str(), the change log and the actions; inserted with `insert`."""
    instance = model.__new__(model)
    instance.__dict__.update(values)
    instance._state = ModelState()
    return instance


def loaded_instance(model: type[models.Model], values: dict[str, Any]) -> Any:
    """An instance of a row read with .values(): like one read with .only(), any column not
    in `values` is loaded from the database when first read."""
    instance = new_instance(model, values)
    instance._state.adding = False
    instance._state.db = connection.alias
    return instance


def mark_saved(instances: Iterable[Any]) -> None:
    for instance in instances:
        instance._state.adding = False
        instance._state.db = connection.alias


def insert(model: type[models.Model], names: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert `rows` (values for the columns `names`, attnames) into `model`'s table, in the
    current transaction; returns how many."""
    prepare = _preparers(model, names)
    if any(prepare):
        rows = (_prepared(prepare, row) for row in rows)
    fields = _fields(model)
    columns = [fields[name].column for name in names]
    return write_rows(connection, model._meta.db_table, columns, rows)


def _prepared(prepare: list[Callable[[Any], Any] | None], row: Sequence[Any]) -> list[Any]:
    return [
        value if how is None or value is None else how(value)
        for how, value in zip(prepare, row, strict=True)
    ]


def _fields(model: type[models.Model]) -> dict[str, Any]:
    return {field.attname: field for field in model._meta.concrete_fields}


def _preparers(
    model: type[models.Model], names: Sequence[str]
) -> list[Callable[[Any], Any] | None]:
    # The connection itself, not django.db.connection's per-call lookup (a value at a time).
    db = connections[connection.alias]
    plain = _PLAIN_ON_POSTGRES if db.vendor == "postgresql" else _PLAIN
    fields = _fields(model)
    result: list[Callable[[Any], Any] | None] = []
    for attname in names:
        field = fields[attname]
        kind = (field.target_field if field.is_relation else field).get_internal_type()
        if kind in plain:
            result.append(None)
        elif kind == "UUIDField" and not db.features.has_native_uuid_field:
            # What UUIDField.get_db_prep_value stores, for the UUIDs the import makes.
            result.append(partial(_uuid_hex, partial(field.get_db_prep_save, connection=db)))
        elif kind == "DateTimeField":
            result.append(db.ops.adapt_datetimefield_value)
        elif kind == "DateField":
            result.append(db.ops.adapt_datefield_value)
        else:
            result.append(partial(field.get_db_prep_save, connection=db))
    return result


def _uuid_hex(otherwise: Callable[[Any], Any], value: Any) -> Any:
    return value.hex if type(value) is UUID else otherwise(value)
