"""Batch dedupe quality: Waypost's model beside a plain Splink 5 model, on the same records.

For a partnership whose Person records come with a known truth ({person_id: true_id}), each
model scores pairs of records and the pairs it puts at or above the review threshold
(batch.REVIEW_THRESHOLD) are its predictions. Quality is counted over pairs of Person records:
the true pairs are every two records of one true person (a person recorded three times makes
three pairs), so precision, recall and F1 are about the review queue a coordinator would get.

How the comparison is kept fair:
- Both models read the same rows (splink_model.person_rows: one row per name a live record
  goes by, aliases included, normalised names) and score pairs from the same blocking rules
  (splink_model.PREDICTION_RULES, a record never paired with itself), so only the comparisons
  and their weights differ. A pair of records scored through several names keeps its best.
- Both use the same threshold rule: match probability >= REVIEW_THRESHOLD.
- Waypost runs as `manage.py dedupe` does (batch.scored_pairs, the weights in use: trained,
  else the shipped defaults) without writing the review queue. The shipped defaults were
  estimated from labelled data of another generator (matching.synthetic), an advantage a
  plain model has not had, so Waypost is also run retrained on the data itself by
  `train_matcher`'s unsupervised steps (rolled back afterwards).
- Plain Splink uses Splink's own comparison library with default levels (NameComparison,
  DateOfBirthComparison, ExactMatch; no term frequencies) and is trained the standard way:
  the prior from deterministic rules, u by random sampling, m by expectation maximisation
  blocked on date of birth and then on names.
- Seconds are wall time from reading the records out of the database to having the pairs,
  training included where a model trains.

The population is waypost.synthetic.generate's (people and their noisy duplicate records, no
activity), built once per database, size and seed and then reused; its truth CSV is kept
under var/bench. Run it standalone:

    .venv/bin/python bench/dedupe_quality.py --people 10000 --seed 1
    .venv/bin/python bench/dedupe_quality.py --people 100000 --seed 1 \\
        --database-url postgres://postgres@127.0.0.1:5432/waypost_bench_dedupe

`make bench` calls run(database_url, people, seed).
"""

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TRUTH_DIR = ROOT / "var" / "bench"
# Share of people given a second, noisy record when the synthetic generator is not available.
DUPLICATE_RATE = 0.1

Pair = tuple[str, str]


@dataclass(frozen=True)
class Row:
    model: str
    records: int  # Person records compared
    seconds: float
    pairs: int  # pairs of records predicted (at or above the threshold)
    precision: float
    recall: float
    f1: float
    note: str = ""  # anything the figures need read with, such as a training step that failed


@dataclass(frozen=True)
class Predicted:
    """What one model predicted: the records it compared and the pairs it put above the
    threshold."""

    records: int
    pairs: set[Pair]
    note: str = ""


@dataclass(frozen=True)
class PairScores:
    predicted: int
    true: int
    correct: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.true if self.true else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def pair(a: Any, b: Any) -> Pair:
    """One unordered pair of record ids, in a canonical order."""
    x, y = str(a), str(b)
    return (x, y) if x < y else (y, x)


def true_pairs(truth: Mapping[Any, Any]) -> set[Pair]:
    """Every pair of records that share a true identity (all pairs of each cluster)."""
    clusters: dict[Any, list[Any]] = defaultdict(list)
    for record, identity in truth.items():
        clusters[identity].append(record)
    return {pair(a, b) for records in clusters.values() for a, b in combinations(records, 2)}


def pair_scores(predicted: Iterable[tuple[Any, Any]], truth: Mapping[Any, Any]) -> PairScores:
    """Precision, recall and F1 of predicted record pairs against the truth. Pairs involving a
    record the truth does not know are not counted either way."""
    known = {str(record) for record in truth}
    guesses = {pair(a, b) for a, b in predicted if str(a) != str(b)}
    guesses = {p for p in guesses if p[0] in known and p[1] in known}
    truths = true_pairs({str(record): identity for record, identity in truth.items()})
    return PairScores(predicted=len(guesses), true=len(truths), correct=len(guesses & truths))


