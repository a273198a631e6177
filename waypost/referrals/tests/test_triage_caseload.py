"""Your referrals: the caseworker's open referrals with each duty's days left, the clocks about
to run out first and in red, and the reconnection follow-ups that are due. Coordinators may
look at any team member's caseload; caseworkers only at their own."""

import re
from datetime import timedelta

from django.utils import timezone

from waypost.accounts.models import Role
from waypost.audit.models import AccessEvent
from waypost.referrals import triage_actions as actions
from waypost.referrals.models import Referral
from waypost.referrals.tests.referral_helpers import make_test_referral
from waypost.testing.personas import make_user


def _assigned(world, referrer_user, user, name, *, duty_days_ago=None, kind="prevention"):
    """A referral received 80 days ago, accepted by `user`, with a duty started
    `duty_days_ago` days ago (None: no duty)."""
    referral = make_test_referral(
        by=referrer_user, agency=world.hospital, partnership=world.coventry, given_name=name
    )
    Referral.objects.filter(pk=referral.pk).update(received_at=timezone.now() - timedelta(days=80))
    referral.refresh_from_db()
    referral = actions.accept_referral(referral, version=referral.version, assign_to=user, by=user)
    if duty_days_ago is not None:
        actions.start_duty(
            referral, version=referral.version, kind=kind,
            started_on=timezone.localdate() - timedelta(days=duty_days_ago), by=user,
        )  # fmt: skip
        referral.refresh_from_db()
    return referral


def _card(page, name):
    return re.search(rf"<section[^>]*>(?:(?!</section>).)*{name}(?:(?!</section>).)*", page, re.S)


def test_expiring_clocks_come_first_in_red_with_the_days_in_words(
    caseworker_client, caseworker_user, world, referrer_user
):
    _assigned(world, referrer_user, caseworker_user, "Ann", duty_days_ago=10)  # 46 left
    _assigned(world, referrer_user, caseworker_user, "Bea", duty_days_ago=53)  # 3 left
    _assigned(world, referrer_user, caseworker_user, "Cal", duty_days_ago=58)  # expired 2 ago
    _assigned(world, referrer_user, caseworker_user, "Dee")  # no duty
    page = caseworker_client.get("/referrals/caseload/").content.decode()
    assert '<h1 class="govuk-heading-l">Your referrals</h1>' in page
    assert "4 open referrals" in page and "2 with a duty ending within 7 days" in page
    order = [page.index(f">{name} Hartley<") for name in ("Cal", "Bea", "Ann", "Dee")]
    assert order == sorted(order)
    assert '<strong class="govuk-tag govuk-tag--red">Expired 2 days ago</strong>' in _card(
        page, "Cal Hartley"
    ).group(0)
    bea = _card(page, "Bea Hartley").group(0)
    assert "Prevention duty" in bea
    assert '<strong class="govuk-tag govuk-tag--red">Expires in 3 days</strong>' in bea
    ann = _card(page, "Ann Hartley").group(0)
    assert "46 days left" in ann and "govuk-tag--red" not in ann
    assert "No duty open" in _card(page, "Dee Hartley").group(0)


def test_only_your_open_referrals_are_listed(
    caseworker_client, caseworker_user, coordinator_user, world, referrer_user
):
    mine = _assigned(world, referrer_user, caseworker_user, "Ann")
    _assigned(world, referrer_user, coordinator_user, "Bea")
    closed = _assigned(world, referrer_user, caseworker_user, "Cal")
    actions.close_referral(closed, version=closed.version, reason="withdrawn", by=caseworker_user)
    page = caseworker_client.get("/referrals/caseload/").content.decode()
    assert "Ann Hartley" in page
    assert "Bea Hartley" not in page and "Cal Hartley" not in page
    events = AccessEvent.objects.filter(user=caseworker_user, route="referrals:caseload")
    assert {e.subject_id for e in events} == {str(mine.pk)}


