"""The sessions page and the staff page's "Sign out of all devices" pass axe-core, on desktop
and phone, before and after signing the other devices out."""

import pytest
from django.test import Client

from waypost.testing.browser import login_as, problems_at_sizes

pytestmark = pytest.mark.browser

PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) Version/18.1 Safari/604.1"


def _phone_signed_in(user) -> Client:
    client = Client(HTTP_USER_AGENT=PHONE)
    client.force_login(user)
    assert client.get("/accounts/2fa/").status_code == 200  # the first page records it
    return client


def _no_problems(page, page_problems, where: str) -> list[str]:
    failures = problems_at_sizes(page, where)
    if page_problems.problems:
        failures.append(f"{where}: " + "; ".join(page_problems.problems))
        page_problems.clear()
    return failures


def test_the_sessions_page_is_accessible_and_signs_the_phone_out(
    page, live_server, page_problems, caseworker_user
):
    phone = _phone_signed_in(caseworker_user)
    login_as(page, live_server, caseworker_user)
    page.goto(live_server.url + "/account/")
    page.get_by_role("link", name="Where you are signed in").click()
    page.get_by_role("heading", name="Where you are signed in").wait_for()
    assert page.get_by_text("Safari on iPhone").is_visible()
    failures = _no_problems(page, page_problems, "/account/sessions/")

    page.get_by_role("button", name="Sign out of other devices").click()
    page.get_by_text("You have been signed out on your other devices").wait_for()
    failures += _no_problems(page, page_problems, "/account/sessions/ (after signing out)")
    assert not failures, "\n".join(failures)
    assert phone.get("/account/").status_code == 302


def test_the_staff_page_signs_someone_out_of_all_devices(
    page, live_server, page_problems, admin_user, caseworker_user
):
    phone = _phone_signed_in(caseworker_user)
    login_as(page, live_server, admin_user)
    page.goto(f"{live_server.url}/staff/{caseworker_user.pk}/")
    page.get_by_role("button", name="Sign out of all devices").click()
    page.get_by_text("has been signed out on all devices").wait_for()
    failures = _no_problems(page, page_problems, "/staff/<id>/ (after signing out)")
    assert not failures, "\n".join(failures)
    assert phone.get("/account/").status_code == 302
