"""The daily reminder of reconnection follow-ups: sent when the follow-up is due, once, to
the worker who made the offer, and naming nobody."""

from datetime import date, timedelta

import pytest

from waypost.accounts.models import Role
from waypost.funds.models import Connection, FollowUp, OfferStatus, ReconnectionOffer
from waypost.funds.tasks import remind_reconnection_follow_ups, send_follow_up_reminders
from waypost.notifications.models import Notification
from waypost.testing.people import make_person
from waypost.testing.personas import make_user

TODAY = date(2026, 11, 20)


def travelled(person, worker, agency, *, days_ago: int, **fields) -> ReconnectionOffer:
    went = TODAY - timedelta(days=days_ago)
    return ReconnectionOffer.objects.create(
        person=person,
        recorded_by_agency=agency,
        offered_by=worker,
        destination="Aberdeen",
        connection=Connection.FAMILY,
        offered_on=went - timedelta(days=3),
        status=OfferStatus.TRAVELLED,
        travelled_on=went,
        follow_up_due_on=went + timedelta(days=28),
        **fields,
    )


@pytest.fixture
def person(world):
    return make_person(world.council, given_name="Morag", family_name="Sinclair")


def test_the_reminder_waits_until_the_follow_up_is_due(world, caseworker_user, person):
    travelled(person, caseworker_user, world.council, days_ago=27)
    assert send_follow_up_reminders(TODAY) == 0
    assert not Notification.objects.exists()


def test_the_reminder_is_sent_once_to_the_worker_and_names_nobody(world, caseworker_user, person):
    offer = travelled(person, caseworker_user, world.council, days_ago=28)
    assert send_follow_up_reminders(TODAY) == 1
    assert send_follow_up_reminders(TODAY + timedelta(days=1)) == 0
    note = Notification.objects.get()
    assert note.user == caseworker_user
    assert note.link == "/funds/reconnections/follow-ups/"
    text = f"{note.title} {note.body}"
    for personal in ("Morag", "Sinclair", "Aberdeen", str(person.pk), str(offer.pk)):
        assert personal not in text
    offer.refresh_from_db()
    assert offer.follow_up_reminded_at is not None


def test_no_reminder_once_the_follow_up_is_recorded(world, caseworker_user, person):
    travelled(
        person,
        caseworker_user,
        world.council,
        days_ago=40,
        follow_up=FollowUp.HELD,
        followed_up_on=TODAY - timedelta(days=5),
    )
    assert send_follow_up_reminders(TODAY) == 0


def test_several_due_make_one_message_per_worker(world, caseworker_user, person):
    for days in (28, 35):
        travelled(person, caseworker_user, world.council, days_ago=days)
    assert send_follow_up_reminders(TODAY) == 2
    note = Notification.objects.get()
    assert note.body.startswith("2 reconnections")


def test_a_worker_who_left_is_replaced_by_the_agencys_coordinators(
    world, caseworker_user, coordinator_user, person
):
    gone = make_user("gone@coventry.test", agency=world.council, role=Role.CASEWORKER)
    gone.memberships.update(ended_at="2026-01-01T00:00Z")
    travelled(person, gone, world.council, days_ago=30)
    send_follow_up_reminders(TODAY)
    assert list(Notification.objects.values_list("user", flat=True)) == [coordinator_user.pk]


def test_the_task_takes_no_arguments():
    """Nothing personal can sit in the task queue."""
    import inspect

    assert not inspect.signature(remind_reconnection_follow_ups.func).parameters
