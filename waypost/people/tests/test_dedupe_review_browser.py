"""A coordinator works through the duplicate review queue in a browser; the queue and the
pair page pass axe-core (WCAG 2.2 AA) at desktop and phone widths."""

import pytest

from waypost.people.models import DuplicatePair, DuplicateStatus
from waypost.testing.browser import axe_violations, format_violations, login_as
from waypost.testing.people import make_person

pytestmark = pytest.mark.browser


def _problems(page, page_problems, where):
    found = []
    violations = axe_violations(page)
    if violations:
        found.append(f"{where}:\n{format_violations(violations)}")
    if page.evaluate("document.documentElement.scrollWidth") > page.viewport_size["width"]:
        found.append(f"{where}: scrolls sideways")
    if page_problems.problems:
        found.append(f"{where}: " + "; ".join(page_problems.problems))
        page_problems.clear()
    return found


def test_a_coordinator_compares_a_pair_and_decides(
    page, live_server, page_problems, coordinator_user, world
):
    jo = make_person(world.council)
    joe = make_person(world.council, given_name="Joe", family_name="Blogs")
    first, second = sorted((jo, joe), key=lambda p: p.pk)
    pair = DuplicatePair.objects.create(
        partnership=world.coventry, first=first, second=second, score=0.93
    )
    login_as(page, live_server, coordinator_user)
    problems = []
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + "/people/duplicates/")
        problems += _problems(page, page_problems, f"queue at {width}px")
        page.get_by_role("link", name="Compare").click()
        page.wait_for_selector("h1:has-text('Compare two records')")
        problems += _problems(page, page_problems, f"pair at {width}px")

    page.click("main form button.govuk-button")  # nothing chosen
    page.wait_for_selector(".govuk-error-summary")
    problems += _problems(page, page_problems, "pair with an error")
    page.get_by_label("Different people: do not suggest this pair again").check()
    page.click("main form button.govuk-button")
    page.wait_for_selector("text=This pair will not be suggested again")
    problems += _problems(page, page_problems, "decided pair")
    assert not problems, "\n".join(problems)
    pair.refresh_from_db()
    assert pair.status == DuplicateStatus.DIFFERENT
