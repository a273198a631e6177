"""Pages reached only inside a journey (forms, their errors, confirmations) pass axe-core too."""

import re

import pytest

from waypost.accounts.actions import create_api_token, invite_user
from waypost.accounts.models import Membership
from waypost.audit.access import record_access
from waypost.audit.models import Channel, Section
from waypost.testing.browser import axe_violations, format_violations, login_as
from waypost.testing.personas import make_user

pytestmark = pytest.mark.browser


def _check(page, live_server, page_problems, paths, *, submit_empty=()):
    failures = []
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        for path in paths:
            page.goto(live_server.url + path)
            if path in submit_empty:  # the form's error state
                page.click("main form[method=post] button.govuk-button")
            where = f"{path}{' (errors)' if path in submit_empty else ''} at {width}px"
            violations = axe_violations(page)
            if violations:
                failures.append(f"{where}:\n{format_violations(violations)}")
            if width == 375 and page.evaluate("document.documentElement.scrollWidth") > 375:
                failures.append(f"{where}: scrolls sideways")
            if page_problems.problems:
                failures.append(f"{where}: " + "; ".join(page_problems.problems))
                page_problems.clear()
    return failures


def test_staff_management_pages_are_accessible(
    page, live_server, page_problems, admin_user, caseworker_user, world
):
    membership = Membership.objects.get(user=caseworker_user)
    create_api_token(user=caseworker_user, name="Case system", by=caseworker_user)
    invite_user(
        email="new@coventry.test",
        full_name="New Starter",
        agency=world.outreach,
        role="outreach_worker",
        by=admin_user,
        base_url=live_server.url,
    )
    login_as(page, live_server, admin_user)
    paths = [
        "/staff/invite/",
        f"/staff/{caseworker_user.pk}/",
        f"/staff/{caseworker_user.pk}/roles/new/",
        f"/staff/roles/{membership.pk}/end/",
        "/account/tokens/new/",
    ]
    empty_forms = {"/staff/invite/", "/account/tokens/new/"}
    failures = _check(page, live_server, page_problems, paths, submit_empty=empty_forms)
    assert not failures, "\n".join(failures)


def test_token_created_page_is_accessible(page, live_server, page_problems, caseworker_user):
    login_as(page, live_server, caseworker_user)
    page.goto(live_server.url + "/account/tokens/new/")
    page.fill("#id_name", "Case system")
    page.click("main form button.govuk-button")
    assert page.locator("#api-token").is_visible()
    violations = axe_violations(page)
    assert not violations, format_violations(violations)
    assert not page_problems.problems


def test_invitation_and_access_log_pages_are_accessible(
    page, live_server, page_problems, admin_user, dpo_user, world
):
    _, link = invite_user(
        email="new@coventry.test",
        full_name="New Starter",
        agency=world.outreach,
        role="outreach_worker",
        by=admin_user,
        base_url=live_server.url,
    )
    accept_path = re.sub(r"^https?://[^/]+", "", link)
    for _ in range(3):
        record_access(
            admin_user,
            channel=Channel.PAGE,
            section=Section.STAFF,
            subject_type="user",
            subject_id=str(admin_user.pk),
            agency=world.council,
        )
    failures = _check(
        page,
        live_server,
        page_problems,
        [accept_path, "/invitations/not-a-token/"],
        submit_empty={accept_path},
    )
    login_as(page, live_server, dpo_user)
    failures += _check(page, live_server, page_problems, ["/audit/", "/audit/?person_id=nonsense"])
    assert not failures, "\n".join(failures)


def test_locked_out_and_access_ended_pages_are_accessible(page, live_server, page_problems, world):
    user = make_user("leaver@coventry.test", agency=world.council, role="caseworker")
    login_as(page, live_server, user)
    Membership.objects.filter(user=user).update(ended_at="2020-01-01T00:00:00Z")
    page.goto(live_server.url + "/")
    assert "Your access to Waypost has ended" in page.content()
    violations = axe_violations(page)
    page_problems.clear()  # the page answers 403, which the browser reports as a failed load
    assert not violations, format_violations(violations)
    page.goto(live_server.url + "/accounts/login/")
    for _ in range(6):
        if "locked out" in page.content().lower():
            break
        page.fill("input[name=login]", "leaver@coventry.test")
        page.fill("input[name=password]", "wrong password")
        page.click("main form button[type=submit]")
    assert "locked out" in page.content().lower()
    page_problems.clear()  # the lockout answers 429, which the browser reports as a failed load
    violations = axe_violations(page)
    assert not violations, format_violations(violations)
