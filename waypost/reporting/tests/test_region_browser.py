"""In a real browser, on a desktop (1280 px) and a phone (375 px): the regional view with its
chart and wide table, the region's practice notes and the form to share one. Every page passes
axe-core (WCAG 2.2 AA), does not scroll sideways and breaks no Content Security Policy rule."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from waypost.reporting.models import PracticeNote
from waypost.reporting.region import last_full_month
from waypost.testing import region as r
from waypost.testing.browser import login_as, problems_at_sizes

pytestmark = pytest.mark.browser


@pytest.fixture
def figures(world):
    month = last_full_month(timezone.localdate())
    r.new_people(world.brum_council, month, 6)
    r.new_people(world.outreach, month, 7)
    r.single_night(world.brum_council, month.replace(day=20), 3)  # small: hidden, and Coventry's
    r.single_night(world.outreach, month.replace(day=20), 9)
    PracticeNote.objects.create(
        region="West Midlands",
        partnership=world.birmingham,
        title="Navigators at the bus station",
        body="Two navigators, evenings.\n\nAsk the Birmingham coordinator.",
    )


def test_the_regional_view_and_its_notes(request, page, live_server, page_problems, figures):
    login_as(page, live_server, request.getfixturevalue("regional_user"))
    page.goto(f"{live_server.url}/reports/region/")
    expect(page.locator("h1")).to_have_text("The partnerships of the region")
    expect(page.locator("#region-table")).to_contain_text("West Midlands total")
    expect(page.locator("#region-table")).to_contain_text("Not shown")
    expect(page.locator("svg#region-chart")).to_be_visible()
    failures = problems_at_sizes(page, "the regional view")

    page.get_by_role("link", name="Practice shared across the region").click()
    expect(page.locator("h1")).to_have_text("Practice shared across the region")
    failures += problems_at_sizes(page, "the practice notes")

    page.get_by_role("link", name="Navigators at the bus station").click()
    expect(page.locator("h1")).to_have_text("Navigators at the bus station")
    failures += problems_at_sizes(page, "a practice note")

    page.goto(f"{live_server.url}/reports/region/notes/")
    page.get_by_role("link", name="Share a practice note").click()
    page.get_by_role("button", name="Share the note").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a title")
    failures += problems_at_sizes(page, "the note form with errors")
    page.get_by_label("Title").fill("Hospital in-reach")
    page.get_by_label("What you want to share").fill("Weekly ward round with outreach.")
    page.get_by_role("button", name="Share the note").click()
    expect(page.locator("h1")).to_have_text("Hospital in-reach")

    page_problems.assert_none(where="on the regional view")
    assert not failures, "\n".join(failures)
