"""Real local servers for delivery tests, and a way to run the worker in another process.

- `mail_store`: an SMTP server (aiosmtpd) that keeps what it accepts, like a mailbox.
- `sms_gateway`: an HTTP server speaking the SMS gateway protocol of
  waypost.notifications.sms (POST JSON {"to", "body", "reference"}, bearer token).
- `FeedServer`: an HTTP server answering GET with a body and content type you set (forecast
  feeds, waypost.swep.forecast_feed).
- `run_worker`: runs `manage.py ...` (db_worker, deliver_outbox) in a new process against the
  test database, the mail store and, when one is running, the SMS gateway.

Use them by importing the fixtures into a conftest or test module (each is registered under
the name without "_fixture", so test arguments do not shadow the import):
`from waypost.testing.worker import mail_store_fixture, run_worker_fixture  # noqa: F401`.
"""

import email
import json
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
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection

BASE_DIR = Path(settings.BASE_DIR)
SMS_TOKEN = "test-sms-token"  # noqa: S105  (the fake gateway's bearer token)


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

    def distinct_by_address(self) -> Counter[str]:
        """How many distinct messages (by Message-ID) each address received."""
        seen: dict[str, str] = {}
        for message in self.receipts:
            seen[message["Message-ID"]] = message["To"]
        return Counter(seen.values())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


_free_port = free_port  # the old private name


def smtp_mailers(host: str, port: int) -> dict[str, Any]:
    """A MAILERS setting that sends by plain SMTP to host:port."""
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": host, "port": port, "timeout": 10},
        }
    }


@pytest.fixture(name="mail_store")
def mail_store_fixture(settings: Any) -> Iterator[MailStore]:
    store = MailStore(port=free_port())
    controller = Controller(store, hostname=store.host, port=store.port)
    controller.start()
    settings.MAILERS = smtp_mailers(store.host, store.port)
    try:
        yield store
    finally:
        controller.stop()


# --- Local HTTP servers ------------------------------------------------------------------------


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: Any


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:  # noqa: N802
        self.server.owner.handle_get(self)

    def do_POST(self) -> None:  # noqa: N802
        self.server.owner.handle_post(self)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass  # keep test output quiet


class _LocalHttpServer:
    """An http.server in a daemon thread on a free port of 127.0.0.1."""

    def start(self) -> None:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.owner = self
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def handle_get(self, request: BaseHTTPRequestHandler) -> None:
        _answer(request, 405, b"", "text/plain")

    def handle_post(self, request: BaseHTTPRequestHandler) -> None:
        _answer(request, 405, b"", "text/plain")


def _answer(
    request: BaseHTTPRequestHandler,
    status: int,
    body: bytes,
    content_type: str,
    headers: dict[str, str] | None = None,
) -> None:
    request.send_response(status)
    request.send_header("Content-Type", content_type)
    for name, value in (headers or {}).items():
        request.send_header(name, value)
    request.send_header("Content-Length", str(len(body)))
    request.end_headers()
    request.wfile.write(body)


@dataclass
class SmsReceipt:
    to: str
    body: str
    reference: str
    authorization: str
    idempotency_key: str


class SmsGateway(_LocalHttpServer):
    """A fake SMS gateway speaking waypost.notifications.sms's protocol.

    It records every POST it accepts and, like a gateway honouring idempotency keys, delivers
    each reference once (`delivered`). `fail_next` answers that many requests with
    `fail_status` (a 503 by default); a wrong bearer token gets 401.
    """

    def __init__(self, token: str = SMS_TOKEN) -> None:
        self.token = token
        self.receipts: list[SmsReceipt] = []
        self.fail_next = 0
        self.fail_status = 503
        self.lock = threading.Lock()

    def handle_post(self, request: BaseHTTPRequestHandler) -> None:
        length = int(request.headers.get("Content-Length") or 0)
        raw = request.rfile.read(length)
        with self.lock:
            if request.headers.get("Authorization") != f"Bearer {self.token}":
                return _answer(request, 401, b'{"error": "unauthorised"}', "application/json")
            if self.fail_next > 0:
                self.fail_next -= 1
                return _answer(request, self.fail_status, b'{"error": "busy"}', "application/json")
            try:
                data = json.loads(raw)
                receipt = SmsReceipt(
                    to=data["to"],
                    body=data["body"],
                    reference=data["reference"],
                    authorization=request.headers.get("Authorization", ""),
                    idempotency_key=request.headers.get("Idempotency-Key", ""),
                )
            except (ValueError, KeyError, TypeError):
                return _answer(request, 400, b'{"error": "bad request"}', "application/json")
            self.receipts.append(receipt)
        _answer(request, 202, b'{"status": "accepted"}', "application/json")

    @property
    def references(self) -> list[str]:
        return [r.reference for r in self.receipts]

    @property
    def delivered(self) -> Counter[str]:
        """Distinct references with how often each was posted."""
        return Counter(self.references)

    def distinct_by_number(self) -> Counter[str]:
        """How many distinct messages (by reference) each number received."""
        seen = {r.reference: r.to for r in self.receipts}
        return Counter(seen.values())


@pytest.fixture(name="sms_gateway")
def sms_gateway_fixture(settings: Any) -> Iterator[SmsGateway]:
    """The fake gateway, with the settings pointing the http provider at it."""
    gateway = SmsGateway()
    gateway.start()
    settings.WAYPOST_SMS_PROVIDER = "http"
    settings.WAYPOST_SMS_URL = gateway.url("/messages")
    settings.WAYPOST_SMS_TOKEN = gateway.token
    settings.WAYPOST_SMS_TIMEOUT = 5
    try:
        yield gateway
    finally:
        gateway.stop()


class FeedServer(_LocalHttpServer):
    """Answers every GET with `body` and `content_type` (change them between requests);
    `delay_seconds` holds the answer back, to test timeouts; `headers` are added (a Location
    for a redirect, say). Counts the requests."""

    def __init__(self) -> None:
        self.body = b""
        self.content_type = "application/json"
        self.status = 200
        self.headers: dict[str, str] = {}
        self.delay_seconds = 0.0
        self.requests = 0

    def handle_get(self, request: BaseHTTPRequestHandler) -> None:
        import time

        self.requests += 1
        if self.delay_seconds:
            time.sleep(self.delay_seconds)
        try:
            _answer(request, self.status, self.body, self.content_type, self.headers)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting


@pytest.fixture(name="feed_server")
def feed_server_fixture() -> Iterator[FeedServer]:
    server = FeedServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


# --- The worker in its own process -------------------------------------------------------------


@dataclass
class WorkerRunner:
    """Runs `manage.py ...` in a new process against the test database and the mail store
    (and the SMS gateway, when given).

    PostgreSQL, or SQLite in a file: the worker opens the same test database. SQLite in
    memory (the default test database) cannot be opened by another process, so the runner
    hands it over as a file with SQLite's online backup API and takes it back afterwards;
    the test sees every row the worker wrote, exactly as with a shared database.
    """

    mail_store: MailStore
    tmp_path: Path
    sms_gateway: SmsGateway | None = None

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
        }
        if self.sms_gateway is not None:
            process_env.update(
                WAYPOST_SMS_PROVIDER="http",
                WAYPOST_SMS_URL=self.sms_gateway.url("/messages"),
                WAYPOST_SMS_TOKEN=self.sms_gateway.token,
            )
        process_env.update(env or {})
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


@pytest.fixture(name="run_worker")
def run_worker_fixture(mail_store: MailStore, tmp_path: Path) -> WorkerRunner:
    return WorkerRunner(mail_store=mail_store, tmp_path=tmp_path)
