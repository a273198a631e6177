"""In a real browser: recording consent through the form (with its conditional questions),
and axe-core finds no WCAG 2.2 AA problems on the agreement, permission and break-glass pages."""

import pytest
from django.urls import reverse

from waypost.accounts.models import Role
from waypost.sharing.actions import break_glass
from waypost.sharing.models import PermissionStatus, SharingPermission
from waypost.testing.browser import axe_violations, format_violations, login_as
from waypost.testing.people import make_person
from waypost.testing.personas import make_user

pytestmark = pytest.mark.browser


def _check(page, live_server, page_problems, paths, *, submit_empty=()):
    failures = []
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        for path in paths:
            page.goto(live_server.url + path)
            if path in submit_empty:
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


def test_recording_consent_in_the_browser(
    page, live_server, page_problems, world, signed, person, caseworker_user
):
    login_as(page, live_server, caseworker_user)
    page.goto(live_server.url + reverse("sharing:permission", args=[person.pk]))
    page.get_by_label("Consent given").check()
    page.get_by_label("Verbal, with a witness").check()
    page.get_by_label("Name of the witness").fill("Wren Witness")
    page.get_by_role("button", name="Save sharing permission").click()
    page.wait_for_url(f"**{reverse('sharing:person', args=[person.pk])}")
    assert "Consent given recorded" in page.locator(".govuk-notification-banner").first.inner_text()
    permission = SharingPermission.objects.get(is_current=True)
    assert permission.status == PermissionStatus.GIVEN
    assert permission.witness_name == "Wren Witness"
    assert permission.sections.count() == 9
    page_problems.assert_none(where="recording consent")


def test_sharing_pages_are_accessible(
    page, live_server, page_problems, world, signed, person, admin_user, caseworker_user,
    outreach_user,
):  # fmt: skip
    dpo = make_user("dpo@outreach.test", agency=world.outreach, role=Role.DPO)
    other = make_person(world.council, given_name="Sam")
    use = break_glass(other, reason="Collapsed", agency=world.outreach, by=outreach_user)

    login_as(page, live_server, admin_user)
    agreement = signed
    paths = [
        reverse("sharing:agreements"),
        reverse("sharing:agreement", args=[agreement.pk]),
        reverse("sharing:agreement_publish"),
        reverse("sharing:signature", args=[agreement.pk, world.hospital.pk]),
        reverse("sharing:signature_end", args=[agreement.pk, world.outreach.pk]),
    ]
    failures = _check(page, live_server, page_problems, paths, submit_empty={paths[2], paths[3]})

    page.context.clear_cookies()
    login_as(page, live_server, caseworker_user)
    paths = [
        reverse("sharing:permission", args=[person.pk]),
        reverse("sharing:lawful_basis", args=[person.pk]),
        reverse("sharing:person", args=[person.pk]),
    ]
    failures += _check(page, live_server, page_problems, paths, submit_empty={paths[0]})

    page.context.clear_cookies()
    login_as(page, live_server, outreach_user)
    paths = [reverse("sharing:break_glass", args=[person.pk])]
    failures += _check(page, live_server, page_problems, paths, submit_empty=set(paths))

    page.context.clear_cookies()
    login_as(page, live_server, dpo)
    paths = [
        reverse("sharing:break_glass_review"),
        reverse("sharing:break_glass_use", args=[use.pk]),
        reverse("sharing:restriction", args=[person.pk]),
    ]
    failures += _check(page, live_server, page_problems, paths, submit_empty={paths[1]})
    assert not failures, "\n".join(failures)
