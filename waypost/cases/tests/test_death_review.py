"""The review of a death: coordinators edit it (version-checked) and complete it once the
circumstances, learning and safeguarding adults review decision are recorded; staff of the
agencies involved read it; everyone else gets 404. The first report shows only where the
policy shares it. Every read is in the access log."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from waypost.accounts.models import Role
from waypost.audit.models import AccessEvent, Section
from waypost.cases.models import DeathReview, ReviewStatus
from waypost.cases.tests.test_enforcement_helpers import (
    client_for,
    member,
    notified_death,
    review_fields,
)
from waypost.testing.people import give_consent, make_person, sign_agreement_for


@pytest.fixture
def review(world, coordinator_user, outreach_user):
    """A death notified by outreach of someone the council recorded and shared with all."""
    person = make_person(world.council, given_name="Marigold", family_name="Quince")
    sign_agreement_for(world.council, world.outreach, world.hospital)
    give_consent(person, None, world.council)
    return notified_death(person, world.outreach, outreach_user)


def _url(review):
    return f"/cases/deaths/{review.pk}/"


def test_a_coordinator_sees_the_review_and_the_first_report(
    coordinator_client, coordinator_user, review
):
    html = coordinator_client.get(_url(review)).content.decode()
    assert "Marigold Quince" in html
    assert "Doorway on Corporation Street" in html and "Found unresponsive" in html
    assert "Save the review" in html
    events = AccessEvent.objects.filter(user=coordinator_user, route="cases:death_review")
    assert {(e.subject_type, e.section) for e in events} == {
        ("death_review", Section.SAFEGUARDING),
        ("death_notification", Section.SAFEGUARDING),
        ("person", Section.IDENTITY),
    }


def test_a_coordinator_saves_the_review(coordinator_client, coordinator_user, review, world):
    response = coordinator_client.post(
        _url(review),
        review_fields(review, agencies_involved=[world.outreach.pk, world.hospital.pk]),
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.version == 2 and review.status == ReviewStatus.OPEN
    assert review.learning.startswith("Cold weather beds were full")
    assert set(review.agencies_involved.all()) == {world.outreach, world.hospital}
    assert review.sar_referred is False and review.reviewed_by == coordinator_user


def test_a_stale_save_is_refused_and_keeps_what_was_typed(coordinator_client, review):
    stale = review_fields(review, learning="My learning, typed slowly")
    coordinator_client.post(_url(review), review_fields(review))
    response = coordinator_client.post(_url(review), stale)
    html = response.content.decode()
    assert "Someone else changed this review" in html
    assert "My learning, typed slowly" in html
    review.refresh_from_db()
    assert review.learning.startswith("Cold weather") and review.version == 2


def test_completing_needs_the_circumstances_learning_and_sar_decision(coordinator_client, review):
    fields = review_fields(
        review, circumstances="", learning="", sar_referred="undecided", complete="1"
    )
    html = coordinator_client.post(_url(review), fields).content.decode()
    assert "The review cannot be completed yet" in html
    assert "Enter the circumstances of the death" in html
    assert "Enter what the partnership has learned" in html
    assert "Say whether the death was referred for a safeguarding adults review" in html
    fields = review_fields(review, sar_referred="yes", complete="1")
    html = coordinator_client.post(_url(review), fields).content.decode()
    assert "Enter the date it was referred" in html
    review.refresh_from_db()
    assert review.status == ReviewStatus.OPEN and review.version == 1


def test_a_completed_review_is_kept_as_it_is(coordinator_client, review):
    referred = timezone.localdate() - timedelta(days=1)
    fields = review_fields(
        review,
        sar_referred="yes",
        sar_referred_on_0=referred.day,
        sar_referred_on_1=referred.month,
        sar_referred_on_2=referred.year,
        complete="1",
    )
    response = coordinator_client.post(_url(review), fields)
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.COMPLETE and review.completed_at is not None
    assert review.sar_referred and review.sar_referred_on == referred
    html = coordinator_client.get(_url(review)).content.decode()
    assert "Save the review" not in html and f"Referred on {referred:%-d %B %Y}" in html
    coordinator_client.post(_url(review), review_fields(review, learning="Changed later"))
    review.refresh_from_db()
    assert review.learning.startswith("Cold weather")


def test_staff_of_an_involved_agency_read_it_but_cannot_change_it(
    coordinator_client, outreach_client, review, world
):
    assert outreach_client.get(_url(review)).status_code == 404  # not involved yet
    coordinator_client.post(
        _url(review), review_fields(review, agencies_involved=[world.outreach.pk])
    )
    html = outreach_client.get(_url(review)).content.decode()
    assert "Cold weather beds were full" in html and "Save the review" not in html
    review.refresh_from_db()
    assert (
        outreach_client.post(_url(review), review_fields(review, learning="X")).status_code == 404
    )
    review.refresh_from_db()
    assert review.learning.startswith("Cold weather")


def test_an_involved_agency_without_sharing_does_not_see_it(coordinator_client, world, review):
    person = review.notification.person
    give_consent(person, None, world.council, agencies=[world.council])  # council only now
    coordinator_client.post(
        _url(review), review_fields(review, agencies_involved=[world.outreach.pk])
    )
    outreach = client_for(
        member("another.outreach@coventry.test", world.outreach, Role.OUTREACH_WORKER)
    )
    assert outreach.get(_url(review)).status_code == 404


def test_the_first_report_is_hidden_when_not_shared(world, coordinator_client, outreach_user):
    # The council recorded the person; outreach notified; nothing shared with the council.
    person = make_person(world.council, given_name="Unshared")
    sign_agreement_for(world.council, world.outreach)
    give_consent(person, None, world.council, agencies=[world.outreach])
    review = notified_death(person, world.outreach, outreach_user)
    html = coordinator_client.get(_url(review)).content.decode()
    assert "The details they recorded are not shared with your agency" in html
    assert "Corporation Street" not in html


@pytest.mark.parametrize("persona", ["commissioner_client", "admin_client", "dpo_client"])
def test_roles_without_casework_are_refused(request, persona, review):
    assert request.getfixturevalue(persona).get(_url(review)).status_code == 403


def test_front_line_staff_not_involved_get_404(caseworker_client, referrer_client, review):
    assert caseworker_client.get(_url(review)).status_code == 404
    assert referrer_client.get(_url(review)).status_code == 404
    assert caseworker_client.get(f"/cases/deaths/{uuid.uuid4()}/").status_code == 404


def test_another_partnerships_coordinator_gets_404(world, review):
    brum = client_for(member("coordinator@birmingham.test", world.brum_council, Role.COORDINATOR))
    assert brum.get(_url(review)).status_code == 404
    assert brum.post(_url(review), review_fields(review)).status_code == 404


def test_agencies_of_another_partnership_cannot_be_ticked(coordinator_client, review, world):
    html = coordinator_client.post(
        _url(review), review_fields(review, agencies_involved=[world.brum_council.pk])
    ).content.decode()
    assert "Choose agencies from the list" in html
    assert not review.agencies_involved.exists()


def test_the_review_page_costs_a_fixed_number_of_queries(
    coordinator_client, review, world, django_assert_max_num_queries
):
    coordinator_client.post(
        _url(review),
        review_fields(review, agencies_involved=[world.outreach.pk, world.hospital.pk]),
    )
    with django_assert_max_num_queries(30):
        coordinator_client.get(_url(review))
    assert DeathReview.objects.count() == 1
