"""In a real browser: an outreach worker starts the annual snapshot, fixes a mistake in the
form, adds everyone seen bedded down that night and one more person by hand, changes a row,
records last month's figure from the street contacts' suggestion; the coordinator checks and
submits the count; a commissioner reads the figures. Every page passes axe-core (WCAG 2.2 AA)
at 1280 pixels and again at 375, where none may scroll sideways."""

import re
from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from waypost.outreach.count_figures import last_months
from waypost.outreach.models import CountedPerson, Place, StreetCount
from waypost.outreach.tests.test_count_support import NIGHT, london, seen, shared_person
from waypost.testing.browser import login_as, problems_at_sizes

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def test_the_annual_snapshot_from_start_to_submission(
    page,
    live_server,
    page_problems,
    world,
    outreach_user,
    coordinator_user,
    commissioner_user,
):
    place = Place.objects.create(partnership=world.coventry, name="Pool Meadow bus station")
    jo = shared_person(world, coordinator_user, gender="woman", nationality="Irish",
                       birth_date=date(1990, 2, 1))  # fmt: skip
    seen(world, london(NIGHT, 23, 10), person=jo, place=place)
    seen(world, london(NIGHT + date.resolution, 2, 0), description="Man with a black dog "
         "under the ring road, didn’t want to talk and asked us to come back in the morning",
         place=place)  # fmt: skip
    last = last_months(timezone.localdate())[-2]
    seen(world, london(last.replace(day=12), 23), person=jo)
    failures: list[str] = []
    login_as(page, live_server, outreach_user)

    page.goto(f"{live_server.url}/street/counts/")
    expect(page.locator("h1")).to_have_text("Street counts")
    failures += problems_at_sizes(page, "list, empty")
    page.get_by_role("link", name="Start an annual snapshot").click()

    expect(page.locator("h1")).to_have_text("Start an annual snapshot")
    page.get_by_label("Day", exact=True).fill(str(NIGHT.day))
    page.get_by_label("Month", exact=True).fill(str(NIGHT.month))
    page.get_by_label("Year", exact=True).fill(str(NIGHT.year))
    page.get_by_label("Street count", exact=True).check()
    page.get_by_role("button", name="Start the snapshot").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the areas covered")
    failures += problems_at_sizes(page, "start, with errors")
    page.get_by_label("Areas covered").fill("City centre and Hillfields")
    page.get_by_role("button", name="Start the snapshot").click()

    expect(page.locator("h1")).to_have_text("Annual snapshot: night of 13 November 2025")
    page.get_by_role("button", name="Add everyone seen bedded down that night").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Added 2 people seen bedded down: 1 with a record and 1 not yet identified."
    )
    expect(page.get_by_role("link", name="Jo Bloggs")).to_be_visible()
    failures += problems_at_sizes(page, "snapshot with people")

    page.get_by_role("link", name="Add a person").click()
    expect(page.locator("h1")).to_have_text("Add a person counted")
    page.get_by_label("How many people does this describe?").fill("0")
    page.get_by_role("button", name="Add to the count").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter how many people")
    failures += problems_at_sizes(page, "add a person, with errors")
    page.get_by_label("How many people does this describe?").fill("1")
    page.get_by_label("Female").check()
    page.get_by_label("18 to 25").check()
    page.get_by_label("UK national").check()
    page.get_by_label("Where they were seen (optional)").select_option(label=place.name)
    page.get_by_role("button", name="Add to the count").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Added 1 person")

    page.get_by_role("link", name="Change person 2").click()
    expect(page.locator("h1")).to_have_text("Change a person counted")
    failures += problems_at_sizes(page, "change a person")
    page.get_by_label("Male", exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Each breakdown adds up to the total of 3.")).to_be_visible()

    page.get_by_role("link", name="Back to street counts").click()
    expect(page.locator("h1")).to_have_text("Street counts")
    page.get_by_role("link", name="Monthly figures").click()
    expect(page.locator("h1")).to_have_text("Monthly figures")
    failures += problems_at_sizes(page, "monthly figures, empty")
    page.get_by_role("link", name=re.compile(f"^{last:%B %Y}.*record the figure$")).click()
    expect(page.locator("h1")).to_have_text(f"Figure for {last:%B %Y}")
    page.get_by_label("Day", exact=True).fill("12")
    page.get_by_label("Month", exact=True).fill(str(last.month))
    page.get_by_label("Year", exact=True).fill(str(last.year))
    page.get_by_role("button", name="Work out the figures from street contacts").click()
    expect(page.locator("#suggestion")).to_contain_text("1 person was recorded as seen")
    expect(page.get_by_label("People seen sleeping rough that night")).to_have_value("1")
    failures += problems_at_sizes(page, "monthly figure with the suggestion")
    page.get_by_label("People seen sleeping rough that night").fill("2")
    page.get_by_role("button", name="Save the figure").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("was saved")
    expect(page.locator("#monthly-chart")).to_be_visible()
    failures += problems_at_sizes(page, "monthly figures with a chart")

    count = StreetCount.objects.get(kind="annual")
    row = count.people.filter(person__isnull=True).first()
    for path, where in (
        ("/street/counts/", "list of counts"),
        (f"/street/counts/{count.pk}/change/", "change the details"),
        (f"/street/counts/{count.pk}/people/{row.pk}/remove/", "remove a person"),
        (f"/street/counts/{count.pk}/people/{row.pk}/person/", "link a person"),
    ):
        page.goto(f"{live_server.url}{path}")
        failures += problems_at_sizes(page, where)
    page.get_by_label("First name").fill("Jo")
    page.get_by_label("Last name").fill("Bloggs")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Possible existing person")
    failures += problems_at_sizes(page, "possible existing person")

    page.context.clear_cookies()
    login_as(page, live_server, coordinator_user)
    page.goto(f"{live_server.url}/street/counts/{count.pk}/")
    page.get_by_role("link", name="Check and submit the count").click()
    expect(page.locator("h1")).to_have_text("Check and submit the count")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the independent verifier")
    expect(page.get_by_role("button", name="Submit the count")).to_have_count(0)
    failures += problems_at_sizes(page, "check and submit, details missing")
    page.get_by_role("link", name="Enter the agencies consulted").click()
    expect(page.locator("h1")).to_contain_text("Change")
    page.get_by_label("Agencies consulted").fill("West Midlands Police, the day centre")
    page.get_by_label("Independent verifier").fill("Homeless Link")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("details were saved")
    page.get_by_role("link", name="Check and submit the count").click()
    expect(page.locator("h1")).to_have_text("Check and submit the count")
    summary = page.locator(".govuk-error-summary")
    assert not summary.count(), summary.inner_text()  # says which problem is left
    failures += problems_at_sizes(page, "check and submit")
    page.get_by_role("button", name="Submit the count").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Count submitted")
    failures += problems_at_sizes(page, "submitted snapshot")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the return (CSV)").click()
    assert "Verifier,Homeless Link" in download.value.path().read_text()

    page.context.clear_cookies()
    login_as(page, live_server, commissioner_user)
    page.goto(f"{live_server.url}/street/counts/{count.pk}/")
    expect(page.get_by_text("Each breakdown adds up to the total of 3.")).to_be_visible()
    expect(page.get_by_role("heading", name="People counted")).to_have_count(0)
    expect(page.get_by_text("Man with a black dog")).to_have_count(0)
    failures += problems_at_sizes(page, "snapshot for a commissioner")

    count.refresh_from_db()
    assert count.submitted_at is not None and count.total == 3
    assert CountedPerson.objects.filter(count=count, gender="male").count() == 1
    assert StreetCount.objects.get(kind="monthly").total == 2
    page_problems.assert_none(where="on the street count pages")
    assert not failures, "\n".join(failures)
