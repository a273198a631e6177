"""In a real browser, on a desktop (1280 px) and a phone (375 px): recording someone's housing
needs (with a mistake first), the beds that suit them, placing them in one, their placements,
ending the placement (with a mistake first), and room for all with its chart. Every page
passes axe-core (WCAG 2.2 AA), does not scroll sideways and breaks no Content Security Policy
rule."""

import pytest
from playwright.sync_api import expect

from waypost.housing.models import AccommodationKind, GenderRule, Placement
from waypost.housing.tests.test_placement_helpers import make_scheme, make_unit, person_on_list
from waypost.testing.browser import login_as, problems_at_sizes

pytestmark = pytest.mark.browser


def test_a_caseworker_finds_a_bed_places_someone_and_ends_it(
    page, live_server, page_problems, world, caseworker_user
):
    person = person_on_list(world.council, caseworker_user, gender="woman")
    shelter = make_scheme(
        world.shelter,
        "Harnall Lane Shelter",
        kind=AccommodationKind.NIGHT_SHELTER,
        pets=True,
        max_stay_days=28,
        area="Hillfields",
        how_to_refer="Call the shelter from 7pm.",
    )
    make_unit(shelter, "Bed 4")
    make_unit(make_scheme(world.shelter, "Mens Hostel", gender_rule=GenderRule.MEN), "Room 1")
    make_unit(make_scheme(world.shelter, "No Dogs House"), "Room 2")
    login_as(page, live_server, caseworker_user)
    failures: list[str] = []

    page.goto(f"{live_server.url}/housing/people/{person.pk}/needs/")
    expect(page.locator("h1")).to_have_text("What a place must offer them")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose whether they need a place with their partner"
    )
    failures += problems_at_sizes(page, "the needs form with an error")
    page.get_by_label("No", exact=True).check()
    page.get_by_label("They have a dog or other pet").check()
    page.get_by_label("Low: visiting support").check()
    page.get_by_role("button", name="Save").click()

    expect(page.locator("h1")).to_have_text("Beds that suit them")
    expect(page.locator("main")).to_contain_text("has a pet")
    expect(page.locator("main")).not_to_contain_text("Mens Hostel")
    expect(page.locator("main")).not_to_contain_text("No Dogs House")
    failures += problems_at_sizes(page, "the suitable beds page")
    page.get_by_role("button", name="Place Jo Bloggs here").first.click()

    expect(page.locator("h1")).to_have_text("Place Jo Bloggs in Bed 4 at Harnall Lane Shelter")
    failures += problems_at_sizes(page, "the place confirmation")
    page.get_by_label("Notes for the placement (optional)").fill("Arrives after 7pm")
    page.get_by_role("button", name="Place Jo Bloggs here").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Placed at Harnall Lane Shelter, Bed 4."
    )
    expect(page.locator("h1")).to_have_text("Placements")
    failures += problems_at_sizes(page, "the placements page")
    page.get_by_role("link", name="End this placement at Harnall Lane Shelter").click()

    expect(page.locator("h1")).to_have_text("End a placement")
    page.get_by_role("button", name="End the placement").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose why the placement ended")
    failures += problems_at_sizes(page, "the end page with an error")
    page.get_by_label("Abandonment").check()
    page.get_by_role("button", name="End the placement").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Placement at Harnall")
    assert Placement.objects.get(person=person).end_reason == "abandonment"

    page_problems.assert_none(where="on the placement pages")
    assert not failures, "\n".join(failures)


def test_a_coordinator_reads_room_for_all(
    page, live_server, page_problems, world, caseworker_user, coordinator_user
):
    make_unit(make_scheme(world.shelter, "Shelter", kind=AccommodationKind.NIGHT_SHELTER))
    for name in ("Una", "Vic", "Wyn"):
        person_on_list(world.council, caseworker_user, given_name=name)
    login_as(page, live_server, coordinator_user)
    page.goto(f"{live_server.url}/housing/room-for-all/")
    expect(page.locator("h1")).to_have_text("Room for all")
    expect(page.locator("main")).to_contain_text("Tonight: 1 place free for 4 people")
    expect(page.locator("svg[role='img']")).to_be_visible()
    failures = problems_at_sizes(page, "room for all")
    page_problems.assert_none(where="on room for all")
    assert not failures, "\n".join(failures)
