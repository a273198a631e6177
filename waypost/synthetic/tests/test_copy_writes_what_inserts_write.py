"""On PostgreSQL the generator writes with COPY (foreign keys unchecked, for speed); the same
seed written with plain INSERTs (the path SQLite takes, every key checked) must store exactly
the same rows."""

from datetime import date

import pytest
from django.db import connection

from waypost.synthetic.generate import generate
from waypost.synthetic.tests.snapshots import TODAY_FIXED, stored_rows

TODAY = date.fromisoformat(TODAY_FIXED)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_copy_stores_the_same_rows_as_inserts(db, tmp_path):
    generate(people=60, seed=12, today=TODAY, truth_path=tmp_path / "a", use_copy=True)
    copied = stored_rows()
    generate(
        people=60, seed=12, today=TODAY, truth_path=tmp_path / "b", use_copy=False, replace=True
    )
    assert stored_rows() == copied
    connection.check_constraints()  # every foreign key of the inserted rows holds
    assert len(copied["outreach_streetcontact"]) > 100
