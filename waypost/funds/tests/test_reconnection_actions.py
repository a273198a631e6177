"""Reconnection offers at the level of the actions: the 28-day follow-up, the order of
events, and edits from a stale page."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from waypost.audit.models import Section
from waypost.funds import reconnection_actions as actions
from waypost.funds.models import Connection, FollowUp, FundKind, OfferStatus
from waypost.funds.tests.factories import make_fund
from waypost.people.access import get_person_for_section_write
from waypost.sharing.policy import active_memberships
from waypost.testing.people import make_person

TODAY = date.today()


def writer(user, person):
    return get_person_for_section_write(user, person.pk, Section.SUPPORT, active_memberships(user))


@pytest.fixture
def offer(world, caseworker_user):
    person = make_person(world.council)
    return actions.offer_reconnection(
        writer(caseworker_user, person),
        destination="Leeds",
        connection=Connection.FAMILY,
        details="Sister expecting them",
        offered_on=TODAY - timedelta(days=40),
        by=caseworker_user,
    )


def test_an_offer_carries_the_writers_agency_and_starts_as_offered(offer, world):
    assert offer.recorded_by_agency == world.council
    assert offer.status == OfferStatus.OFFERED
    assert offer.follow_up_due_on is None


def test_travelling_sets_the_follow_up_due_28_days_later(offer, caseworker_user):
    went = TODAY - timedelta(days=30)
    offer = actions.record_outcome(
        offer.pk, status=OfferStatus.TRAVELLED, travelled_on=went, version=1, by=caseworker_user
    )
    assert offer.follow_up_due_on == went + timedelta(days=28)
    assert offer.version == 2


def test_moving_the_travel_date_moves_the_follow_up_and_rearms_the_reminder(offer, caseworker_user):
    went = TODAY - timedelta(days=30)
    offer = actions.record_outcome(
        offer.pk, status=OfferStatus.TRAVELLED, travelled_on=went, version=1, by=caseworker_user
    )
    type(offer).objects.filter(pk=offer.pk).update(follow_up_reminded_at="2026-01-01T00:00Z")
    offer = actions.record_outcome(
        offer.pk,
        status=OfferStatus.TRAVELLED,
        travelled_on=went + timedelta(days=1),
        version=offer.version,
        by=caseworker_user,
    )
    offer.refresh_from_db()
    assert offer.follow_up_due_on == went + timedelta(days=29)
    assert offer.follow_up_reminded_at is None


def test_declining_clears_any_travel(offer, caseworker_user):
    offer = actions.record_outcome(
        offer.pk,
        status=OfferStatus.TRAVELLED,
        travelled_on=TODAY,
        version=1,
        by=caseworker_user,
    )
    offer = actions.record_outcome(
        offer.pk, status=OfferStatus.DECLINED, version=offer.version, by=caseworker_user
    )
    assert (offer.travelled_on, offer.follow_up_due_on) == (None, None)


def test_travel_needs_a_date_not_before_the_offer_nor_in_the_future(offer, caseworker_user):
    with pytest.raises(ValidationError) as missing:
        actions.record_outcome(
            offer.pk, status=OfferStatus.TRAVELLED, version=1, by=caseworker_user
        )
    assert "Enter the date they travelled" in str(missing.value)
    with pytest.raises(ValidationError, match="on or after the date of the offer"):
        actions.record_outcome(
            offer.pk,
            status=OfferStatus.TRAVELLED,
            travelled_on=offer.offered_on - timedelta(days=1),
            version=1,
            by=caseworker_user,
        )
    with pytest.raises(ValidationError, match="today or in the past"):
        actions.record_outcome(
            offer.pk,
            status=OfferStatus.TRAVELLED,
            travelled_on=TODAY + timedelta(days=1),
            version=1,
            by=caseworker_user,
        )


def test_an_edit_from_a_stale_page_is_refused(offer, caseworker_user):
    actions.record_outcome(offer.pk, status=OfferStatus.ACCEPTED, version=1, by=caseworker_user)
    with pytest.raises(ValidationError, match="Someone else changed"):
        actions.record_outcome(offer.pk, status=OfferStatus.DECLINED, version=1, by=caseworker_user)


def test_a_follow_up_needs_travel_first_and_a_date_on_or_after_it(offer, caseworker_user):
    with pytest.raises(ValidationError, match="travelled before"):
        actions.record_follow_up(
            offer.pk,
            outcome=FollowUp.HELD,
            followed_up_on=TODAY,
            version=1,
            by=caseworker_user,
        )
    went = TODAY - timedelta(days=10)
    offer = actions.record_outcome(
        offer.pk, status=OfferStatus.TRAVELLED, travelled_on=went, version=1, by=caseworker_user
    )
    with pytest.raises(ValidationError, match="on or after the date they travelled"):
        actions.record_follow_up(
            offer.pk,
            outcome=FollowUp.HELD,
            followed_up_on=went - timedelta(days=1),
            version=offer.version,
            by=caseworker_user,
        )
    # Before the due date is allowed: they may be known to be back already.
    offer = actions.record_follow_up(
        offer.pk,
        outcome=FollowUp.NOT_HELD,
        followed_up_on=went + timedelta(days=3),
        notes="  Seen back in Coventry  ",
        version=offer.version,
        by=caseworker_user,
    )
    assert (offer.follow_up, offer.follow_up_notes) == (FollowUp.NOT_HELD, "Seen back in Coventry")
    with pytest.raises(ValidationError, match="outcome can no longer change"):
        actions.record_outcome(
            offer.pk, status=OfferStatus.DECLINED, version=offer.version, by=caseworker_user
        )


def test_an_offer_is_paid_only_from_a_reconnection_fund_of_the_partnership(world, caseworker_user):
    person = make_person(world.council)
    giving = make_fund(world.council, name="Giving")
    elsewhere = make_fund(world.brum_council, name="Brum", kind=FundKind.RECONNECTION)
    for fund, message in ((giving, "reconnection fund"), (elsewhere, "person's partnership")):
        with pytest.raises(ValidationError, match=message):
            actions.offer_reconnection(
                writer(caseworker_user, person),
                destination="Leeds",
                connection=Connection.FAMILY,
                offered_on=TODAY,
                fund=fund,
                by=caseworker_user,
            )
