"""Batch duplicate detection: Splink 5 on DuckDB (or Spark: spark.py) over each partnership's
people and aliases, into the review queue (DuplicatePair). Idempotent: a pair is stored once;
a decided pair keeps its decision and is never proposed again. `scored_pairs` is the model
alone, writing nothing: the queue and bench/dedupe_quality.py both use it."""

import logging
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db import transaction
from django.utils import timezone

from waypost.accounts.models import Partnership
from waypost.people.matching.compare import Name, Profile, compare
from waypost.people.matching.weights import current_weights
from waypost.people.models import (
    Alias,
    DuplicatePair,
    DuplicateStatus,
    Identifier,
    Person,
)

logger = logging.getLogger(__name__)

# Pairs at or above this match probability go to the review queue.
REVIEW_THRESHOLD = 0.5


@dataclass
class DedupeResult:
    records: int = 0
    pairs_found: int = 0
    pairs_added: int = 0
    pairs_updated: int = 0


@dataclass(frozen=True)
class ScoredPairs:
    """What the batch model found in one partnership, before anything is stored."""

    records: int  # rows compared: one per name a person goes by
    people: int
    pairs: dict[tuple[UUID, UUID], float]  # (lower id, higher id) → best match probability


def splink_linker(table: Any, settings: dict[str, Any], db_api: Any = None) -> Any:
    """A Splink linker over `table` (a pyarrow table): on a fresh in-memory DuckDB unless
    another backend's `db_api` (spark.spark_api) is given."""
    from splink import DuckDBAPI, Linker

    if db_api is None:
        db_api = DuckDBAPI()
    return Linker(db_api.register(table), settings, log_level=logging.WARNING)


def scored_pairs(
    partnership_id: Any,
    *,
    threshold: float = REVIEW_THRESHOLD,
    db_api: Any = None,
    parameters: dict[str, Any] | None = None,
) -> ScoredPairs:
    """The batch model on one partnership: every pair of people it scores at or above
    `threshold`, with `parameters` (weights JSON shape) or else the weights in use (trained,
    else shipped). Writes nothing: `dedupe_partnership` queues these for review and
    bench/dedupe_quality.py measures them against known truth."""
    from waypost.people.matching.splink_model import person_rows, settings
    from waypost.people.matching.weights import monotone, parameters_in_use

    table = person_rows(partnership_id)
    people = len(set(table.column("person_id").to_pylist()))
    if people < 2:
        return ScoredPairs(records=table.num_rows, people=people, pairs={})
    dialect = "duckdb" if db_api is None else db_api.sql_dialect.sql_dialect_str
    model = settings(
        monotone(parameters if parameters is not None else parameters_in_use()),
        dialect,
        rows=table.num_rows,
    )
    linker = splink_linker(table, model, db_api)
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    pairs = best_pair_probabilities(linker, predictions)
    predictions.drop_table_from_database_and_remove_from_cache()
    return ScoredPairs(records=table.num_rows, people=people, pairs=pairs)


def best_pair_probabilities(linker: Any, predictions: Any) -> dict[tuple[UUID, UUID], float]:
    """{(lower person id, higher person id): best probability} from Splink's predictions, whose
    rows are names: a pair of people may be scored through several of their names. Grouped
    in the backend, so only one row per pair of people leaves it."""
    # The table name is Splink's own, not input.
    sql = f"""
        select least(person_id_l, person_id_r) as first_id,
               greatest(person_id_l, person_id_r) as second_id,
               max(match_probability) as probability
        from {predictions.physical_name}
        where person_id_l <> person_id_r
        group by least(person_id_l, person_id_r), greatest(person_id_l, person_id_r)
    """  # noqa: S608
    best = linker.misc.query_sql(sql, output_type="splink_df")
    rows = best.as_pyarrow_table().to_pylist()
    best.drop_table_from_database_and_remove_from_cache()
    return {
        (UUID(row["first_id"]), UUID(row["second_id"])): float(row["probability"]) for row in rows
    }


