"""Browser tests: Debian's Chromium through pytest-playwright, axe-core, and signed-in pages.

Mark browser tests with @pytest.mark.browser. They use pytest-django's live_server, so run
`npm run build` first: the pages need build/static.
"""

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test
# body (creating users, reading the database) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

BASE_DIR = Path(__file__).resolve().parent.parent.parent
AXE_PATH = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
BUILT_CSS = BASE_DIR / "build" / "static" / "css" / "application.css"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Served to the page from its own origin (by a Playwright route), so the page's Content Security
# Policy stays enforced in browser tests and a CSP violation shows up as a console error.
AXE_URL_PATH = "/__browser-tests__/axe.min.js"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    # Playwright cannot download its own browsers here; Debian's Chromium works.
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}}


@pytest.fixture(autouse=True)
def _static_files_are_built(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("browser") and not BUILT_CSS.exists():
        pytest.fail(
            f"{BUILT_CSS.relative_to(BASE_DIR)} is missing: "
            "run `npm run build` before the browser tests.",
            pytrace=False,
        )


def login_as(page: Any, live_server: Any, user: Any) -> None:
    """Sign `user` in for this page's browser context by copying a test client's session cookie.

    The session records a password and TOTP sign-in just now, as a real sign-in would.
    """
    from waypost.testing.personas import mark_recently_authenticated

    client = Client()
    client.force_login(user)
    mark_recently_authenticated(client, user)
    session_cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session_cookie.value,
                "url": live_server.url,
            }
        ]
    )


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core's WCAG 2.2 A and AA rules on the current page; return the violations."""
    # A click that submits a form returns once the next page starts loading; axe needs the
    # finished page (injecting it into a document without a <head> yet fails).
    page.wait_for_load_state("load")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        if not getattr(page, "_waypost_axe_route", False):
            page.route(
                f"**{AXE_URL_PATH}",
                lambda route: route.fulfill(path=str(AXE_PATH), content_type="text/javascript"),
            )
            page._waypost_axe_route = True
        page.add_script_tag(url=AXE_URL_PATH)
    results = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_TAGS,
    )
    return list(results["violations"])


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node['html'][:160]}")
    return "\n".join(lines)


def assert_no_axe_violations(page: Any, *, where: str = "") -> None:
    violations = axe_violations(page)
    if violations:
        pytest.fail(
            f"Accessibility problems on {where or page.url}:\n{format_violations(violations)}",
            pytrace=False,
        )


@dataclass
class PageProblems:
    """Console errors, uncaught exceptions and failed requests seen by a page."""

    origin: str
    problems: list[str] = field(default_factory=list)

    def on_console(self, message: Any) -> None:
        # Failed loads are reported (with their URL) by on_response / on_request_failed.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.problems.append(f"console error: {message.text} ({message.location.get('url')})")

    def on_page_error(self, error: Any) -> None:
        self.problems.append(f"uncaught exception: {error}")

    def on_request_failed(self, request: Any) -> None:
        # ERR_ABORTED: the test moved to the next page before, say, the favicon had loaded.
        if request.failure != "net::ERR_ABORTED":
            self.problems.append(f"request failed: {request.url} ({request.failure})")

    def on_response(self, response: Any) -> None:
        request = response.request
        if (
            response.status >= 400
            and response.url.startswith(self.origin)
            and request.resource_type != "document"
        ):
            self.problems.append(f"{response.status} for {request.resource_type} {response.url}")

    def clear(self) -> None:
        self.problems.clear()

    def assert_none(self, *, where: str = "") -> None:
        if self.problems:
            found = "\n".join(f"- {p}" for p in self.problems)
            self.problems.clear()
            pytest.fail(f"Browser problems {where}:\n{found}", pytrace=False)


@pytest.fixture
def page_problems(page: Any, live_server: Any) -> PageProblems:
    """Collects console errors and failed same-origin requests; call .assert_none()."""
    problems = PageProblems(origin=live_server.url)
    page.on("console", problems.on_console)
    page.on("pageerror", problems.on_page_error)
    page.on("requestfailed", problems.on_request_failed)
    page.on("response", problems.on_response)
    return problems


PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def problems_here(page: Any, where: str, width: int) -> list[str]:
    """axe-core violations on the page as it is, and sideways scrolling at `width` (naming the
    first elements that stick out), described for a test failure."""
    found = []
    violations = axe_violations(page)
    if violations:
        found.append(f"{where}:\n{format_violations(violations)}")
    if page.evaluate("document.documentElement.scrollWidth") > width:
        wide = page.evaluate(
            """(width) => [...document.querySelectorAll('main *')]
                .filter(e => e.getBoundingClientRect().right > width)
                .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')).slice(0, 5)""",
            width,
        )
        found.append(f"{where}: scrolls sideways at {width}px ({', '.join(wide)})")
    return found


def problems_at_sizes(page: Any, where: str, *, end: dict[str, int] = DESKTOP) -> list[str]:
    """`problems_here` on a desktop (1280 px) and a phone (375 px); the page is left at `end`."""
    found = []
    for size, name in ((DESKTOP, "desktop"), (PHONE, "phone")):
        page.set_viewport_size(size)
        found += problems_here(page, f"{where} on a {name}", size["width"])
    page.set_viewport_size(end)
    return found
