"""One benchmark step in a process of its own, with Django pointed at one database.

bench/run.py starts one of these per step (Django reads its database settings once per
process, and a fresh process is what "cold" means for the reports). Results go to --out as
JSON rows; `prepare` writes the population's description instead and exits 3 when the
database holds some other population (bench/run.py then starts it afresh).
"""

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

# The repository, not bench/, first on the path: bench/'s modules are imported as bench.*.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench.django_env import configure  # noqa: E402
from bench.results import rows_to_file  # noqa: E402

MISMATCH_EXIT = 3


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "step", choices=["prepare", "match", "reports", "import", "load", "faults", "dedupe"]
    )
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--engine", required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--contacts-per-person", type=float, default=20.0)
    parser.add_argument("--truth", type=Path)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--report", default="monthly return")
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--csv", type=Path)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument("--label", default="bench")
    parser.add_argument("--kill-after", type=float, default=0, help="faults: seconds (0: half)")
    parser.add_argument("--drain-seconds", type=int, default=180)
    args = parser.parse_args(argv)
    configure(args.database_url)

    from bench import population

    if args.step == "prepare":
        try:
            info = population.ensure_population(
                people=args.people,
                seed=args.seed,
                contacts_per_person=args.contacts_per_person,
                truth_path=args.truth,
                progress=lambda text: print(f"  {text}", file=sys.stderr, flush=True),
            )
        except population.PopulationMismatch as error:
            print(f"  {error}", file=sys.stderr)
            return MISMATCH_EXIT
        args.out.write_text(json.dumps(asdict(info)))
        return 0
    if args.step == "dedupe":
        from bench import dedupe

        rows = dedupe.measure(args.database_url, args.engine, people=args.people, seed=args.seed)
        rows_to_file(rows, args.out)
        return 0

    info = population.stored_population()
    if info is None:
        raise SystemExit(f"{args.database_url} has no benchmark population: run prepare first")
    if args.step == "match":
        from bench import match_lookup

        rows = match_lookup.measure(info, args.engine, queries=args.queries, seed=args.seed)
    elif args.step == "reports":
        from bench import reports

        rows = reports.measure(info, args.engine, report=args.report)
    elif args.step == "import":
        from bench import import_speed

        rows = import_speed.measure(
            info, args.engine, rows=args.rows, seed=args.seed + 7, csv_path=args.csv
        )
    elif args.step == "faults":
        from bench import load, load_faults

        rows = load_faults.measure(
            info,
            args.engine,
            args.database_url,
            users=args.users,
            seconds=args.seconds,
            kill_after=args.kill_after or args.seconds / 2,
            drain_seconds=args.drain_seconds,
            workers=args.workers or load.default_workers(),
            seed=args.seed,
            work_dir=args.out.parent,
            label=args.label,
        )
    else:
        from bench import load

        rows = load.measure(
            info,
            args.engine,
            args.database_url,
            users=args.users,
            seconds=args.seconds,
            workers=args.workers or load.default_workers(),
            seed=args.seed,
            work_dir=args.out.parent,
            label=args.label,
        )
    rows_to_file(rows, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