def test_reconnection_follow_ups_that_are_due_are_listed(
    caseworker_client, caseworker_user, world, referrer_user
):
    referral = _assigned(world, referrer_user, caseworker_user, "Ann")
    today = timezone.localdate()

    def offer(destination, follow_up_on):
        referral.refresh_from_db()
        return actions.record_reconnection_offer(
            referral, version=referral.version, destination=destination,
            destination_contact="Housing options there", offer="Travel",
            offered_on=today - timedelta(days=8), follow_up_on=follow_up_on, by=caseworker_user,
        )  # fmt: skip

    due = offer("Leicester", today - timedelta(days=1))
    offer("Derby", today + timedelta(days=2))  # not due yet
    done = offer("Nottingham", today)
    referral.refresh_from_db()
    actions.record_follow_up(
        done, version=referral.version, followed_up_on=today, outcome="accommodated",
        by=caseworker_user,
    )  # fmt: skip
    page = caseworker_client.get("/referrals/caseload/").content.decode()
    assert "Reconnection follow-ups due" in page
    assert f"/referrals/{referral.pk}/reconnection/{due.pk}/follow-up/" in page
    assert "did they arrive in Leicester?" in page
    assert "Derby" not in page and "Nottingham" not in page


def test_a_due_follow_up_stays_listed_after_the_referral_closes(
    caseworker_client, caseworker_user, world, referrer_user
):
    referral = _assigned(world, referrer_user, caseworker_user, "Ann")
    today = timezone.localdate()
    actions.record_reconnection_offer(
        referral, version=referral.version, destination="Leicester", destination_contact="x",
        offer="Travel", offered_on=today, follow_up_on=today, by=caseworker_user,
    )  # fmt: skip
    referral.refresh_from_db()
    actions.close_referral(
        referral, version=referral.version, reason="other_authority", by=caseworker_user
    )
    page = caseworker_client.get("/referrals/caseload/").content.decode()
    assert "did they arrive in Leicester?" in page


def test_a_coordinator_can_look_at_a_team_members_caseload(
    coordinator_client, caseworker_user, world, referrer_user
):
    _assigned(world, referrer_user, caseworker_user, "Ann", duty_days_ago=1)
    own = coordinator_client.get("/referrals/caseload/").content.decode()
    assert "Ann Hartley" not in own
    assert f'<option value="{caseworker_user.pk}"' in own
    theirs = coordinator_client.get(f"/referrals/caseload/?caseworker={caseworker_user.pk}")
    page = theirs.content.decode()
    assert "Caseworker’s referrals" in page and "Ann Hartley" in page and "55 days left" in page


def test_a_coordinator_cannot_look_outside_their_team(coordinator_client, world):
    brum = make_user("cw@birmingham.test", agency=world.brum_council, role=Role.CASEWORKER)
    assert coordinator_client.get(f"/referrals/caseload/?caseworker={brum.pk}").status_code == 404
    assert coordinator_client.get("/referrals/caseload/?caseworker=nonsense").status_code == 404


def test_a_caseworker_sees_only_their_own_whoever_they_ask_for(
    caseworker_client, coordinator_user, world, referrer_user
):
    _assigned(world, referrer_user, coordinator_user, "Bea")
    page = caseworker_client.get(f"/referrals/caseload/?caseworker={coordinator_user.pk}")
    assert "Bea Hartley" not in page.content.decode()
    assert "Your referrals" in page.content.decode()


def test_the_caseload_costs_a_fixed_number_of_queries_plus_one_log_row_per_referral(
    caseworker_client, caseworker_user, world, referrer_user, django_assert_max_num_queries
):
    for name in ("Ann", "Bea", "Cal"):
        _assigned(world, referrer_user, caseworker_user, name, duty_days_ago=5)
    caseworker_client.get("/referrals/caseload/")  # warm the session
    with django_assert_max_num_queries(12 + 3):  # with the SWEP banner
        assert caseworker_client.get("/referrals/caseload/").status_code == 200
    for name in ("Dee", "Eve", "Fay"):
        _assigned(world, referrer_user, caseworker_user, name, duty_days_ago=5)
    with django_assert_max_num_queries(12 + 6):  # with the SWEP banner
        caseworker_client.get("/referrals/caseload/")


def test_people_outside_a_triage_team_get_not_found(referrer_client, outreach_client):
    assert referrer_client.get("/referrals/caseload/").status_code == 404
    assert outreach_client.get("/referrals/caseload/").status_code == 404
