"""Batch dedupe quality (bench/dedupe_quality.py): precision, recall and F1 are counted over
pairs of Person records against a known truth; Waypost's model is measured exactly as
`manage.py dedupe` runs it; and the fixes that measuring found stay fixed."""

from datetime import date

import pytest

from bench import dedupe_quality as dq
from waypost.people.matching import splink_model
from waypost.people.matching.batch import dedupe_partnership, scored_pairs
from waypost.people.matching.splink_model import prior_for_rows
from waypost.people.matching.weights import default_parameters
from waypost.people.models import DuplicatePair, MatcherWeights
from waypost.testing.people import make_person


def test_precision_recall_and_f1_count_pairs_of_records():
    truth = {"a": 1, "b": 1, "c": 2, "d": 3}
    scores = dq.pair_scores([("a", "b"), ("c", "d")], truth)
    assert (scores.predicted, scores.true, scores.correct) == (2, 1, 1)
    assert scores.precision == 0.5
    assert scores.recall == 1.0
    assert scores.f1 == pytest.approx(2 / 3)


def test_a_person_recorded_three_times_makes_three_true_pairs():
    truth = {"a": 1, "b": 1, "c": 1, "d": 2}
    assert dq.true_pairs(truth) == {("a", "b"), ("a", "c"), ("b", "c")}
    # Linking a–b and b–c finds two of the three pairs: a–c is not assumed by transitivity.
    scores = dq.pair_scores([("a", "b"), ("c", "b")], truth)
    assert scores.precision == 1.0
    assert scores.recall == pytest.approx(2 / 3)
    assert scores.f1 == pytest.approx(0.8)


def test_a_pair_counts_once_either_way_round_and_unknown_records_not_at_all():
    truth = {"a": 1, "b": 1, "c": 2}
    scores = dq.pair_scores([("a", "b"), ("b", "a"), ("a", "a"), ("a", "unknown")], truth)
    assert (scores.predicted, scores.correct) == (1, 1)


def test_no_predictions_and_no_duplicates_score_zero_rather_than_fail():
    assert dq.pair_scores([], {"a": 1, "b": 1}).f1 == 0.0
    assert dq.pair_scores([("a", "b")], {"a": 1, "b": 2}).recall == 0.0


def test_the_bench_measures_the_pairs_the_dedupe_command_queues(world):
    jo = make_person(world.council, gender="woman")
    joe = make_person(world.outreach, given_name="Joe", family_name="Blogs", gender="woman")
    mary = make_person(world.council, given_name="Mary", family_name="Jones")
    partnership = world.council.partnership_id

    measured = dq.waypost_model(partnership)
    dedupe_partnership(partnership)

    queued = {dq.pair(p.first_id, p.second_id) for p in DuplicatePair.objects.all()}
    assert measured.records == 3
    assert measured.pairs == queued == {dq.pair(jo.pk, joe.pk)}
    row = dq.row("waypost", measured, 0.1, {jo.pk: 1, joe.pk: 1, mary.pk: 2})
    assert (row.pairs, row.precision, row.recall, row.f1) == (1, 1.0, 1.0, 1.0)


@pytest.fixture
def population(db):
    return dq._population_from_matching_synthetic("dedupe-test", 200, seed=3)


def test_both_models_are_measured_on_the_same_records(population):
    partnership, truth = population
    rows = dq.evaluate(partnership, truth, seed=3, models=["waypost", "plain splink"])
    assert [row.model for row in rows] == ["waypost", "plain splink"]
    for row in rows:
        assert row.records == len(truth) == 220
        assert row.pairs > 0
        assert 0 < row.f1 <= 1
    # Lenient floors: the 10k-person figures are in the report; this catches a broken model.
    assert rows[0].precision >= 0.85
    assert rows[0].recall >= 0.5


def test_the_retrained_model_is_measured_and_its_weights_are_not_kept(population):
    partnership, truth = population
    (row,) = dq.evaluate(partnership, truth, seed=3, models=["waypost retrained"])
    assert row.pairs > 0
    assert not MatcherWeights.objects.exists()


def test_the_prior_grows_as_the_partnership_shrinks():
    parameters = default_parameters() | {"duplicate_pairs_per_record": 0.1}
    assert prior_for_rows(parameters, 2_001) == pytest.approx(
        10 * prior_for_rows(parameters, 20_001)
    )
    assert prior_for_rows(parameters, 20_001) == pytest.approx(2 * 0.1 / 20_000)
    assert (
        prior_for_rows(parameters, 3) == 0.01
    )  # capped: a handful of records still needs evidence
    fixed = {k: v for k, v in parameters.items() if k != "duplicate_pairs_per_record"}
    assert prior_for_rows(fixed, 2_001) == fixed["probability_two_random_records_match"]


def test_two_exact_dates_of_birth_in_one_year_count_against_a_match(world):
    jo = make_person(world.council)  # 1 March 1980, exact
    other_day = make_person(world.outreach, birth_date=date(1980, 7, 24))
    year_only = make_person(
        world.hospital, birth_date=date(1980, 1, 1), birth_date_precision="year"
    )
    pairs = scored_pairs(world.council.partnership_id, threshold=0.0).pairs
    assert pairs[tuple(sorted((jo.pk, year_only.pk)))] > pairs[tuple(sorted((jo.pk, other_day.pk)))]


def test_an_exact_rare_name_counts_for_more_than_an_exact_common_one(world, monkeypatch):
    monkeypatch.setattr(splink_model, "TERM_FREQUENCY_MIN_ROWS", 2)
    year_only = {"birth_date": date(1970, 1, 1), "birth_date_precision": "year"}
    rare = [make_person(world.council, given_name="Zebedee", family_name="Quayle", **year_only)]
    rare.append(
        make_person(world.outreach, given_name="Zebedee", family_name="Quayle", **year_only)
    )
    common = [
        make_person(world.council, given_name="John", family_name="Smith", **year_only),
        make_person(world.outreach, given_name="John", family_name="Smith", **year_only),
    ]
    for year in range(1980, 1986):
        make_person(
            world.hospital, given_name="John", family_name="Smith", birth_date=date(year, 5, 1)
        )
    pairs = scored_pairs(world.council.partnership_id, threshold=0.0).pairs
    key = lambda people: tuple(sorted(p.pk for p in people))  # noqa: E731
    assert pairs[key(rare)] > pairs[key(common)]


def test_a_failed_training_step_of_plain_splink_is_reported_not_fatal(population, monkeypatch):
    from splink.internals.linker_components.training import LinkerTraining

    em = LinkerTraining.estimate_parameters_using_expectation_maximisation

    def fails_on_names(self, rule, *args, **kwargs):
        if "given_first" in rule:
            raise ValueError("m_probability value 0.0 is below the minimum allowed value")
        return em(self, rule, *args, **kwargs)

    monkeypatch.setattr(
        LinkerTraining, "estimate_parameters_using_expectation_maximisation", fails_on_names
    )
    partnership, truth = population
    (row,) = dq.evaluate(partnership, truth, seed=3, models=["plain splink"])
    assert row.note == (
        "EM blocked on names failed: m_probability value 0.0 is below the minimum allowed value"
    )
    assert row.records == 220
