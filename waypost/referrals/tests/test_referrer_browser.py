"""In a real browser on a phone: a discharge nurse sends a hospital discharge referral, misses
a question, fixes it without retyping anything, gets the reference and finds the referral in
"Referrals you sent". Every page passes axe-core (WCAG 2.2 AA) at 375 CSS pixels and on a
desktop, and none scrolls sideways on the phone."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from waypost.referrals.models import Discharge, Referral
from waypost.testing.browser import axe_violations, format_violations, login_as

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def _problems(page, where: str) -> list[str]:
    """axe at phone width (and no sideways scrolling), then at desktop width."""
    found = []
    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size)
        violations = axe_violations(page)
        if violations:
            found.append(f"{where} at {size['width']}px:\n{format_violations(violations)}")
        if size == PHONE and page.evaluate("document.documentElement.scrollWidth") > 375:
            found.append(f"{where}: scrolls sideways at 375px")
    page.set_viewport_size(PHONE)
    return found


def _fill_date(page, legend: str, value: date) -> None:
    group = page.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day").fill(str(value.day))
    group.get_by_label("Month").fill(str(value.month))
    group.get_by_label("Year").fill(str(value.year))


def test_a_hospital_referrer_sends_a_discharge_referral_from_a_phone(
    page, live_server, page_problems, world, referrer_user
):
    failures: list[str] = []
    page.set_viewport_size(PHONE)
    login_as(page, live_server, referrer_user)

    page.goto(f"{live_server.url}/referrals/new/")
    expect(page.locator("h1")).to_have_text("Send a referral")
    failures += _problems(page, "referral form")

    page.get_by_label("First name").fill("Dawn")
    page.get_by_label("Last name").fill("Hartley")
    _fill_date(page, "Date of birth (optional)", date(1979, 4, 12))
    page.get_by_label("The person agrees to this referral").check()
    page.get_by_label("Told me (verbal consent)").check()
    page.get_by_label("Their phone number (optional)").fill("07700 900123")
    page.get_by_label("Phone", exact=True).check()
    page.get_by_label("It is safe to leave them a message").check()
    page.get_by_label("Threatened with homelessness within 56 days").check()
    page.get_by_label("Family or friends no longer willing or able to house them").check()
    page.get_by_label("Tell the housing team what has happened").fill(
        "Her sister can no longer put her up after she leaves hospital."
    )
    page.get_by_label("Hospital discharge").check()
    expected = date.today() + timedelta(days=9)
    _fill_date(page, "Expected discharge or release date", expected)
    expect(page.get_by_label("Hospital or prison")).to_have_value("University Hospital Coventry")
    page.get_by_label("Ward or wing (optional)").fill("Ward 12")
    page.get_by_label("Named contact").fill("Sam Okafor")
    page.get_by_label("Their role").fill("Discharge nurse")
    page.get_by_label("Their phone number", exact=True).fill("024 7696 4001")
    # They forget what she needs when she leaves.
    page.get_by_role("button", name="Send referral").click()

    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter what they need when they leave"
    )
    expect(page.get_by_label("Named contact")).to_have_value("Sam Okafor")
    expect(page.get_by_label("Dawn Hartley agrees to this referral")).to_be_checked()
    failures += _problems(page, "referral form with an error")
    page.get_by_role("link", name="Enter what they need when they leave").click()
    expect(page.get_by_label("What do they need when they leave?")).to_be_focused()
    page.get_by_label("What do they need when they leave?").fill(
        "Wound dressing changed daily; needs a ground-floor room."
    )
    page.get_by_role("button", name="Send referral").click()

    expect(page.locator("h1")).to_have_text("Referral sent")
    referral = Referral.objects.get()
    assert Discharge.objects.get(referral=referral).expected_on == expected
    expect(page.locator(".govuk-panel__body")).to_contain_text(referral.display_reference)
    failures += _problems(page, "confirmation")

    page.goto(f"{live_server.url}/referrals/mine/")
    expect(page.locator("h1")).to_have_text("Referrals you sent")
    expect(page.get_by_role("link", name=referral.display_reference)).to_be_visible()
    expect(page.get_by_text("Nowhere to go confirmed yet")).to_be_visible()
    failures += _problems(page, "referrals you sent")
    page.get_by_role("link", name=referral.display_reference).click()
    expect(page.locator("h1")).to_have_text(f"Referral {referral.display_reference}")
    failures += _problems(page, "one referral you sent")

    page_problems.assert_none(where="on the referrer's pages")
    assert not failures, "\n".join(failures)
