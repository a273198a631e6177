"""What the benchmarks ran on: without it a timing means little."""

import os
import platform
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _first(path: str, prefix: str) -> str:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(prefix):
                return line.split(":", 1)[1].strip() if ":" in line else line.split("=", 1)[1]
    except OSError:
        pass
    return ""


def cpu_model() -> str:
    return _first("/proc/cpuinfo", "model name") or platform.processor() or "unknown"


def memory_gib() -> str:
    text = _first("/proc/meminfo", "MemTotal")
    if not text:
        return "unknown"
    return f"{int(text.split()[0]) / 1024 / 1024:.1f} GiB"


def operating_system() -> str:
    name = _first("/etc/os-release", "PRETTY_NAME=").strip('"')
    return f"{name or platform.system()} (kernel {platform.release()})"


def git_commit(root: Path = ROOT) -> str:
    """The checked-out commit, read from .git's files (the benchmark runs no git command)."""
    git = root / ".git"
    try:
        head = (git / "HEAD").read_text().strip()
    except OSError:
        return "unknown"
    if not head.startswith("ref: "):
        return head[:12]
    ref = head.removeprefix("ref: ")
    ref_file = git / ref
    if ref_file.exists():
        return f"{ref_file.read_text().strip()[:12]} ({ref.removeprefix('refs/heads/')})"
    packed = git / "packed-refs"
    if packed.exists():
        for line in packed.read_text().splitlines():
            if line.endswith(f" {ref}"):
                return f"{line.split()[0][:12]} ({ref.removeprefix('refs/heads/')})"
    return "unknown"


def postgresql_version(admin_url: str) -> str:
    try:
        import psycopg

        with psycopg.connect(admin_url, connect_timeout=5) as conn:
            row = conn.execute("SHOW server_version").fetchone()
            return str(row[0]) if row else "unknown"
    except Exception as error:  # noqa: BLE001 - any failure means "not available"
        return f"not reachable ({type(error).__name__})"


def describe(admin_url: str, *, workers: str = "") -> dict[str, str]:
    machine = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "git commit": git_commit(),
        "CPU": cpu_model(),
        "cores": str(os.cpu_count() or "unknown"),
        "RAM": memory_gib(),
        "OS": operating_system(),
        "Python": platform.python_version(),
        "PostgreSQL server": postgresql_version(admin_url),
        "SQLite": sqlite3.sqlite_version,
    }
    if hasattr(os, "getloadavg"):
        one, five, _ = os.getloadavg()
        # The machine may be shared: a busy one makes every figure slower.
        machine["load average at start"] = f"{one:.1f} (1 min), {five:.1f} (5 min)"
    if workers:
        machine["web server under load"] = workers
    return machine