def row(model: str, predicted: Predicted, seconds: float, truth: Mapping[Any, Any]) -> Row:
    scores = pair_scores(predicted.pairs, truth)
    return Row(
        model=model,
        records=predicted.records,
        seconds=round(seconds, 2),
        pairs=scores.predicted,
        precision=round(scores.precision, 4),
        recall=round(scores.recall, 4),
        f1=round(scores.f1, 4),
        note=predicted.note,
    )


# The models ----------------------------------------------------------------------------------


def waypost_model(partnership_id: Any, parameters: dict[str, Any] | None = None) -> Predicted:
    """The batch model exactly as `manage.py dedupe` runs it, with the weights in use unless
    other `parameters` (weights JSON shape) are given."""
    from waypost.people.matching.batch import REVIEW_THRESHOLD, scored_pairs

    scored = scored_pairs(partnership_id, threshold=REVIEW_THRESHOLD, parameters=parameters)
    return Predicted(scored.people, {pair(a, b) for a, b in scored.pairs})


def waypost_retrained_model(partnership_id: Any, seed: int) -> Predicted:
    """The batch model after `train_matcher` on this partnership's records alone (no reviewed
    pairs: the unsupervised steps). The new weights are rolled back, not kept."""
    from django.db import transaction

    from waypost.people.matching.training import train
    from waypost.people.matching.weights import forget_cached_weights

    try:
        with transaction.atomic():
            train([partnership_id], seed=seed)
            result = waypost_model(partnership_id)
            transaction.set_rollback(True)
    finally:
        forget_cached_weights()
    return result


def plain_splink_settings() -> Any:
    """Splink's default comparison library on the same columns and blocking as Waypost's."""
    import splink.comparison_library as cl
    from splink import SettingsCreator

    from waypost.people.matching.splink_model import PREDICTION_RULES

    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[
            cl.NameComparison("given_first"),
            cl.NameComparison("family_norm"),
            cl.DateOfBirthComparison("birth_date", input_is_string=False),
            cl.ExactMatch("gender"),
            cl.ExactMatch("nhs_number"),
            cl.ExactMatch("ni_number"),
            cl.ExactMatch("prison_number"),
        ],
        blocking_rules_to_generate_predictions=[_apart(rule) for rule in PREDICTION_RULES],
        additional_columns_to_retain=["person_id"],
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
    )


def _apart(rule: str) -> str:
    return f"{rule} and l.person_id <> r.person_id"


def plain_splink_model(partnership_id: Any, seed: int) -> Predicted:
    """A plain Splink model trained the standard way. When an EM session fails (Splink 5
    refuses an m probability that has fallen to 0), the model goes on without that session's
    estimates, as a user skipping the step would, and the row says so."""
    from waypost.people.matching.batch import (
        REVIEW_THRESHOLD,
        best_pair_probabilities,
        splink_linker,
    )
    from waypost.people.matching.splink_model import person_rows

    table = person_rows(partnership_id)
    records = len(set(table.column("person_id").to_pylist()))
    linker = splink_linker(table, plain_splink_settings())
    training = linker.training
    training.estimate_probability_two_random_records_match(
        [
            _apart(
                "l.given_first = r.given_first and l.family_norm = r.family_norm "
                "and l.birth_date = r.birth_date"
            ),
            _apart("l.nhs_number = r.nhs_number"),
        ],
        recall=0.7,
    )
    training.estimate_u_using_random_sampling(max_pairs=5_000_000, seed=seed)
    notes = []
    for blocked_on, rule in (
        ("date of birth", "l.birth_date = r.birth_date"),
        ("names", "l.given_first = r.given_first and l.family_norm = r.family_norm"),
    ):
        try:
            training.estimate_parameters_using_expectation_maximisation(_apart(rule))
        except ValueError as error:
            notes.append(f"EM blocked on {blocked_on} failed: {str(error).split('. ')[0]}")
    predictions = linker.inference.predict(threshold_match_probability=REVIEW_THRESHOLD)
    pairs = best_pair_probabilities(linker, predictions)
    return Predicted(records, {pair(a, b) for a, b in pairs}, "; ".join(notes))


