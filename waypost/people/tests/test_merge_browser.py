"""The merge journey in a real browser, without JavaScript help, passes axe-core's WCAG 2.2 AA
checks on every page: compare, check, the merge's page, and the person's merges."""

import pytest
from playwright.sync_api import expect

from waypost.people.models import Merge
from waypost.people.tests.merge_fixtures import two_people
from waypost.testing.browser import axe_violations, format_violations, login_as

pytestmark = pytest.mark.browser


def test_merge_and_undo_in_the_browser_with_no_accessibility_problems(
    page, live_server, page_problems, world, coordinator_user
):
    first, second = two_people(world.council, coordinator_user)
    login_as(page, live_server, coordinator_user)
    failures = []

    def check(where):
        violations = axe_violations(page)
        if violations:
            failures.append(f"{where}:\n{format_violations(violations)}")
        if page.evaluate("document.documentElement.scrollWidth") > page.viewport_size["width"]:
            failures.append(f"{where}: scrolls sideways")

    page.goto(f"{live_server.url}/people/merge/{first.pk}/{second.pk}/")
    check("choose")
    page.get_by_label("Joanne (record B)").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Check and merge the records")).to_be_visible()
    check("confirm")
    page.get_by_role("button", name="Merge records").click()
    expect(page.get_by_text("Records merged.")).to_be_visible()
    check("merge detail")
    page.get_by_role("link", name="All merges of the record that stayed").click()
    expect(page.get_by_role("heading", name="Merges")).to_be_visible()
    check("history")
    page.go_back()
    page.get_by_role("button", name="Undo this merge").click()
    expect(page.get_by_text("Merge undone")).to_be_visible()
    assert Merge.objects.get().undone_at is not None

    page.set_viewport_size({"width": 375, "height": 900})
    page.goto(f"{live_server.url}/people/merge/{first.pk}/{second.pk}/")
    expect(page.get_by_role("heading", name="Merge two records")).to_be_visible()
    check("choose at 375px")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Check and merge the records")).to_be_visible()
    check("confirm at 375px")
    page_problems.assert_none(where="in the merge journey")
    assert not failures, "\n".join(failures)
