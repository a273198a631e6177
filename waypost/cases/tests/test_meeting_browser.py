"""In a real browser: a coordinator opens the meetings, builds a partner tasking agenda, records
attendance, reviews last meeting's action about a person, minutes the meeting and agrees an
action with the keyboard only, and marks the meeting held. Every page passes axe-core
(WCAG 2.2 AA) on a desktop and at 375 CSS pixels, where none may scroll sideways."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from waypost.cases.models import (
    MeetingKind,
    MeetingSeries,
    MeetingStatus,
    Minute,
    PlanAction,
    PlanStatus,
    Tier,
)
from waypost.cases.tests.meeting_helpers import make_action, make_meeting, on_list
from waypost.testing.browser import axe_violations, format_violations, login_as
from waypost.testing.people import give_consent, make_person, sign_agreement_for

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}


def _problems(page, where: str, *, phone: bool = False) -> list[str]:
    found = []
    violations = axe_violations(page)
    if violations:
        found.append(f"{where}:\n{format_violations(violations)}")
    if phone and page.evaluate("document.documentElement.scrollWidth") > PHONE["width"]:
        found.append(f"{where}: scrolls sideways at {PHONE['width']}px")
    return found


def test_a_coordinator_runs_a_partner_tasking_meeting(
    page, live_server, page_problems, world, coordinator_user, caseworker_user
):
    sign_agreement_for(world.council, world.outreach)
    series = MeetingSeries.objects.create(
        partnership=world.coventry, kind=MeetingKind.PARTNER_TASKING,
        name="Thursday partner tasking", weekdays=[3], starts_at="10:00",
        chair_agency=world.council, location="Council House",
    )  # fmt: skip
    last = make_meeting(world.coventry, series=series, days_from_now=-7, status="held")
    meeting = make_meeting(world.coventry, series=series, days_from_now=0.2)
    person = make_person(world.council, given_name="Isolde", family_name="Browser")
    give_consent(person, caseworker_user, world.council)
    on_list(person, tier=Tier.TWO)
    hidden = make_person(world.outreach, given_name="Secret", family_name="Person")
    on_list(hidden, tier=Tier.TWO)
    action = make_action(person, world.council, text="Find a bed space", meeting=last)
    failures: list[str] = []
    login_as(page, live_server, coordinator_user)

    page.goto(f"{live_server.url}/cases/meetings/")
    expect(page.locator("h1")).to_have_text("Meetings")
    failures += _problems(page, "meetings")
    # This meeting's own link: on a Thursday the page also makes the series' 10:00 meeting,
    # which is listed first once this one starts after 10:00.
    page.locator(f'a[href="{reverse("cases:meeting", args=[meeting.pk])}"]').click()

    expect(page.locator("h1")).to_contain_text("Thursday partner tasking")
    page.get_by_role("button", name="Build the agenda").click()
    expect(page.locator("h1")).to_have_text("Change the agenda")
    expect(page.get_by_text("Isolde Browser", exact=True)).to_be_visible()
    expect(page.get_by_text("Person on the list (details not shared)", exact=True)).to_be_visible()
    expect(page.get_by_text("Partner tasking is meant for 10 to 15 people")).to_be_visible()
    failures += _problems(page, "agenda")
    page.get_by_role("link", name="Add someone").click()
    page.get_by_label("Name, date of birth or an identifier").fill("Isolde")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("Already on the agenda")).to_be_visible()
    failures += _problems(page, "add someone")
    page.get_by_role("link", name="Back to the agenda").click()
    page.get_by_role("link", name="Back to the meeting").click()

    page.get_by_role("link", name="Record attendance").click()
    expect(page.locator("h1")).to_have_text("Attendance")
    failures += _problems(page, "attendance")
    council = page.get_by_role("group", name="Coventry Housing Options")
    council.get_by_label("Came to the meeting").check()
    council.get_by_label("Who came (optional)").fill("Sam Lee, coordinator")
    page.get_by_role("button", name="Save attendance").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Attendance saved")
    failures += _problems(page, "meeting")

    page.get_by_role("link", name="Isolde Browser").click()
    expect(page.locator("h1")).to_have_text("Isolde Browser")
    failures += _problems(page, "person at the meeting")

    # Keyboard only: the review of last meeting's action, then a minute and a new action.
    review = page.locator(f"#review-{action.pk}")
    review.get_by_label("Done", exact=True).focus()
    page.keyboard.press("Space")
    review.get_by_label("Outcome or progress").focus()
    page.keyboard.type("Bed at Hope House")
    review.get_by_role("button", name="Save the review").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Review saved")
    # Wait for GOV.UK Frontend's script to have started the page's components (it can move
    # focus), or under load the next keys can land somewhere else.
    expect(page.locator(".govuk-notification-banner--success")).to_have_attribute(
        "data-govuk-notification-banner-init", ""
    )

    kind = page.get_by_label("What is the minute about?")
    kind.focus()
    page.keyboard.press("i")  # type-ahead: the only kind starting with I
    expect(kind).to_have_value("immigration")
    page.get_by_label("Minute", exact=True).focus()
    page.keyboard.type("Viewing a flat on Friday")
    page.get_by_role("button", name="Add the minute").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Minute added")

    page.get_by_role("button", name="Add the action").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    failures += _problems(page, "person with errors")
    due = timezone.localdate() + timedelta(days=7)
    page.get_by_label("What needs to be done").fill("Go with them to the viewing")
    page.get_by_label("Agency that owns it").select_option(label="Coventry Outreach")
    page.get_by_label("Day").last.fill(str(due.day))
    page.get_by_label("Month").last.fill(str(due.month))
    page.get_by_label("Year").last.fill(str(due.year))
    page.get_by_role("button", name="Add the action").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Action added")
    failures += _problems(page, "person after the meeting")

    page.get_by_role("link", name="Back to the agenda").click()
    page.get_by_role("link", name="Mark as held").click()
    failures += _problems(page, "mark as held")
    page.get_by_role("button", name="Mark as held").click()
    expect(page.get_by_text("Held", exact=True)).to_be_visible()

    page.goto(f"{live_server.url}/cases/meetings/series/new/?kind=mac")
    expect(page.locator("h1")).to_have_text("Add a meeting series")
    failures += _problems(page, "new series")

    # The same pages on a phone.
    page.set_viewport_size(PHONE)
    item = meeting.agenda.get(person=person)
    upcoming = make_meeting(world.coventry, series=series, days_from_now=7)
    for path, where in (
        ("/cases/meetings/", "meetings"),
        (f"/cases/meetings/{meeting.pk}/", "held meeting"),
        (f"/cases/meetings/{meeting.pk}/people/{item.pk}/", "person at the meeting"),
        (f"/cases/meetings/{meeting.pk}/attendance/", "attendance"),
        (f"/cases/meetings/{upcoming.pk}/", "planned meeting"),
        (f"/cases/meetings/{upcoming.pk}/agenda/", "agenda"),
        ("/cases/meetings/series/new/", "series kind"),
        ("/cases/meetings/series/new/?kind=daily_tasking", "new series"),
        (f"/cases/meetings/series/{series.pk}/", "change series"),
        (f"/cases/meetings/series/{series.pk}/stop/", "stop series"),
        ("/cases/meetings/new/", "one-off meeting"),
    ):
        page.goto(f"{live_server.url}{path}")
        failures += _problems(page, f"{where} at 375px", phone=True)

    meeting.refresh_from_db()
    action.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert (action.status, action.outcome) == (PlanStatus.DONE, "Bed at Hope House")
    assert Minute.objects.get(meeting=meeting).kind == "immigration"
    assert PlanAction.objects.get(meeting=meeting).owner_agency == world.outreach
    assert meeting.attendance.get().attendees == "Sam Lee, coordinator"
    page_problems.assert_none(where="on the meeting pages")
    assert not failures, "\n".join(failures)
