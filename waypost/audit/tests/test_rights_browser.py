"""A data protection officer opens a subject access request in a browser; the request and
retention pages pass axe-core (WCAG 2.2 AA) at desktop and phone widths."""

import pytest

from waypost.audit.models import SubjectAccessRequest
from waypost.audit.retention.actions import plan_retention
from waypost.testing.browser import axe_violations, format_violations, login_as
from waypost.testing.people import make_person

pytestmark = pytest.mark.browser


def _problems(page, page_problems, where):
    found = []
    violations = axe_violations(page)
    if violations:
        found.append(f"{where}:\n{format_violations(violations)}")
    width = page.viewport_size["width"]
    if page.evaluate("document.documentElement.scrollWidth") > width:
        found.append(f"{where}: scrolls sideways")
    if page_problems.problems:
        found.append(f"{where}: " + "; ".join(page_problems.problems))
        page_problems.clear()
    return found


def test_an_officer_opens_a_request_and_the_pages_are_accessible(
    page, live_server, page_problems, dpo_user, world
):
    make_person(world.council, given_name="Sam", family_name="Okoro")
    login_as(page, live_server, dpo_user)

    page.goto(live_server.url + "/audit/requests/")
    page.get_by_role("link", name="Open a request").click()
    page.fill("#id_reference", "SAR-2026-04")
    page.fill("#id_received_on", "2026-01-31")
    page.check("input[name=id_needed][value=no]")
    page.click("main form button.govuk-button")
    page.wait_for_selector("h1:has-text('Subject access request SAR-2026-04')")
    sar = SubjectAccessRequest.objects.get()
    assert "Saturday 28 February 2026" in page.inner_text("main")

    page.get_by_role("link", name="Find the person's record").click()
    page.fill("#id_family_name", "Okoro")
    page.fill("#id_birth_date", "1980-03-01")
    page.click("main form button.govuk-button")
    page.wait_for_selector("text=1 record found")
    find_results = _problems(page, page_problems, "find results")
    page.get_by_role("button", name="This is the person").click()
    page.get_by_role("button", name="Prepare the export").wait_for()

    run = plan_retention(world.coventry, by=dpo_user)
    paths = [
        "/audit/requests/",
        f"/audit/requests/{sar.pk}/",
        f"/audit/requests/{sar.pk}/extend/",
        f"/audit/requests/{sar.pk}/close/",
        "/audit/requests/new/",
        "/audit/retention/",
        f"/audit/retention/{world.coventry.pk}/rules/person/",
        f"/audit/retention/reports/{run.pk}/",
    ]
    failures = list(find_results)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        for path in paths:
            page.goto(live_server.url + path)
            failures += _problems(page, page_problems, f"{path} at {width}px")
        # A form's error state.
        page.goto(live_server.url + f"/audit/requests/{sar.pk}/extend/")
        page.click("main form button.govuk-button")
        page.wait_for_selector(".govuk-error-summary")
        failures += _problems(page, page_problems, f"extend errors at {width}px")
    assert not failures, "\n".join(failures)
