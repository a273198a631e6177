"""Writing many rows into one table at once: COPY on PostgreSQL, one executemany elsewhere.

Shared by `import_people` (waypost/people/import_writer.py) and the synthetic generator
(waypost/synthetic/writer.py); each turns its values into what the driver takes first.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper


def write_rows(
    connection: BaseDatabaseWrapper,
    table: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    use_copy: bool | None = None,
) -> int:
    """Insert `rows` (values as the driver takes them, in the order of `columns`, database
    column names) into `table`, in the current transaction; returns how many. COPY by default
    on PostgreSQL. Database errors come back as Django's (an IntegrityError, say)."""
    ops = connection.ops
    quoted_table = ops.quote_name(table)
    quoted = ", ".join(ops.quote_name(column) for column in columns)
    if use_copy is None:
        use_copy = connection.vendor == "postgresql"
    if use_copy:
        connection.ensure_connection()
        count = 0
        # COPY is psycopg's own, on Django's connection (same transaction). The table and
        # column names are our models', quoted; the values go as COPY data.
        with connection.wrap_database_errors, connection.connection.cursor() as cursor:
            with cursor.copy(f"COPY {quoted_table} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        return count
    rows = list(rows)
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {quoted_table} ({quoted}) VALUES ({marks})",  # noqa: S608
            rows,
        )
    return len(rows)
