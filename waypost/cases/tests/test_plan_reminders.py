"""Reminders of support plan actions: the owner is told when an action is due within 2 days
and again when it has just become overdue, once each however often the task runs; with no
owner, the owner agency's caseworkers and coordinators. By email too, with nothing about the
person in it: only a link to the list."""

from datetime import timedelta

from django.utils import timezone

from waypost.accounts.models import Role
from waypost.cases import plan_actions
from waypost.cases.models import PlanAction
from waypost.cases.plan_tasks import remind_plan_actions, send_action_reminders
from waypost.cases.tests.test_plan_helpers import action_for, days
from waypost.notifications.models import Notification, OutboxMessage
from waypost.sharing.actions import restrict_processing
from waypost.testing.people import make_person
from waypost.testing.personas import make_user


def _after(n: int):
    return timezone.localdate() + timedelta(days=n)


def test_the_owner_is_told_once_when_due_soon_and_once_when_overdue(
    caseworker_user, outreach_user, world
):
    person = make_person(world.council, by=caseworker_user)
    action_for(person, caseworker_user, world.council, owner_agency=world.outreach,
               owner=outreach_user, due=5)  # fmt: skip
    sent = {
        n: send_action_reminders(_after(n)) + send_action_reminders(_after(n)) for n in range(9)
    }
    # Due on day 5: "due soon" on day 3 (2 days before), "overdue" on day 6.
    assert sent == {0: 0, 1: 0, 2: 0, 3: 1, 4: 0, 5: 0, 6: 1, 7: 0, 8: 0}
    titles = list(
        Notification.objects.filter(user=outreach_user)
        .order_by("created_at")
        .values_list("title", flat=True)
    )
    assert titles == ["A support plan action is due soon", "A support plan action is overdue"]
    assert not Notification.objects.exclude(user=outreach_user).exists()
    assert OutboxMessage.objects.filter(to_address=outreach_user.email).count() == 2


def test_no_personal_data_is_in_the_message(caseworker_user, outreach_user, world):
    person = make_person(world.council, by=caseworker_user, given_name="Zebedee",
                         family_name="Quarrington")  # fmt: skip
    action_for(
        person, caseworker_user, world.council, owner_agency=world.outreach, owner=outreach_user,
        due=1, text="Take Zebedee to the Wellspring clinic",
    )  # fmt: skip
    assert send_action_reminders() == 1
    note = Notification.objects.get()
    email = OutboxMessage.objects.get()
    for text in (note.title, note.body, note.link, email.subject, email.body):
        for secret in ("Zebedee", "Quarrington", "Wellspring", str(person.pk), "Bloggs"):
            assert secret not in text
    assert note.link == "/cases/actions/mine/"
    assert email.subject == note.title and email.body.startswith(note.body)


def test_with_no_owner_the_agencys_caseworkers_and_coordinators_are_told(
    caseworker_user, coordinator_user, outreach_user, world
):
    other_caseworker = make_user("cw2@coventry.test", agency=world.council, role=Role.CASEWORKER)
    person = make_person(world.council, by=caseworker_user)
    action_for(person, outreach_user, world.outreach, owner_agency=world.council, due=2)
    assert send_action_reminders() == 1
    told = set(Notification.objects.values_list("user", flat=True))
    assert told == {caseworker_user.pk, coordinator_user.pk, other_caseworker.pk}
    assert set(Notification.objects.values_list("link", flat=True)) == {"/cases/actions/agency/"}


def test_an_owner_who_has_left_the_agency_is_not_told_their_agency_is(
    caseworker_user, coordinator_user, outreach_user, world
):
    from waypost.accounts.models import Membership

    person = make_person(world.council, by=caseworker_user)
    action_for(person, caseworker_user, world.council, owner=caseworker_user, due=1)
    Membership.objects.filter(user=caseworker_user).update(ended_at=timezone.now())
    send_action_reminders()
    assert set(Notification.objects.values_list("user", flat=True)) == {coordinator_user.pk}


def test_several_actions_make_one_message_per_person(caseworker_user, outreach_user, world):
    person = make_person(world.council, by=caseworker_user)
    for due in (0, 1, 2):
        action_for(person, caseworker_user, world.council, owner_agency=world.outreach,
                   owner=outreach_user, due=due)  # fmt: skip
    action_for(person, caseworker_user, world.council, owner_agency=world.outreach,
               owner=outreach_user, due=-1)  # fmt: skip
    assert send_action_reminders() == 4
    note = Notification.objects.get()
    assert note.title == "Support plan actions need attention"
    assert "3 due within 2 days and 1 now overdue" in note.body


def test_done_actions_long_overdue_ones_and_restricted_people_are_not_reminded(
    caseworker_user, outreach_user, world
):
    person = make_person(world.council, by=caseworker_user)
    done = action_for(person, caseworker_user, world.council, due=1)
    plan_actions.update_action(done, version=1, by=caseworker_user, agency=world.council,
                               status="done")  # fmt: skip
    action_for(person, caseworker_user, world.council, due=-30)  # long overdue
    hidden = make_person(world.council, by=caseworker_user, given_name="Sam")
    action_for(hidden, caseworker_user, world.council, due=1)
    restrict_processing(hidden, reason="Asked us to", by=caseworker_user)
    assert send_action_reminders() == 0
    assert not Notification.objects.exists()


def test_a_moved_due_date_earns_a_new_reminder(caseworker_user, world):
    person = make_person(world.council, by=caseworker_user)
    action = action_for(person, caseworker_user, world.council, owner=caseworker_user, due=1)
    assert send_action_reminders() == 1
    plan_actions.update_action(action, version=1, by=caseworker_user, agency=world.council,
                               due_on=days(10))  # fmt: skip
    assert PlanAction.objects.get().reminded_on is None
    assert send_action_reminders(_after(8)) == 1


def test_the_scheduled_task_takes_no_arguments(caseworker_user, world):
    person = make_person(world.council, by=caseworker_user)
    action_for(person, caseworker_user, world.council, owner=caseworker_user, due=1)
    assert remind_plan_actions.call() == 1
