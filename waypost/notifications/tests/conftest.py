"""A real SMTP server for delivery tests, and a way to run the worker in another process."""

import email
import os
import socket
import sqlite3
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection

BASE_DIR = Path(settings.BASE_DIR)


@dataclass
class MailStore:
    """An SMTP receiver that keeps what it accepts, like a mailbox.

    It counts raw receipts and, like a mail store that suppresses duplicate Message-IDs
    (Sieve "duplicate", RFC 7352), distinct messages.
    """

    host: str = "127.0.0.1"
    port: int = 0
    refuse_next: int = 0  # answer this many DATA commands with 451 (try again later)
    receipts: list[Message] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            if self.refuse_next > 0:
                self.refuse_next -= 1
                return "451 4.3.0 Mailbox busy, try again later"
            self.receipts.append(email.message_from_bytes(envelope.content))
        return "250 2.0.0 OK"

    @property
    def message_ids(self) -> list[str]:
        return [message["Message-ID"] for message in self.receipts]

    @property
    def mailbox(self) -> Counter[str]:
        """Distinct delivered messages, by Message-ID, with how often each arrived."""
        return Counter(self.message_ids)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def smtp_mailers(host: str, port: int) -> dict[str, Any]:
    """A MAILERS setting that sends by plain SMTP to host:port."""
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": host, "port": port, "timeout": 10},
        }
    }


@pytest.fixture
def mail_store(settings) -> Iterator[MailStore]:
    store = MailStore(port=_free_port())
    controller = Controller(store, hostname=store.host, port=store.port)
    controller.start()
    settings.MAILERS = smtp_mailers(store.host, store.port)
    try:
        yield store
    finally:
        controller.stop()


@dataclass
class WorkerRunner:
    """Runs `manage.py ...` in a new process against the test database and the mail store.

    PostgreSQL, or SQLite in a file: the worker opens the same test database. SQLite in
    memory (the default test database) cannot be opened by another process, so the runner
    hands it over as a file with SQLite's online backup API and takes it back afterwards;
    the test sees every row the worker wrote, exactly as with a shared database.
    """

    mail_store: MailStore
    tmp_path: Path

    def __call__(
        self, *args: str, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess:
        process_env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "waypost.test_settings",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": self.mail_store.host,
            "EMAIL_PORT": str(self.mail_store.port),
            "EMAIL_USE_TLS": "0",
            "EMAIL_USE_SSL": "0",
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
            **(env or {}),
        }
        command = [sys.executable, str(BASE_DIR / "manage.py"), *args]
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            return self._run_on_copy(command, process_env)
        process_env["DATABASE_URL"] = _database_url(connection.settings_dict)
        return _run(command, process_env)

    def _run_on_copy(self, command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
        path = self.tmp_path / "worker.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        connection.ensure_connection()
        assert not connection.in_atomic_block, "use django_db(transaction=True)"
        with sqlite3.connect(path) as copy:
            connection.connection.backup(copy)
        copy.close()
        env["DATABASE_URL"] = f"sqlite:///{path}"
        try:
            return _run(command, env)
        finally:
            source = sqlite3.connect(path)
            source.backup(connection.connection)
            source.close()


def _run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        command, env=env, cwd=BASE_DIR, capture_output=True, text=True, timeout=120, check=False
    )


def _database_url(db: dict[str, Any]) -> str:
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    from urllib.parse import quote

    credentials = quote(db["USER"] or "")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"])
    host = db.get("HOST") or "localhost"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{credentials}@{host}{port}/{db['NAME']}"


@pytest.fixture
def run_worker(mail_store, tmp_path) -> WorkerRunner:
    return WorkerRunner(mail_store=mail_store, tmp_path=tmp_path)
