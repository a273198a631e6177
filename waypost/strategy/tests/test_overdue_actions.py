"""Overdue actions: marked late and their lead told once per due date; again when the date
moves and lapses again; never for done actions. The lead is the lead agency's coordinators and
partnership admins, or the partnership's coordinators when there is no lead agency."""

from datetime import date

import pytest

from waypost.accounts.models import Role
from waypost.notifications.models import Notification, OutboxMessage
from waypost.strategy.models import Action, ActionStatus
from waypost.strategy.tasks import notify_overdue, notify_overdue_actions
from waypost.testing.personas import make_user
from waypost.testing.strategy import first_action, make_strategy

TODAY = date(2026, 6, 10)


@pytest.fixture
def outreach_lead(world):
    return make_user("lead@outreach.test", agency=world.outreach, role=Role.COORDINATOR)


def _plan(world, due=date(2026, 6, 1)):
    strategy = make_strategy(world.coventry, themes=1, commitments=1, actions=1, due_date=due)
    return first_action(strategy)


def test_an_overdue_action_is_marked_late_and_its_lead_agency_told_once(
    world, outreach_lead, coordinator_user
):
    action = _plan(world)
    action.lead_agency = world.outreach
    action.save()
    assert notify_overdue(TODAY) == 1
    action.refresh_from_db()
    assert action.status == ActionStatus.LATE
    assert action.overdue_notified_for == date(2026, 6, 1)
    told = Notification.objects.filter(title="An action in the plan is overdue")
    assert [n.user for n in told] == [outreach_lead]  # not Coventry council's coordinator
    assert told[0].link == f"/strategy/actions/{action.pk}/"
    assert OutboxMessage.objects.filter(to_address=outreach_lead.email).count() == 1  # email too
    assert notify_overdue(TODAY) == 0
    assert notify_overdue(date(2026, 6, 20)) == 0
    assert told.count() == 1
    assert OutboxMessage.objects.count() == 1


def test_no_lead_agency_tells_the_partnerships_coordinators(world, coordinator_user, admin_user):
    _plan(world)
    notify_overdue(TODAY)
    users = set(Notification.objects.values_list("user", flat=True))
    assert users == {coordinator_user.pk}


def test_told_again_only_when_the_due_date_moves_and_lapses(world, coordinator_user):
    action = _plan(world)
    notify_overdue(TODAY)
    Action.objects.filter(pk=action.pk).update(
        due_date=date(2026, 7, 1), status=ActionStatus.ON_TRACK
    )
    assert notify_overdue(TODAY) == 0  # not due yet
    assert Action.objects.get(pk=action.pk).status == ActionStatus.ON_TRACK
    assert notify_overdue(date(2026, 7, 2)) == 1
    assert Notification.objects.filter(user=coordinator_user).count() == 2


def test_done_and_undated_actions_are_never_told(world, coordinator_user):
    done = _plan(world)
    Action.objects.filter(pk=done.pk).update(status=ActionStatus.DONE)
    make_strategy(world.coventry, title="Ongoing", themes=1, commitments=1, actions=1)
    assert notify_overdue(TODAY) == 0
    assert not Notification.objects.exists()
    assert Action.objects.get(pk=done.pk).status == ActionStatus.DONE


def test_the_scheduled_task_takes_no_arguments(world, coordinator_user):
    _plan(world, due=date(2020, 1, 1))
    assert notify_overdue_actions.call() == 1
