"""The dependency audit fails on a vulnerability nobody has accepted, on an exception past its
review date, and never reports "clean" when the advisory services gave it nothing. The reports
below are in the shapes pip-audit (-f json) and npm audit (--json, report version 2) print."""

import json
import os
import subprocess
import sys
import tomllib
from datetime import date
from pathlib import Path

import pytest

from waypost.lib.dependency_audit import (
    ALLOWLIST,
    CLEAN,
    UNREACHABLE,
    VULNERABLE,
    judge,
    npm_audit_findings,
    pip_audit_findings,
    read_allowlist,
)
from waypost.lib.tests.fake_advisories import PlantedAdvisory, fake_advisories

TODAY = date(2026, 11, 25)

PIP_VULNERABLE = {
    "dependencies": [
        {"name": "django", "version": "6.0", "vulns": []},
        {
            "name": "jinja2",
            "version": "3.1.2",
            "vulns": [
                {
                    "id": "PYSEC-2024-0001",
                    "fix_versions": ["3.1.3"],
                    "aliases": ["CVE-2024-22195", "GHSA-h5c8-rqwp-cp95"],
                    "description": "xmlattr filter allows keys with spaces",
                }
            ],
        },
    ],
    "fixes": [],
}
PIP_UNREACHABLE = {
    "dependencies": [
        {"name": "django", "skip_reason": "Dependency not found on PyPI and could not be audited"},
        {"name": "jinja2", "skip_reason": "Dependency not found on PyPI and could not be audited"},
    ],
    "fixes": [],
}
NPM_VULNERABLE = {
    "auditReportVersion": 2,
    "vulnerabilities": {
        "braces": {
            "name": "braces",
            "severity": "high",
            "via": [
                {
                    "source": 1098094,
                    "name": "braces",
                    "title": "Uncontrolled resource consumption in braces",
                    "url": "https://github.com/advisories/GHSA-grv7-fg5c-xmjg",
                    "severity": "high",
                    "range": "<3.0.3",
                }
            ],
        },
        "micromatch": {"name": "micromatch", "severity": "high", "via": ["braces"]},
    },
}
NPM_UNREACHABLE = {"message": "405 Method Not Allowed - POST https://registry.npmjs.org/..."}


def allow(text: str) -> list:
    return read_allowlist(text)


def test_a_vulnerability_nobody_accepted_fails_the_audit():
    status, lines = judge([pip_audit_findings(PIP_VULNERABLE)], [], TODAY)
    assert status == VULNERABLE
    assert any("VULNERABLE: python jinja2 3.1.2" in line for line in lines)


def test_an_accepted_vulnerability_passes_under_any_of_its_names():
    allowed = allow(
        '[[python]]\nid = "CVE-2024-22195"\npackage = "jinja2"\n'
        'reason = "Templates are ours; no user text reaches xmlattr."\nreview_by = 2027-01-31\n'
    )
    status, lines = judge([pip_audit_findings(PIP_VULNERABLE)], allowed, TODAY)
    assert status == CLEAN
    assert any(line.startswith("allowed: python jinja2") for line in lines)


def test_an_exception_for_another_package_does_not_cover_it():
    allowed = allow(
        '[[python]]\nid = "CVE-2024-22195"\npackage = "django"\nreason = "x"\n'
        "review_by = 2027-01-31\n"
    )
    assert judge([pip_audit_findings(PIP_VULNERABLE)], allowed, TODAY)[0] == VULNERABLE


def test_an_exception_past_its_review_date_fails_the_audit():
    allowed = allow(
        '[[npm]]\nid = "GHSA-grv7-fg5c-xmjg"\npackage = "braces"\nreason = "Build only."\n'
        "review_by = 2026-11-01\n"
    )
    status, lines = judge([npm_audit_findings(NPM_VULNERABLE)], allowed, TODAY)
    assert status == VULNERABLE
    assert any("EXPIRED" in line and "GHSA-grv7-fg5c-xmjg" in line for line in lines)


def test_npm_findings_are_the_advisories_not_the_packages_that_depend_on_them():
    findings = npm_audit_findings(NPM_VULNERABLE).findings
    assert [(f.package, sorted(f.ids)) for f in findings] == [
        ("braces", ["1098094", "GHSA-grv7-fg5c-xmjg"])
    ]


