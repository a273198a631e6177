"""On PostgreSQL the bulk load drops plain indexes and builds them again afterwards: every
index must be back exactly as it was, also after a run that died half-way."""

import pytest
from django.db import connection

from waypost.synthetic import tables
from waypost.synthetic.generate import generate
from waypost.synthetic.indexes import built_after_load, pending_file, restore_pending

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's bulk load only"
)


def _indexes():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s)",
            [[t.name for t in tables.ALL_TABLES]],
        )
        return sorted(cursor.fetchall())


def test_every_index_is_back_as_it_was_after_a_load(db, tmp_path):
    before = _indexes()
    generate(people=30, seed=1, truth_path=tmp_path / "t", use_copy=True)
    assert _indexes() == before
    assert not pending_file(connection).exists()


def test_indexes_are_built_again_when_the_load_fails(db):
    before = _indexes()
    with pytest.raises(KeyboardInterrupt):
        with built_after_load(connection, tables.ALL_TABLES, adding=10**9) as dropped:
            assert dropped > 10 and len(_indexes()) == len(before) - dropped
            raise KeyboardInterrupt
    assert _indexes() == before


def test_indexes_a_killed_run_left_dropped_are_built_by_the_next(db):
    before = _indexes()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'people_note' "
            "AND indexdef NOT LIKE '%%UNIQUE%%' ORDER BY indexname"
        )
        name, definition = cursor.fetchone()
        cursor.execute(f'DROP INDEX "{name}"')
    path = pending_file(connection)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(definition + "\n")
    assert restore_pending(connection) == 1
    assert _indexes() == before and not path.exists()
