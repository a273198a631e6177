"""Batch duplicate detection: Splink 5 on DuckDB over each partnership's people and aliases,
into the review queue (DuplicatePair). Idempotent: a pair is stored once; a decided pair keeps
its decision and is never proposed again."""

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


def splink_linker(table: Any, settings: dict[str, Any]) -> Any:
    """A Splink linker on a fresh in-memory DuckDB holding `table` (a pyarrow table)."""
    from splink import DuckDBAPI, Linker

    db_api = DuckDBAPI()
    return Linker(db_api.register(table), settings, log_level=logging.WARNING)


def predicted_pairs(
    partnership_id: Any, threshold: float
) -> tuple[int, dict[tuple[UUID, UUID], float]]:
    """(rows compared, {(first_id, second_id): best match probability}) for one partnership."""
    from waypost.people.matching.splink_model import person_rows, settings
    from waypost.people.matching.weights import monotone, parameters_in_use

    table = person_rows(partnership_id)
    if table.num_rows < 2:
        return table.num_rows, {}
    linker = splink_linker(table, settings(monotone(parameters_in_use())))
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    best: dict[tuple[UUID, UUID], float] = {}
    relation = predictions.as_duckdbpyrelation()
    for left, right, p in relation.select("person_id_l, person_id_r, match_probability").fetchall():
        a, b = sorted((UUID(left), UUID(right)))
        if a != b:
            best[(a, b)] = max(best.get((a, b), 0.0), float(p))
    predictions.drop_table_from_database_and_remove_from_cache()
    return table.num_rows, best


def dedupe_partnership(partnership_id: Any, *, threshold: float = REVIEW_THRESHOLD) -> DedupeResult:
    """Find likely duplicate pairs in one partnership and add them to its review queue."""
    records, pairs = predicted_pairs(partnership_id, threshold)
    result = DedupeResult(records=records, pairs_found=len(pairs))
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
