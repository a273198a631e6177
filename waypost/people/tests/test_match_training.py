"""manage.py train_matcher: Splink retrains the weights from the records and reviewers'
decisions; the interactive matcher uses them at once; too little data leaves them alone."""

import random
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from waypost.people.matching.synthetic import (
    create_population,
    duplicate_record,
    make_population,
)
from waypost.people.matching.weights import current_weights, forget_cached_weights
from waypost.people.models import DuplicatePair, DuplicateStatus, MatcherWeights
from waypost.testing.people import make_person

PEOPLE = 400


@pytest.fixture(autouse=True)
def fresh_weights():
    # Weights are cached per process; a test's trained weights must not outlive it.
    forget_cached_weights()
    yield
    forget_cached_weights()


def _train(*args):
    out = StringIO()
    call_command("train_matcher", *args, stdout=out)
    return out.getvalue()


def _decide(a, b, status):
    first, second = sorted((a, b), key=lambda p: p.pk)
    DuplicatePair.objects.create(
        partnership_id=a.partnership_id, first=first, second=second, score=0.9, status=status
    )


def test_training_stores_weights_that_matching_then_uses(world):
    rng = random.Random(3)
    people = make_population(PEOPLE, seed=3)
    picks = rng.sample(range(PEOPLE), 40)
    twins = [duplicate_record(rng, people[i]) for i in picks]
    stored = create_population(people + twins, agency=world.council)
    for k, i in enumerate(picks[:10]):
        _decide(stored[i], stored[PEOPLE + k], DuplicateStatus.SAME)
    for a, b in zip(stored[:5], stored[5:10], strict=True):
        _decide(a, b, DuplicateStatus.DIFFERENT)
    assert current_weights().source == "default"

    output = _train()

    weights = MatcherWeights.objects.get()
    assert weights.records >= PEOPLE + 40
    assert weights.labelled_pairs == 15
    assert f"weights {weights.id} are now in use" in output
    assert "Blended m estimated from 10 reviewed same-person pairs" in output
    assert "'same person' and" in output and "of 5 'different people'" in output
    assert current_weights().source == f"trained {weights.id}"
    parameters = weights.weights
    assert set(parameters["comparisons"]) == {
        "given_name", "family_name", "date_of_birth", "gender", "identifiers",
    }  # fmt: skip
    assert parameters["probability_query_matches_a_record"] == pytest.approx(1 / (PEOPLE + 40))
    dob = parameters["comparisons"]["date_of_birth"]
    # Agreeing on an exact date is strong evidence; disagreeing is evidence against.
    assert dob["exact"]["m"] / dob["exact"]["u"] > 100
    assert dob["different"]["m"] / dob["different"]["u"] < 1


def test_too_few_records_leave_the_weights_as_they_are(world):
    make_person(world.council)
    with pytest.raises(CommandError, match="training needs at least 200"):
        _train()
    assert not MatcherWeights.objects.exists()
    assert current_weights().source == "default"
    with pytest.raises(CommandError, match="No partnership has the slug"):
        _train("--partnership", "nowhere")