def dedupe_partnership(
    partnership_id: Any, *, threshold: float = REVIEW_THRESHOLD, db_api: Any = None
) -> DedupeResult:
    """Find likely duplicate pairs in one partnership and add them to its review queue (on
    DuckDB, or on the backend of `db_api`)."""
    scored = scored_pairs(partnership_id, threshold=threshold, db_api=db_api)
    pairs = scored.pairs
    result = DedupeResult(records=scored.records, pairs_found=len(pairs))
    if not pairs:
        return result
    agreements = _agreements(pairs)
    existing = {
        (pair.first_id, pair.second_id): pair
        for pair in DuplicatePair.objects.filter(
            partnership_id=partnership_id,
            first_id__in={a for a, _ in pairs},
            second_id__in={b for _, b in pairs},
        )
    }
    new, changed = [], []
    now = timezone.now()
    for key, score in sorted(pairs.items()):
        pair = existing.get(key)
        if pair is None:
            new.append(
                DuplicatePair(
                    partnership_id=partnership_id,
                    first_id=key[0],
                    second_id=key[1],
                    score=round(score, 4),
                    explanation=agreements[key],
                    found_at=now,
                )
            )
        elif pair.status == DuplicateStatus.PENDING:
            pair.score = round(score, 4)
            pair.explanation = agreements[key]
            changed.append(pair)
    with transaction.atomic():
        DuplicatePair.objects.bulk_create(new, ignore_conflicts=True)
        DuplicatePair.objects.bulk_update(changed, ["score", "explanation"])
    result.pairs_added, result.pairs_updated = len(new), len(changed)
    return result


def dedupe_all() -> dict[Any, DedupeResult]:
    """Run `dedupe_partnership` for every partnership (the nightly job)."""
    results = {}
    for partnership_id in Partnership.objects.order_by("name").values_list("id", flat=True):
        results[partnership_id] = dedupe_partnership(partnership_id)
        logger.info(
            "dedupe partnership=%s records=%s found=%s added=%s",
            partnership_id,
            results[partnership_id].records,
            results[partnership_id].pairs_found,
            results[partnership_id].pairs_added,
        )
    return results


def full_profiles(person_ids: set[Any]) -> dict[Any, Profile]:
    """Profiles on everything recorded (no user: the batch runs as the system). Stored
    agreements are level names only; pages recompute explanations on what the user may see."""
    people = Person.objects.in_bulk(list(person_ids))
    aliases: dict[Any, list[Alias]] = {}
    for alias in Alias.objects.filter(person_id__in=person_ids):
        aliases.setdefault(alias.person_id, []).append(alias)
    ids: dict[Any, list[tuple[str, str]]] = {}
    for person_id, kind, value in Identifier.objects.filter(person_id__in=person_ids).values_list(
        "person_id", "kind", "value"
    ):
        ids.setdefault(person_id, []).append((kind, value))
    profiles = {}
    for pk, p in people.items():
        names = [Name(given=p.given_name or p.preferred_name, family=p.family_name)]
        if p.preferred_name and p.given_name and p.preferred_name != p.given_name:
            names.append(Name(given=p.preferred_name, family=p.family_name, alias="known name"))
        names += [
            Name(
                given=a.given_name or p.given_name,
                family=a.family_name or p.family_name,
                alias=a.kind,
            )
            for a in aliases.get(pk, [])
        ]
        profiles[pk] = Profile(
            names=names,
            birth_date=p.birth_date,
            precision=p.birth_date_precision,
            gender=p.gender,
            identifiers=Profile.identifier_set(ids.get(pk, [])),
        )
    return profiles


def _agreements(pairs: dict[tuple[UUID, UUID], float]) -> dict[tuple[UUID, UUID], dict[str, str]]:
    profiles = full_profiles({pk for pair in pairs for pk in pair})
    weights = current_weights()
    return {
        (a, b): compare(profiles[a], profiles[b], weights).agreements
        for a, b in pairs
        if a in profiles and b in profiles
    }
