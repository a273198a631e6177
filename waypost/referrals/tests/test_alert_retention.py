"""Anonymising a person removes what identifies them from the alerts linked to them, and keeps
what statistics need."""

from datetime import timedelta

from django.utils import timezone

from waypost.audit.retention.actions import REMOVED
from waypost.referrals.actions import link_person, record_visit
from waypost.referrals.models import Alert, Referral
from waypost.referrals.retention import (
    anonymise_for_people,
    anonymise_unidentified,
    unidentified_past,
)
from waypost.referrals.tests.helpers import make_alert
from waypost.referrals.tests.referral_helpers import make_test_referral
from waypost.testing.people import make_person


def test_linked_alerts_lose_identifying_text_and_keep_categories(areas, world, outreach_user):
    person = make_person(world.outreach, by=outreach_user)
    alert = make_alert(
        name_if_known="Dave",
        concerns="Cough",
        latitude=52.4,
        longitude=-1.5,
        building="Boots",
        wants_feedback=True,
        alerter_email="a@example.com",
    )
    other = make_alert(street="Unlinked Street")

    record_visit(alert, version=alert.version, visited_at=timezone.now(), outcome="engaging",
                 notes="Met Dave at the bank", by=outreach_user, agency=world.outreach)  # fmt: skip
    link_person(alert, person, by=outreach_user)

    assert anonymise_for_people([person.pk]) == 1
    alert = Alert.objects.get(pk=alert.pk)
    assert alert.location_description == REMOVED
    assert (alert.street, alert.building, alert.appearance, alert.name_if_known) == ("", "", "", "")
    assert alert.concerns == "" and alert.latitude is None and alert.alerter_email == ""
    assert alert.postcode == "CV1"
    assert (alert.town, alert.age_range, alert.outcome) == ("Coventry", "36_50", "engaging")
    assert alert.visits.get().notes == ""
    assert Alert.objects.get(pk=other.pk).street == "Unlinked Street"


# --- Never identified ---------------------------------------------------------------------------


def _closed_ago(model, record, days):
    outcome = {"outcome": "not_found"} if model is Alert else {"closure_reason": "no_contact"}
    model.objects.filter(pk=record.pk).update(
        status="closed", closed_at=timezone.now() - timedelta(days=days), **outcome
    )


def test_alerts_and_referrals_never_identified_are_cleared_after_their_period(
    areas, world, outreach_user, referrer_user
):
    """The person rule never reaches an alert or referral closed without a person record:
    the unidentified rule clears them once closed for longer than its period, and only them."""
    old = make_alert(name_if_known="Dave", postcode="CV1 2AB")
    recent = make_alert(street="Recent Street")
    linked = make_alert(street="Linked Street")
    link_person(linked, make_person(world.outreach, by=outreach_user), by=outreach_user)
    waiting = make_alert(street="Waiting Street")
    for alert, days in ((old, 800), (recent, 100), (linked, 800)):
        _closed_ago(Alert, alert, days)
    old_referral = make_test_referral(
        by=referrer_user, agency=world.hospital, partnership=world.coventry
    )
    _closed_ago(Referral, old_referral, 800)

    cutoff = timezone.now() - timedelta(days=730)
    found = unidentified_past(world.coventry.pk, cutoff)
    assert sorted(found) == sorted([f"alert:{old.pk}", f"referral:{old_referral.pk}"])
    assert unidentified_past(world.birmingham.pk, cutoff) == []

    assert anonymise_unidentified(found) == 2
    old = Alert.objects.get(pk=old.pk)
    assert old.name_if_known == "" and old.location_description == REMOVED
    assert old.postcode == "CV1" and old.age_range == "36_50"
    old_referral.refresh_from_db()
    assert old_referral.given_name == REMOVED and old_referral.date_of_birth is None
    assert old_referral.reason  # the category stays
    for kept in (recent, linked, waiting):
        assert Alert.objects.get(pk=kept.pk).location_description != REMOVED
    # Cleared once: not a candidate again.
    assert unidentified_past(world.coventry.pk, cutoff) == []


def test_the_nightly_retention_run_reports_then_clears_them(areas, world):
    from waypost.audit.retention.actions import apply_retention_run, plan_retention

    old = make_alert(name_if_known="Dave")
    _closed_ago(Alert, old, 800)  # past the default of 24 months
    run = plan_retention(world.coventry, by=None)
    assert run.report["items"]["unidentified"] == {"ids": [f"alert:{old.pk}"], "count": 1}
    assert Alert.objects.get(pk=old.pk).name_if_known == "Dave"  # a dry run changes nothing
    run = apply_retention_run(run, by=None)
    assert run.applied["unidentified"]["count"] == 1
    assert Alert.objects.get(pk=old.pk).name_if_known == ""
