"""Signing in with a password and an authenticator code, and setting up the authenticator app."""

import re

import pyotp
import pytest

from waypost.testing.browser import assert_no_axe_violations
from waypost.testing.personas import PASSWORD, make_user, totp_code_for

pytestmark = pytest.mark.browser


def _sign_in_with_password(page, live_server, email: str) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()


def test_staff_sign_in_with_a_password_and_an_authenticator_code(
    page, live_server, page_problems, outreach_user
):
    _sign_in_with_password(page, live_server, outreach_user.email)

    page.get_by_role("heading", name="Enter your authenticator code").wait_for()
    assert_no_axe_violations(page)
    page.get_by_label("Code").fill(totp_code_for(outreach_user))
    page.get_by_role("button", name="Continue").click()

    page.get_by_role("heading", name="Your work").wait_for()
    assert page.url == live_server.url + "/"
    assert page.get_by_role("button", name="Sign out").is_visible()
    page_problems.assert_none()


def test_a_wrong_authenticator_code_is_refused(page, live_server, page_problems, outreach_user):
    _sign_in_with_password(page, live_server, outreach_user.email)

    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Continue").click()

    page.get_by_role("heading", name="There is a problem").wait_for()
    assert page.title().startswith("Error:")
    assert_no_axe_violations(page)
    page_problems.assert_none()


def test_staff_without_an_authenticator_must_set_one_up_first(
    page, live_server, page_problems, world
):
    user = make_user(
        "new.starter@coventry.test", agency=world.outreach, role="outreach_worker", totp=False
    )

    _sign_in_with_password(page, live_server, user.email)

    page.get_by_role("heading", name="Set up your authenticator app").wait_for()
    assert_no_axe_violations(page)
    page.goto(live_server.url + "/")
    page.get_by_role("heading", name="Set up your authenticator app").wait_for()
    assert "/accounts/2fa/totp/activate/" in page.url

    secret = re.sub(r"\s", "", page.locator("#authenticator-secret").inner_text())
    page.get_by_label("Authenticator code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Continue").click()

    page.get_by_role("heading", name="Your recovery codes").wait_for()
    assert page.locator("#recovery-codes li").count() == 10
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Continue to Waypost").click()
    page.get_by_role("heading", name="Your work").wait_for()
    page_problems.assert_none()
