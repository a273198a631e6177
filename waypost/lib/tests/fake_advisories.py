"""Stand-ins for the two advisory services the dependency audit asks, which this machine cannot
reach: OSV's query API (what pip-audit's `osv` service posts to) and the npm registry's bulk
advisory endpoint (what `npm audit` posts to). Each speaks its real protocol over HTTP on
loopback and knows only the advisories a test plants.

- OSV: `POST /v1/query` with `{"package": {"name", "ecosystem": "PyPI"}, "version"}`; the answer
  is `{"vulns": [OSV records]}`, or `{}` when none affects that version.
- npm: `POST /-/npm/v1/security/advisories/bulk` with `{"name": ["version", ...]}`, gzipped
  when npm says so in Content-Encoding; the answer maps each affected name to its advisories.
  Package metadata (GET) is "not found".
"""

import gzip
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from waypost.testing.servers import serving


@dataclass
class PlantedAdvisory:
    ecosystem: str  # "PyPI" or "npm"
    package: str
    version: str  # the affected version (the locked one, for a finding)
    id: str  # OSV id (PYSEC-…, GHSA-…), or the npm advisory's GHSA id
    aliases: tuple[str, ...] = ()
    summary: str = "Planted by the test"


@dataclass
class FakeAdvisories:
    url: str
    planted: list[PlantedAdvisory] = field(default_factory=list)
    asked: list[tuple[str, str]] = field(default_factory=list)  # (ecosystem, package)

    @property
    def osv_url(self) -> str:
        return f"{self.url}/v1/query"

    def osv_answer(self, query: dict[str, Any]) -> dict[str, Any]:
        name, version = query["package"]["name"], query["version"]
        self.asked.append(("PyPI", name))
        vulns = [
            {
                "schema_version": "1.6.0",
                "id": advisory.id,
                "aliases": list(advisory.aliases),
                "summary": advisory.summary,
                "affected": [
                    {
                        "package": {"name": name, "ecosystem": "PyPI"},
                        "ranges": [
                            {"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "99"}]}
                        ],
                        "versions": [version],
                    }
                ],
            }
            for advisory in self.planted
            if (advisory.ecosystem, advisory.package, advisory.version) == ("PyPI", name, version)
        ]
        return {"vulns": vulns} if vulns else {}

    def npm_answer(self, asked: dict[str, list[str]]) -> dict[str, Any]:
        self.asked.extend(("npm", name) for name in asked)
        answer: dict[str, list[dict[str, Any]]] = {}
        for number, advisory in enumerate(self.planted, start=1):
            if advisory.ecosystem == "npm" and advisory.version in asked.get(advisory.package, []):
                answer.setdefault(advisory.package, []).append(
                    {
                        "id": 1_000_000 + number,
                        "url": f"https://github.com/advisories/{advisory.id}",
                        "title": advisory.summary,
                        "severity": "high",
                        "vulnerable_versions": f"<={advisory.version}",
                        "cwe": ["CWE-400"],
                        "cvss": {"score": 7.5, "vectorString": None},
                    }
                )
        return answer


def _handler(fake: FakeAdvisories) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            if self.path == "/v1/query":
                self._json(fake.osv_answer(json.loads(body)))
            elif self.path == "/-/npm/v1/security/advisories/bulk":
                self._json(fake.npm_answer(json.loads(body)))
            else:
                self.send_error(404)

        def do_GET(self) -> None:
            # npm asks for a vulnerable package's metadata to see if a fix exists: "not found"
            # (a 5xx would make it retry for minutes).
            self._json({"error": "Not found"}, status=404)

        def _json(self, answer: dict[str, Any], status: int = 200) -> None:
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass  # quiet: pytest shows stderr on failure

    return Handler


@contextmanager
def fake_advisories(*planted: PlantedAdvisory) -> Iterator[FakeAdvisories]:
    fake = FakeAdvisories(url="", planted=list(planted))
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    with serving(server):
        yield fake