MODELS = ("waypost", "waypost retrained", "plain splink")


def evaluate(
    partnership_id: Any,
    truth: Mapping[Any, Any],
    *,
    seed: int = 1,
    parameters: dict[str, Any] | None = None,
    models: Iterable[str] = MODELS,
) -> list[Row]:
    """One Row per model on one partnership's live records, scored against `truth`
    (`parameters`: weights for the "waypost" row other than those in use)."""
    from waypost.people.matching.splink_model import person_rows

    in_scope = set(person_rows(partnership_id).column("person_id").to_pylist())
    scoped_truth = {str(k): v for k, v in truth.items() if str(k) in in_scope}
    runners = {
        "waypost": lambda: waypost_model(partnership_id, parameters),
        "waypost retrained": lambda: waypost_retrained_model(partnership_id, seed),
        "plain splink": lambda: plain_splink_model(partnership_id, seed),
    }
    rows = []
    for name in models:
        started = time.perf_counter()
        predicted = runners[name]()
        rows.append(row(name, predicted, time.perf_counter() - started, scoped_truth))
    return rows


# The population ------------------------------------------------------------------------------


def read_truth(path: Path) -> dict[str, str]:
    with path.open(newline="") as handle:
        return {line["person_id"]: line["true_id"] for line in csv.DictReader(handle)}


def write_truth(path: Path, truth: Mapping[Any, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["person_id", "true_id"])
        writer.writerows((str(k), str(v)) for k, v in truth.items())


def population(people: int, seed: int) -> tuple[Any, dict[str, str]]:
    """(partnership id, truth) for a synthetic partnership of `people` true people with noisy
    duplicate records: built on the first call for this database, size and seed, then reused
    while its truth file still describes it."""
    from waypost.accounts.models import Partnership
    from waypost.people.models import Person

    slug = f"dedupe-{people}-{seed}"
    truth_path = TRUTH_DIR / f"dedupe-truth-{_database_label()}-{slug}.csv"
    existing = Partnership.objects.filter(slug=slug).first()
    if existing is not None and truth_path.exists():
        truth = read_truth(truth_path)
        stored = {
            str(pk)
            for pk in Person.objects.filter(partnership=existing).values_list("pk", flat=True)
        }
        if stored == set(truth):
            return existing.pk, truth
    try:
        from waypost.synthetic.generate import generate
    except ImportError:
        if existing is not None:
            raise SystemExit(
                f"Partnership {slug!r} exists without its truth ({truth_path})."
            ) from None
        partnership_id, truth = _population_from_matching_synthetic(slug, people, seed)
        write_truth(truth_path, truth)
        return partnership_id, truth
    # Persons only: dedupe reads no activity. `replace` rebuilds one whose truth is lost.
    generated = generate(
        people=people,
        seed=seed,
        slug=slug,
        truth_path=truth_path,
        contacts_per_person=0,
        replace=existing is not None,
    )
    return generated.partnership.pk, read_truth(generated.truth_path)


def _database_label() -> str:
    """A file-name-safe name for the database in use: truth files of different databases
    (SQLite and PostgreSQL runs of one size) must not overwrite each other."""
    import re

    from django.db import connection

    name = Path(str(connection.settings_dict["NAME"])).stem
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", f"{connection.vendor}-{name}")


def _population_from_matching_synthetic(
    slug: str, people: int, seed: int
) -> tuple[Any, dict[str, str]]:
    """The population the matcher's own quality test uses, with DUPLICATE_RATE of people
    recorded a second time by another agency (matching.synthetic.duplicate_record)."""
    from waypost.accounts.models import Agency, AgencyType, Partnership
    from waypost.people.matching.synthetic import (
        create_population,
        duplicate_record,
        make_population,
    )

    rng = random.Random(seed)
    specs = make_population(people, seed=seed)
    partnership = Partnership.objects.create(name=slug, slug=slug, region="Bench")
    agencies = [
        Agency.objects.create(partnership=partnership, name=f"{slug} {kind}", type=kind)
        for kind in (AgencyType.HOUSING_OPTIONS, AgencyType.OUTREACH, AgencyType.HOSPITAL)
    ]
    truth: dict[str, str] = {}
    for n, agency in enumerate(agencies):
        ids = range(n, people, len(agencies))
        for true_id, person in zip(
            ids, create_population([specs[i] for i in ids], agency=agency), strict=True
        ):
            truth[str(person.pk)] = str(true_id)
    duplicated = sorted(rng.sample(range(people), int(people * DUPLICATE_RATE)))
    # Each duplicate is recorded by the agency after the one that holds the first record.
    for n, agency in enumerate(agencies):
        ids = [i for i in duplicated if (i + len(agencies) - 1) % len(agencies) == n]
        copies = [duplicate_record(rng, specs[i]) for i in ids]
        for true_id, person in zip(ids, create_population(copies, agency=agency), strict=True):
            truth[str(person.pk)] = str(true_id)
    return partnership.pk, truth


# Running -------------------------------------------------------------------------------------


def run(database_url: str, people: int, seed: int) -> list[Row]:
    """Build (or reuse) the population in `database_url` and measure both models on it. Runs
    in this process when Django is already set up on that database, else in a child process
    (Django's database is chosen once per process)."""
    if _django_is_on(database_url):
        population_id, truth = population(people, seed)
        return evaluate(population_id, truth, seed=seed)
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--database-url",
        database_url,
        "--people",
        str(people),
        "--seed",
        str(seed),
        "--json",
    ]
    done = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT)  # noqa: S603
    return [Row(**fields) for fields in json.loads(done.stdout.strip().splitlines()[-1])]


