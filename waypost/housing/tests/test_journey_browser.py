"""The accommodation journey end to end, in a real browser: a provider updates its vacancies;
a caseworker finds the beds that suit a woman on the by-name list (never the men's hostel),
places her in one, and both the vacancy board and her timeline show it. Every page passes
axe-core at phone and desktop widths."""

import pytest
from playwright.sync_api import expect

from waypost.housing.models import GenderRule, Placement, UnitStatus
from waypost.housing.tests.test_placement_helpers import make_scheme, make_unit, person_on_list
from waypost.outreach.models import ByNameEntry, ListStatus
from waypost.testing.browser import login_as, problems_at_sizes

pytestmark = pytest.mark.browser


def test_a_provider_frees_a_bed_and_a_caseworker_places_someone_in_it(
    page, live_server, page_problems, world, provider_user, caseworker_user
):
    shelter = make_scheme(world.shelter, "Harnall Lane Shelter")
    for label in ("Bed 1", "Bed 2", "Bed 3"):
        make_unit(shelter, label, status=UnitStatus.OCCUPIED)
    make_unit(make_scheme(world.shelter, "Mens Hostel", gender_rule=GenderRule.MEN), "Room 1")
    person = person_on_list(
        world.council, caseworker_user, gender="woman", given_name="Jo", family_name="Bloggs"
    )
    failures: list[str] = []

    # The night shelter's manager frees a bed on the board.
    login_as(page, live_server, provider_user)
    page.goto(f"{live_server.url}/housing/board/")
    page.get_by_role("link", name="Update vacancies at Harnall Lane Shelter").click()
    page.get_by_role("group", name="Bed 2").get_by_label("Free").check()
    page.get_by_role("button", name="Save vacancies").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("saved")
    expect(page.locator("main")).to_contain_text("1 of 3 free")
    failures += problems_at_sizes(page, "the board after the provider's update")

    # A caseworker goes from the person's record to the beds that suit her.
    page.context.clear_cookies()
    login_as(page, live_server, caseworker_user)
    page.goto(f"{live_server.url}/people/{person.pk}/")
    page.get_by_role("link", name="Suitable beds").click()
    expect(page.locator("h1")).to_have_text("Beds that suit them")
    expect(page.locator("main")).not_to_contain_text("Mens Hostel")
    expect(page.locator("main")).to_contain_text("Bed 2")
    failures += problems_at_sizes(page, "the beds that suit her")
    page.get_by_role("button", name="Place Jo Bloggs here").first.click()
    expect(page.locator("h1")).to_have_text("Place Jo Bloggs in Bed 2 at Harnall Lane Shelter")
    page.get_by_role("button", name="Place Jo Bloggs here").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Placed at Harnall Lane Shelter, Bed 2."
    )

    # The board shows the bed taken, and her timeline and list status show where she is.
    page.goto(f"{live_server.url}/housing/board/")
    expect(page.locator("main")).to_contain_text("0 of 3 free")
    failures += problems_at_sizes(page, "the board after the placement")
    page.goto(f"{live_server.url}/cases/people/{person.pk}/timeline/")
    expect(page.locator("main")).to_contain_text("Placed at Harnall Lane Shelter")
    failures += problems_at_sizes(page, "her timeline")

    placement = Placement.objects.get(person=person)
    assert placement.unit.label == "Bed 2" and placement.unit.status == UnitStatus.OCCUPIED
    assert ByNameEntry.objects.get(person=person).status == ListStatus.EMERGENCY
    page_problems.assert_none(where="on the journey's pages")
    assert not failures, "\n".join(failures)
