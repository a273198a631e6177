"""Load test: the real app under gunicorn on loopback, driven by locust (bench/locustfile.py).

gunicorn runs as in production (waypost.wsgi, the repository's gunicorn.conf.py, demo mode
off, so MFA is enforced) against the benchmark database, with sync workers; locust runs
headless with N concurrent users on the same machine. Each user is a real member of staff
signed in through the real form with a fresh password and authenticator secret.
"""

import json
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections import defaultdict
from pathlib import Path
from typing import Any

from bench.load_tasks import KEY_PAGES, LOGIN_PATH, SIGN_IN, Plan
from bench.results import Row, Target, ms, percentile, short

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LOAD_TARGET = Target("p95_ms", "<=", 250, "p95 ≤ 250 ms, 20 users, 100k people", at_size=100_000)
PEOPLE_PER_AGENCY = 2000
STARTUP_SECONDS = 90
# Added to the measured time: everyone signing in at once, which is not measured.
SIGN_IN_SECONDS = 30


def default_workers() -> int:
    """gunicorn's rule of thumb, 2 × cores + 1 sync workers: a worker waiting on the database
    frees its core for another."""
    return 2 * (os.cpu_count() or 1) + 1


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def make_plan(info: Any, *, users: int, seed: int) -> Plan:
    """Accounts (fresh credentials) and what they will look at, from the database."""
    from bench import population, staff
    from waypost.people.matching.synthetic import noisy_query
    from waypost.people.models import Person

    partnership = population.partnership()
    accounts = staff.load_accounts(partnership, users)
    rng = random.Random(seed)
    people: dict[str, list[str]] = {}
    from waypost.accounts.models import User

    for account in accounts:
        if account.agency_id in people:
            continue
        user = User.objects.get(email=account.email)
        ids = [
            str(pk)
            for pk in Person.objects.visible_to(user).order_by().values_list("id", flat=True)
        ]
        people[account.agency_id] = rng.sample(ids, min(PEOPLE_PER_AGENCY, len(ids)))
    identities = population.identities(info)
    searches, referrals = [], []
    for _ in range(500):
        query = noisy_query(rng, rng.choice(identities))
        searches.append(f"{query.given_name} {query.family_name}")
        referral = noisy_query(rng, rng.choice(identities))
        born = referral.date_of_birth.isoformat() if referral.date_of_birth else ""
        referrals.append(
            {"given": referral.given_name, "family": referral.family_name, "born": born}
        )
    return Plan(
        partnership_id=str(partnership.pk),
        accounts=[vars(a) for a in accounts],
        people=people,
        searches=searches,
        referrals=referrals,
        seed=seed,
    )


