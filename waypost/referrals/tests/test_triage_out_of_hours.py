"""The out-of-hours route for temporary accommodation (TP4): shown, step by step, right after a
triage for temporary accommodation out of hours; when none is set, the page says so and whom
to ask. Coordinators and partnership admins of the partnership set it."""

from django.test import Client

from waypost.accounts.models import Role
from waypost.referrals import triage_actions as actions
from waypost.referrals.models import OutOfHoursRoute
from waypost.referrals.tests.referral_helpers import make_test_referral
from waypost.testing.personas import make_user, mark_recently_authenticated

SCRIPT = "Check they have nowhere safe tonight\nRing the duty officer\nGive the caseworker's name"


def _route(world, coordinator_user):
    return actions.set_out_of_hours_route(
        world.coventry, phone="024 7683 2000", hours="5pm to 9am, and weekends",
        script=SCRIPT, by=coordinator_user,
    )  # fmt: skip


def _triaged_out_of_hours(client, world, referrer_user, caseworker_user):
    referral = make_test_referral(
        by=referrer_user, agency=world.hospital, partnership=world.coventry
    )
    accepted = actions.accept_referral(
        referral, version=referral.version, assign_to=caseworker_user, by=caseworker_user
    )
    response = client.post(
        f"/referrals/{referral.pk}/triage/",
        {
            "version": accepted.version,
            "eligibility": "eligible",
            "local_connection": "here",
            "connection_area": "",
            "public_funds": "has_recourse",
            "route": "temporary_accommodation",
            "out_of_hours": "on",
            "notes": "",
        },
    )
    return referral, response


def test_the_script_follows_a_triage_for_temporary_accommodation_out_of_hours(
    caseworker_client, caseworker_user, coordinator_user, world, referrer_user
):
    _route(world, coordinator_user)
    referral, response = _triaged_out_of_hours(
        caseworker_client, world, referrer_user, caseworker_user
    )
    assert response.status_code == 302
    assert response.url == f"/referrals/out-of-hours/{world.coventry.pk}/?referral={referral.pk}"
    page = caseworker_client.get(response.url).content.decode()
    assert "Triage recorded. Follow the out-of-hours route below." in page
    assert 'href="tel:024 7683 2000"' in page
    assert "5pm to 9am, and weekends" in page
    assert "<li>Check they have nowhere safe tonight</li><li>Ring the duty officer</li>" in page
    assert f'href="/referrals/{referral.pk}/"' in page  # back to the referral
    assert "Change the out-of-hours route" not in page  # caseworkers do not edit it
    assert referral.triages.get().out_of_hours


def test_with_no_route_set_the_page_says_so_and_whom_to_ask(
    caseworker_client, caseworker_user, coordinator_user, admin_user, world, referrer_user
):
    _, response = _triaged_out_of_hours(caseworker_client, world, referrer_user, caseworker_user)
    page = caseworker_client.get(response.url).content.decode()
    assert "Coventry has not set an out-of-hours route yet" in page
    assert coordinator_user.email in page and admin_user.email in page


def test_a_triage_in_office_hours_goes_back_to_the_referral(
    caseworker_client, caseworker_user, world, referrer_user
):
    referral = make_test_referral(
        by=referrer_user, agency=world.hospital, partnership=world.coventry
    )
    accepted = actions.accept_referral(
        referral, version=referral.version, assign_to=caseworker_user, by=caseworker_user
    )
    response = caseworker_client.post(
        f"/referrals/{referral.pk}/triage/",
        {"version": accepted.version, "eligibility": "eligible", "local_connection": "here",
         "public_funds": "has_recourse", "route": "temporary_accommodation", "notes": ""},
    )  # fmt: skip
    assert response.url == f"/referrals/{referral.pk}/"


def test_coordinators_and_partnership_admins_set_the_route(
    coordinator_client, admin_client, world, coordinator_user
):
    url = f"/referrals/out-of-hours/{world.coventry.pk}/edit/"
    response = coordinator_client.post(url, {"phone": "", "hours": "", "script": ""})
    page = response.content.decode()
    assert "Enter the phone number" in page and "Enter the script" in page
    response = coordinator_client.post(
        url, {"phone": "024 7683 2000", "hours": "Evenings", "script": "Step one\nStep two"}
    )
    assert response.status_code == 302
    route = OutOfHoursRoute.objects.get(partnership=world.coventry)
    assert route.updated_by == coordinator_user
    response = admin_client.post(
        url, {"phone": "024 7683 9999", "hours": "Evenings", "script": "Step one"}
    )
    assert response.status_code == 302
    route.refresh_from_db()
    assert route.phone == "024 7683 9999"
    assert "Change the out-of-hours route" in admin_client.get(response.url).content.decode()


def test_caseworkers_may_not_change_it_and_other_partnerships_cannot_see_it(
    caseworker_client, birmingham_admin_client, outreach_client, referrer_client, world,
    coordinator_user,
):  # fmt: skip
    _route(world, coordinator_user)
    view = f"/referrals/out-of-hours/{world.coventry.pk}/"
    edit = f"{view}edit/"
    assert caseworker_client.get(edit).status_code == 403
    changed = {"phone": "1", "hours": "x", "script": "x"}
    assert caseworker_client.post(edit, changed).status_code == 403
    for client in (birmingham_admin_client, outreach_client, referrer_client):
        assert client.get(view).status_code == 404
        assert client.get(edit).status_code == 404
    brum = make_user("co@birmingham.test", agency=world.brum_council, role=Role.COORDINATOR)
    brum_client = Client()
    brum_client.force_login(brum)
    mark_recently_authenticated(brum_client, brum)
    assert brum_client.get(view).status_code == 404
    # The refused post changed nothing.
    assert OutOfHoursRoute.objects.get().phone == "024 7683 2000"