def test_nothing_reached_is_never_reported_as_clean():
    status, lines = judge(
        [pip_audit_findings(PIP_UNREACHABLE), npm_audit_findings(NPM_UNREACHABLE)], [], TODAY
    )
    assert status == UNREACHABLE
    assert sum("NOT CHECKED" in line for line in lines) == 2


def test_a_vulnerability_outranks_a_service_not_reached():
    outcomes = [pip_audit_findings(PIP_VULNERABLE), npm_audit_findings(NPM_UNREACHABLE)]
    assert judge(outcomes, [], TODAY)[0] == VULNERABLE


@pytest.mark.parametrize("missing", ["reason", "review_by", "package"])
def test_an_exception_without_its_reason_or_review_date_is_refused(missing):
    entry = {
        "id": '"CVE-1"',
        "package": '"jinja2"',
        "reason": '"because"',
        "review_by": "2027-01-31",
    }
    del entry[missing]
    text = "[[python]]\n" + "".join(f"{key} = {value}\n" for key, value in entry.items())
    with pytest.raises(ValueError, match=missing):
        read_allowlist(text)


def test_the_projects_allowlist_is_valid_and_nothing_in_it_is_overdue():
    for entry in read_allowlist(Path(ALLOWLIST).read_text()):
        assert entry.review_by >= date.today(), entry


# --- End to end: the real pip-audit and npm audit against local advisory services ----------


def _locked(ecosystem: str, package: str) -> str:
    root = Path(__file__).resolve().parents[3]
    if ecosystem == "npm":
        lock = json.loads((root / "package-lock.json").read_text())
        return lock["packages"][f"node_modules/{package}"]["version"]
    lock = tomllib.loads((root / "uv.lock").read_text())
    return next(p["version"] for p in lock["package"] if p["name"] == package)


def _audit(fake, allowlist: Path) -> tuple[int, str]:
    env = {
        **os.environ,
        "AUDIT_OSV_URL": fake.osv_url,
        "AUDIT_NPM_REGISTRY": fake.url,
        "AUDIT_ALLOWLIST": str(allowlist),
    }
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "waypost.lib.dependency_audit"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr


PLANTED = [
    ("PyPI", "django", "PYSEC-2099-1", ("CVE-2099-0001",)),
    ("npm", "govuk-frontend", "GHSA-2099-wayp-0st1", ()),
]


def test_the_real_tools_find_a_planted_advisory_in_the_locked_packages_and_honour_the_allowlist(
    tmp_path,
):
    planted = [
        PlantedAdvisory(ecosystem, package, _locked(ecosystem.lower(), package), id, aliases)
        for ecosystem, package, id, aliases in PLANTED
    ]
    django, govuk = planted
    nothing_allowed = tmp_path / "none.toml"
    nothing_allowed.write_text("")
    with fake_advisories(*planted) as fake:
        status, output = _audit(fake, nothing_allowed)
        assert status == VULNERABLE, output
        assert f"VULNERABLE: python django {django.version}: CVE-2099-0001, PYSEC-2099-1" in output
        assert "VULNERABLE: npm govuk-frontend" in output and govuk.id in output
        # Every locked package was asked about, not only the planted ones.
        assert {("PyPI", "gunicorn"), ("PyPI", "django"), ("npm", "htmx.org")} <= set(fake.asked)

        both_allowed = tmp_path / "both.toml"
        both_allowed.write_text(
            f'[[python]]\nid = "CVE-2099-0001"\npackage = "django"\n'
            f'reason = "We never call the affected function"\nreview_by = 2099-01-01\n'
            f'[[npm]]\nid = "{govuk.id}"\npackage = "govuk-frontend"\n'
            f'reason = "Build-time only"\nreview_by = 2099-01-01\n'
        )
        status, output = _audit(fake, both_allowed)
        assert status == CLEAN, output
        assert "allowed: python django" in output and "allowed: npm govuk-frontend" in output


def test_the_real_tools_report_clean_only_when_the_services_answered(tmp_path):
    with fake_advisories() as fake:
        status, output = _audit(fake, ALLOWLIST)
    assert status == CLEAN, output
    assert "python: no known vulnerabilities" in output
    assert "npm: no known vulnerabilities" in output
