"""The embedded SQLite database takes concurrent writers without "database is locked".

Two processes (like the web server and the worker) each run read-then-write transactions on the
same file. With SQLite's default DEFERRED transactions the read lock cannot be upgraded while
the other process writes, and SQLite fails at once; the settings' IMMEDIATE transactions, WAL
and busy timeout make each writer wait its turn instead.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
ROUNDS = 150

# Both writers start together (they wait for a "go" file) and pause between read and write,
# so their transactions really overlap.
WRITER = f"""
import os, sys, time
import django
django.setup()
from django.db import connection, transaction
while not os.path.exists(sys.argv[1]):
    time.sleep(0.01)
for _ in range({ROUNDS}):
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM counter")
            (count,) = cursor.fetchone()
            time.sleep(0.001)
            cursor.execute("INSERT INTO counter (seen) VALUES (%s)", [count])
"""


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "waypost.settings",
        "SECRET_KEY": "concurrency-test-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'waypost.sqlite3'}",
        "WAYPOST_VAR_DIR": str(tmp_path),
    }


def test_two_processes_write_at_once_without_locking_errors(tmp_path):
    env = _env(tmp_path)
    setup = "import django; django.setup(); from django.db import connection\n"
    setup += "connection.cursor().execute('CREATE TABLE counter (seen INTEGER)')"
    subprocess.run([sys.executable, "-c", setup], cwd=ROOT, env=env, check=True, timeout=60)

    go = tmp_path / "go"
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(go)],
            cwd=ROOT,
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    go.touch()
    errors = [writer.communicate(timeout=120)[1] for writer in writers]
    assert [writer.returncode for writer in writers] == [0, 0], errors

    count = "import django; django.setup(); from django.db import connection\n"
    count += "c = connection.cursor()\n"
    count += "c.execute('SELECT COUNT(*) FROM counter'); print(c.fetchone()[0])\n"
    count += "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])"
    result = subprocess.run(
        [sys.executable, "-c", count], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    rows, journal_mode = result.stdout.split()
    assert int(rows) == 2 * ROUNDS
    assert journal_mode == "wal"
