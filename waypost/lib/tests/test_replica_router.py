"""The replica router's decisions: only reads inside a report context go to the replica, and
only while it answers and keeps up; everything else stays on the primary. These run on any
database: the "replica" here is an SQLite file of the test's own (the real second PostgreSQL
database is in test_replica_postgresql.py)."""

import asyncio
import logging
import threading
from pathlib import Path

import pytest
from asgiref.sync import sync_to_async
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.utils import ConnectionDoesNotExist

from waypost.lib import replica
from waypost.lib.replica import (
    REPLICA,
    ReplicaRouter,
    reads_from_replica,
    replica_reads,
    replica_requested,
)
from waypost.people.models import Person

router = ReplicaRouter()


def _sqlite_connection(path: Path):
    from django.db.utils import load_backend

    settings_dict = connections.configure_settings(
        {
            DEFAULT_DB_ALIAS: {"ENGINE": "django.db.backends.dummy"},
            REPLICA: {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)},
        }
    )[REPLICA]
    # Named apart from the settings' "replica" (on PostgreSQL the test settings declare one,
    # and Django's test case refuses connections to declared databases a test did not ask for).
    return load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "unit-replica")


class SwappedReplica:
    """Puts a connection of the test's own under the "replica" alias (this thread only)."""

    def __init__(self) -> None:
        try:
            self.original = connections[REPLICA]
        except ConnectionDoesNotExist:
            self.original = None
        self.current = None

    def use(self, path: Path) -> None:
        if self.current is not None:
            self.current.close()
        self.current = _sqlite_connection(path)
        connections[REPLICA] = self.current

    def restore(self) -> None:
        if self.current is None:
            return
        self.current.close()
        if self.original is None:
            del connections[REPLICA]
        else:
            connections[REPLICA] = self.original


@pytest.fixture(autouse=True)
def _fresh_health():
    replica.health.forget()
    yield
    replica.health.forget()


@pytest.fixture
def swapped(db):
    swap = SwappedReplica()
    yield swap
    swap.restore()


@pytest.fixture
def working(swapped, tmp_path):
    swapped.use(tmp_path / "replica.sqlite3")
    return swapped


@pytest.fixture
def unreachable(swapped, tmp_path):
    swapped.use(tmp_path / "no-such-folder" / "replica.sqlite3")
    return swapped


def test_reads_outside_a_report_go_to_the_primary(working):
    assert router.db_for_read(Person) == DEFAULT_DB_ALIAS


def test_reads_inside_a_report_go_to_the_replica_and_only_there(working):
    with replica_reads():
        assert router.db_for_read(Person) == REPLICA
        with replica_reads():
            assert router.db_for_read(Person) == REPLICA
        assert router.db_for_read(Person) == REPLICA  # the inner block left the outer alone
    assert router.db_for_read(Person) == DEFAULT_DB_ALIAS


def test_a_decorated_report_reads_the_replica(working):
    @reads_from_replica
    def report() -> str:
        """A report."""
        return router.db_for_read(Person)

    assert report() == REPLICA
    assert report.__doc__ == "A report."
    assert router.db_for_read(Person) == DEFAULT_DB_ALIAS


def test_the_context_ends_when_the_report_fails(working):
    with pytest.raises(ValueError), replica_reads():
        raise ValueError
    assert not replica_requested()


def test_writes_go_to_the_primary_even_inside_a_report(working):
    assert router.db_for_write(Person) == DEFAULT_DB_ALIAS
    with replica_reads():
        assert router.db_for_write(Person) == DEFAULT_DB_ALIAS


def test_reads_in_a_transaction_on_the_primary_stay_on_the_primary(working):
    with replica_reads():
        with transaction.atomic():
            assert router.db_for_read(Person) == DEFAULT_DB_ALIAS
        assert router.db_for_read(Person) == REPLICA


def test_the_primarys_working_tables_are_never_read_from_the_replica(working):
    from axes.models import AccessAttempt
    from django_tasks_db.models import DBTaskResult

    cache_model = caches["default"].cache_model_class
    with replica_reads():
        for model in (Session, AccessAttempt, DBTaskResult, cache_model):
            assert router.db_for_read(model) == DEFAULT_DB_ALIAS, model


