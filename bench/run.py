"""`make bench`: run the benchmarks, print one table, write it to bench/results.md.

    .venv/bin/python bench/run.py --scale quick            # 10k people, 200k contacts: minutes
    .venv/bin/python bench/run.py --scale full             # the issue's sizes: hours
    .venv/bin/python bench/run.py --only match,reports --engines postgresql
    .venv/bin/python bench/run.py --only faults            # load with a worker crash: 6+ minutes
    .venv/bin/python bench/run.py --only faults --faults-users 10 --faults-seconds 60  # a trial

Each (engine, size) has its own database, kept between runs: PostgreSQL `waypost_bench_<size>`
on --postgres (created when missing) and SQLite files under var/bench/. The first run builds
the synthetic population into it; later runs only time. Every step runs in a process of its
own (bench/job.py). The newest run replaces its scale's section of the results file; the load
test with faults (bench/load_faults.py) runs only when named and keeps a section of its own.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# The repository, not bench/, first on the path: bench/'s modules are imported as bench.*.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench import databases, dedupe, load, machine  # noqa: E402
from bench.databases import WORK_DIR, BenchDatabase  # noqa: E402
from bench.job import MISMATCH_EXIT  # noqa: E402
from bench.reports import REPORTS  # noqa: E402
from bench.results import Row, Section, rows_from_file, short, table, write_section  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ("match", "load", "reports", "import", "dedupe")
# Run only when named in --only: minutes long, and it kills and restarts processes.
ON_REQUEST = ("faults",)
ENGINES = ("postgresql", "sqlite")
LOAD_USERS = 20
# The run with faults: 50 users for 5 minutes, the worker killed halfway.
FAULTS_USERS = 50
FAULTS_SECONDS = 300


@dataclass(frozen=True)
class Stage:
    """The benchmarks run against one engine's population of one size."""

    engine: str
    people: int
    benchmarks: tuple[str, ...]


@dataclass(frozen=True)
class Scale:
    stages: tuple[Stage, ...]
    contacts_per_person: float
    match_queries: int
    load_seconds: int
    import_rows: int


SCALES = {
    "quick": Scale(
        stages=(
            Stage("postgresql", 10_000, BENCHMARKS + ON_REQUEST),
            Stage("sqlite", 10_000, ("match", "load", "reports", "import")),
        ),
        contacts_per_person=20.0,
        match_queries=300,
        load_seconds=60,
        import_rows=5_000,
    ),
    # The sizes: match at 10k, 100k and 1M people (SQLite to 100k); load, import and
    # dedupe at 100k people and 2M contacts; reports at 2M and 20M contacts.
    "full": Scale(
        stages=(
            Stage("postgresql", 10_000, ("match",)),
            Stage("sqlite", 10_000, ("match",)),
            Stage("postgresql", 100_000, BENCHMARKS + ON_REQUEST),
            Stage("sqlite", 100_000, ("match", "load", "reports", "import")),
            Stage("postgresql", 1_000_000, ("match", "reports")),
        ),
        contacts_per_person=20.0,
        match_queries=500,
        load_seconds=180,
        import_rows=100_000,
    ),
}


