"""In a real browser, on a desktop (1280 px) and a phone (375 px): a coordinator builds the
register (a provider, a scheme with a mistake first, a unit); a provider checks the vacancy
board, tries to free a room someone is placed in, then saves; a caseworker reads the scheme's
page. Every page passes axe-core (WCAG 2.2 AA), does not scroll sideways and breaks no
Content Security Policy rule."""

import pytest
from playwright.sync_api import expect

from waypost.housing.models import Provider, Scheme, UnitStatus
from waypost.housing.placement_actions import place_person
from waypost.housing.register_actions import add_unit
from waypost.housing.tests.register_helpers import make_provider, make_scheme, unit
from waypost.testing.browser import login_as, problems_at_sizes
from waypost.testing.people import make_person

pytestmark = pytest.mark.browser


def test_a_coordinator_builds_the_register(
    page, live_server, page_problems, world, coordinator_user
):
    login_as(page, live_server, coordinator_user)
    failures: list[str] = []
    page.goto(f"{live_server.url}/housing/register/")
    expect(page.locator("h1")).to_have_text("Accommodation register")
    failures += problems_at_sizes(page, "the empty register")

    page.get_by_role("button", name="Add a provider").click()
    page.get_by_role("button", name="Save the provider").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the provider")
    failures += problems_at_sizes(page, "the provider form with errors")
    page.get_by_label("Name", exact=True).fill("Coventry Night Shelter")
    page.get_by_label("Whose staff keep its vacancies?").select_option(
        label="Coventry Night Shelter"
    )
    page.get_by_role("button", name="Save the provider").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("added")
    failures += problems_at_sizes(page, "the register with a provider")
    provider = Provider.objects.get()

    page.goto(f"{live_server.url}/housing/providers/{provider.pk}/")
    expect(page.locator("h1")).to_have_text("Change Coventry Night Shelter")
    failures += problems_at_sizes(page, "the provider's change form")

    page.goto(f"{live_server.url}/housing/providers/{provider.pk}/schemes/new/")
    page.get_by_label("Name", exact=True).fill("Harnall Lane Shelter")
    page.get_by_label("Night shelter").check()
    page.get_by_label("Youngest age it takes").fill("30")
    page.get_by_label("Oldest age it takes (optional)").fill("24")
    page.get_by_role("button", name="Save the scheme").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The oldest age must be")
    failures += problems_at_sizes(page, "the scheme form with errors")
    page.get_by_label("Youngest age it takes").fill("18")
    page.get_by_role("group", name="Is it in the city centre?").get_by_label("Yes").check()
    page.get_by_role("group", name="Does someone need a local connection to stay?").get_by_label(
        "No"
    ).check()
    page.get_by_label("Takes couples").check()
    page.get_by_role("button", name="Save the scheme").click()
    expect(page.locator("h1")).to_have_text("Harnall Lane Shelter")
    scheme = Scheme.objects.get()

    page.get_by_role("link", name="Add a room or bed").click()
    failures += problems_at_sizes(page, "the unit form")
    page.get_by_label("Name of the room or bed").fill("Room 1")
    page.get_by_label("A couple (two people)").check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#units")).to_contain_text("A couple’s room")
    failures += problems_at_sizes(page, "the scheme page for a coordinator")

    page.get_by_role("link", name="Change Room 1").click()
    expect(page.locator("h1")).to_have_text("Change Room 1")
    failures += problems_at_sizes(page, "the unit's change form")
    page.goto(f"{live_server.url}/housing/schemes/{scheme.pk}/edit/")
    expect(page.locator("h1")).to_have_text("Change Harnall Lane Shelter")
    failures += problems_at_sizes(page, "the scheme's change form")

    page_problems.assert_none(where="on the register pages")
    assert not failures, "\n".join(failures)


def test_a_provider_keeps_the_board_and_a_caseworker_reads_it(
    page, live_server, page_problems, world, provider_user, caseworker_user
):
    scheme = make_scheme(make_provider(world.shelter), units=3, couples=True, pets=True)
    add_unit(scheme, label="Room 4", step_free=True, by=None)
    make_scheme(make_provider(world.council, "Council Hostels"), "Council Hostel", units=2)
    person = make_person(world.council, caseworker_user, given_name="Robin", family_name="Quayle")
    place_person(person, unit(scheme, "Room 4"), agency=world.council, by=caseworker_user)
    assert unit(scheme, "Room 4").status == UnitStatus.OCCUPIED

    login_as(page, live_server, provider_user)
    failures: list[str] = []
    page.goto(f"{live_server.url}/housing/board/")
    expect(page.locator("h1")).to_have_text("Vacancy board")
    expect(page.locator("main")).not_to_contain_text("Council Hostel")
    expect(page.locator("main")).to_contain_text("Vacancies not updated yet")
    failures += problems_at_sizes(page, "the board for a provider")

    page.get_by_role("link", name="Update vacancies at Harnall Lane Shelter").click()
    expect(page.locator("h1")).to_have_text("Vacancies at Harnall Lane Shelter")
    expect(page.locator("main")).not_to_contain_text("Quayle")
    failures += problems_at_sizes(page, "the vacancy page")
    page.get_by_role("group", name="Room 4").get_by_label("Free").check()
    page.get_by_role("group", name="Bed 1").get_by_label("Occupied").check()
    page.get_by_role("button", name="Save vacancies").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Room 4 has someone placed in it: end the placement first"
    )
    failures += problems_at_sizes(page, "the vacancy page with an error")
    page.get_by_role("group", name="Room 4").get_by_label("Occupied").check()
    page.get_by_role("button", name="Save vacancies").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("saved")
    expect(page.locator("main")).to_contain_text("today by Provider")
    expect(page.locator("main")).to_contain_text("2 of 4 free")

    page.goto(f"{live_server.url}/housing/schemes/{scheme.pk}/")
    expect(page.locator("#units")).to_contain_text("Someone placed by Coventry Housing Options")
    expect(page.locator("main")).not_to_contain_text("Quayle")
    failures += problems_at_sizes(page, "the scheme page for a provider")

    page.context.clear_cookies()
    login_as(page, live_server, caseworker_user)
    page.goto(f"{live_server.url}/housing/board/?suits=couples&free=on")
    expect(page.locator("main")).to_contain_text("1 scheme matches the filters")
    failures += problems_at_sizes(page, "the filtered board for a caseworker")
    page.get_by_role("link", name="Harnall Lane Shelter").click()
    expect(page.locator("#units")).to_contain_text("Robin Quayle")
    failures += problems_at_sizes(page, "the scheme page for a caseworker")
    page.goto(f"{live_server.url}/housing/register/")
    failures += problems_at_sizes(page, "the register for a caseworker")

    page_problems.assert_none(where="on the board pages")
    assert not failures, "\n".join(failures)
