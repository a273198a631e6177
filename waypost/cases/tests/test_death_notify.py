"""Notifying a death: any front-line member of staff who knows of the person; the by-name
list shows that they died; the partnership's coordinators are told in Waypost and by email
with no personal data; a review is opened, led by the coordinators' agency; once only."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from waypost.accounts.models import Role
from waypost.cases.death_actions import NOTIFIED_TITLE, AlreadyNotified
from waypost.cases.models import DeathNotification, DeathReview, ReviewStatus
from waypost.cases.tests.test_enforcement_helpers import (
    client_for,
    member,
    notified_death,
    on_list,
)
from waypost.notifications.models import Notification, OutboxMessage
from waypost.outreach.models import ByNameEntry, ListStatus, StatusChange
from waypost.testing.people import give_consent, make_person, sign_agreement_for


def _url(person):
    return f"/cases/people/{person.pk}/death/new/"


def _post(**overrides):
    died = timezone.localdate() - timedelta(days=2)
    data = {
        "died_on_0": died.day,
        "died_on_1": died.month,
        "died_on_2": died.year,
        "place_of_death": "Greyfriars Green",
        "circumstances": "Found in a tent by a passer-by",
        "how_heard": "Told by the police",
    }
    data.update(overrides)
    return data


@pytest.fixture
def shared_person(world, caseworker_user):
    """Marigold Quince, recorded by the council, on the list, shared with every agency."""
    person = make_person(
        world.council, by=caseworker_user, given_name="Marigold", family_name="Quince"
    )
    on_list(person, world.outreach)
    sign_agreement_for(world.council, world.outreach, world.hospital)
    give_consent(person, caseworker_user, world.council)
    return person


def test_an_outreach_worker_notifies_a_death(
    outreach_client, outreach_user, coordinator_user, shared_person, world
):
    response = outreach_client.post(_url(shared_person), _post())
    # Outreach is not involved in the review (yet): back to the person's record.
    assert response.status_code == 302
    assert response.url == f"/people/{shared_person.pk}/"
    notification = DeathNotification.objects.get(person=shared_person)
    assert notification.died_on == timezone.localdate() - timedelta(days=2)
    assert notification.place_of_death == "Greyfriars Green"
    assert notification.recorded_by_agency == world.outreach
    review = DeathReview.objects.get(notification=notification)
    assert review.status == ReviewStatus.OPEN
    # Led by the agency of the partnership's rough sleeper coordinator.
    assert review.reviewed_by_agency == world.council


def test_the_by_name_list_shows_they_died(outreach_client, outreach_user, shared_person, world):
    outreach_client.post(_url(shared_person), _post())
    entry = ByNameEntry.objects.get(person=shared_person)
    assert entry.status == ListStatus.DECEASED
    change = StatusChange.objects.get(entry=entry, status=ListStatus.DECEASED)
    assert change.previous_status == ListStatus.ROUGH_SLEEPING
    assert change.recorded_by == outreach_user


def test_someone_not_on_the_list_is_not_added_to_it(caseworker_client, world):
    person = make_person(world.council, given_name="Recently", family_name="Housed")
    assert caseworker_client.post(_url(person), _post()).status_code == 302
    assert DeathNotification.objects.filter(person=person).exists()
    assert not ByNameEntry.objects.filter(person=person).exists()


def test_coordinators_are_told_without_personal_data(
    outreach_client, outreach_user, coordinator_user, shared_person, world
):
    second = member("second.coordinator@coventry.test", world.council, Role.COORDINATOR)
    elsewhere = member("coordinator@birmingham.test", world.brum_council, Role.COORDINATOR)
    outreach_client.post(_url(shared_person), _post())
    review = DeathReview.objects.get()
    told = Notification.objects.filter(title=NOTIFIED_TITLE)
    assert {n.user for n in told} == {coordinator_user, second}
    assert not Notification.objects.filter(user=elsewhere).exists()
    assert not Notification.objects.filter(user=outreach_user).exists()
    assert {n.link for n in told} == {f"/cases/deaths/{review.pk}/"}
    emails = OutboxMessage.objects.filter(subject=NOTIFIED_TITLE)
    assert {m.to_address for m in emails} == {coordinator_user.email, second.email}
    died = timezone.localdate() - timedelta(days=2)
    personal = [
        "Marigold",
        "Quince",
        "Greyfriars",
        "tent",
        "police",
        died.strftime("%-d %B"),
        died.isoformat(),
        str(shared_person.pk),
    ]
    for text in [n.title + n.body for n in told] + [m.subject + m.body for m in emails]:
        for detail in personal:
            assert detail not in text
        assert "Coventry Outreach" in text  # the agency that notified it


def test_the_notifying_coordinator_is_not_told_and_goes_to_the_review(
    coordinator_client, coordinator_user, shared_person
):
    response = coordinator_client.post(_url(shared_person), _post())
    review = DeathReview.objects.get()
    assert response.url == f"/cases/deaths/{review.pk}/"
    assert not Notification.objects.filter(user=coordinator_user).exists()


def test_a_death_is_notified_once(outreach_client, caseworker_client, shared_person):
    outreach_client.post(_url(shared_person), _post())
    again = outreach_client.get(_url(shared_person)).content.decode()
    assert "Death already notified" in again and "Go to the death review" not in again
    response = outreach_client.post(_url(shared_person), _post(place_of_death="Elsewhere"))
    assert "Death already notified" in response.content.decode()
    assert DeathNotification.objects.count() == 1 and DeathReview.objects.count() == 1
    # The council caseworker is not involved in the review either: no link to it.
    assert (
        "Go to the death review" not in caseworker_client.get(_url(shared_person)).content.decode()
    )


def test_a_coordinator_is_sent_to_the_existing_review(
    outreach_client, coordinator_client, shared_person
):
    outreach_client.post(_url(shared_person), _post())
    html = coordinator_client.get(_url(shared_person)).content.decode()
    assert "Go to the death review" in html


def test_the_date_may_be_unknown_but_not_in_the_future(outreach_client, shared_person):
    later = timezone.localdate() + timedelta(days=1)
    html = outreach_client.post(
        _url(shared_person), _post(died_on_0=later.day, died_on_1=later.month, died_on_2=later.year)
    ).content.decode()
    assert "The date they died must be today or earlier" in html
    html = outreach_client.post(
        _url(shared_person),
        _post(died_on_0="", died_on_1="", died_on_2="", died_on_approximate="on"),
    ).content.decode()
    assert "Enter the approximate date they died, or untick the box" in html
    assert not DeathNotification.objects.exists()
    outreach_client.post(_url(shared_person), _post(died_on_0="", died_on_1="", died_on_2=""))
    assert DeathNotification.objects.get().died_on is None


def test_an_approximate_date_is_kept(outreach_client, shared_person):
    outreach_client.post(_url(shared_person), _post(died_on_approximate="on"))
    assert DeathNotification.objects.get().died_on_approximate


@pytest.mark.parametrize("persona", ["commissioner_client", "admin_client", "dpo_client"])
def test_roles_without_casework_cannot_notify(request, persona, shared_person):
    client = request.getfixturevalue(persona)
    assert client.get(_url(shared_person)).status_code == 403
    assert client.post(_url(shared_person), _post()).status_code == 403


def test_a_referrer_who_knows_of_the_person_may_notify(referrer_client, shared_person):
    assert referrer_client.post(_url(shared_person), _post()).status_code == 302


def test_people_the_user_may_not_know_of_are_not_found(world, outreach_client):
    unknown = make_person(world.council)  # no agreement signed: outreach does not know of them
    assert outreach_client.get(_url(unknown)).status_code == 404
    assert outreach_client.get(f"/cases/people/{uuid.uuid4()}/death/new/").status_code == 404
    brum = client_for(member("outreach@birmingham.test", world.brum_council, Role.CASEWORKER))
    assert brum.post(_url(unknown), _post()).status_code == 404
    assert not DeathNotification.objects.exists()


def test_the_action_refuses_a_second_notification(shared_person, outreach_user, world):
    notified_death(shared_person, world.outreach, outreach_user)
    with pytest.raises(AlreadyNotified):
        notified_death(shared_person, world.outreach, outreach_user)
    assert DeathNotification.objects.count() == 1
