"""The housing options team's writes: accepting and assigning (the lead agency follows the
caseworker), first contact, the 56-day duties (one open at a time), triage routes, closing,
and reconnection offers. Each refuses stale or closed referrals."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from waypost.accounts.models import Agency, AgencyType, Role
from waypost.notifications.models import Notification
from waypost.referrals import triage_actions as actions
from waypost.referrals.models import (
    ClosureReason,
    Duty,
    DutyKind,
    DutyOutcome,
    FollowUpOutcome,
    OfferResponse,
    Referral,
    ReferralStatus,
)
from waypost.referrals.referral_actions import ReferralChanged, ReferralClosed
from waypost.referrals.tests.referral_helpers import make_test_referral
from waypost.testing.personas import make_user


@pytest.fixture
def referral(world, referrer_user):
    return make_test_referral(by=referrer_user, agency=world.hospital, partnership=world.coventry)


def _accepted(referral, caseworker_user):
    return actions.accept_referral(
        referral, version=referral.version, assign_to=caseworker_user, by=caseworker_user
    )


def _backdate(referral, days):
    Referral.objects.filter(pk=referral.pk).update(
        received_at=timezone.now() - timedelta(days=days)
    )
    referral.refresh_from_db()
    return referral


# --- Accept and assign -------------------------------------------------------------------------


def test_accepting_assigns_the_caseworker_and_makes_their_agency_the_lead(
    referral, world, caseworker_user, coordinator_user
):
    accepted = actions.accept_referral(
        referral, version=referral.version, assign_to=caseworker_user, by=coordinator_user
    )
    accepted.refresh_from_db()
    assert accepted.status == ReferralStatus.ACCEPTED
    assert accepted.accepted_by == coordinator_user
    assert accepted.accepted_at is not None
    assert accepted.assigned_to == caseworker_user
    assert accepted.lead_agency == world.council
    assert accepted.version == referral.version + 1


def test_the_caseworker_is_told_in_the_app_without_personal_data(
    referral, caseworker_user, coordinator_user
):
    actions.accept_referral(
        referral, version=referral.version, assign_to=caseworker_user, by=coordinator_user
    )
    told = Notification.objects.get(user=caseworker_user, title="Referral assigned to you")
    assert told.link == f"/referrals/{referral.pk}/"
    assert "Dawn" not in told.title + told.body and "Hartley" not in told.title + told.body


def test_nobody_is_told_when_they_take_the_referral_themselves(referral, caseworker_user):
    _accepted(referral, caseworker_user)
    assert not Notification.objects.filter(
        user=caseworker_user, title="Referral assigned to you"
    ).exists()


def test_the_lead_agency_is_the_caseworkers_own_housing_options_agency(
    referral, world, caseworker_user
):
    second = Agency.objects.create(
        partnership=world.coventry, name="Anchor Housing Options", type=AgencyType.HOUSING_OPTIONS
    )
    worker = make_user("anchor@coventry.test", agency=second, role=Role.CASEWORKER)
    accepted = actions.accept_referral(
        referral, version=referral.version, assign_to=worker, by=caseworker_user
    )
    assert accepted.lead_agency == second


def test_only_the_partnerships_housing_options_team_can_be_assigned(
    referral, world, caseworker_user, outreach_user
):
    brum = make_user("cw@birmingham.test", agency=world.brum_council, role=Role.CASEWORKER)
    for outsider in (brum, outreach_user):
        with pytest.raises(actions.TriageRefused, match="housing options team"):
            actions.accept_referral(
                referral, version=referral.version, assign_to=outsider, by=caseworker_user
            )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WAITING


def test_a_stale_version_is_refused_and_nothing_changes(referral, caseworker_user):
    with pytest.raises(ReferralChanged):
        actions.accept_referral(
            referral, version=referral.version - 1, assign_to=caseworker_user, by=caseworker_user
        )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WAITING and referral.assigned_to is None


def test_reassigning_moves_the_lead_and_tells_the_new_caseworker(
    referral, caseworker_user, coordinator_user
):
    accepted = _accepted(referral, caseworker_user)
    actions.reassign_referral(
        accepted, version=accepted.version, assign_to=coordinator_user, by=caseworker_user
    )
    accepted.refresh_from_db()
    assert accepted.assigned_to == coordinator_user
    assert Notification.objects.filter(
        user=coordinator_user, title="Referral assigned to you"
    ).exists()


# --- First contact -----------------------------------------------------------------------------


def test_first_contact_is_recorded_and_cannot_predate_the_referral(referral, caseworker_user):
    accepted = _accepted(referral, caseworker_user)
    with pytest.raises(actions.TriageRefused, match="before the referral"):
        actions.record_first_contact(
            accepted,
            version=accepted.version,
            at=accepted.received_at - timedelta(days=1),
            by=caseworker_user,
        )
    at = timezone.now()
    actions.record_first_contact(accepted, version=accepted.version, at=at, by=caseworker_user)
    accepted.refresh_from_db()
    assert accepted.first_contact_at == at


# --- Duties ------------------------------------------------------------------------------------


def test_a_duty_ends_56_days_after_it_starts(referral, caseworker_user):
    accepted = _accepted(_backdate(referral, 10), caseworker_user)
    started = timezone.localdate() - timedelta(days=3)
    duty = actions.start_duty(
        accepted,
        version=accepted.version,
        kind=DutyKind.PREVENTION,
        started_on=started,
        by=caseworker_user,
    )
    assert duty.ends_on == started + timedelta(days=56)
    assert duty.days_left() == 53


def test_a_duty_starts_only_on_an_accepted_referral(referral, caseworker_user):
    with pytest.raises(actions.TriageRefused, match="Accept the referral first"):
        actions.start_duty(
            referral,
            version=referral.version,
            kind=DutyKind.PREVENTION,
            started_on=timezone.localdate(),
            by=caseworker_user,
        )


def test_only_one_duty_is_open_at_a_time(referral, caseworker_user):
    accepted = _accepted(referral, caseworker_user)
    today = timezone.localdate()
    actions.start_duty(
        accepted, version=accepted.version, kind="prevention", started_on=today, by=caseworker_user
    )
    accepted.refresh_from_db()
    with pytest.raises(actions.TriageRefused, match="prevention duty is still open"):
        actions.start_duty(
            accepted, version=accepted.version, kind="relief", started_on=today, by=caseworker_user
        )
    assert accepted.duties.count() == 1
    # And the database refuses a second open duty that skipped the action.
    with pytest.raises(IntegrityError), transaction.atomic():
        Duty.objects.create(referral=accepted, kind="relief", started_on=today, ends_on=today)


def test_becoming_homeless_ends_prevention_and_can_start_relief_the_same_day(
    referral, caseworker_user
):
    accepted = _accepted(_backdate(referral, 30), caseworker_user)
    started = timezone.localdate() - timedelta(days=20)
    prevention = actions.start_duty(
        accepted, version=accepted.version, kind="prevention", started_on=started,
        by=caseworker_user,
    )  # fmt: skip
    accepted.refresh_from_db()
    ended_on = timezone.localdate() - timedelta(days=1)
    relief = actions.end_duty(
        prevention,
        version=accepted.version,
        outcome=DutyOutcome.BECAME_HOMELESS,
        ended_on=ended_on,
        notes="Evicted by her sister.",
        by=caseworker_user,
        start_relief=True,
    )
    prevention.refresh_from_db()
    assert prevention.ended_on == ended_on and prevention.outcome == "became_homeless"
    assert relief.kind == DutyKind.RELIEF
    assert relief.started_on == ended_on
    assert relief.ends_on == ended_on + timedelta(days=56)


def test_relief_starts_only_after_becoming_homeless(referral, caseworker_user):
    accepted = _accepted(referral, caseworker_user)
    duty = actions.start_duty(
        accepted, version=accepted.version, kind="prevention",
        started_on=timezone.localdate(), by=caseworker_user,
    )  # fmt: skip
    accepted.refresh_from_db()
    result = actions.end_duty(
        duty,
        version=accepted.version,
        outcome=DutyOutcome.SECURED_6_MONTHS,
        ended_on=timezone.localdate(),
        by=caseworker_user,
        start_relief=True,
    )
    assert result is None
    assert not accepted.duties.filter(ended_on__isnull=True).exists()


# --- Closing -----------------------------------------------------------------------------------


def test_closing_is_refused_while_a_duty_is_open(referral, caseworker_user):
    accepted = _accepted(referral, caseworker_user)
    duty = actions.start_duty(
        accepted, version=accepted.version, kind="prevention",
        started_on=timezone.localdate(), by=caseworker_user,
    )  # fmt: skip
    accepted.refresh_from_db()
    with pytest.raises(actions.TriageRefused, match="still open"):
        actions.close_referral(
            accepted, version=accepted.version, reason=ClosureReason.DUTY_ENDED, by=caseworker_user
        )
    actions.end_duty(
        duty, version=accepted.version, outcome=DutyOutcome.SECURED_12_MONTHS,
        ended_on=timezone.localdate(), by=caseworker_user,
    )  # fmt: skip
    accepted.refresh_from_db()
    closed = actions.close_referral(
        accepted, version=accepted.version, reason=ClosureReason.DUTY_ENDED, by=caseworker_user
    )
    assert closed.status == ReferralStatus.CLOSED
    assert closed.closure_reason == ClosureReason.DUTY_ENDED
    assert closed.closed_by == caseworker_user


def test_duty_ended_is_refused_when_no_duty_was_recorded(referral, caseworker_user):
    with pytest.raises(actions.TriageRefused, match="choose another reason"):
        actions.close_referral(
            referral, version=referral.version, reason=ClosureReason.DUTY_ENDED, by=caseworker_user
        )
    # A waiting referral may be closed for another reason without being accepted.
    closed = actions.close_referral(
        referral, version=referral.version, reason=ClosureReason.ADVICE_ONLY, by=caseworker_user
    )
    assert closed.status == ReferralStatus.CLOSED


def test_nothing_more_is_recorded_on_a_closed_referral(referral, caseworker_user):
    closed = actions.close_referral(
        referral, version=referral.version, reason=ClosureReason.WITHDRAWN, by=caseworker_user
    )
    with pytest.raises(ReferralClosed):
        actions.accept_referral(
            closed, version=closed.version, assign_to=caseworker_user, by=caseworker_user
        )


# --- Triage ------------------------------------------------------------------------------------


def _triage(referral, by, **overrides):
    fields = {
        "eligibility": "eligible",
        "local_connection": "here",
        "connection_area": "",
        "public_funds": "has_recourse",
        "route": "temporary_accommodation",
        "out_of_hours": False,
        "notes": "",
    }
    fields.update(overrides)
    return actions.record_triage(referral, version=referral.version, by=by, **fields)


def test_the_nrpf_pathway_is_only_for_someone_with_no_recourse(referral, caseworker_user):
    accepted = _accepted(referral, caseworker_user)
    with pytest.raises(actions.TriageRefused, match="no recourse"):
        _triage(accepted, caseworker_user, route="nrpf_pathway")
    triage = _triage(accepted, caseworker_user, route="nrpf_pathway", public_funds="nrpf")
    assert triage.route == "nrpf_pathway"


def test_reconnection_is_only_for_a_connection_elsewhere_and_keeps_the_area(
    referral, caseworker_user
):
    accepted = _accepted(referral, caseworker_user)
    with pytest.raises(actions.TriageRefused, match="another area"):
        _triage(accepted, caseworker_user, route="reconnection")
    triage = _triage(
        accepted, caseworker_user, route="reconnection", local_connection="elsewhere",
        connection_area=" Leicester ",
    )  # fmt: skip
    assert triage.connection_area == "Leicester"


def test_out_of_hours_is_kept_only_for_temporary_accommodation(referral, caseworker_user):
    accepted = _accepted(referral, caseworker_user)
    assert _triage(accepted, caseworker_user, out_of_hours=True).out_of_hours
    accepted.refresh_from_db()
    later = _triage(accepted, caseworker_user, route="prevention", out_of_hours=True)
    assert not later.out_of_hours
    # The latest triage is the current one; the earlier is kept.
    assert accepted.triages.count() == 2
    assert accepted.triages.first().route == "prevention"


# --- Reconnection ------------------------------------------------------------------------------


def test_a_reconnection_offer_is_answered_and_followed_up_even_after_closing(
    referral, caseworker_user
):
    accepted = _accepted(referral, caseworker_user)
    today = timezone.localdate()
    offer = actions.record_reconnection_offer(
        accepted,
        version=accepted.version,
        destination="Leicester",
        destination_contact="Leicester Housing Options, Sam Patel, 0116 454 1000",
        offer="Train ticket and a hostel room",
        offered_on=today,
        follow_up_on=today + timedelta(days=7),
        by=caseworker_user,
    )
    accepted.refresh_from_db()
    actions.record_offer_response(
        offer, version=accepted.version, response=OfferResponse.ACCEPTED, by=caseworker_user
    )
    accepted.refresh_from_db()
    closed = actions.close_referral(
        accepted, version=accepted.version, reason=ClosureReason.OTHER_AUTHORITY,
        by=caseworker_user,
    )  # fmt: skip
    actions.record_follow_up(
        offer,
        version=closed.version,
        followed_up_on=today,
        outcome=FollowUpOutcome.ACCOMMODATED,
        notes="Confirmed by Sam.",
        by=caseworker_user,
    )
    offer.refresh_from_db()
    assert offer.response == OfferResponse.ACCEPTED
    assert offer.followed_up_on == today
    assert offer.follow_up_outcome == FollowUpOutcome.ACCOMMODATED


def test_a_follow_up_cannot_come_before_the_offer(referral, caseworker_user):
    accepted = _accepted(referral, caseworker_user)
    today = timezone.localdate()
    with pytest.raises(actions.TriageRefused, match="on or after"):
        actions.record_reconnection_offer(
            accepted, version=accepted.version, destination="Leicester", destination_contact="x",
            offer="x", offered_on=today, follow_up_on=today - timedelta(days=1),
            by=caseworker_user,
        )  # fmt: skip
