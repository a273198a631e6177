"""Compute the default match weights shipped in waypost/people/matching/default_weights.json.

Splink 5 on DuckDB over a synthetic population (waypost/people/matching/synthetic.py) with
noisy duplicate records whose truth is known: u by random sampling, m from the true pairs
(Splink's estimate_m_from_label_column), the prior from the true pair count. No database.

    .venv/bin/python bench/make_default_weights.py [--people 20000] [--write]
"""

import argparse
import json
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waypost.settings")
os.environ.setdefault("SECRET_KEY", "bench")
os.environ.setdefault("WAYPOST_DEMO", "1")

import django  # noqa: E402

django.setup()

import pyarrow as pa  # noqa: E402

from waypost.people.matching.batch import splink_linker  # noqa: E402
from waypost.people.matching.splink_model import (  # noqa: E402
    parameters_from_model,
    rows_table,
    settings,
)
from waypost.people.matching.synthetic import duplicate_record, make_population  # noqa: E402
from waypost.people.matching.weights import DEFAULT_WEIGHTS_PATH, default_parameters  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=20000)
    parser.add_argument("--duplicates", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--write", action="store_true", help="overwrite default_weights.json")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    people = make_population(args.people, seed=args.seed)
    records = [(i, p) for i, p in enumerate(people)]
    for i in rng.sample(range(len(people)), int(len(people) * args.duplicates)):
        records.append((i, duplicate_record(rng, people[i])))
    rows = []
    clusters = []
    for n, (cluster, p) in enumerate(records):
        row = (f"r{n}", p.given, p.preferred, p.family, p.birth_date, p.precision, p.gender)
        # Own names only: a person's aliases are not slips, and would read as "different".
        aliases: list[tuple[str, str]] = []
        rows.append((row, aliases, [(k, v) for k, v in p.identifiers]))
        clusters.append(cluster)
    table = rows_table(rows)
    # The cluster of each row: rows_table makes one row per name, in order.
    cluster_column = []
    n = 0
    for (row, aliases, _), cluster in zip(rows, clusters, strict=True):
        names = 1 + len(aliases) + (1 if row[2] and row[1] and row[2] != row[1] else 0)
        cluster_column += [cluster] * names
        n += names
    table = table.append_column("cluster", pa.array(cluster_column, pa.int64()))

    start = default_parameters()
    linker = splink_linker(table, settings(start))
    linker.training.estimate_u_using_random_sampling(max_pairs=5_000_000, seed=args.seed)
    linker.training.estimate_m_from_label_column("cluster")
    parameters = parameters_from_model(linker.misc.save_model_to_json())
    true_pairs = len(records) - len(people)
    total_pairs = len(records) * (len(records) - 1) / 2
    parameters["probability_two_random_records_match"] = true_pairs / total_pairs
    # The batch scales the prior to each partnership's size (splink_model.prior_for_rows).
    parameters["duplicate_pairs_per_record"] = true_pairs / len(records)
    parameters["probability_query_matches_a_record"] = start.get(
        "probability_query_matches_a_record", 1e-4
    )
    for comparison, levels in start["comparisons"].items():
        for level, mu in levels.items():
            parameters["comparisons"].setdefault(comparison, {}).setdefault(level, mu)
    text = json.dumps(parameters, indent=2, sort_keys=False) + "\n"
    if args.write:
        DEFAULT_WEIGHTS_PATH.write_text(text)
        print(f"wrote {DEFAULT_WEIGHTS_PATH}")
    else:
        print(text)


if __name__ == "__main__":
    main()
