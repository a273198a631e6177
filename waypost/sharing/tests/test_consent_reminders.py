"""Consent review reminders: sent once when the review date arrives, to whoever recorded the
permission (or the agency's coordinators if they have left), with no personal data."""

from datetime import date, timedelta
from io import StringIO

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from waypost.accounts.models import Membership
from waypost.notifications.models import Notification, OutboxMessage
from waypost.sharing.models import SharingPermission
from waypost.sharing.tasks import remind_consent_reviews
from waypost.testing.people import give_consent


def _due(person, by, agency, *, review_on=None):
    permission = give_consent(person, by, agency)
    SharingPermission.objects.filter(pk=permission.pk).update(review_on=review_on or date.today())
    return permission


def test_the_recorder_is_reminded_once_when_the_review_date_arrives(world, person, caseworker_user):
    permission = _due(person, caseworker_user, world.council)
    assert remind_consent_reviews.call() == 1
    notification = Notification.objects.get(user=caseworker_user)
    assert notification.link == reverse("sharing:person", args=[person.pk])
    assert OutboxMessage.objects.filter(to_address=caseworker_user.email).count() == 1
    permission.refresh_from_db()
    assert permission.review_reminded_at is not None
    assert remind_consent_reviews.call() == 0
    assert Notification.objects.filter(user=caseworker_user).count() == 1


def test_the_reminder_carries_no_personal_data(world, person, caseworker_user):
    _due(person, caseworker_user, world.council)
    remind_consent_reviews.call()
    notification = Notification.objects.get()
    email = OutboxMessage.objects.get()
    for text in (notification.title, notification.body, email.subject, email.body):
        assert "Jo" not in text and "Bloggs" not in text and "1980" not in text
    assert "due for review" in notification.title


def test_permissions_not_yet_due_are_left_alone(world, person, caseworker_user):
    _due(person, caseworker_user, world.council, review_on=date.today() + timedelta(days=1))
    assert remind_consent_reviews.call() == 0
    assert not Notification.objects.exists()


def test_only_the_current_permission_is_reminded(world, person, caseworker_user):
    old = _due(person, caseworker_user, world.council)
    give_consent(person, caseworker_user, world.council)  # newer, no review date
    assert remind_consent_reviews.call() == 0
    old.refresh_from_db()
    assert old.review_reminded_at is None


def test_when_the_recorder_has_left_the_agencys_coordinators_are_reminded(
    world, person, caseworker_user, coordinator_user
):
    _due(person, caseworker_user, world.council)
    Membership.objects.filter(user=caseworker_user).update(ended_at=timezone.now())
    remind_consent_reviews.call()
    assert list(Notification.objects.values_list("user", flat=True)) == [coordinator_user.pk]
    assert OutboxMessage.objects.get().to_address == coordinator_user.email


def test_restricted_records_get_no_reminder(world, person, caseworker_user):
    _due(person, caseworker_user, world.council)
    type(person).objects.filter(pk=person.pk).update(restricted_at=timezone.now())
    assert remind_consent_reviews.call() == 0


def test_the_command_runs_the_reminders(world, person, caseworker_user):
    _due(person, caseworker_user, world.council)
    out = StringIO()
    call_command("remind_consent_reviews", stdout=out)
    assert out.getvalue().strip() == "Sent 1 consent review reminder."
    assert Notification.objects.count() == 1


def test_the_task_takes_no_arguments(world):
    # Nothing personal can sit in the task queue: the scheduler enqueues it bare.
    result = remind_consent_reviews.enqueue()
    assert result.args == [] and result.kwargs == {}


def test_with_nobody_to_tell_the_reminder_waits_for_the_next_run(
    world, person, caseworker_user, coordinator_user
):
    permission = _due(person, caseworker_user, world.council)
    Membership.objects.filter(user__in=[caseworker_user, coordinator_user]).update(
        ended_at=timezone.now()
    )
    assert remind_consent_reviews.call() == 0
    permission.refresh_from_db()
    assert permission.review_reminded_at is None
