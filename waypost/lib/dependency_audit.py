"""Known vulnerabilities in the locked dependencies: pip-audit over uv.lock's packages and
`npm audit` over package-lock.json, with an allow-list (audit-allowlist.toml) in which every
exception says why it is accepted and when it must be looked at again.

    .venv/bin/python -m waypost.lib.dependency_audit

Exit 0: nothing known that is not allowed. Exit 1: a vulnerability not on the allow-list, or
an allow-list entry past its review date. Exit 3: an advisory service could not be reached, so
nothing was proved (pip-audit on its own says "No known vulnerabilities found" when PyPI gives
it nothing, which is why its per-package answers are read here). No Django: it runs before
setup.

Advisories come from OSV (pip-audit's `osv` service) and the npm registry's bulk advisory
endpoint. AUDIT_OSV_URL and AUDIT_NPM_REGISTRY point them elsewhere (a mirror, or the test's
local fake servers); AUDIT_ALLOWLIST names another allow-list file.
"""

import json
import os
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent
ALLOWLIST = ROOT / "audit-allowlist.toml"
OSV_URL = "https://api.osv.dev/v1/query"
CLEAN, VULNERABLE, UNREACHABLE = 0, 1, 3


@dataclass(frozen=True)
class Finding:
    ecosystem: str  # "python" or "npm"
    package: str
    version: str
    ids: frozenset[str]  # the advisory's id and its aliases (CVE, GHSA, PYSEC)
    summary: str

    def __str__(self) -> str:
        return f"{self.ecosystem} {self.package} {self.version}: {', '.join(sorted(self.ids))}"


@dataclass(frozen=True)
class Allowed:
    ecosystem: str
    id: str
    package: str
    reason: str
    review_by: date


@dataclass
class Outcome:
    ecosystem: str
    findings: list[Finding]
    unreachable: str = ""  # why nothing could be checked, when that is so


def read_allowlist(text: str) -> list[Allowed]:
    """Entries of audit-allowlist.toml; each must give an id, the package, a reason and a
    review date, or the file is refused (an exception without a reason is not allowed)."""
    entries = []
    data = tomllib.loads(text)
    for ecosystem in ("python", "npm"):
        for number, entry in enumerate(data.get(ecosystem, []), start=1):
            missing = [k for k in ("id", "package", "reason", "review_by") if not entry.get(k)]
            if missing:
                raise ValueError(f"[[{ecosystem}]] entry {number} has no {', '.join(missing)}")
            review_by = entry["review_by"]
            if not isinstance(review_by, date):
                raise ValueError(f"[[{ecosystem}]] entry {number}: review_by must be a date")
            entries.append(
                Allowed(ecosystem, entry["id"], entry["package"], entry["reason"], review_by)
            )
    return entries


def pip_audit_findings(report: dict[str, Any]) -> Outcome:
    """Findings from `pip-audit -f json`. When not one package could be looked up, the
    advisory service was not reached."""
    dependencies = report.get("dependencies", [])
    findings = [
        Finding(
            "python",
            dependency["name"],
            dependency.get("version", ""),
            frozenset([vuln["id"], *vuln.get("aliases", [])]),
            vuln.get("description", "")[:200],
        )
        for dependency in dependencies
        for vuln in dependency.get("vulns", [])
    ]
    audited = [d for d in dependencies if "skip_reason" not in d]
    unreachable = ""
    if dependencies and not audited:
        unreachable = f"PyPI's advisory data was not reached ({dependencies[0]['skip_reason']})"
    return Outcome("python", findings, unreachable)


def npm_audit_findings(report: dict[str, Any]) -> Outcome:
    """Findings from `npm audit --json` (report version 2): one per advisory a package is
    vulnerable through directly (a package vulnerable only through another is that one's)."""
    if "vulnerabilities" not in report:
        return Outcome("npm", [], f"npm's advisory service answered: {report.get('message', '?')}")
    findings = []
    for name, vulnerability in report["vulnerabilities"].items():
        for via in vulnerability.get("via", []):
            if isinstance(via, dict):
                url = via.get("url", "")
                ids = {str(via.get("source", "")), url.rsplit("/", 1)[-1]} - {""}
                findings.append(
                    Finding("npm", name, via.get("range", ""), frozenset(ids), via.get("title", ""))
                )
    return Outcome("npm", findings)


def judge(
    outcomes: Iterable[Outcome], allowed: list[Allowed], today: date
) -> tuple[int, list[str]]:
    """The exit status (a vulnerability outranks a service not reached) and what to print."""
    lines: list[str] = []
    vulnerable = unreachable = False
    for outcome in outcomes:
        if outcome.unreachable:
            lines.append(f"{outcome.ecosystem}: NOT CHECKED: {outcome.unreachable}")
            unreachable = True
            continue
        for finding in outcome.findings:
            match = next(
                (
                    entry
                    for entry in allowed
                    if entry.ecosystem == finding.ecosystem
                    and entry.package == finding.package
                    and entry.id in finding.ids
                ),
                None,
            )
            if match is None:
                lines.append(f"VULNERABLE: {finding} ({finding.summary})")
                vulnerable = True
            else:
                lines.append(f"allowed: {finding}: {match.reason}")
        if not outcome.findings:
            lines.append(f"{outcome.ecosystem}: no known vulnerabilities")
    for entry in allowed:
        if entry.review_by < today:
            lines.append(
                f"EXPIRED: the allow-list entry {entry.id} ({entry.package}) was to be "
                f"reviewed by {entry.review_by}"
            )
            vulnerable = True
    return (VULNERABLE if vulnerable else UNREACHABLE if unreachable else CLEAN), lines


def _run(command: list[str]) -> dict[str, Any]:
    # Our own fixed commands, no shell.
    result = subprocess.run(  # noqa: S603
        command, cwd=ROOT, capture_output=True, text=True, check=False
    )
    try:
        return json.loads(result.stdout)
    except json.JSONDecodeError:
        return {"message": (result.stderr or result.stdout).strip()[-300:] or "no output"}


def audit_python(uv: str) -> Outcome:
    exported = subprocess.run(  # noqa: S603
        [uv, "export", "--frozen", "--no-hashes", "--all-groups", "--format", "requirements-txt"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as requirements:
        requirements.write(exported)
        requirements.flush()
        report = _run(
            [sys.executable, "-m", "pip_audit", "-r", requirements.name, "--no-deps",
             "--disable-pip", "--format", "json", "--progress-spinner", "off",
             "--vulnerability-service", "osv",
             "--osv-url", os.environ.get("AUDIT_OSV_URL") or OSV_URL]
        )  # fmt: skip
    if "dependencies" not in report:
        return Outcome("python", [], f"pip-audit failed: {report.get('message')}")
    return pip_audit_findings(report)


def audit_npm() -> Outcome:
    registry = os.environ.get("AUDIT_NPM_REGISTRY")
    where = ["--registry", registry] if registry else []
    return npm_audit_findings(_run(["npm", "audit", "--json", "--package-lock-only", *where]))


def main() -> int:
    uv = subprocess.run(  # noqa: S603
        [str(ROOT / "scripts" / "find-uv")], capture_output=True, text=True, check=True
    ).stdout.strip()
    allowed = read_allowlist(Path(os.environ.get("AUDIT_ALLOWLIST") or ALLOWLIST).read_text())
    status, lines = judge([audit_python(uv), audit_npm()], allowed, date.today())
    print("\n".join(lines))
    return status


if __name__ == "__main__":
    sys.exit(main())
