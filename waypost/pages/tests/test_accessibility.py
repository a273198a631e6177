"""Every page each persona can reach passes axe-core's WCAG 2.2 AA rules on desktop and phone.

One browser, a loop per persona: the pages come from the service navigation each persona sees,
so new sections are covered as soon as they appear in the navigation.
"""

from typing import Any
from urllib.parse import urlsplit

import pytest

from waypost.accounts.models import Role
from waypost.sharing.actions import restrict_processing
from waypost.testing.browser import PageProblems, axe_violations, format_violations, login_as
from waypost.testing.people import make_person
from waypost.testing.personas import ROLE_HOMES, make_user

pytestmark = pytest.mark.browser

PUBLIC_PAGES = [
    "/",
    "/privacy/",
    "/accessibility/",
    "/cookies/",
    "/accounts/login/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    "/accounts/password/reset/key/1-not-a-real-key/",
    "/accounts/signup/",
    "/no-such-page/",
    "/privacy/?q=%00",  # "There is a problem with the web address" (400)
]
ACCOUNT_PAGES = [
    "/accounts/2fa/",
    "/accounts/2fa/recovery-codes/",
    "/accounts/2fa/recovery-codes/generate/",
    "/accounts/2fa/totp/deactivate/",
    "/accounts/password/change/",
    "/accounts/email/",
    "/accounts/reauthenticate/",
    "/accounts/2fa/reauthenticate/",
    "/accounts/logout/",
]
WIDTHS = [1280, 375]


def _check_pages(
    page: Any, live_server: Any, problems: PageProblems, paths: list[str]
) -> list[str]:
    failures: list[str] = []
    for path in paths:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            response = page.goto(live_server.url + path)
            where = f"{path} at {width}px"
            if response is None or response.status >= 500:
                failures.append(f"{where}: status {response.status if response else 'none'}")
                continue
            violations = axe_violations(page)
            if violations:
                failures.append(f"{where}:\n{format_violations(violations)}")
            if width == 375:
                scroll_width = page.evaluate("document.documentElement.scrollWidth")
                if scroll_width > 375:
                    failures.append(f"{where}: scrolls sideways ({scroll_width}px wide)")
            if problems.problems:
                failures.append(f"{where}: " + "; ".join(problems.problems))
                problems.clear()
    return failures


def _navigation_paths(page: Any, live_server: Any) -> list[str]:
    page.goto(live_server.url + "/")
    hrefs = page.eval_on_selector_all(
        ".govuk-service-navigation__list a, main a", "links => links.map(a => a.href)"
    )
    origin = urlsplit(live_server.url).netloc
    paths = []
    for href in hrefs:
        parts = urlsplit(href)
        if parts.netloc == origin and parts.path not in paths:
            paths.append(parts.path)
    return paths


def test_signed_out_pages_are_accessible(page, live_server, page_problems):
    failures = _check_pages(page, live_server, page_problems, PUBLIC_PAGES)

    assert not failures, "\n".join(failures)


def test_account_and_public_pages_are_accessible_when_signed_in(
    page, live_server, page_problems, caseworker_user
):
    login_as(page, live_server, caseworker_user)
    # A restricted record's PDF is refused with a page saying why (403).
    person = make_person(caseworker_user.memberships.get().agency, by=caseworker_user)
    restrict_processing(person, reason="Disputes the record's accuracy", by=caseworker_user)
    # Sign out last: its confirmation page is followed by nothing that needs the session.
    paths = [p for p in PUBLIC_PAGES + ACCOUNT_PAGES if p != "/accounts/logout/"]
    paths.append(f"/people/{person.pk}/pdf/")
    paths.append("/accounts/logout/")

    failures = _check_pages(page, live_server, page_problems, paths)

    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", list(Role))
def test_every_page_in_a_personas_navigation_is_accessible(
    role, page, live_server, page_problems, world
):
    user = make_user(f"{role}@coventry.test", agency=getattr(world, ROLE_HOMES[role]), role=role)
    login_as(page, live_server, user)
    paths = _navigation_paths(page, live_server)
    assert "/" in paths

    failures = _check_pages(page, live_server, page_problems, paths)

    assert not failures, f"As {role}:\n" + "\n".join(failures)
