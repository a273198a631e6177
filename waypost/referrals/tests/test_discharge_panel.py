"""The discharge plan card on the referral's page (`referrals/discharge/_panel.html`): the plan
and what happened, with links to change it for whoever may (the pages check access again)."""

from django.template.loader import render_to_string
from django.utils import timezone

from waypost.referrals.models import Discharge, ReferralStatus
from waypost.referrals.tests.discharge_helpers import make_discharge


def _panel(referral, **context) -> str:
    discharge = Discharge.objects.get(referral=referral)
    return render_to_string(
        "referrals/discharge/_panel.html", {"referral": referral, "discharge": discharge, **context}
    )


def test_the_team_sees_the_plan_and_every_change_it_may_make(world, referrer_user):
    referral = make_discharge(world, referrer_user, days=5)
    html = _panel(referral, in_full=True)
    assert "Discharge plan" in html
    assert "in 5 days" in html and "University Hospital Coventry" in html
    assert "Sam Okafor, Discharge nurse" in html and "Nowhere confirmed" in html
    for action in ("confirm", "date", "outcome"):
        assert f"/referrals/discharges/{referral.pk}/{action}/?from=referral" in html


def test_the_referrer_is_not_offered_confirming(world, referrer_user):
    referral = make_discharge(world, referrer_user, days=5)
    html = _panel(referral)  # no in_full: the referrer's view
    assert "/confirm/" not in html
    assert f"/referrals/discharges/{referral.pk}/outcome/?from=referral" in html


def test_after_the_day_it_shows_what_happened(world, referrer_user):
    referral = make_discharge(world, referrer_user, days=-2)
    Discharge.objects.filter(referral=referral).update(
        discharged_on=timezone.localdate(), outcome="no_fixed_abode"
    )
    html = _panel(referral, in_full=True)
    assert "No fixed abode (nowhere to go)" in html
    assert "Correct what happened on the day" in html
    assert "/confirm/" not in html and "/date/" not in html


def test_a_closed_referral_offers_no_changes(world, referrer_user):
    referral = make_discharge(world, referrer_user, days=5)
    referral.status = ReferralStatus.CLOSED
    html = _panel(referral, in_full=True)
    assert "/referrals/discharges/" in html  # the board
    assert f"/referrals/discharges/{referral.pk}/" not in html
