"""In a real browser, on a desktop (1280 px) and a phone (375 px): a coordinator chooses the
hospitals' toolkit services (a mistake first, then in order) and downloads the leaflet; a
caseworker sees the choices; the public page lists the four downloads. Every page passes
axe-core (WCAG 2.2 AA), does not scroll sideways and breaks no Content Security Policy rule."""

import pytest
from playwright.sync_api import expect

from waypost.directory.models import Audience
from waypost.directory.toolkit import choices_for
from waypost.testing.browser import login_as, problems_at_sizes
from waypost.testing.directory import make_location, make_service

pytestmark = pytest.mark.browser


@pytest.fixture
def services(world):
    coventry = world.coventry
    place = make_location(coventry, "Harnall Lane")
    return [
        make_service(coventry, "Anchor Night Shelter", categories=("emergency-accommodation",)),
        make_service(coventry, "Breakfast Club", categories=("food",), location=place),
        make_service(coventry, "Street Nurse", categories=("nurse",)),
    ]


def test_a_coordinator_chooses_the_hospitals_services(
    page, live_server, page_problems, world, coordinator_user, services
):
    login_as(page, live_server, coordinator_user)
    failures: list[str] = []
    page.goto(f"{live_server.url}/directory/toolkit/")
    expect(page.locator("h1")).to_have_text("Printable toolkits")
    failures += problems_at_sizes(page, "the toolkits")

    page.get_by_role("link", name="Choose services for hospitals").click()
    expect(page.locator("h1")).to_have_text("Toolkit for hospitals")
    failures += problems_at_sizes(page, "the choosing page")
    page.get_by_label("Street Nurse", exact=True).check()
    page.get_by_label("Breakfast Club", exact=True).check()
    page.get_by_label("Place in the list for Street Nurse (optional)").fill("first")
    page.get_by_role("button", name="Save the toolkit’s services").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter Street Nurse's place in the list as a whole number"
    )
    expect(page.get_by_label("Breakfast Club", exact=True)).to_be_checked()
    failures += problems_at_sizes(page, "the choosing page with an error")
    page.get_by_label("Place in the list for Street Nurse (optional)").fill("1")
    page.get_by_role("button", name="Save the toolkit’s services").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("now lists 2 services")
    failures += problems_at_sizes(page, "the choosing page after saving")
    assert [c.service.name for c in choices_for(world.coventry, Audience.HOSPITALS)] == [
        "Street Nurse",
        "Breakfast Club",
    ]

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the toolkit for hospitals (PDF)").click()
    assert download.value.suggested_filename == "coventry-toolkit-hospitals.pdf"

    page_problems.assert_none(where="on the toolkit pages")
    assert not failures, "\n".join(failures)


def test_a_caseworker_sees_the_choices_and_the_public_sees_the_downloads(
    page, live_server, page_problems, world, caseworker_user, coordinator_user, services
):
    from waypost.directory.toolkit_actions import choose_toolkit_services

    choose_toolkit_services(world.coventry, Audience.GPS, services[2:], by=coordinator_user)
    failures: list[str] = []
    page.goto(f"{live_server.url}/services/coventry/toolkit/")
    expect(page.locator("h1")).to_have_text("Rough sleeping toolkits")
    expect(page.get_by_role("link", name="Toolkit for GP practices (PDF)")).to_be_visible()
    failures += problems_at_sizes(page, "the public toolkit page")

    login_as(page, live_server, caseworker_user)
    page.goto(f"{live_server.url}/directory/toolkit/coventry/gps/")
    expect(page.locator("ol")).to_contain_text("Street Nurse")
    failures += problems_at_sizes(page, "the toolkit page for a caseworker")
    page_problems.assert_none(where="on the toolkit pages")
    assert not failures, "\n".join(failures)
