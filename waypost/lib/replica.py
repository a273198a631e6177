"""Reports read from a PostgreSQL read replica, when there is one (DATABASE_REPLICA_URL).

Routing is by context, not by model: code that builds a report says so with `replica_reads()`
(or `@reads_from_replica`), and only the reads made inside it go to the "replica" database.
Every other read, such as a caseworker opening the record they have just saved, stays on the
primary, so replication lag never shows outside a report. Writes always go to the primary,
audit events included, and only the primary is migrated.

Inside a report context a read still goes to the primary when:
- it runs inside a transaction on the primary (that transaction's own writes, and the row locks
  it holds, are only there);
- it is one of the primary's working tables (`PRIMARY_ONLY_APPS`: sessions, the cache that
  counts rate limits, sign-in lockouts, the task queue);
- the replica cannot be reached, or is more than DATABASE_REPLICA_MAX_LAG_SECONDS behind.
  Reports then read the primary (the truth, only busier) for RETRY_SECONDS before the replica
  is tried again, and a warning is logged: a replica outage neither takes reports down nor
  makes them silently wrong. (A replica lost in the middle of a report fails that one view
  with the usual error page; the next finds it gone and reads the primary.)

The context lives in a `ContextVar`, so it is per thread and per asyncio task: a report running
in one request never moves another request's reads. A thread started inside a report does not
inherit it (its reads go to the primary); `sync_to_async` copies it, as it copies all context.
Query sets are routed when they run, not when they are built: a lazy query set returned from a
report and evaluated later reads the primary.
"""

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any

import dj_database_url
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model

REPLICA = "replica"
ROUTER = "waypost.lib.replica.ReplicaRouter"
# The primary's working tables, which must be current, or are written as they are read.
PRIMARY_ONLY_APPS = frozenset({"sessions", "django_cache", "axes", "django_tasks_database"})
RETRY_SECONDS = 30  # after an outage or too much lag, how long reports read the primary
LAG_CHECK_SECONDS = 30  # how often each process asks the replica how far behind it is
DEFAULT_MAX_LAG_SECONDS = 300
DEFAULT_CONNECT_TIMEOUT_SECONDS = 5  # a replica that drops packets costs a report this, once

logger = logging.getLogger(__name__)
_reports_read_replica: ContextVar[bool] = ContextVar("waypost_replica_reads", default=False)


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads made inside this block may come from the replica: use it around the read-only
    building of a report or dashboard, never around a page that shows people through the
    access policy (consent withdrawn or a record restricted must count from the next request,
    and a replica may not have seen it yet)."""
    token = _reports_read_replica.set(True)
    try:
        yield
    finally:
        _reports_read_replica.reset(token)


def reads_from_replica[**P, R](function: Callable[P, R]) -> Callable[P, R]:
    """`replica_reads()` around every call of a report function."""

    @wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with replica_reads():
            return function(*args, **kwargs)

    return wrapper


def replica_requested() -> bool:
    """Whether the code running now is inside `replica_reads()`."""
    return _reports_read_replica.get()


def replica_database(url: str, default: dict[str, Any]) -> dict[str, Any]:
    """Settings for the "replica" alias: the default database's settings (engine, connection
    age, health checks, options) with the server and credentials of `url`."""
    parsed = dj_database_url.parse(url)
    if parsed["ENGINE"] != default["ENGINE"]:
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL must name the same kind of database as DATABASE_URL "
            f"({default['ENGINE']}), a read replica of it."
        )
    options = {**default.get("OPTIONS", {}), **parsed.get("OPTIONS", {})}
    if parsed["ENGINE"] == "django.db.backends.postgresql":
        options.setdefault("connect_timeout", DEFAULT_CONNECT_TIMEOUT_SECONDS)
    server = {key: parsed[key] for key in ("NAME", "USER", "PASSWORD", "HOST", "PORT")}
    # A test run has no replica of its own: its reads see the test database itself.
    return {**default, **server, "OPTIONS": options, "TEST": {"MIRROR": DEFAULT_DB_ALIAS}}


class ReplicaHealth:
    """What this process knows about the replica: when it last failed, when its lag was last
    measured. Shared by the process's threads (a stale answer only costs one more check)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.avoid_until = 0.0
        self.lag_checked_until = 0.0
        self.is_avoided = False

    def forget(self) -> None:
        with self._lock:
            self.avoid_until = self.lag_checked_until = 0.0
            self.is_avoided = False

    def is_usable(self, connection: BaseDatabaseWrapper) -> bool:
        now = time.monotonic()
        if now < self.avoid_until:
            return False
        try:
            connection.close_if_health_check_failed()
            connection.ensure_connection()
            if now >= self.lag_checked_until:
                lag = replication_lag_seconds(connection)
                if lag is not None and lag > max_lag_seconds():
                    self._avoid(now, f"is {lag:.0f} s behind the primary")
                    return False
                self.lag_checked_until = now + LAG_CHECK_SECONDS
        except DatabaseError as error:
            self._avoid(now, f"cannot be reached ({type(error).__name__})")
            return False
        if self.is_avoided:
            self.is_avoided = False
            logger.info("The replica database is back: reports read it again")
        return True

    def _avoid(self, now: float, why: str) -> None:
        with self._lock:
            self.avoid_until = now + RETRY_SECONDS
            self.is_avoided = True
        # The error's class only: its message can carry the server's address.
        logger.warning(
            "The replica database %s: reports read the primary for %d s", why, RETRY_SECONDS
        )


health = ReplicaHealth()


def max_lag_seconds() -> int:
    return int(getattr(settings, "DATABASE_REPLICA_MAX_LAG_SECONDS", DEFAULT_MAX_LAG_SECONDS))


# On a standby: seconds since the last transaction it replayed was committed on the primary
# (unknown, so infinite, before it has replayed any). Elsewhere (not a standby) NULL.
# Caveat: a primary with no writes for longer than the limit makes its standby look behind;
# reports then read the primary until the next write, which is safe.
LAG_SQL = """
SELECT CASE WHEN pg_is_in_recovery() THEN coalesce(
    extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp())::float8,
    'Infinity'::float8
) END
"""


def replication_lag_seconds(connection: BaseDatabaseWrapper) -> float | None:
    """How far behind the primary `connection`'s database is, or None when it is not a
    PostgreSQL standby (nothing to measure)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(LAG_SQL)
        (lag,) = cursor.fetchone()
    return None if lag is None else float(lag)


def _in_transaction_on_primary() -> bool:
    # The test harness's own wrapping transactions do not count (Django marks them, and skips
    # them the same way for `atomic(durable=True)`).
    blocks = connections[DEFAULT_DB_ALIAS].atomic_blocks
    return any(not getattr(block, "_from_testcase", False) for block in blocks)


class ReplicaRouter:
    """Installed by settings only when DATABASE_REPLICA_URL is set (see the module's note)."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        if (
            not replica_requested()
            or model._meta.app_label in PRIMARY_ONLY_APPS
            or _in_transaction_on_primary()
            or not health.is_usable(connections[REPLICA])
        ):
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        # The replica holds the primary's rows: an object read from either may refer to one
        # read from the other.
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA}:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS
