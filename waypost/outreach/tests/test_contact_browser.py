"""In a real browser, on a phone-sized screen (375 x 812): an outreach worker logs a contact with
someone not identified yet (with the phone's location), later identifies the person and sees
the contact on their timeline; a contact with someone known is found by name; a coordinator
keeps the places. Every page passes axe-core (WCAG 2.2 AA) at 375 and 1280 CSS pixels and
none scrolls sideways on the phone."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from waypost.outreach.models import ByNameEntry, ListStatus, StreetContact
from waypost.outreach.tests.contact_helpers import make_place
from waypost.testing.browser import login_as, problems_at_sizes
from waypost.testing.people import make_person

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def test_an_unidentified_contact_is_logged_at_night_then_identified_and_on_the_timeline(
    page, live_server, page_problems, world, outreach_user
):
    make_place(world.coventry, "Broadgate")
    make_place(world.coventry, "Spon Street", kind="place", area="Spon End")
    person = make_person(
        world.outreach, given_name="Daniel", family_name="Byrne", preferred_name="Danny"
    )
    page.set_viewport_size(PHONE)
    page.context.grant_permissions(["geolocation"], origin=live_server.url)
    page.context.set_geolocation({"latitude": 52.408123, "longitude": -1.510987})
    login_as(page, live_server, outreach_user)
    failures: list[str] = []

    # The night: someone the worker does not know yet, bedded down in a doorway.
    page.goto(f"{live_server.url}{reverse('outreach:contact_new')}")
    expect(page.locator("h1")).to_have_text("Record a street contact")
    failures += problems_at_sizes(page, "contact form", end=PHONE)
    page.get_by_role("button", name="Save the contact").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    failures += problems_at_sizes(page, "contact form with errors", end=PHONE)

    # It starts at now (to the minute, which may have just turned).
    expect(page.get_by_label("Time", exact=True)).to_have_value(re.compile(r"^\d\d:\d\d$"))
    shown = page.get_by_label("Time", exact=True).input_value()
    now = timezone.localtime()
    assert shown in {now.strftime("%H:%M"), (now - timedelta(minutes=1)).strftime("%H:%M")}
    page.get_by_label("Not identified yet").check()
    page.get_by_label("Describe them").fill(
        "Man, about 35, green parka, says his name is Dan, Irish accent"
    )
    page.get_by_label("Place", exact=True).select_option(label="Broadgate (City centre)")
    page.get_by_role("button", name="Use my location").click()
    expect(page.get_by_text("Your location will be saved with the contact.")).to_be_visible()
    page.get_by_label("Where exactly? (optional)").fill("Doorway of the old bank")
    page.get_by_label("Yes, bedded down").check()
    page.locator('input[name="activities"][value="begging"]').check()
    for offer in ("accommodation", "food", "blankets"):
        page.locator(f'input[name="offered"][value="{offer}"]').check()
    page.locator('input[name="accepted"][value="food"]').check()
    page.locator('input[name="accepted"][value="health"]').check()  # not offered: refused
    page.get_by_role("button", name="Save the contact").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("“Health care” as accepted")
    # Everything typed is still there.
    expect(page.get_by_label("Describe them")).to_have_value(
        "Man, about 35, green parka, says his name is Dan, Irish accent"
    )
    page.locator('input[name="accepted"][value="health"]').uncheck()
    page.get_by_role("button", name="Save the contact").click()

    expect(page.locator("h1")).to_have_text("Street contact")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Street contact recorded.")
    failures += problems_at_sizes(page, "contact page", end=PHONE)
    contact = StreetContact.objects.get()
    assert contact.person is None and contact.bedded_down
    assert contact.latitude == Decimal("52.4081") and contact.longitude == Decimal("-1.5110")
    assert contact.accepted == ["food"]

    # Later: the worker finds out who it was.
    page.goto(f"{live_server.url}{reverse('outreach:contacts')}")
    failures += problems_at_sizes(page, "recent contacts", end=PHONE)
    page.get_by_role("link", name="Not identified yet").first.click()
    expect(page.locator("h1")).to_have_text("Contacts not identified yet")
    failures += problems_at_sizes(page, "contacts not identified yet", end=PHONE)
    page.get_by_role("link", name="Identify").click()
    expect(page.locator("h1")).to_have_text("Identify the person")
    failures += problems_at_sizes(page, "identify", end=PHONE)
    page.get_by_label("Search by name, date of birth or identifier").fill("Danny Byrne")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("1 person matches")).to_be_visible()
    failures += problems_at_sizes(page, "identify with results", end=PHONE)
    page.get_by_role("button", name="This is them").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Contact linked to the person’s record."
    )
    expect(page.get_by_role("link", name="Danny (Daniel Byrne)")).to_be_visible()
    contact.refresh_from_db()
    assert contact.person == person
    assert ByNameEntry.objects.get(person=person).status == ListStatus.ROUGH_SLEEPING

    # The contact is on their timeline.
    page.goto(f"{live_server.url}{reverse('cases:timeline', args=[person.pk])}")
    expect(page.get_by_text("Street contact", exact=True).first).to_be_visible()
    expect(page.locator("main")).to_contain_text("Broadgate")

    page_problems.assert_none(where="on the street contact pages")
    assert not failures, "\n".join(failures)


def test_a_contact_with_someone_known_and_a_new_record_from_a_contact(
    page, live_server, page_problems, world, outreach_user
):
    make_place(world.coventry, "Pool Meadow bus station")
    known = make_person(world.outreach, given_name="Precious", family_name="Mensah")
    page.set_viewport_size(PHONE)
    login_as(page, live_server, outreach_user)
    failures: list[str] = []

    page.goto(f"{live_server.url}{reverse('outreach:contact_new')}")
    page.get_by_label("Someone we know").check()
    page.get_by_label("Notes (optional)").fill("Asked about the day centre")
    search = page.get_by_label("Find them by name")
    search.fill("Precious Mensah")
    search.press("Enter")  # finds, as the Find button does
    expect(page.get_by_label("Precious Mensah")).to_be_visible()
    failures += problems_at_sizes(page, "contact form with people found", end=PHONE)
    expect(page.get_by_label("Notes (optional)")).to_have_value("Asked about the day centre")
    page.get_by_label("Precious Mensah").check()
    page.get_by_label("Place", exact=True).select_option(
        label="Pool Meadow bus station (City centre)"
    )
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Save the contact").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Street contact recorded.")
    expect(page.get_by_role("link", name="Precious Mensah")).to_be_visible()
    assert StreetContact.objects.get().person == known

    # Someone else, not in Waypost yet: a record is created from the contact.
    page.goto(f"{live_server.url}{reverse('outreach:contact_new')}")
    page.get_by_label("Not identified yet").check()
    page.get_by_label("Describe them").fill("Woman, 20s, pink hoodie, blue rucksack")
    page.get_by_label("Where exactly? (optional)").fill("Library steps")
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Save the contact").click()
    page.get_by_role("button", name="Identify the person").click()
    page.get_by_role("button", name="Create a new record").click()
    expect(page.locator("h1")).to_have_text("Who is the person?")
    failures += problems_at_sizes(page, "create a record from a contact", end=PHONE)
    page.get_by_label("First name").fill("Precious")
    page.get_by_label("Last name").fill("Mensah")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Possible existing person")
    failures += problems_at_sizes(page, "possible existing person", end=PHONE)
    page.get_by_role("button", name="None of these: create a new record").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Contact linked")

    page_problems.assert_none(where="on the street contact pages")
    assert not failures, "\n".join(failures)


def test_a_coordinator_keeps_the_places(page, live_server, page_problems, world, coordinator_user):
    make_place(world.coventry, "Broadgate")
    page.set_viewport_size(PHONE)
    login_as(page, live_server, coordinator_user)
    failures: list[str] = []
    page.goto(f"{live_server.url}{reverse('outreach:places')}")
    expect(page.locator("h1")).to_have_text("Places and hotspots")
    failures += problems_at_sizes(page, "places", end=PHONE)
    page.get_by_role("button", name="Add a place").click()
    page.get_by_role("button", name="Save the place").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    failures += problems_at_sizes(page, "place form with errors", end=PHONE)
    page.get_by_label("Name", exact=True).fill("Greyfriars Green")
    page.get_by_label("No, a named place").check()
    page.get_by_role("button", name="Save the place").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Greyfriars Green added.")
    page.get_by_role("link", name="Change Greyfriars Green").click()
    failures += problems_at_sizes(page, "change a place", end=PHONE)
    page.get_by_role("button", name="Stop using Greyfriars Green").click()
    expect(page.get_by_text("No longer used")).to_be_visible()
    failures += problems_at_sizes(page, "places with one no longer used", end=PHONE)
    page_problems.assert_none(where="on the places pages")
    assert not failures, "\n".join(failures)
