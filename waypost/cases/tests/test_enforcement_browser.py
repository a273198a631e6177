"""In a real browser: a coordinator is refused enforcement until support is on record, then
overrides the charter of care with a reason and finds it flagged on the partnership's list;
then notifies a death, completes the review, is refused a learning summary that names the
person, publishes one that does not, and reads it on the board's page. Every page passes
axe-core (WCAG 2.2 AA) at 1280 and 375 CSS pixels, where none may scroll sideways."""

import pytest
from playwright.sync_api import expect

from waypost.cases.models import DeathReview, EnforcementAction, ReviewStatus
from waypost.cases.tests.test_enforcement_helpers import unsupported_person
from waypost.testing.browser import login_as, problems_at_sizes
from waypost.testing.people import give_consent, sign_agreement_for

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def test_a_coordinator_overrides_the_charter_then_reviews_a_death(
    page, live_server, page_problems, world, coordinator_user, outreach_user
):
    person = unsupported_person(world, given_name="Marigold", family_name="Quince")
    sign_agreement_for(world.council, world.outreach)
    give_consent(person, None, world.council)
    failures: list[str] = []
    login_as(page, live_server, coordinator_user)

    page.goto(f"{live_server.url}/cases/people/{person.pk}/enforcement/new/")
    expect(page.locator("h1")).to_have_text("Record enforcement")
    expect(page.locator(".govuk-warning-text")).to_contain_text("The charter of care is not met")
    failures += problems_at_sizes(page, "record enforcement")
    page.get_by_label("Community protection warning").check()
    page.get_by_label("What was done, and why").fill("Warned for blocking a fire exit")
    page.get_by_role("button", name="Record enforcement").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "No support offer recorded in the last 90 days"
    )
    expect(page.locator(".govuk-error-summary")).to_contain_text("No support plan action")
    failures += problems_at_sizes(page, "record enforcement, refused")
    page.get_by_label("Record it anyway").check()
    page.get_by_label("Why enforcement cannot wait").fill("Fire exit blocked at a hostel")
    page.get_by_role("button", name="Record enforcement").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text("Enforcement recorded")
    expect(page.get_by_text("Fire exit blocked at a hostel")).to_be_visible()
    failures += problems_at_sizes(page, "the person's enforcement")

    page.goto(f"{live_server.url}/cases/enforcement/")
    expect(page.get_by_role("link", name="Marigold Quince")).to_be_visible()
    expect(page.locator("td .govuk-tag")).to_have_text("Overridden")
    failures += problems_at_sizes(page, "enforcement list")

    page.goto(f"{live_server.url}/cases/people/{person.pk}/death/new/")
    expect(page.locator("h1")).to_have_text("Notify a death")
    failures += problems_at_sizes(page, "notify a death")
    page.get_by_label("Where did they die?").fill("Greyfriars Green")
    page.get_by_role("button", name="Notify the death").click()

    expect(page.locator("h1")).to_have_text("Death review")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Death notified")
    failures += problems_at_sizes(page, "death review")
    page.get_by_label("Circumstances of the death").fill("Died of the cold on a freezing night")
    page.get_by_label("Coventry Outreach").check()
    page.get_by_label("What has the partnership learned?").fill("Open emergency beds sooner")
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Save and complete the review").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Review completed")
    failures += problems_at_sizes(page, "completed review")

    page.get_by_role("link", name="Write the learning summary").click()
    expect(page.locator("h1")).to_have_text("Learning summary")
    failures += problems_at_sizes(page, "learning summary")
    page.get_by_label("Learning summary for the partnership board").fill(
        "Marigold died on a freezing night."
    )
    page.get_by_role("button", name="Publish to the board").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The summary contains the person’s name"
    )
    failures += problems_at_sizes(page, "learning summary, refused")
    page.get_by_label("Learning summary for the partnership board").fill(
        "A woman died on a freezing night. Emergency beds will open at 1 degree."
    )
    page.get_by_role("button", name="Publish to the board").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("published")

    page.goto(f"{live_server.url}/cases/deaths/")
    expect(page.get_by_role("link", name="Marigold Quince")).to_be_visible()
    failures += problems_at_sizes(page, "death reviews")
    page.get_by_role("link", name="Learning for the partnership board").click()
    expect(page.locator("h1")).to_have_text("Learning from deaths")
    expect(page.get_by_text("Emergency beds will open at 1 degree")).to_be_visible()
    assert "Marigold" not in page.content()
    failures += problems_at_sizes(page, "learning from deaths")

    page_problems.assert_none(where="on the enforcement and death pages")
    assert not failures, "\n".join(failures)
    assert EnforcementAction.objects.get().override_reason == "Fire exit blocked at a hostel"
    review = DeathReview.objects.get()
    assert review.status == ReviewStatus.COMPLETE and review.summary_published_at