def _write_private(path: Path, text: str) -> None:
    path.unlink(missing_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(text)


def server_environment(database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "WAYPOST_DEMO"}
    return env | {
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "waypost.settings",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1",
        # Plain HTTP on loopback; everything else as in production.
        "WAYPOST_HTTPS": "0",
        "LOG_LEVEL": "WARNING",
    }


def wait_until_serving(
    url: str, server: subprocess.Popen[bytes], *, seconds: float = STARTUP_SECONDS
) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {server.returncode}: see its log")
        try:
            with urllib.request.urlopen(url + LOGIN_PATH, timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer within {seconds:.0f} s")


def start_gunicorn(
    database_url: str, *, port: int, workers: int, log: Any, env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """gunicorn as in production (waypost.wsgi, gunicorn.conf.py) on loopback."""
    return subprocess.Popen(  # noqa: S603 - our own virtualenv's gunicorn
        [
            str(BIN / "gunicorn"),
            "waypost.wsgi",
            "--config",
            "gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
        ],
        cwd=ROOT,
        env=env or server_environment(database_url),
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def locust_command(
    url: str, *, users: int, seconds: int, csv_prefix: Path, spawn_rate: float | None = None
) -> list[str]:
    return [
        str(BIN / "locust"),
        "--locustfile",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        f"{spawn_rate if spawn_rate is not None else users:g}",
        "--run-time",
        f"{seconds}s",
        "--host",
        url,
        "--csv",
        str(csv_prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--stop-timeout",
        "10",
    ]


def stop(process: subprocess.Popen[bytes], *, timeout: float = 30) -> None:
    """SIGTERM (a clean shutdown), then SIGKILL if it does not stop in time."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def read_timings(path: Path) -> dict[str, Any]:
    """What bench/locustfile.py wrote: every request's (name, ms, failed, started) and the ids
    of the referrals it sent."""
    if not path.exists():
        raise RuntimeError("locust wrote no timings: see its log in var/bench/")
    data = json.loads(path.read_text())
    return {
        "requests": [tuple(t) for t in data["requests"]],
        "referrals": list(data.get("referrals", [])),
    }


def run_load(
    plan: Plan,
    database_url: str,
    *,
    users: int,
    seconds: int,
    workers: int,
    work_dir: Path,
    label: str,
) -> tuple[list[tuple[str, float, bool, float]], float]:
    """Serve, load, stop: every request's (name, ms, failed, started) and the run's wall time."""
    plan_path = work_dir / f"load-plan-{label}.json"
    timings_path = work_dir / f"load-timings-{label}.json"
    timings_path.unlink(missing_ok=True)
    _write_private(plan_path, json.dumps(vars(plan)))
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with (
        open(work_dir / f"gunicorn-{label}.log", "wb") as log,
        open(work_dir / f"locust-{label}.log", "wb") as locust_log,
    ):
        server = start_gunicorn(database_url, port=port, workers=workers, log=log)
        try:
            wait_until_serving(url, server)
            started = time.monotonic()
            subprocess.run(  # noqa: S603 - our own virtualenv's locust
                locust_command(
                    url,
                    users=users,
                    seconds=seconds + SIGN_IN_SECONDS,
                    csv_prefix=work_dir / f"locust-{label}",
                ),
                cwd=ROOT,
                env=os.environ
                | {"BENCH_LOAD_PLAN": str(plan_path), "BENCH_LOAD_TIMINGS": str(timings_path)},
                timeout=seconds + SIGN_IN_SECONDS + STARTUP_SECONDS + 60,
                check=False,  # locust exits 1 when any request failed: failures are reported
                stdout=locust_log,
                stderr=subprocess.STDOUT,
            )
            wall = time.monotonic() - started
        finally:
            stop(server)
            plan_path.unlink(missing_ok=True)  # it holds the run's passwords
    return read_timings(timings_path)["requests"], wall


def rows_from_timings(
    timings: list[tuple[str, float, bool, float]],
    *,
    engine: str,
    people: int,
    contacts: int,
    users: int,
    workers: int,
    prefix: str = "load",
    target: Target | None = LOAD_TARGET,
) -> list[Row]:
    """One row per page: requests a second over the run, p50/p95 of every request (failed
    ones included), and failures. A key page with any failure misses `target`."""
    # Steady state: from the moment the last user is signed in (signing in hashes a password
    # with Argon2, which on a small machine slows every page while 20 people do it at once).
    sign_ins = [s + took / 1000 for name, took, _, s in timings if name == SIGN_IN]
    steady_from = max(sign_ins, default=0.0)
    by_name: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    for name, took_ms, failed, started in timings:
        if name == SIGN_IN or started >= steady_from:
            by_name[name].append((took_ms, failed))
    working = [t for t in timings if t[0] != SIGN_IN and t[3] >= steady_from]
    if not working:
        raise RuntimeError("no page was loaded after signing in: every user failed to sign in?")
    window = max(s + took / 1000 for _, took, _, s in working) - steady_from
    if not sign_ins:
        window = max(s + took / 1000 for _, took, _, s in working) - min(t[3] for t in working)
    order = [*KEY_PAGES, *sorted(set(by_name) - set(KEY_PAGES))]
    rows = []
    for name in order:
        if name not in by_name:
            continue
        times = [t for t, _ in by_name[name]]
        failures = sum(failed for _, failed in by_name[name])
        numbers = {
            "requests": float(len(times)),
            "rps": len(times) / window if name != SIGN_IN else 0.0,
            "p50_ms": statistics.median(times),
            "p95_ms": percentile(times, 0.95),
            "failures": float(failures),
        }
        rate = f"{numbers['rps']:.1f} req/s, " if name != SIGN_IN else ""
        rows.append(
            Row(
                benchmark=f"{prefix}: {name}",
                engine=engine,
                scale=f"{short(people)} people, {short(contacts)} contacts; {users} users",
                size=people,
                numbers=numbers,
                figures=(
                    f"{rate}p50 {ms(numbers['p50_ms'])}, p95 {ms(numbers['p95_ms'])}, "
                    f"{failures} failed of {len(times)}"
                ),
                target=target if name in KEY_PAGES else None,
            )
        )
    total = len(working)
    rows.append(
        Row(
            benchmark=f"{prefix}: all pages",
            engine=engine,
            scale=f"{short(people)} people, {short(contacts)} contacts; {users} users",
            size=people,
            numbers={"requests": float(total), "rps": total / window, "seconds": window},
            figures=(
                f"{total / window:.1f} req/s over {window:.0f} s after everyone signed in "
                f"({workers} gunicorn workers)"
            ),
        )
    )
    return rows


def measure(
    info: Any,
    engine: str,
    database_url: str,
    *,
    users: int,
    seconds: int,
    workers: int,
    seed: int,
    work_dir: Path,
    label: str,
) -> list[Row]:
    from django.db import connections

    plan = make_plan(info, users=users, seed=seed)
    connections.close_all()
    timings, _ = run_load(
        plan,
        database_url,
        users=users,
        seconds=seconds,
        workers=workers,
        work_dir=work_dir,
        label=label,
    )
    return rows_from_timings(
        timings,
        engine=engine,
        people=info.people,
        contacts=info.contacts,
        users=users,
        workers=workers,
    )
