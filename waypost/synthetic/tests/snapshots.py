"""Helpers for the generator's tests: what a generated partnership stored, as comparable rows."""

from typing import Any

from waypost.synthetic import tables

# A fixed day, so two runs in one test cannot straddle midnight.
TODAY_FIXED = "2026-06-15"


def stored_rows() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every generated table, by table, in a stable order (columns the generator
    writes; auto-numbered ids left out, as they differ between runs by design)."""
    rows = {}
    for table in tables.ALL_TABLES:
        values = table.model._default_manager.values_list(*table.all_columns())
        rows[table.name] = sorted(values, key=repr)
    return rows
