"""The same seed gives the same population, ids included; another seed another one; and
`identities(n, seed)` is exactly what the generator stored as each identity's first record."""

import csv
from datetime import date

from waypost.people.models import Person
from waypost.synthetic.generate import generate
from waypost.synthetic.population import identities
from waypost.synthetic.tests.snapshots import TODAY_FIXED, stored_rows

TODAY = date.fromisoformat(TODAY_FIXED)


def test_the_same_seed_stores_the_same_rows_and_ids(db, tmp_path):
    generate(people=60, seed=4, today=TODAY, truth_path=tmp_path / "a.csv")
    first = stored_rows()
    generate(people=60, seed=4, today=TODAY, truth_path=tmp_path / "b.csv", replace=True)
    assert stored_rows() == first
    assert (tmp_path / "a.csv").read_text() == (tmp_path / "b.csv").read_text()
    assert sum(len(rows) for rows in first.values()) > 1000


def test_another_seed_stores_other_people(db, tmp_path):
    generate(people=40, seed=4, today=TODAY, truth_path=tmp_path / "a.csv")
    first = set(Person.objects.values_list("id", "given_name", "family_name"))
    generate(people=40, seed=5, today=TODAY, truth_path=tmp_path / "b.csv", replace=True)
    second = set(Person.objects.values_list("id", "given_name", "family_name"))
    assert not {row[0] for row in first} & {row[0] for row in second}
    assert {row[1:] for row in first} != {row[1:] for row in second}


def test_identities_are_the_first_records_stored(db, tmp_path):
    result = generate(people=50, seed=9, today=TODAY, truth_path=tmp_path / "truth.csv")
    with result.truth_path.open() as handle:
        truth = list(csv.DictReader(handle))
    first_record = {}
    for row in truth:  # each identity's first record comes first
        first_record.setdefault(int(row["true_id"]), row["person_id"])
    people = {str(p.pk): p for p in Person.objects.all()}
    for true_id, spec in enumerate(identities(50, seed=9)):
        stored = people[first_record[true_id]]
        assert (stored.given_name, stored.family_name) == (spec.given, spec.family)
        assert (stored.birth_date, stored.birth_date_precision) == (spec.birth_date, spec.precision)
        assert stored.estimated_age_years == spec.estimated_age
        assert set(stored.alias_set.values_list("kind", "given_name", "family_name")) == set(
            spec.aliases
        )


def test_a_larger_population_starts_with_the_smaller_one():
    assert identities(30, seed=2) == identities(60, seed=2)[:30]
    assert identities(30, seed=2) != identities(30, seed=3)
