"""The truth file maps every Person record to its identity exactly; about the asked share of
identities have duplicate records, each made by another agency and looking like the original."""

import csv
from collections import Counter, defaultdict

from waypost.people.matching.normalise import normalise_name
from waypost.people.models import Person
from waypost.synthetic.generate import generate
from waypost.synthetic.population import identities, records_of

PEOPLE = 300


def _truth(path):
    with path.open() as handle:
        return {row["person_id"]: int(row["true_id"]) for row in csv.DictReader(handle)}


def test_the_truth_file_names_every_record_and_its_identity(db, tmp_path):
    result = generate(
        people=PEOPLE, seed=3, duplicate_rate=0.2, contacts_per_person=0, truth_path=tmp_path / "t"
    )
    truth = _truth(result.truth_path)
    stored = {str(pk) for pk in Person.objects.values_list("pk", flat=True)}
    assert set(truth) == stored
    assert len(truth) == result.records == Person.objects.count()
    assert set(truth.values()) == set(range(PEOPLE)) and result.people == PEOPLE
    # The truth is what the generator meant: each identity's records as records_of made them.
    specs = identities(PEOPLE, seed=3)
    expected = Counter(
        {i: len(records_of(s, seed=3, true_id=i, duplicate_rate=0.2)) for i, s in enumerate(specs)}
    )
    assert Counter(truth.values()) == expected


def test_about_the_asked_share_have_duplicates_made_by_other_agencies(db, tmp_path):
    result = generate(
        people=PEOPLE, seed=3, duplicate_rate=0.2, contacts_per_person=0, truth_path=tmp_path / "t"
    )
    truth = _truth(result.truth_path)
    records = defaultdict(list)
    for person in Person.objects.all():
        records[truth[str(person.pk)]].append(person)
    duplicated = [group for group in records.values() if len(group) > 1]
    assert 0.14 <= len(duplicated) / PEOPLE <= 0.26
    for group in duplicated:
        assert len({p.recorded_by_agency_id for p in group}) == len(group)
    # Duplicates are noisy copies, not strangers: most share the family name's first letter.
    alike = sum(
        normalise_name(g[0].family_name)[:1] == normalise_name(g[1].family_name)[:1]
        for g in duplicated
    )
    assert alike / len(duplicated) > 0.6


def test_no_duplicates_when_the_rate_is_nought(db, tmp_path):
    result = generate(
        people=80, seed=3, duplicate_rate=0, contacts_per_person=0, truth_path=tmp_path / "t"
    )
    assert result.records == result.people == Person.objects.count() == 80
