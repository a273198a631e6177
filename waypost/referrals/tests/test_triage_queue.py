"""The triage queue: every referral waiting for the partnership's housing options team, oldest
first, with how long it has waited and who sent it, the count always shown; open and closed
tabs; each referral listed is in the access log."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from waypost.accounts.models import Role
from waypost.audit.models import AccessEvent
from waypost.referrals import triage_actions as actions
from waypost.referrals.models import Referral
from waypost.referrals.tests.referral_helpers import discharge_fields, make_test_referral
from waypost.testing.personas import make_user, mark_recently_authenticated


def _referral(world, referrer_user, name="Dawn", days_ago=0, **fields):
    referral = make_test_referral(
        by=referrer_user, agency=world.hospital, partnership=world.coventry, given_name=name,
        **fields,
    )  # fmt: skip
    if days_ago:
        Referral.objects.filter(pk=referral.pk).update(
            received_at=timezone.now() - timedelta(days=days_ago)
        )
        referral.refresh_from_db()
    return referral


def _card(page, referral):
    return re.search(
        rf"<section[^>]*>(?:(?!</section>).)*{referral.display_reference}(?:(?!</section>).)*",
        page,
        re.S,
    ).group(0)


def test_waiting_referrals_are_listed_oldest_first_with_their_age(
    caseworker_client, world, referrer_user
):
    newer = _referral(world, referrer_user, "Ann", days_ago=1)
    older = _referral(world, referrer_user, "Bea", days_ago=3)
    page = caseworker_client.get("/referrals/queue/").content.decode()
    assert "2 referrals waiting for triage" in page
    assert page.index(older.display_reference) < page.index(newer.display_reference)
    card = _card(page, older)
    assert "waiting 3 days" in card
    assert "University Hospital Coventry" in card
    assert "Hospital inpatient service" in card
    assert "Duty to Refer" in card
    assert "Threatened with homelessness within 56 days" in card
    assert f"/referrals/{older.pk}/accept/" in card


def test_a_voluntary_referral_has_no_duty_to_refer_tag(caseworker_client, world, referrer_user):
    referral = _referral(world, referrer_user, body_type="charity")
    card = _card(caseworker_client.get("/referrals/queue/").content.decode(), referral)
    assert "Charity or voluntary organisation" in card
    assert "Duty to Refer" not in card


def test_a_discharge_pathway_shows_its_tag_and_expected_date(
    caseworker_client, world, referrer_user
):
    due = timezone.localdate() + timedelta(days=10)
    referral = _referral(world, referrer_user, discharge=discharge_fields(expected_on=due))
    card = _card(caseworker_client.get("/referrals/queue/").content.decode(), referral)
    assert "Hospital discharge" in card
    assert f"expected {due:%-d %B %Y}" in card


def test_accepted_and_closed_referrals_move_to_their_tabs(
    caseworker_client, caseworker_user, world, referrer_user
):
    accepted = _referral(world, referrer_user, "Ann")
    closed = _referral(world, referrer_user, "Bea")
    actions.accept_referral(
        accepted, version=accepted.version, assign_to=caseworker_user, by=caseworker_user
    )
    actions.close_referral(closed, version=closed.version, reason="duplicate", by=caseworker_user)
    waiting = caseworker_client.get("/referrals/queue/").content.decode()
    assert "0 referrals waiting for triage" in waiting
    assert "No referrals are waiting for triage" in waiting
    open_tab = caseworker_client.get("/referrals/queue/open/").content.decode()
    assert accepted.display_reference in open_tab and closed.display_reference not in open_tab
    assert "Caseworker" in open_tab and "No duty open" in open_tab
    closed_tab = caseworker_client.get("/referrals/queue/closed/").content.decode()
    assert closed.display_reference in closed_tab and accepted.display_reference not in closed_tab
    assert "A duplicate of another referral" in closed_tab


def test_each_referral_listed_is_in_the_access_log(
    caseworker_client, caseworker_user, world, referrer_user
):
    shown = [_referral(world, referrer_user, name) for name in ("Ann", "Bea")]
    caseworker_client.get("/referrals/queue/")
    events = AccessEvent.objects.filter(user=caseworker_user, subject_type="referral")
    assert {e.subject_id for e in events} == {str(r.pk) for r in shown}
    assert {e.route for e in events} == {"referrals:queue"}
    assert {e.agency_id for e in events} == {world.council.pk}


def test_the_queue_is_paginated_and_never_drops_a_referral(caseworker_client, world, referrer_user):
    # Each a day older than the next, so none is a same-day duplicate of another.
    for n in range(27):
        _referral(world, referrer_user, "Ann", days_ago=30 - n)
    first = caseworker_client.get("/referrals/queue/").content.decode()
    assert "27 referrals waiting for triage" in first
    assert first.count("govuk-summary-card__title-wrapper") == 25
    second = caseworker_client.get("/referrals/queue/?page=2").content.decode()
    assert second.count("govuk-summary-card__title-wrapper") == 2


def test_the_queue_costs_a_fixed_number_of_queries_plus_one_log_row_per_referral(
    caseworker_client, caseworker_user, world, referrer_user, django_assert_max_num_queries
):
    for name in ("Ann", "Bea", "Cal"):
        _referral(world, referrer_user, name, discharge=discharge_fields())
    caseworker_client.get("/referrals/queue/")  # warm the session
    with django_assert_max_num_queries(10 + 3):  # with the SWEP banner
        assert caseworker_client.get("/referrals/queue/").status_code == 200
    for name in ("Dee", "Eve", "Fay"):
        _referral(world, referrer_user, name)
    with django_assert_max_num_queries(10 + 6):
        caseworker_client.get("/referrals/queue/")
    for referral in Referral.objects.all():
        actions.accept_referral(
            referral, version=referral.version, assign_to=caseworker_user, by=caseworker_user
        )
    # The open tab also counts those waiting and fetches every open duty in one query.
    with django_assert_max_num_queries(12 + 6):  # with the SWEP banner
        page = caseworker_client.get("/referrals/queue/open/").content.decode()
    assert page.count("Caseworker</td>") == 6


@pytest.fixture
def brum_caseworker_client(world):
    """A caseworker in Birmingham's housing options team (another partnership)."""
    user = make_user("caseworker@birmingham.test", agency=world.brum_council, role=Role.CASEWORKER)
    client = Client()
    client.force_login(user)
    mark_recently_authenticated(client, user)
    return client


def test_another_partnerships_team_does_not_see_the_referrals(
    brum_caseworker_client, world, referrer_user
):
    referral = _referral(world, referrer_user)
    for path in ("/referrals/queue/", "/referrals/queue/open/", "/referrals/queue/closed/"):
        response = brum_caseworker_client.get(path)
        assert response.status_code == 200
        assert referral.display_reference not in response.content.decode()


@pytest.mark.parametrize(
    "persona", ["referrer_client", "outreach_client", "commissioner_client", "admin_client"]
)
def test_people_outside_a_triage_team_get_not_found(request, persona, world):
    client = request.getfixturevalue(persona)
    for path in ("/referrals/queue/", "/referrals/queue/open/", "/referrals/queue/closed/"):
        assert client.get(path).status_code == 404
