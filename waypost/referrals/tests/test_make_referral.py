"""Receiving a referral: consent is required, the triage team is told without personal data,
and the same person from the same agency within a day is one referral."""

from datetime import timedelta

import pytest
import time_machine
from django.db import IntegrityError, transaction

from waypost.notifications.models import Notification
from waypost.referrals.models import Discharge, Referral, ReferralStatus
from waypost.referrals.referral_actions import make_referral
from waypost.referrals.tests.referral_helpers import (
    discharge_fields,
    make_test_referral,
    referral_fields,
)


def _make(world, referrer_user, **overrides):
    return make_referral(
        by=referrer_user,
        agency=world.hospital,
        partnership=world.coventry,
        **referral_fields(**overrides),
    )


def test_a_referral_waits_for_triage_and_tells_the_team_without_personal_data(
    world, referrer_user, caseworker_user, coordinator_user, outreach_user
):
    result = _make(world, referrer_user)
    referral = result.referral
    assert result.created
    assert referral.status == ReferralStatus.WAITING
    assert referral.is_duty_to_refer
    told = Notification.objects.filter(link=f"/referrals/{referral.pk}/")
    assert {n.user for n in told} == {caseworker_user, coordinator_user}
    for n in told:
        assert "Dawn" not in n.title + n.body and "Hartley" not in n.title + n.body


def test_consent_is_required(world, referrer_user):
    with pytest.raises(ValueError, match="consent"):
        _make(world, referrer_user, consent_given=False)
    # And the database refuses one that skipped the action.
    fields = referral_fields(consent_given=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.create(
            partnership=world.coventry, referring_agency=world.hospital, match_key="x", **fields
        )


def test_the_same_person_from_the_same_agency_within_a_day_is_one_referral(world, referrer_user):
    first = _make(world, referrer_user).referral
    # Typed differently: capitals, an accent, spaces.
    again = _make(world, referrer_user, given_name=" DAWN ", family_name="Hártley")
    assert not again.created and again.referral == first
    assert Referral.objects.count() == 1


def test_a_day_later_or_another_person_is_a_new_referral(world, referrer_user):
    first = _make(world, referrer_user).referral
    other = _make(world, referrer_user, given_name="Dan")
    assert other.created and other.referral != first
    with time_machine.travel(first.received_at + timedelta(days=1, minutes=1)):
        later = _make(world, referrer_user)
    assert later.created


def test_a_discharge_referral_needs_its_discharge_details(world, referrer_user):
    with pytest.raises(ValueError):
        _make(world, referrer_user, pathway="hospital")
    referral = make_test_referral(
        by=referrer_user,
        agency=world.hospital,
        partnership=world.coventry,
        discharge=discharge_fields(),
    )
    assert Discharge.objects.get(referral=referral).institution == "University Hospital Coventry"