def _django_is_on(database_url: str) -> bool:
    from django.conf import settings

    if not settings.configured:
        return False
    import dj_database_url

    wanted = dj_database_url.parse(database_url)
    current = settings.DATABASES["default"]
    return all(
        str(wanted.get(key) or "") == str(current.get(key) or "")
        for key in ("ENGINE", "NAME", "HOST", "PORT")
    )


def _configure(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waypost.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("WAYPOST_DEMO", "1")
    if database_url.startswith("postgres"):
        _create_postgres_database(database_url)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _create_postgres_database(url: str) -> None:
    from urllib.parse import urlparse

    import psycopg

    name = urlparse(url).path.lstrip("/")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def table(rows: list[Row]) -> str:
    lines = [
        f"{'model':18} {'records':>8} {'seconds':>8} {'pairs':>7} "
        f"{'precision':>9} {'recall':>7} {'F1':>7}"
    ]
    for r in rows:
        lines.append(
            f"{r.model:18} {r.records:>8} {r.seconds:>8.1f} {r.pairs:>7} "
            f"{r.precision:>9.4f} {r.recall:>7.4f} {r.f1:>7.4f}"
            + (f"  ({r.note})" if r.note else "")
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--json", action="store_true", help="print the rows as one JSON line")
    parser.add_argument(
        "--weights", type=Path, help="weights JSON for the waypost row (default: those in use)"
    )
    parser.add_argument(
        "--models", default=",".join(MODELS), help=f"comma-separated, of: {', '.join(MODELS)}"
    )
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{ROOT / 'var' / 'bench' / 'dedupe.sqlite3'}"
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    _configure(url)
    import logging

    logging.disable(logging.WARNING)
    started = time.perf_counter()
    partnership_id, truth = population(args.people, args.seed)
    built = time.perf_counter() - started
    parameters = json.loads(args.weights.read_text()) if args.weights else None
    models = [name.strip() for name in args.models.split(",")]
    if unknown := set(models) - set(MODELS):
        parser.error(f"unknown models: {', '.join(sorted(unknown))}")
    rows = evaluate(partnership_id, truth, seed=args.seed, parameters=parameters, models=models)
    if args.json:
        print(json.dumps([asdict(r) for r in rows]))
    else:
        print(f"population ready in {built:.0f} s; {len(truth)} records of {args.people} people")
        print(table(rows))


if __name__ == "__main__":
    main()
