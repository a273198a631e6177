"""In a real browser: a caseworker opens the countdown board, confirms somewhere to go for a
patient due out in 5 days, records what happened to one who was due yesterday, then looks at
the figures. Every page passes axe-core (WCAG 2.2 AA) on a phone (375 CSS pixels, without
scrolling sideways) and on a desktop."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from waypost.referrals.models import Discharge, Referral
from waypost.referrals.tests.discharge_helpers import make_discharge
from waypost.testing.browser import axe_violations, format_violations, login_as

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def _problems(page, where: str) -> list[str]:
    found = []
    for name, size in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(size)
        violations = axe_violations(page)
        if violations:
            found.append(f"{where} ({name}):\n{format_violations(violations)}")
    page.set_viewport_size(PHONE)
    if page.evaluate("document.documentElement.scrollWidth") > PHONE["width"]:
        found.append(f"{where}: scrolls sideways at {PHONE['width']}px")
    return found


def test_a_caseworker_confirms_somewhere_and_records_a_discharge(
    page, live_server, page_problems, world, referrer_user, caseworker_user
):
    soon = make_discharge(world, referrer_user, days=5, name="Dawn")
    late = make_discharge(world, referrer_user, days=-1, name="Leon", ward_or_wing="Ward 4")
    make_discharge(world, referrer_user, days=20, name="Maya", institution="Walsgrave")
    # Referred a week before the day: a planned discharge, counted in the figures.
    Referral.objects.filter(pk=late.pk).update(received_at=timezone.now() - timedelta(days=8))
    failures: list[str] = []
    page.set_viewport_size(PHONE)
    login_as(page, live_server, caseworker_user)

    page.goto(f"{live_server.url}/referrals/discharges/")
    expect(page.locator("h1")).to_have_text("Due out of hospital or prison")
    expect(
        page.get_by_text("1 person is due out within 7 days with nowhere confirmed")
    ).to_be_visible()
    failures += _problems(page, "board")
    page.get_by_role("link", name="Confirm somewhere to go for Dawn Hartley").click()

    expect(page.locator("h1")).to_have_text("Confirm somewhere to go")
    page.get_by_role("button", name="Confirm somewhere to go").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose where they will go")
    failures += _problems(page, "confirm with errors")
    page.get_by_label("Supported housing or a hostel").check()
    page.get_by_role("button", name="Confirm somewhere to go").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Somewhere to go is confirmed"
    )
    expect(page.locator("tr", has_text="Dawn Hartley")).to_contain_text(
        "Confirmed: Supported housing or a hostel"
    )
    failures += _problems(page, "board after confirming")
    page.get_by_role("link", name="Record what happened to Leon Hartley").click()

    expect(page.locator("h1")).to_have_text("Record what happened on the day")
    failures += _problems(page, "record what happened")
    page.get_by_label("Temporary accommodation").check()
    page.get_by_role("button", name="Save what happened").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is saved")
    expect(page.get_by_text("Leon Hartley")).to_have_count(0)

    page.get_by_role("link", name="Planned discharges with somewhere to go").click()
    expect(page.locator("h1")).to_have_text("Planned discharges with somewhere to go")
    expect(page.locator("tr", has_text="All hospitals")).to_contain_text("100%")
    failures += _problems(page, "figures")

    dawn = Discharge.objects.get(referral=soon)
    assert dawn.accommodation_confirmed and dawn.confirmed_accommodation == "supported"
    leon = Discharge.objects.get(referral=late)
    assert leon.discharged_on == timezone.localdate() - timedelta(days=1)
    assert leon.outcome == "temporary"
    page_problems.assert_none(where="on the discharge pages")
    assert not failures, "\n".join(failures)
