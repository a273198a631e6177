"""In a real browser at phone width (375 px), with a desktop check of each page too: an outreach
worker sees their service flagged as not checked for 6 months, changes it (a mistake in the
opening hours first, then a new place through the "Somewhere new" reveal), marks it as still
right and marks it closed today; a coordinator adds an area. Every page passes axe-core
(WCAG 2.2 AA), does not scroll sideways and breaks no Content Security Policy rule."""

from datetime import time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from waypost.directory.models import Area, Closure, Schedule, Service
from waypost.directory.tests.test_manage_helpers import (  # noqa: F401  (fixtures)
    outreach_org_fixture,
    outreach_service_fixture,
)
from waypost.testing.browser import PHONE, login_as, problems_at_sizes
from waypost.testing.directory import make_area, make_organization

pytestmark = pytest.mark.browser


def test_an_outreach_worker_keeps_their_service_on_a_phone(
    page, live_server, page_problems, world, outreach_user, outreach_service
):
    Service.objects.filter(pk=outreach_service.pk).update(
        last_checked_at=timezone.now() - timedelta(days=220)  # 7 months either side of midnight
    )
    make_area(world.coventry, "City centre")
    login_as(page, live_server, outreach_user)
    page.set_viewport_size(PHONE)
    failures: list[str] = []

    page.goto(f"{live_server.url}/directory/manage/")
    expect(page.locator("h1")).to_have_text("Your services")
    expect(page.locator("#services")).to_contain_text("Not checked for 6 months")
    expect(page.locator("#services")).to_contain_text("Last checked 7 months ago")
    failures += problems_at_sizes(page, "the services list with a flag", end=PHONE)

    page.get_by_role("link", name="Change Street outreach drop-in").click()
    expect(page.locator("h1")).to_have_text("Change Street outreach drop-in")
    failures += problems_at_sizes(page, "the service form", end=PHONE)
    # The new place's fields stay hidden until "Somewhere new" is ticked.
    expect(page.get_by_label("Address line")).to_be_hidden()
    page.get_by_label("Somewhere new").check()
    expect(page.get_by_label("Address line")).to_be_visible()
    page.get_by_label("Address line").fill("Pool Meadow bus station")
    page.get_by_label("Town or city").fill("Coventry")
    page.get_by_label("Postcode (optional)").fill("cv1 5rr")
    page.get_by_label("Area (optional)").select_option(label="City centre")
    page.get_by_role("group", name="Saturday").get_by_label("Opens").fill("20:00")
    page.get_by_role("group", name="Saturday").get_by_label("Closes").fill("8am")
    page.get_by_role("group", name="Sunday").get_by_label("Opens").fill("25:00")
    page.get_by_role("group", name="Sunday").get_by_label("Closes").fill("08:00")
    page.get_by_role("button", name="Save the service").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the time Sunday opens as a time")
    expect(page.get_by_label("Address line")).to_have_value("Pool Meadow bus station")
    failures += problems_at_sizes(page, "the service form with an error", end=PHONE)
    summary.get_by_role("link", name="Enter the time Sunday opens as a time").click()
    expect(page.locator("#id_hours-su_opens")).to_be_focused()
    page.locator("#id_hours-su_opens").fill("")
    page.locator("#id_hours-su_closes").fill("")
    page.get_by_role("button", name="Save the service").click()

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "saved and marked as checked today"
    )
    expect(page.locator("#services")).not_to_contain_text("Not checked for 6 months")
    service = Service.objects.get(pk=outreach_service.pk)
    assert Schedule.objects.filter(service=service, byday="SA").get().closes_at == time(8)
    assert service.at_locations.count() == 2

    page.get_by_role("button", name="Mark as still right").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "marked as still right"
    )
    failures += problems_at_sizes(page, "the services list after a check", end=PHONE)

    page.get_by_role("link", name="Closures of Street outreach drop-in").click()
    expect(page.locator("h1")).to_have_text("Closures")
    failures += problems_at_sizes(page, "the closures page", end=PHONE)
    page.get_by_label("Why (optional)").first.fill("Staff training")
    page.get_by_role("button", name="Mark as closed today").click()
    expect(page.locator("#upcoming + dl")).to_contain_text("Staff training")
    assert Closure.objects.filter(service=service).count() == 1
    page.get_by_role("button", name="Add the closure").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the first day")
    failures += problems_at_sizes(page, "the closures page with an error", end=PHONE)

    page_problems.assert_none(where="on the pages for keeping services")
    assert not failures, "\n".join(failures)


def test_a_coordinator_keeps_areas_and_organisations(
    page, live_server, page_problems, world, coordinator_user, outreach_service
):
    make_organization(world.coventry, "St Michael's Food Bank")
    login_as(page, live_server, coordinator_user)
    page.set_viewport_size(PHONE)
    failures: list[str] = []
    page.goto(f"{live_server.url}/directory/manage/areas/")
    page.get_by_label("Name").fill("Hillfields")
    page.get_by_label("Latitude of its middle point").fill("252.4")
    page.get_by_label("Longitude of its middle point").fill("-1.498")
    page.get_by_role("button", name="Add the area").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a latitude between")
    failures += problems_at_sizes(page, "the areas page with an error", end=PHONE)
    page.get_by_label("Latitude of its middle point").fill("52.4147")
    page.get_by_role("button", name="Add the area").click()
    expect(page.locator("#areas")).to_contain_text("Hillfields")
    failures += problems_at_sizes(page, "the areas page", end=PHONE)
    area = Area.objects.get(name="Hillfields")
    page.get_by_role("link", name="Change Hillfields").click()
    expect(page.locator("h1")).to_have_text("Change Hillfields")
    failures += problems_at_sizes(page, "changing an area", end=PHONE)
    page.goto(f"{live_server.url}/directory/manage/areas/")
    page.get_by_role("link", name="Remove Hillfields").click()
    failures += problems_at_sizes(page, "removing an area", end=PHONE)
    page.get_by_role("button", name="Remove the area").click()
    assert not Area.objects.filter(pk=area.pk).exists()

    place = outreach_service.at_locations.get().location
    page.goto(f"{live_server.url}/directory/manage/places/{place.pk}/")
    expect(page.locator("h1")).to_have_text("Change Outreach base")
    failures += problems_at_sizes(page, "changing a place", end=PHONE)
    page.goto(f"{live_server.url}/directory/manage/organisations/")
    failures += problems_at_sizes(page, "the organisations page", end=PHONE)
    page.get_by_role("link", name="Coventry Outreach", exact=True).click()
    failures += problems_at_sizes(page, "an organisation's form", end=PHONE)
    page.goto(f"{live_server.url}/directory/manage/services/new/")
    expect(page.locator("h1")).to_have_text("Which organisation runs the service?")
    failures += problems_at_sizes(page, "choosing the organisation", end=PHONE)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Add a service")
    failures += problems_at_sizes(page, "the new service form", end=PHONE)

    page_problems.assert_none(where="on the coordinator's directory pages")
    assert not failures, "\n".join(failures)