def test_an_unreachable_replica_sends_reports_to_the_primary_and_says_so(
    unreachable, tmp_path, monkeypatch, caplog
):
    clock = [1000.0]
    monkeypatch.setattr(replica.time, "monotonic", lambda: clock[0])
    with caplog.at_level(logging.WARNING, logger="waypost.lib.replica"), replica_reads():
        assert router.db_for_read(Person) == DEFAULT_DB_ALIAS
        assert router.db_for_read(Person) == DEFAULT_DB_ALIAS
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == [
        "The replica database cannot be reached (OperationalError): reports read the primary "
        f"for {replica.RETRY_SECONDS} s"
    ]

    # Back before the retry time: not tried yet. After it: reports read it again.
    unreachable.use(tmp_path / "replica.sqlite3")
    with replica_reads():
        clock[0] += replica.RETRY_SECONDS - 1
        assert router.db_for_read(Person) == DEFAULT_DB_ALIAS
        clock[0] += 1
        with caplog.at_level(logging.INFO, logger="waypost.lib.replica"):
            assert router.db_for_read(Person) == REPLICA
    assert "The replica database is back: reports read it again" in caplog.messages


def test_a_replica_too_far_behind_sends_reports_to_the_primary(
    working, monkeypatch, settings, caplog
):
    settings.DATABASE_REPLICA_MAX_LAG_SECONDS = 300
    # The replica's answer to LAG_SQL, as a standby gives it (this one is SQLite: no answer).
    monkeypatch.setattr(replica, "replication_lag_seconds", lambda connection: 301.0)
    with replica_reads():
        assert router.db_for_read(Person) == DEFAULT_DB_ALIAS
    assert "The replica database is 301 s behind the primary" in caplog.text

    replica.health.forget()
    monkeypatch.setattr(replica, "replication_lag_seconds", lambda connection: 299.0)
    with replica_reads():
        assert router.db_for_read(Person) == REPLICA


def test_the_lag_is_measured_once_in_a_while_not_on_every_read(working, monkeypatch):
    measured = []
    monkeypatch.setattr(replica, "replication_lag_seconds", lambda c: measured.append(c) or 0.0)
    with replica_reads():
        for _ in range(5):
            assert router.db_for_read(Person) == REPLICA
    assert len(measured) == 1


def test_migrations_run_on_the_primary_only():
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "people", model_name="person") is True
    assert router.allow_migrate(REPLICA, "people", model_name="person") is False


def test_objects_from_the_primary_and_the_replica_may_refer_to_each_other():
    on_primary, on_replica, elsewhere = Person(), Person(), Person()
    on_primary._state.db, on_replica._state.db, elsewhere._state.db = "default", REPLICA, "other"
    assert router.allow_relation(on_primary, on_replica) is True
    assert router.allow_relation(on_replica, on_replica) is True
    assert router.allow_relation(on_primary, elsewhere) is None


def test_a_report_in_one_thread_leaves_other_threads_on_the_primary():
    inside, seen = threading.Barrier(2, timeout=5), {}

    def report() -> None:
        with replica_reads():
            inside.wait()
            seen["report"] = replica_requested()
            inside.wait()

    def page() -> None:
        inside.wait()
        seen["page"] = replica_requested()
        inside.wait()

    threads = [threading.Thread(target=report), threading.Thread(target=page)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    assert seen == {"report": True, "page": False}


def test_a_thread_started_inside_a_report_reads_the_primary():
    seen = []
    with replica_reads():
        thread = threading.Thread(target=lambda: seen.append(replica_requested()))
        thread.start()
        thread.join(5)
    assert seen == [False]


def test_a_report_in_one_asyncio_task_leaves_the_others_on_the_primary():
    async def report(started: asyncio.Event, checked: asyncio.Event) -> tuple[bool, bool]:
        with replica_reads():
            started.set()
            await checked.wait()
            # The ORM runs async code's queries through sync_to_async, which keeps the context.
            return replica_requested(), await sync_to_async(replica_requested)()

    async def page(started: asyncio.Event, checked: asyncio.Event) -> bool:
        await started.wait()
        found = replica_requested()
        checked.set()
        return found

    async def both() -> list:
        started, checked = asyncio.Event(), asyncio.Event()
        return await asyncio.gather(report(started, checked), page(started, checked))

    # A loop of its own, in a thread: a browser test earlier in the run may leave one running
    # in this thread, and asyncio.run refuses to start inside it.
    results = []
    thread = threading.Thread(target=lambda: results.append(asyncio.run(both())))
    thread.start()
    thread.join(10)
    assert results == [[(True, True), False]]
