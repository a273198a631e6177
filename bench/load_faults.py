"""Load with faults: the load test (bench/load.py) with a real task worker, a crash and a reload.

gunicorn serves as in bench/load.py (production settings, MFA enforced) and a task worker
(`manage.py db_worker`) runs beside it with the same environment and database; email goes by
SMTP to a fake mail server on loopback (bench/fake_smtp.py). locust's staff use the key pages
and send Duty to Refer referrals; one more user asks for password reset links every few
seconds, which is what puts email in the outbox (a referral tells the triage team in the app,
in the referral's own transaction, and sends no email).

Halfway through, the worker is killed with SIGKILL (a crash: no clean-up) and a new one
started, and gunicorn is sent SIGHUP (a graceful reload: new workers, old ones finish their
requests). The scheduler's outbox sweep (`deliver-outbox`, every 5 minutes in production)
runs every minute, from this process, through the real scheduler code; the other scheduled
jobs (retention, nightly dedupe) are not run against the benchmark database.

After locust stops, the worker is given up to `drain_seconds` to finish, then everything is
counted from the database and the mailbox: referrals sent against found (each with its
in-app notifications), emails due against delivered, duplicates, and tasks by status.
"""

import dataclasses
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from bench import load
from bench.fake_smtp import FakeSmtpServer
from bench.load_tasks import RESET_LINK, SIGN_IN
from bench.results import Row, Target, short

# Every locust user comes from 127.0.0.1, and allauth lets one address try to sign in 30 times
# a minute ("login": "30/m/ip"): staff are started at four fifths of that pace.
SIGN_INS_PER_MINUTE = 24
# allauth allows 20 password reset requests a minute from one address: one every 5 s is 12.
RESET_EVERY_SECONDS = 5.0
# How often the bench enqueues the scheduler's outbox sweep (production: every 5 minutes).
SWEEP_MINUTES = 1
# The fake mail server answers each message after this long, like a busy relay, so the worker
# spends part of each minute mid-send and the crash can catch it there.
SMTP_REPLY_SECONDS = 2.0
# At the kill moment, wait up to this long for the worker to be mid-send before killing it.
MID_SEND_WAIT_SECONDS = 30
# Failed requests are counted in this window after the kill and the reload.
AFTER_FAULTS_SECONDS = 30
# A busy shared machine can take minutes to import the app into every gunicorn worker.
STARTUP_SECONDS = 300
NONE_LOST = Target("lost", "<=", 0, "none lost")


@dataclass
class Deliveries:
    due: int
    delivered: int  # distinct due messages the mail server received
    duplicates: int  # receipts of a due message beyond its first
    lost: int  # due, never received
    unexpected: int  # received, but not one of this run's messages


def count_deliveries(due_ids: Iterable[str], received_ids: list[str]) -> Deliveries:
    """Compare the outbox messages due with the outbox ids the mail server received."""
    due = set(due_ids)
    received = Counter(received_ids)
    delivered = due & set(received)
    return Deliveries(
        due=len(due),
        delivered=len(delivered),
        duplicates=sum(received[i] - 1 for i in delivered),
        lost=len(due - delivered),
        unexpected=sum(n for i, n in received.items() if i not in due),
    )


def spawn_rate(users: int) -> float:
    """Users started a second: all at once when the sign-in limit allows it, else under it."""
    if users <= SIGN_INS_PER_MINUTE:
        return float(users)
    return SIGN_INS_PER_MINUTE / 60


def failed_in_window(
    timings: list[tuple[str, float, bool, float]], start: float, seconds: float
) -> tuple[int, int, float]:
    """(failed, all, slowest ms) of the requests started within `seconds` after `start`
    (epoch seconds)."""
    inside = [t for t in timings if start <= t[3] < start + seconds]
    return sum(1 for t in inside if t[2]), len(inside), max((t[1] for t in inside), default=0.0)


@dataclass
class FaultTimes:
    kill_after: float  # seconds after locust started
    killed_at_epoch: float = 0.0
    new_worker_started_s: float = 0.0  # SIGKILL → the new worker process started
    first_task_after_s: float | None = None  # SIGKILL → a task finished by the new worker
    mid_send: bool = False  # an email was being sent when the worker was killed


