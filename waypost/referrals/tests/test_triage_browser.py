"""In a real browser: a caseworker takes a waiting referral from the queue, assigns it to
themself, records first contact, triages it for temporary accommodation out of hours (and
sees the out-of-hours script), starts the prevention duty and finds it in their referrals.
Every page passes axe-core (WCAG 2.2 AA) on a desktop, and the main pages again at 375 CSS
pixels, where none may scroll sideways."""

import pytest
from playwright.sync_api import expect

from waypost.referrals import triage_actions
from waypost.referrals.models import Referral, ReferralStatus
from waypost.referrals.tests.referral_helpers import discharge_fields, make_test_referral
from waypost.testing.browser import axe_violations, format_violations, login_as

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


def test_a_caseworker_triages_a_referral_and_starts_the_prevention_duty(
    page, live_server, page_problems, world, referrer_user, caseworker_user, coordinator_user
):
    referral = make_test_referral(
        by=referrer_user, agency=world.hospital, partnership=world.coventry
    )
    other = make_test_referral(
        by=referrer_user, agency=world.hospital, partnership=world.coventry, given_name="Ann",
        discharge=discharge_fields(),
    )  # fmt: skip
    triage_actions.set_out_of_hours_route(
        world.coventry, phone="024 7683 2000", hours="5pm to 9am on weekdays; all weekend",
        script="Check they have nowhere safe to stay tonight\nRing the duty officer",
        by=coordinator_user,
    )  # fmt: skip
    failures: list[str] = []
    login_as(page, live_server, caseworker_user)

    page.goto(f"{live_server.url}/referrals/queue/")
    expect(page.locator("h1")).to_have_text("Referrals")
    expect(page.get_by_text("2 referrals waiting for triage")).to_be_visible()
    failures += _problems(page, "queue")
    page.get_by_role("link", name=f"Accept referral {referral.display_reference}").click()

    expect(page.locator("h1")).to_have_text("Accept and assign")
    failures += _problems(page, "accept")
    expect(page.get_by_label("Caseworker")).to_have_value(str(caseworker_user.pk))
    page.get_by_role("button", name="Accept and assign").click()

    expect(page.locator("h1")).to_have_text(f"Referral {referral.display_reference}")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("assigned to you")
    failures += _problems(page, "referral, accepted")
    page.get_by_role("link", name="Record first contact").click()
    expect(page.locator("h1")).to_have_text("Record first contact")
    failures += _problems(page, "first contact")
    page.get_by_role("button", name="Save first contact").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text("First contact recorded")
    page.get_by_role("link", name="Record triage").click()
    expect(page.locator("h1")).to_have_text("Triage")
    page.get_by_role("button", name="Save the triage").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    failures += _problems(page, "triage with errors")
    page.get_by_label("Eligible for assistance", exact=True).check()
    page.get_by_label("Has a local connection here", exact=True).check()
    page.get_by_label("Has recourse to public funds", exact=True).check()
    page.get_by_label("Temporary accommodation", exact=True).check()
    page.get_by_label("Out of hours: the placement is made when the office is closed").check()
    page.get_by_role("button", name="Save the triage").click()

    expect(page.locator("h1")).to_have_text("Out-of-hours route for temporary accommodation")
    expect(page.get_by_role("link", name="024 7683 2000")).to_be_visible()
    expect(page.get_by_text("Ring the duty officer")).to_be_visible()
    failures += _problems(page, "out-of-hours route")
    page.get_by_role("link", name="Back to the referral").click()

    page.get_by_role("link", name="Start a duty").click()
    expect(page.locator("h1")).to_have_text("Start a duty")
    failures += _problems(page, "start a duty")
    page.get_by_label("Prevention duty", exact=True).check()
    page.get_by_role("button", name="Start the duty").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Prevention duty started")
    expect(page.get_by_text("56 days left")).to_be_visible()
    failures += _problems(page, "referral with a duty")

    page.get_by_role("link", name="Back to your referrals").click()
    expect(page.locator("h1")).to_have_text("Your referrals")
    expect(page.get_by_role("link", name="Dawn Hartley")).to_be_visible()
    expect(page.get_by_text("56 days left")).to_be_visible()
    failures += _problems(page, "your referrals")

    # The same pages on a phone.
    page.set_viewport_size(PHONE)
    for path, where in (
        ("/referrals/queue/", "queue"),
        (f"/referrals/{other.pk}/", "waiting referral with a discharge plan"),
        (f"/referrals/{referral.pk}/", "referral"),
        (f"/referrals/{referral.pk}/triage/", "triage"),
        (f"/referrals/out-of-hours/{world.coventry.pk}/", "out-of-hours route"),
        ("/referrals/queue/open/", "open referrals"),
        ("/referrals/caseload/", "your referrals"),
    ):
        page.goto(f"{live_server.url}{path}")
        failures += _problems(page, f"{where} at 375px", phone=True)

    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    assert referral.assigned_to == caseworker_user and referral.lead_agency == world.council
    assert referral.first_contact_at is not None
    assert referral.triages.get().out_of_hours
    assert referral.duties.get().kind == "prevention"
    assert Referral.objects.waiting().get() == other
    page_problems.assert_none(where="on the triage pages")
    assert not failures, "\n".join(failures)
