"""In a real browser, on a desktop and on a phone: a coordinator assesses someone, reads their
tier and why, then opens the threshold model, changes it (first with a mistake) and reads the
bias tables. Every page passes axe-core (WCAG 2.2 AA), does not scroll sideways at 375 CSS
pixels, and breaks no Content Security Policy rule."""

import pytest
from playwright.sync_api import expect

from waypost.cases.models import Domain, Tier
from waypost.cases.tests.test_assessment_record import assess
from waypost.cases.tests.test_bias_tables import tiered
from waypost.testing.browser import login_as, problems_here
from waypost.testing.people import make_person

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def test_a_coordinator_assesses_someone_and_changes_the_model(
    page, live_server, page_problems, world, coordinator_user, caseworker_user
):
    person = make_person(world.council, by=caseworker_user, preferred_name="Jojo")
    other = make_person(world.council, by=caseworker_user, given_name="Sam")
    assess(other, caseworker_user, world.council, {Domain.RISK_TO_SELF: 3})
    for n, gender in enumerate(["woman", "man", "man", "woman", "non_binary", "man"]):
        tiered(world, [Tier.ONE, Tier.TWO, Tier.THREE][n % 3], gender=gender)
    login_as(page, live_server, coordinator_user)
    failures: list[str] = []
    base = f"{live_server.url}/cases/people/{person.pk}"

    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        width = viewport["width"]
        page.goto(f"{base}/assessments/new/")
        expect(page.locator("h1")).to_have_text("Add an assessment")
        failures += problems_here(page, f"assessment form on a {name}", width)
        # Saving with mental health unanswered: an error, and the form keeps the rest.
        for domain in Domain:
            if domain != Domain.MENTAL_HEALTH:
                page.locator(f"#domain-{domain.value}").get_by_label("Not assessed").check()
        page.locator("#domain-drugs_alcohol").get_by_label("High").check()
        page.get_by_label("Uses synthetic cannabinoids").check()
        page.get_by_role("button", name="Save the assessment").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text(
            "Choose a level for mental health"
        )
        failures += problems_here(page, f"assessment form with errors on a {name}", width)
        page.locator("#domain-mental_health").get_by_label("Medium").check()
        page.get_by_label("Details about mental health (optional)").fill("Low mood in winter")
        page.get_by_role("button", name="Save the assessment").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Assessment saved")
        expect(page.locator("#answers")).to_contain_text("Low mood in winter")
        failures += problems_here(page, f"assessment on a {name}", width)

        page.get_by_role("link", name="Tier and why").click()
        expect(page.locator("#why-table")).to_contain_text("Mental health: medium")
        failures += problems_here(page, f"tier page on a {name}", width)
        page.get_by_role("link", name="Assessments", exact=True).click()
        expect(page.locator("#assessments-table")).to_be_visible()
        failures += problems_here(page, f"assessment list on a {name}", width)

        page.goto(f"{live_server.url}/cases/threshold/")
        expect(page.locator("h1")).to_have_text("Threshold model")
        expect(page.get_by_role("table", name="Tiers by gender")).to_be_visible()
        chart = page.get_by_role("img", name="Share of each gender in tier 1")
        expect(chart).to_be_visible()
        box = chart.bounding_box()
        assert box and box["width"] <= width
        failures += problems_here(page, f"threshold model on a {name}", width)
        page.get_by_role("link", name="See version 1 in full").click()
        failures += problems_here(page, f"version 1 on a {name}", width)
        page.goto(f"{live_server.url}/cases/threshold/coventry/change/")
        failures += problems_here(page, f"model form on a {name}", width)
        page.goto(f"{live_server.url}/cases/threshold/")

    page.get_by_role("link", name="Change the model").click()
    expect(page.locator("h1")).to_have_text("Change the threshold model")
    failures += problems_here(page, "model form on a phone", PHONE["width"])
    page.get_by_label("High").nth(2).fill("200")  # mental health, high
    page.get_by_label("Why are you changing the model?").fill("Agreed at the March board")
    page.get_by_role("button", name="Save a new version").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the points for mental health, high as a whole number from 0 to 100"
    )
    failures += problems_here(page, "model form with errors on a phone", PHONE["width"])
    page.get_by_label("High").nth(2).fill("9")
    page.get_by_role("button", name="Save a new version").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Version 2 saved")
    expect(page.locator("#versions")).to_be_visible()
    expect(page.get_by_text("Mental health, high: 6 → 9 points")).to_be_visible()
    failures += problems_here(page, "threshold model after a change on a phone", PHONE["width"])
    page.get_by_role("link", name="See version 1 in full").click()
    failures += problems_here(page, "an old version on a phone", PHONE["width"])

    page_problems.assert_none(where="on the assessment and threshold pages")
    assert not failures, "\n".join(failures)