def log(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


class Runner:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.scale: Scale = SCALES[args.scale]
        self.rows: list[Row] = []
        self.notes: list[str] = []
        self.failed: list[str] = []
        WORK_DIR.mkdir(parents=True, exist_ok=True)

    def job(self, step: str, database: BenchDatabase, out: Path, *extra: str) -> int:
        out.unlink(missing_ok=True)
        command = [
            sys.executable,
            str(ROOT / "bench" / "job.py"),
            step,
            "--database-url",
            database.url,
            "--engine",
            database.engine,
            "--out",
            str(out),
            "--seed",
            str(self.args.seed),
            *extra,
        ]
        return subprocess.run(command, cwd=ROOT, check=False).returncode  # noqa: S603

    def fail(self, what: str, engine: str, scale: str, status: int) -> None:
        self.failed.append(f"{what} ({engine}, {scale})")
        self.rows.append(
            Row(what, engine, scale, 0, {}, f"failed (exit status {status}): see the run's output")
        )

    # --- Steps -----------------------------------------------------------------------------------

    def prepare(self, database: BenchDatabase, people: int) -> dict[str, Any] | None:
        out = WORK_DIR / f"population-{database.label}.json"
        truth = WORK_DIR / f"truth-{database.label}.csv"
        arguments = (
            "--people",
            str(people),
            "--contacts-per-person",
            str(self.scale.contacts_per_person),
            "--truth",
            str(truth),
        )
        databases.create(database)
        status = self.job("prepare", database, out, *arguments)
        if status == MISMATCH_EXIT:
            log(f"{database.name} ({database.engine}) holds another population: starting it afresh")
            databases.drop(database)
            databases.create(database)
            status = self.job("prepare", database, out, *arguments)
        if status != 0:
            self.fail("population", database.engine, f"{short(people)} people", status)
            return None
        info: dict[str, Any] = json.loads(out.read_text())
        self.notes.append(
            f"Population ({database.engine}, {short(people)} people): built by "
            f"{info['generator']} on {info['built_at']} in {info['seconds']:.0f} s "
            f"({info['records']:,} person records, {info['contacts']:,} street contacts); "
            "kept between runs."
        )
        return info

    def measure(self, step: str, database: BenchDatabase, name: str, *extra: str) -> None:
        out = WORK_DIR / f"rows-{name.replace(' ', '-')}-{database.label}.json"
        started = time.monotonic()
        status = self.job(step, database, out, *extra)
        log(f"{database.engine} {database.name}: {name} took {time.monotonic() - started:.0f} s")
        if status != 0:
            self.fail(name, database.engine, database.name, status)
            return
        self.rows += rows_from_file(out)

    def run_stage(self, stage: Stage) -> None:
        database = databases.bench_database(stage.engine, stage.people, postgres=self.args.postgres)
        wanted = [b for b in stage.benchmarks if b in self.args.only]
        if not wanted:
            return
        log(f"{stage.engine} {database.name}: preparing {short(stage.people)} people")
        if self.prepare(database, stage.people) is None:
            return
        for benchmark in wanted:
            log(f"{stage.engine} {database.name}: {benchmark}")
            getattr(self, f"run_{benchmark}")(stage, database)

    def run_match(self, stage: Stage, database: BenchDatabase) -> None:
        self.measure("match", database, "match lookup", "--queries", str(self.scale.match_queries))

    def run_reports(self, stage: Stage, database: BenchDatabase) -> None:
        for report in REPORTS:
            self.measure("reports", database, report, "--report", report)

    def run_load(self, stage: Stage, database: BenchDatabase) -> None:
        self.measure(
            "load",
            database,
            "load",
            "--users",
            str(LOAD_USERS),
            "--seconds",
            str(self.scale.load_seconds),
            "--workers",
            str(self.args.workers),
            "--label",
            database.label,
        )

    def run_faults(self, stage: Stage, database: BenchDatabase) -> None:
        args = self.args
        self.measure(
            "faults",
            database,
            "faults",
            "--users",
            str(args.faults_users),
            "--seconds",
            str(args.faults_seconds),
            "--kill-after",
            str(args.faults_kill_after or args.faults_seconds / 2),
            "--drain-seconds",
            str(args.faults_drain_seconds),
            "--workers",
            str(args.workers),
            "--label",
            database.label,
        )

    def run_import(self, stage: Stage, database: BenchDatabase) -> None:
        copy = databases.named_database(
            stage.engine, f"{database.name}_import", postgres=self.args.postgres
        )
        databases.drop(copy)
        databases.create(copy, template=database)
        try:
            rows = self.scale.import_rows
            self.measure(
                "import",
                copy,
                "import_people",
                "--rows",
                str(rows),
                "--csv",
                str(WORK_DIR / f"import-{short(rows)}.csv"),
            )
        finally:
            databases.drop(copy)

    def run_dedupe(self, stage: Stage, database: BenchDatabase) -> None:
        if not dedupe.available():
            self.notes.append("Dedupe: bench/dedupe_quality.py is missing, so it was not run.")
            return
        # Its own database: the dedupe population (duplicates, no activity) is its helper's.
        own = databases.named_database(
            stage.engine,
            f"waypost_bench_dedupe_{databases.size_slug(stage.people)}",
            postgres=self.args.postgres,
        )
        databases.create(own)
        self.measure("dedupe", own, "dedupe", "--people", str(stage.people))

    # --- The whole run ---------------------------------------------------------------------------

    def run(self) -> int:
        args = self.args
        workers = (
            f"gunicorn, {args.workers} sync workers (2 × cores + 1 by default); "
            f"locust ({LOAD_USERS} users) on the same machine"
        )
        described = machine.describe(f"{args.postgres}/postgres", workers=workers)
        engines = [e for e in ENGINES if e in args.engines]
        for stage in self.scale.stages:
            if stage.engine in engines:
                self.run_stage(stage)
        faults = [r for r in self.rows if r.benchmark.split(":")[0] == "faults"]
        rows = [r for r in self.rows if r not in faults]
        print(table(self.rows))
        if set(args.only) - set(ON_REQUEST):
            notes = self.notes + method_notes(args, self.scale)
            section = Section(scale=args.scale, machine=described, rows=rows, notes=notes)
            write_section(args.out, section)
        if "faults" in args.only:
            described["web server under load"] = (
                f"gunicorn, {args.workers} sync workers; one task worker (db_worker); "
                f"locust ({args.faults_users} users) and a fake SMTP server on the same machine"
            )
            notes = self.notes + faults_notes(args)
            write_section(
                args.out,
                Section(
                    scale=args.scale, machine=described, rows=faults, notes=notes, kind="Faults"
                ),
            )
        log(f"wrote {args.out}")
        if self.failed:
            log("failed: " + "; ".join(self.failed))
            return 1
        return 0


def method_notes(args: argparse.Namespace, scale: Scale) -> list[str]:
    notes = []
    if "match" in args.only:
        notes.append(
            f"Match lookup: {scale.match_queries} look-ups by find_candidates as a caseworker at "
            "the housing options team (only records the access policy lets them see), each a "
            "synthetic person described with a worker's slips (noisy_query); the top-5 rate "
            "counts look-ups whose true person the caseworker may see."
        )
    if "load" in args.only:
        notes.append(
            f"Load: locust, {LOAD_USERS} users signed in through the real form (password and "
            "TOTP), 0.5-1.5 s between clicks, weights by-name list 3, person page 4, search 3, "
            f"referral 1, for {scale.load_seconds} s against gunicorn (waypost.wsgi, "
            "gunicorn.conf.py, demo mode off) on loopback. Static files are not fetched (a "
            "browser caches them). Counted from the moment the last user had signed in (20 "
            "Argon2 password checks at once are not page load): requests/s over that time, "
            "p50/p95 from every request's own time, failed ones included; a key page with any "
            "failure misses its target."
        )
    if "reports" in args.only:
        notes.append(
            "Reports: the monthly return (frozen_figures(monthly_indicators(...)), as the page "
            "and sign-off call it) for last month and the dashboard (build_dashboard, the "
            "page's default 12 months); cold = first generation in a fresh process, warm = "
            "median of 3 more. The database server's cache is not emptied."
        )
    if "import" in args.only:
        notes.append(
            f"Import: `import_people` (call_command) of a {short(scale.import_rows)}-row CSV of "
            "synthetic people (names, aliases, dates of birth, NHS and NI numbers, postcodes) "
            "into a copy of the benchmark database, then the same file again."
        )
    return notes


def faults_notes(args: argparse.Namespace) -> list[str]:
    from bench.load_faults import RESET_EVERY_SECONDS, SIGN_INS_PER_MINUTE, SWEEP_MINUTES

    kill_after = args.faults_kill_after or args.faults_seconds / 2
    return [
        f"Faults: as the load test, with {args.faults_users} locust users for "
        f"{args.faults_seconds} s: {args.faults_users - 1} staff (by-name list, person pages, "
        "search, Duty to Refer referrals; weights 3, 4, 3, 1) and one person asking for a "
        f"password reset link every {RESET_EVERY_SECONDS:g} s, which puts email in the outbox "
        "(a referral tells the triage team in the app, in its own transaction, and sends no "
        "email). Staff start at "
        f"{SIGN_INS_PER_MINUTE} a minute when there are more than that: all come from "
        "127.0.0.1, and allauth allows 30 sign-ins a minute from one address. A task worker "
        "(`manage.py db_worker`) delivers email by SMTP to a fake mail server on loopback "
        "(aiosmtpd) that records each message's outbox id. At "
        f"{kill_after:.0f} s the worker is killed with SIGKILL (a crash) and a new one started, "
        "and gunicorn is sent SIGHUP (a graceful reload of its workers). The scheduler's "
        f"outbox sweep (every 5 minutes in production) was enqueued every {SWEEP_MINUTES} "
        "min through the real scheduler code; the other scheduled jobs did not run. After "
        f"locust stopped, the worker had up to {args.faults_drain_seconds} s to drain the "
        "queue. Counted from the database and the mailbox: a referral is sent when its "
        "confirmation page was reached; an email is lost when it is due and never reached the "
        "mail server; tasks are this run's rows in django_tasks_db by status (a task the killed "
        "worker was running stays `running`: django-tasks-db does not take it back). Page "
        "times are counted after the last user signed in, as in the load test; the error rate "
        "counts every request.",
    ]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", choices=sorted(SCALES), default="quick")
    parser.add_argument(
        "--only",
        default=",".join(BENCHMARKS),
        help=f"comma-separated, from {', '.join(BENCHMARKS + ON_REQUEST)} (default: all but "
        f"{', '.join(ON_REQUEST)})",
    )
    parser.add_argument("--engines", default=",".join(ENGINES), help="postgresql,sqlite")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md")
    parser.add_argument(
        "--postgres", default=os.environ.get("BENCH_POSTGRES", databases.DEFAULT_POSTGRES)
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=load.default_workers())
    parser.add_argument("--faults-users", type=int, default=FAULTS_USERS)
    parser.add_argument("--faults-seconds", type=int, default=FAULTS_SECONDS)
    parser.add_argument(
        "--faults-kill-after", type=float, default=0, help="seconds into the run (default: half)"
    )
    parser.add_argument(
        "--faults-drain-seconds",
        type=int,
        default=180,
        help="at most this long for the worker to drain the queue after locust stops",
    )
    args = parser.parse_args(argv)
    args.only = [b.strip() for b in args.only.split(",") if b.strip()]
    args.engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = set(args.only) - set(BENCHMARKS + ON_REQUEST) | set(args.engines) - set(ENGINES)
    if unknown:
        parser.error(f"unknown: {', '.join(sorted(unknown))}")
    return args


def main(argv: list[str] | None = None) -> int:
    return Runner(parse_args(argv)).run()


if __name__ == "__main__":
    sys.exit(main())
