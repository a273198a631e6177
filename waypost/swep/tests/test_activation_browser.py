"""In a real browser: a coordinator reads the SWEP page (a forecast crosses a trigger),
enters a forecast (with a mistake first), changes the settings, subscribes, adds someone to
the rota, proposes an activation from the forecast and activates it; the banner appears and
the public page says how to get help; then SWEP is ended. Every page passes axe-core (WCAG 2.2
AA) at 1280 and 375 CSS pixels, where none may scroll sideways."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from waypost.swep.models import ActivationStatus, Forecast, ForecastSource, SwepSettings
from waypost.swep.tests.test_activation_access import make_activation
from waypost.testing.browser import login_as, problems_at_sizes

pytestmark = pytest.mark.browser


def test_a_coordinator_proposes_and_activates_swep(
    page, live_server, page_problems, world, coordinator_user, outreach_user
):
    today = timezone.localdate()
    SwepSettings.objects.create(
        partnership=world.coventry,
        help_text="Go to the Winter Shelter, Harnall Lane East, from 7pm.",
        help_phone="024 7683 3333",
    )
    tonight = Forecast.objects.create(
        partnership=world.coventry,
        night=today,
        min_temp_c=Decimal("-1.0"),
        feels_like_min_c=Decimal("-4.0"),
        ice=True,
        source=ForecastSource.MANUAL,
    )
    make_activation(
        world.coventry,
        status=ActivationStatus.ENDED,
        starts_at=timezone.now() - timedelta(days=30),
        expected_end_at=timezone.now() - timedelta(days=28),
        ended_at=timezone.now() - timedelta(days=28),
    )
    failures: list[str] = []
    login_as(page, live_server, coordinator_user)

    page.goto(f"{live_server.url}/swep/")
    expect(page.locator("h1")).to_have_text("Severe weather (SWEP)")
    expect(page.locator(".govuk-warning-text")).to_contain_text(
        "Forecast crosses a trigger: propose an activation."
    )
    failures += problems_at_sizes(page, "the SWEP page")

    page.get_by_role("link", name="Enter a forecast").click()
    expect(page.locator("h1")).to_have_text("Enter a forecast")
    page.get_by_label("Forecast minimum temperature (°C)").fill("freezing")
    page.get_by_role("button", name="Save the forecast").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the forecast minimum as a number of degrees"
    )
    failures += problems_at_sizes(page, "the forecast form with an error")
    page.get_by_label("Forecast minimum temperature (°C)").fill("-1")
    page.get_by_label("Snow").check()
    page.get_by_role("button", name="Save the forecast").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Forecast saved")

    page.goto(f"{live_server.url}/swep/settings/")
    expect(page.locator("h1")).to_have_text("SWEP settings")
    failures += problems_at_sizes(page, "the settings page")
    page.get_by_label("A yellow alert or above").first.check()
    page.get_by_role("button", name="Save the settings").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("settings saved")

    page.goto(f"{live_server.url}/swep/alerts/")
    failures += problems_at_sizes(page, "your SWEP alerts")
    page.get_by_label("By text message").check()
    page.get_by_label("Work mobile number").fill("07700 900123")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("text message")

    page.goto(f"{live_server.url}/swep/rota/")
    page.get_by_label("Member of staff").select_option(str(outreach_user.pk))
    page.get_by_label("Their work mobile number").fill("07700 900456")
    page.get_by_role("button", name="Add to the rota").click()
    expect(page.get_by_role("table")).to_contain_text("07700 900456")
    failures += problems_at_sizes(page, "the rota")

    page.goto(f"{live_server.url}/swep/propose/?forecast={tonight.pk}")
    expect(page.locator("h1")).to_have_text("Propose an activation")
    expect(page.get_by_label("Why")).to_contain_text("Forecast minimum")
    failures += problems_at_sizes(page, "the proposal form")
    page.get_by_role("button", name="Propose the activation").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("SWEP proposed")
    failures += problems_at_sizes(page, "a proposal")

    page.get_by_role("button", name="Activate SWEP").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "SWEP is active in Coventry"
    )
    expect(page.locator("#swep-banner-title")).to_have_text("Severe weather")
    expect(page.get_by_role("table")).to_contain_text("by text message")
    failures += problems_at_sizes(page, "an active activation")

    page.get_by_role("link", name="How to get help").click()
    expect(page.locator("h1")).to_have_text("SWEP is active tonight: how to get help")
    expect(page.get_by_role("link", name="024 7683 3333")).to_have_attribute(
        "href", "tel:02476833333"
    )
    failures += problems_at_sizes(page, "the public page, signed in")

    page.goto(f"{live_server.url}/swep/")
    page.get_by_role("link", name="See the activation and who has been told").click()
    page.get_by_role("link", name="End SWEP").click()
    failures += problems_at_sizes(page, "ending SWEP")
    page.get_by_role("button", name="End SWEP and tell partners").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("SWEP has ended")
    expect(page.locator("#swep-banner-title")).to_have_count(0)

    page_problems.assert_none(where="on the SWEP pages")
    assert not failures, "\n".join(failures)


def test_the_public_sees_the_banner_and_the_status_page(page, live_server, page_problems, world):
    failures: list[str] = []
    page.goto(f"{live_server.url}/severe-weather/")
    expect(page.locator("h1")).to_have_text("Severe weather: is SWEP active tonight?")
    failures += problems_at_sizes(page, "the public status page, not active")

    make_activation(
        world.coventry,
        status=ActivationStatus.ACTIVE,
        starts_at=timezone.now() - timedelta(hours=1),
    )
    page.goto(f"{live_server.url}/privacy/")
    expect(page.locator("#swep-banner-title")).to_have_text("Severe weather")
    failures += problems_at_sizes(page, "a public page with the banner")
    page.get_by_role("link", name="How to get help").click()
    expect(page.locator("h1")).to_have_text("SWEP is active tonight: how to get help")
    failures += problems_at_sizes(page, "the public page for Coventry")
    page.goto(f"{live_server.url}/severe-weather/")
    failures += problems_at_sizes(page, "the public status page, active")

    page_problems.assert_none(where="on the public severe weather pages")
    assert not failures, "\n".join(failures)
