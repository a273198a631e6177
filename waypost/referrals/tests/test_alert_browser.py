"""In a real browser, on a phone-sized screen: a member of the public sends an alert (with their
device's location), checks its status; an outreach worker verifies it from the queue and links
the person through the possible-existing-person check; the alerter's update is in the outbox.
Every page passes axe-core (WCAG 2.2 AA) and none scrolls sideways at 375 CSS pixels."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from waypost.notifications.models import OutboxMessage
from waypost.referrals.models import Alert, AlertStatus
from waypost.referrals.tests.helpers import make_alert
from waypost.testing.browser import axe_violations, format_violations, login_as
from waypost.testing.people import make_person

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}


def _problems(page, where: str) -> list[str]:
    found = []
    violations = axe_violations(page)
    if violations:
        found.append(f"{where}:\n{format_violations(violations)}")
    if page.evaluate("document.documentElement.scrollWidth") > PHONE["width"]:
        found.append(f"{where}: scrolls sideways at {PHONE['width']}px")
    return found


def test_an_alert_from_a_phone_is_verified_and_the_alerter_is_told(
    page, live_server, page_problems, areas, world, outreach_user
):
    known = make_person(world.outreach, by=outreach_user, given_name="David",
                        family_name="Smith", birth_date=date(1983, 5, 2))  # fmt: skip
    late = make_alert(street="Spon Street", postcode="", location_description="Bus shelter",
                      appearance="Woman with a red rucksack", source="api")  # fmt: skip
    Alert.objects.filter(pk=late.pk).update(due_on=date.today() - timedelta(days=1))
    page.set_viewport_size(PHONE)
    page.context.grant_permissions(["geolocation"], origin=live_server.url)
    page.context.set_geolocation({"latitude": 52.408123, "longitude": -1.510987})
    failures: list[str] = []

    # A member of the public, not signed in.
    page.goto(f"{live_server.url}/alerts/")
    expect(page.locator("h1")).to_have_text("Tell us about someone sleeping rough")
    failures += _problems(page, "alert form")
    page.get_by_role("button", name="Send alert").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    failures += _problems(page, "alert form with errors")

    page.get_by_label("Street or road (optional)").fill("Hertford Street")
    page.get_by_label("Town, city or area").fill("Coventry")
    page.get_by_label("Describe exactly where they sleep").fill(
        "In the doorway of Boots, opposite the bus stop"
    )
    page.get_by_role("button", name="Use my location").click()
    expect(page.get_by_text("Your location will be sent with the alert.")).to_be_visible()
    today = date.today()
    page.get_by_label("Day", exact=True).fill(str(today.day))
    page.get_by_label("Month", exact=True).fill(str(today.month))
    page.get_by_label("Year", exact=True).fill(str(today.year))
    page.get_by_label("Early morning (before 8am)").check()
    page.get_by_label("Most days or nights").check()
    page.get_by_label("What do they look like?").fill("Man in a green coat, blue sleeping bag")
    page.get_by_label("36 to 50").check()
    page.get_by_label("Man", exact=True).check()
    page.get_by_label("Their name, if you know it (optional)").fill("Dave Smith")
    page.get_by_label("A member of the public").check()
    page.get_by_label("Email me an update about what happens").check()
    page.get_by_label("Your email address (optional)").fill("alerter@example.com")
    page.get_by_role("button", name="Send alert").click()

    expect(page.locator("h1")).to_have_text("Alert sent")
    alert = Alert.objects.get(source="web")
    assert str(alert.latitude) == "52.40812"
    assert alert.partnership == world.coventry
    expect(page.locator(".govuk-panel__body")).to_contain_text(alert.display_reference)
    failures += _problems(page, "confirmation")
    page.get_by_role("link", name="check what happened").click()
    expect(page.locator("h1")).to_have_text("What happened after your alert")
    expect(page.get_by_text("Outcome not yet known")).to_be_visible()
    failures += _problems(page, "status page")

    # The outreach worker, on their phone.
    login_as(page, live_server, outreach_user)
    page.goto(f"{live_server.url}/alerts/queue/")
    expect(page.locator("h1")).to_have_text("Alerts waiting")
    expect(page.locator(".app-alert-card--overdue")).to_contain_text("Overdue")
    failures += _problems(page, "queue")
    page.get_by_role("link", name=alert.display_reference, exact=True).click()
    expect(page.locator("h1")).to_have_text(f"Alert {alert.display_reference}")
    failures += _problems(page, "alert page")
    page.get_by_role("link", name="Record a visit").click()
    expect(page.locator("h1")).to_have_text("Record a visit")
    failures += _problems(page, "visit form")
    page.get_by_label("Time of the visit (optional)").fill("06:15")
    page.get_by_label("Engaging with services").check()
    page.get_by_label("Notes for the team (optional)").fill("Agreed to come to the hub.")
    page.get_by_role("button", name="Save the visit").click()

    expect(page.locator("h1")).to_have_text("Who is the person?")
    expect(page.get_by_label("First name")).to_have_value("Dave")
    failures += _problems(page, "link the person")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Possible existing person")
    failures += _problems(page, "possible existing person")
    page.get_by_role("button", name="Link this person").click()

    expect(page.locator("h1")).to_have_text(f"Alert {alert.display_reference}")
    expect(page.get_by_role("link", name="David Smith")).to_be_visible()
    failures += _problems(page, "alert page after verification")

    alert.refresh_from_db()
    assert alert.status == AlertStatus.CLOSED
    assert alert.outcome == "engaging"
    assert alert.person == known
    email = OutboxMessage.objects.get(to_address="alerter@example.com")
    assert "now working with local services" in email.body
    assert "Dave" not in email.body and "hub" not in email.body

    page_problems.assert_none(where="on the alert pages")
    assert not failures, "\n".join(failures)


def test_a_coordinator_forwards_an_alert_and_an_admin_edits_the_area(
    page, live_server, page_problems, areas, world, coordinator_user, admin_user
):
    stray = make_alert(postcode="", town="Kenilworth")
    failures: list[str] = []
    page.set_viewport_size(PHONE)
    login_as(page, live_server, coordinator_user)
    page.goto(f"{live_server.url}/alerts/queue/")
    expect(page.get_by_text("Outside every partnership’s area")).to_be_visible()
    failures += _problems(page, "queue with alerts to forward")
    page.get_by_role("link", name=f"Forward alert {stray.display_reference}").click()
    page.get_by_role("button", name="Forward").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    failures += _problems(page, "forward form with errors")
    page.get_by_label("Partnership in Waypost").select_option(label="Birmingham")
    page.get_by_role("button", name="Forward").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("sent to Birmingham")
    failures += _problems(page, "queue after forwarding")

    login_as(page, live_server, admin_user)
    page.goto(f"{live_server.url}/alerts/areas/")
    failures += _problems(page, "alert areas")
    page.get_by_role("link", name="Change Coventry’s area").click()
    page.get_by_label("Named places").fill("Coventry\nKenilworth")
    page.get_by_role("button", name="Save the area").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("area saved")
    failures += _problems(page, "alert areas after saving")

    page_problems.assert_none(where="on the coordinator and admin alert pages")
    assert not failures, "\n".join(failures)