def _worker(env: dict[str, str], log: Any) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "db_worker", "--no-reload"],
        cwd=load.ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def _sweep() -> None:
    """The scheduler's deliver-outbox job, enqueued once per SWEEP_MINUTES slot."""
    from waypost.scheduling.jobs import JOBS
    from waypost.scheduling.scheduler import enqueue_due

    job = next(j for j in JOBS if j.name == "deliver-outbox")
    enqueue_due(jobs=(dataclasses.replace(job, every_minutes=SWEEP_MINUTES),))


def _first_task_finished_after(moment: datetime) -> datetime | None:
    from django_tasks_db.models import DBTaskResult

    return (
        DBTaskResult.objects.filter(finished_at__gt=moment)
        .order_by("finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )


def _sending() -> bool:
    from waypost.notifications.models import OutboxMessage, OutboxStatus

    return OutboxMessage.objects.filter(status=OutboxStatus.SENDING).exists()


def _outstanding(since: datetime) -> int:
    """This run's email not yet settled, and its tasks not yet started."""
    from django_tasks_db.models import DBTaskResult

    from waypost.notifications.models import OutboxMessage, OutboxStatus

    messages = OutboxMessage.objects.filter(
        created_at__gte=since, status__in=[OutboxStatus.PENDING, OutboxStatus.SENDING]
    ).count()
    return messages + DBTaskResult.objects.filter(enqueued_at__gte=since).ready().count()


def run(
    plan: Any,
    database_url: str,
    *,
    users: int,
    seconds: int,
    kill_after: float,
    drain_seconds: int,
    workers: int,
    work_dir: Path,
    label: str,
) -> dict[str, Any]:
    """Serve, load, break, drain, count."""
    from django.db import connections
    from django.utils import timezone

    plan_path = work_dir / f"faults-plan-{label}.json"
    timings_path = work_dir / f"faults-timings-{label}.json"
    timings_path.unlink(missing_ok=True)
    load._write_private(plan_path, json.dumps(vars(plan)))
    port, smtp_port = load.free_port(), load.free_port()
    url = f"http://127.0.0.1:{port}"
    env = load.server_environment(database_url) | {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_TIMEOUT": "10",
        "WAYPOST_BASE_URL": url,
    }
    faults = FaultTimes(kill_after=kill_after)
    drained_s: float | None = None
    with (
        FakeSmtpServer(smtp_port, reply_delay=SMTP_REPLY_SECONDS) as mailbox,
        open(work_dir / f"gunicorn-faults-{label}.log", "wb") as server_log,
        open(work_dir / f"worker-faults-{label}.log", "wb") as worker_log,
        open(work_dir / f"locust-faults-{label}.log", "wb") as locust_log,
    ):
        server = load.start_gunicorn(
            database_url, port=port, workers=workers, log=server_log, env=env
        )
        worker = _worker(env, worker_log)
        locust: subprocess.Popen[bytes] | None = None
        try:
            load.wait_until_serving(url, server, seconds=STARTUP_SECONDS)
            since = timezone.now()
            load_at_start = os.getloadavg()
            started = time.monotonic()
            locust = subprocess.Popen(  # noqa: S603 - our own virtualenv's locust
                load.locust_command(
                    url,
                    users=users,
                    seconds=seconds,
                    csv_prefix=work_dir / f"locust-faults-{label}",
                    spawn_rate=spawn_rate(users),
                ),
                cwd=load.ROOT,
                env=os.environ
                | {"BENCH_LOAD_PLAN": str(plan_path), "BENCH_LOAD_TIMINGS": str(timings_path)},
                stdout=locust_log,
                stderr=subprocess.STDOUT,
            )
            deadline = started + seconds + load.STARTUP_SECONDS + 60
            while locust.poll() is None:
                if time.monotonic() > deadline:
                    raise RuntimeError("locust did not stop in time: see its log")
                due = time.monotonic() - started >= kill_after
                late = time.monotonic() - started >= kill_after + MID_SEND_WAIT_SECONDS
                if not faults.killed_at_epoch and due and (_sending() or late):
                    faults.mid_send = _sending()
                    killed = timezone.now()
                    faults.killed_at_epoch = time.time()
                    worker.send_signal(signal.SIGKILL)  # a crash: no clean-up at all
                    worker.wait()
                    worker = _worker(env, worker_log)
                    faults.new_worker_started_s = time.time() - faults.killed_at_epoch
                    # A graceful reload: new workers start, the old ones finish what they hold.
                    server.send_signal(signal.SIGHUP)
                if faults.killed_at_epoch and faults.first_task_after_s is None:
                    finished = _first_task_finished_after(killed)
                    if finished is not None:
                        faults.first_task_after_s = (finished - killed).total_seconds()
                _sweep()
                time.sleep(0.2 if due and not faults.killed_at_epoch else 1)
            ended = time.monotonic()
            while time.monotonic() - ended < drain_seconds:
                _sweep()
                if _outstanding(since) == 0:
                    drained_s = time.monotonic() - ended
                    break
                time.sleep(2)
            load_at_end = os.getloadavg()
        finally:
            if locust is not None and locust.poll() is None:
                load.stop(locust)
            load.stop(worker)
            load.stop(server)
            plan_path.unlink(missing_ok=True)  # it holds the run's passwords
        received = mailbox.outbox_ids
    connections.close_all()
    locust_output = load.read_timings(timings_path)
    return {
        "since": since,
        "timings": locust_output["requests"],
        "referral_ids": locust_output["referrals"],
        "received": received,
        "faults": faults,
        "drained_s": drained_s,
        "load": (load_at_start, load_at_end),
    }


def count_run(plan: Any, outcome: dict[str, Any]) -> dict[str, Any]:
    """What the database holds of the run: referrals and their notifications, email, tasks."""
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    from bench.staff import EMAIL_DOMAIN
    from waypost.accounts.models import Partnership
    from waypost.notifications.models import Notification, OutboxMessage
    from waypost.referrals.models import Referral
    from waypost.referrals.referral_actions import referral_link, triage_team

    since = outcome["since"]
    sent = set(outcome["referral_ids"])
    found = list(Referral.objects.filter(pk__in=sent))
    team = len(triage_team(Partnership.objects.get(pk=plan.partnership_id)))
    links = {referral_link(r): r.pk for r in found}
    told = dict(
        Notification.objects.filter(link__in=list(links))
        .values("link")
        .annotate(n=Count("id"))
        .values_list("link", "n")
    )
    short_of_team = sum(1 for link in links if told.get(link, 0) < team)
    in_database = Referral.objects.filter(
        received_at__gte=since, referred_by__email__endswith=f"@{EMAIL_DOMAIN}"
    ).count()
    outbox = OutboxMessage.objects.filter(created_at__gte=since)
    due_ids = [str(i) for i in outbox.values_list("id", flat=True)]
    statuses = Counter(outbox.values_list("status", flat=True))
    tasks = Counter(
        DBTaskResult.objects.filter(enqueued_at__gte=since).values_list("status", flat=True)
    )
    timings = outcome["timings"]
    return {
        "referrals_sent": len(sent),
        "referrals_found": len(found),
        "referrals_in_database": in_database,
        "triage_team": team,
        "referrals_short_of_notifications": short_of_team,
        "resets_accepted": sum(1 for t in timings if t[0] == RESET_LINK and not t[2]),
        "deliveries": count_deliveries(due_ids, outcome["received"]),
        "outbox_statuses": dict(statuses),
        "tasks": dict(tasks),
    }


def faults_rows(
    counted: dict[str, Any],
    outcome: dict[str, Any],
    *,
    engine: str,
    people: int,
    contacts: int,
    users: int,
    seconds: int,
    workers: int,
) -> list[Row]:
    """The table's rows: pages, error rate, referrals, email, tasks, and the faults."""
    scale = f"{short(people)} people, {short(contacts)} contacts; {users} users, {seconds} s"
    timings = outcome["timings"]
    try:
        rows = load.rows_from_timings(
            timings,
            engine=engine,
            people=people,
            contacts=contacts,
            users=users,
            workers=workers,
            prefix="faults",
            target=None,
        )
    except RuntimeError:
        rows = []  # nobody got past signing in: what was lost is still worth counting
    for row in rows:
        row.scale = scale

    def row(
        name: str, numbers: dict[str, float], figures: str, target: Target | None = None
    ) -> Row:
        return Row(f"faults: {name}", engine, scale, people, numbers, figures, target)

    failed = sum(1 for t in timings if t[2])
    rate = failed / len(timings) if timings else 0.0
    signed_in = [t for t in timings if t[0] == SIGN_IN]
    rows.append(
        row(
            "error rate",
            {"failed": failed, "requests": len(timings), "error_rate": rate},
            f"{failed} failed of {len(timings)} requests ({rate:.2%}), sign-in steps "
            f"included ({sum(1 for t in signed_in if t[2])} of {len(signed_in)} failed)",
        )
    )
    lost_referrals = counted["referrals_sent"] - counted["referrals_found"]
    rows.append(
        row(
            "referrals",
            {
                "sent": counted["referrals_sent"],
                "found": counted["referrals_found"],
                "lost": lost_referrals + counted["referrals_short_of_notifications"],
            },
            f"{counted['referrals_sent']} sent (confirmation page reached), "
            f"{counted['referrals_found']} found in the database, "
            f"{counted['referrals_short_of_notifications']} without an in-app notification "
            f"for each of the {counted['triage_team']} in the triage team; "
            f"{counted['referrals_in_database']} made by the load's staff in the run",
            NONE_LOST,
        )
    )
    d: Deliveries = counted["deliveries"]
    statuses = ", ".join(f"{n} {s}" for s, n in sorted(counted["outbox_statuses"].items()))
    rows.append(
        row(
            "emails",
            {
                "due": d.due,
                "delivered": d.delivered,
                "duplicates": d.duplicates,
                "lost": d.lost,
                "unexpected": d.unexpected,
            },
            f"{d.due} due ({counted['resets_accepted']} reset link requests accepted), "
            f"{d.delivered} delivered to the fake SMTP server, {d.duplicates} delivered twice, "
            f"{d.lost} lost; outbox: {statuses or 'empty'}",
            NONE_LOST,
        )
    )
    tasks = ", ".join(f"{n} {s.lower()}" for s, n in sorted(counted["tasks"].items()))
    drained = outcome["drained_s"]
    rows.append(
        row(
            "tasks",
            {k.lower(): float(v) for k, v in counted["tasks"].items()},
            f"{tasks or 'none'}; "
            + (
                f"queue drained {drained:.0f} s after locust stopped"
                if drained is not None
                else "queue not drained within the bound"
            ),
        )
    )
    f: FaultTimes = outcome["faults"]
    bad, around, slowest = failed_in_window(timings, f.killed_at_epoch, AFTER_FAULTS_SECONDS)
    back = f"{f.first_task_after_s:.1f} s" if f.first_task_after_s is not None else "never"
    rows.append(
        row(
            "worker killed, gunicorn reloaded",
            {
                "kill_after_s": f.kill_after,
                "mid_send": int(f.mid_send),
                "worker_started_s": f.new_worker_started_s,
                "first_task_after_s": f.first_task_after_s or -1.0,
                "failed_after": bad,
                "slowest_after_ms": slowest,
            },
            f"at {f.kill_after:.0f} s: worker SIGKILL "
            f"({'while sending an email' if f.mid_send else 'between tasks'}), "
            "new worker started in "
            f"{f.new_worker_started_s:.1f} s, first task finished {back} after the kill; "
            f"gunicorn SIGHUP (graceful reload) at the same moment; {bad} failed of {around} "
            f"requests started in the {AFTER_FAULTS_SECONDS} s after, the slowest "
            f"{slowest / 1000:.1f} s",
        )
    )
    (one, five, _), (end_one, end_five, _) = outcome["load"]
    rows[-1].note = (
        f"load average {one:.1f} (1 min), {five:.1f} (5 min) when locust started; "
        f"{end_one:.1f}, {end_five:.1f} when the queue was drained"
    )
    return rows


def measure(
    info: Any,
    engine: str,
    database_url: str,
    *,
    users: int,
    seconds: int,
    kill_after: float,
    drain_seconds: int,
    workers: int,
    seed: int,
    work_dir: Path,
    label: str,
) -> list[Row]:
    from django.db import connections

    plan = load.make_plan(info, users=users, seed=seed)
    plan.extra["reset_every_seconds"] = RESET_EVERY_SECONDS
    connections.close_all()
    outcome = run(
        plan,
        database_url,
        users=users,
        seconds=seconds,
        kill_after=kill_after,
        drain_seconds=drain_seconds,
        workers=workers,
        work_dir=work_dir,
        label=label,
    )
    counted = count_run(plan, outcome)
    return faults_rows(
        counted,
        outcome,
        engine=engine,
        people=info.people,
        contacts=info.contacts,
        users=users,
        seconds=seconds,
        workers=workers,
    )
