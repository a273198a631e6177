"""In a real browser on a phone (375 CSS pixels), not signed in: a member of the public opens
the Coventry directory, filters by a need, "Open now" and "Women only" with the keyboard,
opens a service and reads its opening times, goes to "Get help now" (SWEP active: said
first), then lets the page use their location. Every page passes axe-core (WCAG 2.2 AA), does
not scroll sideways and breaks no Content Security Policy rule."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from waypost.directory.models import GenderServed, Schedule, ServiceStatus
from waypost.directory.opening import DAY_CODES, time_words
from waypost.housing.tests.register_helpers import make_provider, make_scheme
from waypost.swep.models import Activation, ActivationKind, ActivationStatus
from waypost.testing.browser import PHONE, login_as, problems_at_sizes, problems_here
from waypost.testing.directory import make_area, make_location, make_service

pytestmark = pytest.mark.browser


def open_around_now(service) -> str:
    """Give the service a session from an hour ago to three hours from now (London time), so
    it is open whenever the test runs; return its opening time in words."""
    opens = (timezone.localtime() - timedelta(hours=1)).replace(minute=0, second=0)
    closes = opens + timedelta(hours=4)
    Schedule.objects.create(
        service=service,
        freq="WEEKLY",
        byday=DAY_CODES[opens.weekday()],
        opens_at=opens.time(),
        closes_at=closes.time(),
    )
    return time_words(opens.time())


@pytest.fixture
def directory(world):
    coventry = world.coventry
    centre = make_area(coventry, "City centre")
    make_area(coventry, "Hillfields", latitude="52.41500", longitude="-1.49500")
    women = make_service(
        coventry,
        "Women’s day centre",
        categories=("day-centres", "womens-services"),
        gender=GenderServed.WOMEN,
        accepts_no_recourse=True,
        location=make_location(coventry, "Queen’s Road", area=centre, latitude=52.409),
        application_process="Ring the bell at the side door.",
    )
    opens = open_around_now(women)
    open_around_now(make_service(coventry, "Mixed day centre", categories=("day-centres",)))
    make_service(
        coventry,
        "Women’s evening club",
        categories=("day-centres",),
        gender=GenderServed.WOMEN,
        status=ServiceStatus.TEMPORARILY_CLOSED,
    )
    make_service(
        coventry,
        "Night shelter",
        categories=("emergency-accommodation",),
        housing_scheme=make_scheme(make_provider(world.shelter), "Harnall Lane", units=4),
        location=make_location(coventry, "Harnall Lane", area=centre, latitude=52.45),
    )
    now = timezone.now()
    Activation.objects.create(
        partnership=coventry,
        kind=ActivationKind.COLD,
        status=ActivationStatus.ACTIVE,
        starts_at=now - timedelta(hours=1),
        expected_end_at=now + timedelta(days=2),
    )
    return opens


def test_a_member_of_the_public_finds_help_on_a_phone(page, live_server, page_problems, directory):
    page.set_viewport_size(PHONE)
    width = PHONE["width"]
    failures: list[str] = []

    page.goto(f"{live_server.url}/services/")
    expect(page.locator("h1")).to_have_text("Find help near you")
    failures += problems_here(page, "the list of partnerships", width)
    page.get_by_role("link", name="Coventry", exact=True).click()
    expect(page.locator("h1")).to_have_text("Find help in Coventry")
    failures += problems_here(page, "the search page", width)

    # Keyboard only. Wait for GOV.UK Frontend to start the checkboxes first.
    expect(page.locator('[data-module="govuk-checkboxes"]').first).to_have_attribute(
        "data-govuk-checkboxes-init", ""
    )
    need = page.get_by_label("What do you need help with?")
    need.focus()
    page.keyboard.type("Day c")  # type-ahead in the closed select
    expect(need).to_have_value("day-centres")
    page.get_by_label("Open now").focus()
    page.keyboard.press("Space")
    page.get_by_label("Women only").focus()
    page.keyboard.press("Space")
    expect(page.get_by_label("Open now")).to_be_checked()
    expect(page.get_by_label("Women only")).to_be_checked()
    page.get_by_role("button", name="Search", exact=True).focus()
    page.keyboard.press("Enter")

    results = page.locator("#results")
    expect(results.locator("h2")).to_have_text("1 service found")
    expect(results).to_contain_text("Women’s day centre")
    expect(results).to_contain_text("Open now until")
    expect(results).not_to_contain_text("Mixed day centre")
    expect(results).not_to_contain_text("Women’s evening club")
    expect(page.get_by_label("Open now")).to_be_checked()  # the choices survive
    failures += problems_at_sizes(page, "the results", end=PHONE)

    results.get_by_role("link", name="Women’s day centre").focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Women’s day centre")
    opening = page.locator("#opening-times + ul")
    expect(opening).to_contain_text(f"{directory} to")
    expect(page.locator("main")).to_contain_text("Ring the bell at the side door.")
    expect(page.locator("main")).to_contain_text("Last checked on")
    failures += problems_at_sizes(page, "the service page", end=PHONE)

    page.get_by_role("link", name="Get help now: what is open tonight").click()
    expect(page.locator("h1")).to_have_text("Get help now")
    first_banner = page.locator("main .govuk-notification-banner").first
    expect(first_banner).to_contain_text("SWEP is active in Coventry tonight")
    assert page.locator("main .govuk-notification-banner").count() == 1  # not said twice
    expect(page.locator("main")).to_contain_text("4 beds free of 4")
    expect(page.locator("main")).to_contain_text("Tell the outreach team")
    failures += problems_here(page, "get help now", width)

    # "Use my location", after the browser asks: the nearest first, rounded to about 100 m.
    page.context.grant_permissions(["geolocation"], origin=live_server.url)
    page.context.set_geolocation({"latitude": 52.4081234, "longitude": -1.5106789})
    page.goto(f"{live_server.url}/services/coventry/")
    page.get_by_role("button", name="Use my location").click()
    expect(page.locator("#results")).to_contain_text("Nearest to your location first")
    assert "lat=52.408" in page.url and "lng=-1.511" in page.url
    assert "52.4081234" not in page.url
    names = page.locator("#results h3").all_inner_texts()
    assert names.index("Women’s day centre") < names.index("Night shelter")
    failures += problems_here(page, "the results near the device", width)

    page_problems.assert_none(where="on the public directory")
    assert not failures, "\n".join(failures)


def test_a_caseworker_reads_the_professionals_view(
    page, live_server, page_problems, directory, caseworker_user
):
    login_as(page, live_server, caseworker_user)
    failures: list[str] = []
    page.goto(f"{live_server.url}/directory/search/?need=day-centres")
    expect(page.locator("h1")).to_have_text("Find a service")
    expect(page.locator("#results")).to_contain_text("How to refer")
    failures += problems_at_sizes(page, "the professionals' search")
    page.get_by_role("link", name="Women’s day centre").click()
    expect(page.locator("h2#for-professionals")).to_have_text("For professionals")
    failures += problems_at_sizes(page, "the professionals' service page")
    page_problems.assert_none(where="on the professionals' directory")
    assert not failures, "\n".join(failures)
