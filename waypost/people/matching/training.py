"""Training the match weights with Splink 5 on DuckDB (`manage.py train_matcher`).

1. u (how often unrelated records agree by chance) from random pairs.
2. m (how often records of one person agree) by expectation maximisation, blocked first on
   date of birth (training the name comparisons) then on names (training date of birth).
3. Reviewers' "same person" decisions are pairwise labels: Splink estimates m from them, and
   that estimate is blended in, counting for more the more decisions there are.
4. "Different people" decisions cannot train m (they are not matches) and are too few and too
   hand-picked to estimate u; they are used to check the model: the report says how many
   decisions of each kind the new weights agree with.
"""

import logging
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from waypost.people.matching.batch import full_profiles, splink_linker
from waypost.people.matching.compare import compare
from waypost.people.matching.splink_model import parameters_from_model, person_rows, settings
from waypost.people.matching.weights import (
    default_parameters,
    forget_cached_weights,
    weights_from_parameters,
)
from waypost.people.models import DuplicatePair, DuplicateStatus, MatcherWeights

logger = logging.getLogger(__name__)

# How many reviewed pairs the unsupervised (EM) estimate of m is worth when blending.
EM_PSEUDO_COUNT = 50
MIN_RECORDS = 200
DETERMINISTIC_RULES = [
    "l.dob_key = r.dob_key and l.family_norm = r.family_norm and l.given_first = r.given_first",
    "l.nhs_number = r.nhs_number",
]


class NotEnoughData(Exception):
    """Too few records to train on; the current weights stay."""


@dataclass
class TrainingResult:
    weights: MatcherWeights
    records: int
    same_pairs: int
    different_pairs: int
    agrees_same: int = 0
    agrees_different: int = 0
    notes: list[str] = field(default_factory=list)


def combined_rows(partnership_ids: list[Any], also: set[Any]) -> pa.Table:
    tables = [person_rows(pid, also=also) for pid in partnership_ids]
    tables = [t for t in tables if t.num_rows]
    if not tables:
        return person_rows(None)
    return pa.concat_tables(tables)


def train(partnership_ids: list[Any], *, seed: int = 1) -> TrainingResult:
    """Train on the partnerships' records and decisions; store and return the new weights."""
    decided = DuplicatePair.objects.filter(partnership_id__in=partnership_ids).exclude(
        status=DuplicateStatus.PENDING
    )
    same = list(decided.filter(status=DuplicateStatus.SAME).values_list("first_id", "second_id"))
    different = list(
        decided.filter(status=DuplicateStatus.DIFFERENT).values_list("first_id", "second_id")
    )
    table = combined_rows(partnership_ids, {pk for pair in same for pk in pair})
    if table.num_rows < MIN_RECORDS:
        raise NotEnoughData(
            f"There are {table.num_rows} records; training needs at least {MIN_RECORDS}."
        )
    start = default_parameters()
    linker = splink_linker(table, settings(start))
    training = linker.training
    training.estimate_probability_two_random_records_match(DETERMINISTIC_RULES, recall=0.7)
    training.estimate_u_using_random_sampling(max_pairs=1_000_000, seed=seed)
    # Blocked on the very columns the comparisons read: Splink leaves a comparison out of a
    # session only when the blocking rule uses its columns, and blocking on derived keys
    # (dob_key, given_block) trained every comparison on pairs picked for agreeing on some.
    training.estimate_parameters_using_expectation_maximisation(
        "l.birth_date = r.birth_date and l.person_id <> r.person_id"
    )
    training.estimate_parameters_using_expectation_maximisation(
        "l.given_first = r.given_first and l.family_norm = r.family_norm "
        "and l.person_id <> r.person_id"
    )
    parameters = _filled(parameters_from_model(linker.misc.save_model_to_json()), start)
    # The batch scales the prior to each partnership's size (splink_model.prior_for_rows).
    parameters["duplicate_pairs_per_record"] = (
        parameters["probability_two_random_records_match"] * (table.num_rows - 1) / 2
    )
    notes = []
    if same:
        # A fresh linker, so the estimate is the labels' alone (Splink averages estimates
        # made on one linker), then blended with the EM estimate.
        labelled_linker = splink_linker(table, settings(parameters))
        labels = pa.table(
            {
                "unique_id_l": [f"{a}:0" for a, _ in same],
                "unique_id_r": [f"{b}:0" for _, b in same],
            }
        )
        labelled_linker.training.estimate_m_from_pairwise_labels(
            labelled_linker._db_api.register(labels)
        )
        from_labels = parameters_from_model(labelled_linker.misc.save_model_to_json())
        parameters = _blend(parameters, from_labels, len(same))
        notes.append(f"Blended m estimated from {len(same)} reviewed same-person pairs.")
    people = len(set(table.column("person_id").to_pylist()))
    parameters["probability_query_matches_a_record"] = 1 / max(people, 1)
    record = MatcherWeights.objects.create(
        weights=parameters,
        records=table.num_rows,
        labelled_pairs=len(same) + len(different),
    )
    forget_cached_weights()
    result = TrainingResult(
        weights=record,
        records=table.num_rows,
        same_pairs=len(same),
        different_pairs=len(different),
        notes=notes,
    )
    _check_against_decisions(result, parameters, same, different)
    return result


def _filled(parameters: dict[str, Any], fallback: dict[str, Any]) -> dict[str, Any]:
    """Levels training could not estimate (never seen) keep their previous values."""
    for comparison, levels in fallback["comparisons"].items():
        trained = parameters["comparisons"].setdefault(comparison, {})
        for level, mu in levels.items():
            trained.setdefault(level, dict(mu))
    return parameters


def _blend(em: dict[str, Any], labels: dict[str, Any], label_count: int) -> dict[str, Any]:
    share = label_count / (label_count + EM_PSEUDO_COUNT)
    for comparison, levels in em["comparisons"].items():
        for level, mu in levels.items():
            labelled = labels["comparisons"].get(comparison, {}).get(level)
            if labelled is not None:
                mu["m"] = (1 - share) * mu["m"] + share * labelled["m"]
    return em


def _check_against_decisions(
    result: TrainingResult,
    parameters: dict[str, Any],
    same: list[tuple[Any, Any]],
    different: list[tuple[Any, Any]],
) -> None:
    from waypost.people.matching.batch import REVIEW_THRESHOLD

    if not same and not different:
        return
    weights = weights_from_parameters(parameters, source="new", batch=True)
    profiles = full_profiles({pk for pair in same + different for pk in pair})
    for pairs, expect_match in ((same, True), (different, False)):
        for a, b in pairs:
            if a in profiles and b in profiles:
                score = compare(profiles[a], profiles[b], weights).score
                if (score >= REVIEW_THRESHOLD) == expect_match:
                    if expect_match:
                        result.agrees_same += 1
                    else:
                        result.agrees_different += 1
