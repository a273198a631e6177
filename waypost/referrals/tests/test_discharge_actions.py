"""Changing a discharge plan: the triage team confirms somewhere to go (or says it fell
through); the team or the referrer moves the expected date and records what happened on the
day. Each change is checked against the version the form was opened with, keeps what was
typed when refused, tells the other side without personal data, and is 404 to anyone who may
not make it."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from waypost.notifications.models import Notification
from waypost.referrals.models import Discharge, DischargeReminder, ReferralStatus
from waypost.referrals.tests.discharge_helpers import (
    brum_caseworker,
    client_for,
    make_discharge,
    probation_referrer,
)


def _url(referral, action: str) -> str:
    return f"/referrals/discharges/{referral.pk}/{action}/"


def _date(name: str, day: date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def _discharge(referral) -> Discharge:
    return Discharge.objects.get(referral=referral)


def _no_names(notifications) -> None:
    for n in notifications:
        text = n.title + n.body
        assert "Dawn" not in text and "Hartley" not in text and "Ward 12" not in text


@pytest.fixture
def referral(world, referrer_user):
    referral = make_discharge(world, referrer_user, days=5)
    Notification.objects.all().delete()
    return referral


# --- Confirming somewhere to go ----------------------------------------------------------------


def test_the_team_confirms_somewhere_to_go_and_the_referrer_is_told(
    referral, caseworker_client, caseworker_user, referrer_user
):
    page = caseworker_client.get(_url(referral, "confirm")).content.decode()
    assert "Confirm somewhere to go" in page and "Dawn Hartley" in page
    today = timezone.localdate()
    response = caseworker_client.post(
        _url(referral, "confirm"),
        {"version": 1, "accommodation": "supported", **_date("confirmed_on", today)},
    )
    assert response.status_code == 302 and response.url == "/referrals/discharges/"
    discharge = _discharge(referral)
    assert discharge.accommodation_confirmed
    assert discharge.confirmed_accommodation == "supported"
    assert discharge.confirmed_by == caseworker_user
    assert timezone.localdate(discharge.confirmed_at) == today
    assert discharge.version == 2
    told = Notification.objects.filter(user=referrer_user)
    assert [n.title for n in told] == ["Somewhere to go is confirmed"]
    assert told.get().link == f"/referrals/mine/{referral.pk}/"
    _no_names(Notification.objects.all())


def test_a_confirmation_with_mistakes_says_what_to_fix_and_keeps_what_was_typed(
    referral, caseworker_client
):
    tomorrow = timezone.localdate() + timedelta(days=1)
    page = caseworker_client.post(
        _url(referral, "confirm"), {"version": 1, **_date("confirmed_on", tomorrow)}
    ).content.decode()
    assert "There is a problem" in page
    assert "Choose where they will go" in page
    assert "The date it was confirmed must be today or in the past" in page
    assert f'value="{tomorrow.day}"' in page
    page = caseworker_client.post(
        _url(referral, "confirm"), {"version": 1, "accommodation": "temporary"}
    ).content.decode()
    assert "Enter the date it was confirmed" in page
    assert re.search(r'<input(?=[^>]*value="temporary")(?=[^>]*checked)[^>]*>', page)
    assert not _discharge(referral).accommodation_confirmed


def test_a_stale_confirmation_is_refused_and_keeps_what_was_typed(
    referral, caseworker_client, coordinator_client
):
    today = timezone.localdate()
    form = {"version": 1, **_date("confirmed_on", today)}
    assert (
        coordinator_client.post(
            _url(referral, "confirm"), {**form, "accommodation": "family_friends"}
        ).status_code
        == 302
    )
    response = caseworker_client.post(
        _url(referral, "confirm"), {**form, "accommodation": "temporary"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this discharge plan" in page
    assert "what you typed is kept" in page
    assert 'name="version" value="2"' in page
    assert "Confirmed: Family or friends" in page  # the plan as it is now
    assert _discharge(referral).confirmed_accommodation == "family_friends"
    # Saving again, with the current version, goes through.
    caseworker_client.post(
        _url(referral, "confirm"), {**form, "version": 2, "accommodation": "temporary"}
    )
    assert _discharge(referral).confirmed_accommodation == "temporary"


def test_it_falls_through_and_the_plan_is_back_to_nowhere_confirmed(
    referral, caseworker_client, referrer_user
):
    Discharge.objects.filter(referral=referral).update(
        accommodation_confirmed=True,
        confirmed_accommodation="temporary",
        confirmed_at=timezone.now(),
        version=3,
    )
    page = caseworker_client.get(_url(referral, "fell-through")).content.decode()
    assert "Has somewhere to go fallen through?" in page
    response = caseworker_client.post(_url(referral, "fell-through"), {"version": 3})
    assert response.status_code == 302
    discharge = _discharge(referral)
    assert not discharge.accommodation_confirmed
    assert discharge.confirmed_accommodation == "" and discharge.confirmed_at is None
    assert Notification.objects.get(user=referrer_user).title == "Somewhere to go fell through"
    # Nothing left to undo.
    response = caseworker_client.get(_url(referral, "fell-through"), follow=True)
    assert "Nowhere is confirmed yet" in response.content.decode()


def test_the_referrer_cannot_confirm_or_undo(referral, referrer_client):
    today = timezone.localdate()
    for action in ("confirm", "fell-through"):
        assert referrer_client.get(_url(referral, action)).status_code == 404
        post = {"version": 1, "accommodation": "temporary", **_date("confirmed_on", today)}
        assert referrer_client.post(_url(referral, action), post).status_code == 404
    assert not _discharge(referral).accommodation_confirmed


@pytest.mark.parametrize("action", ["confirm", "fell-through", "date", "outcome"])
def test_other_partnerships_and_other_agencies_get_404(world, referral, action):
    for user in (brum_caseworker(world), probation_referrer(world)):
        client = client_for(user)
        assert client.get(_url(referral, action)).status_code == 404
        assert client.post(_url(referral, action), {"version": 1}).status_code == 404
        user.memberships.all().delete()
    assert _discharge(referral).version == 1


def test_a_referral_without_a_discharge_is_404(world, referrer_user, caseworker_client):
    from waypost.referrals.tests.referral_helpers import make_test_referral

    plain = make_test_referral(by=referrer_user, agency=world.hospital, partnership=world.coventry)
    assert caseworker_client.get(_url(plain, "confirm")).status_code == 404


# --- Moving the expected date ------------------------------------------------------------------


def test_the_referrer_moves_the_date_and_the_team_is_told(
    referral, referrer_client, caseworker_user, coordinator_user
):
    later = timezone.localdate() + timedelta(days=12)
    response = referrer_client.post(
        _url(referral, "date"), {"version": 1, **_date("expected_on", later)}
    )
    assert response.status_code == 302
    assert _discharge(referral).expected_on == later
    told = Notification.objects.filter(title="Expected discharge date changed")
    assert {n.user for n in told} == {caseworker_user, coordinator_user}
    _no_names(told)


def test_the_team_moves_the_date_and_the_referrer_is_told(
    referral, caseworker_client, referrer_user
):
    sooner = timezone.localdate() + timedelta(days=2)
    caseworker_client.post(_url(referral, "date"), {"version": 1, **_date("expected_on", sooner)})
    assert _discharge(referral).expected_on == sooner
    assert Notification.objects.get().user == referrer_user


def test_a_postponed_discharge_is_reminded_again(referral, caseworker_client):
    # The 7-day reminder went out; then the discharge moved back three weeks.
    DischargeReminder.objects.create(discharge=_discharge(referral), days_before=7)
    later = timezone.localdate() + timedelta(days=26)
    caseworker_client.post(_url(referral, "date"), {"version": 1, **_date("expected_on", later)})
    assert not DischargeReminder.objects.exists()


def test_a_date_in_the_past_is_refused_with_what_to_do_instead(referral, referrer_client):
    past = timezone.localdate() - timedelta(days=1)
    page = referrer_client.post(
        _url(referral, "date"), {"version": 1, **_date("expected_on", past)}
    ).content.decode()
    assert "The expected date must be today or later" in page
    assert "record what happened instead" in page
    assert f'value="{past.year}"' in page
    page = referrer_client.post(
        _url(referral, "date"),
        {
            "version": 1,
            "expected_on_0": "31",
            "expected_on_1": "2",
            "expected_on_2": "2030",
        },
    ).content.decode()
    assert "Enter a real date for the expected date" in page


# --- What happened on the day ------------------------------------------------------------------


def test_the_referrer_records_that_the_patient_left_with_nowhere_to_go(
    world, referrer_user, referrer_client, caseworker_user, coordinator_user
):
    referral = make_discharge(world, referrer_user, days=-1, name="Late")
    Notification.objects.all().delete()
    page = referrer_client.get(_url(referral, "outcome")).content.decode()
    yesterday = timezone.localdate() - timedelta(days=1)
    assert f'value="{yesterday.day}"' in page  # the expected date, offered
    response = referrer_client.post(
        _url(referral, "outcome"),
        {"version": 1, "outcome": "no_fixed_abode", **_date("discharged_on", yesterday)},
    )
    assert response.status_code == 302
    discharge = _discharge(referral)
    assert discharge.discharged_on == yesterday and discharge.outcome == "no_fixed_abode"
    assert discharge.outcome_recorded_by == referrer_user
    told = Notification.objects.filter(title="Discharged with nowhere to go")
    assert {n.user for n in told} == {caseworker_user, coordinator_user}
    _no_names(told)
    # Off the board; the plan can no longer be confirmed.
    assert "Late Hartley" not in referrer_client.get("/referrals/discharges/").content.decode()


def test_the_team_can_correct_what_happened(referral, caseworker_client, referrer_user):
    today = timezone.localdate()
    caseworker_client.post(
        _url(referral, "outcome"),
        {"version": 1, "outcome": "temporary", **_date("discharged_on", today)},
    )
    caseworker_client.post(
        _url(referral, "outcome"),
        {"version": 2, "outcome": "supported", **_date("discharged_on", today)},
    )
    assert _discharge(referral).outcome == "supported"
    response = caseworker_client.get(_url(referral, "confirm"), follow=True)
    assert "What happened on the day is already recorded" in response.content.decode()


def test_an_outcome_needs_a_place_and_a_day_not_in_the_future(referral, caseworker_client):
    tomorrow = timezone.localdate() + timedelta(days=1)
    page = caseworker_client.post(
        _url(referral, "outcome"), {"version": 1, **_date("discharged_on", tomorrow)}
    ).content.decode()
    assert "Choose where they went, or No fixed abode" in page
    assert "The date they left must be today or in the past" in page
    assert _discharge(referral).discharged_on is None


def test_nothing_changes_on_a_closed_referral(referral, caseworker_client):
    referral.status, referral.closure_reason = ReferralStatus.CLOSED, "withdrawn"
    referral.save()
    today = timezone.localdate()
    response = caseworker_client.post(
        _url(referral, "outcome"),
        {"version": 1, "outcome": "temporary", **_date("discharged_on", today)},
        follow=True,
    )
    assert "This referral is closed, so nothing was changed" in response.content.decode()
    assert _discharge(referral).discharged_on is None


def test_opened_from_the_referral_the_page_returns_there(referral, caseworker_client):
    page = caseworker_client.get(_url(referral, "date") + "?from=referral").content.decode()
    assert f'href="/referrals/{referral.pk}/"' in page
    later = timezone.localdate() + timedelta(days=9)
    response = caseworker_client.post(
        _url(referral, "date") + "?from=referral", {"version": 1, **_date("expected_on", later)}
    )
    assert response.url == f"/referrals/{referral.pk}/"
