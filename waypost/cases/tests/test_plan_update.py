"""Updating an action: done or cancelled with what happened, a new due date or owner. Two
people changing it at once cannot overwrite each other: the second is told and sees what it
says now. Who may change it: the owner agency, the agency that agreed it, coordinators, the
lead worker."""

import pytest
from django.core.exceptions import ValidationError

from waypost.cases import plan_actions
from waypost.cases.models import PlanAction, PlanStatus
from waypost.cases.tests.test_plan_helpers import action_for, days
from waypost.testing.people import make_person, sign_agreement_for


def _url(action):
    return f"/cases/people/{action.person_id}/plan/actions/{action.pk}/"


def _date(prefix, when):
    return {f"{prefix}_0": when.day, f"{prefix}_1": when.month, f"{prefix}_2": when.year}


def test_marking_an_action_done_records_the_outcome(caseworker_client, caseworker_user, world):
    person = make_person(world.council, by=caseworker_user)
    action = action_for(person, caseworker_user, world.council)
    response = caseworker_client.post(
        _url(action),
        {"status": "done", "outcome": "Registered", "version": 1, **_date("due_on", days(7))},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.outcome, action.version) == (PlanStatus.DONE, "Registered", 2)
    assert action.completed_at is not None


def test_cancelling_needs_a_reason(caseworker_client, caseworker_user, world):
    person = make_person(world.council, by=caseworker_user)
    action = action_for(person, caseworker_user, world.council)
    page = caseworker_client.post(
        _url(action), {"status": "cancelled", "version": 1, **_date("due_on", days(7))}
    ).content.decode()
    assert "Say why the action is cancelled" in page
    assert PlanAction.objects.get().status == PlanStatus.OPEN


def test_a_new_due_date_is_saved_and_earns_a_new_reminder(
    caseworker_client, caseworker_user, world
):
    person = make_person(world.council, by=caseworker_user)
    action = action_for(person, caseworker_user, world.council, due=1)
    PlanAction.objects.filter(pk=action.pk).update(reminded_on=days(0))
    caseworker_client.post(
        _url(action), {"status": "open", "version": 1, **_date("due_on", days(20))}
    )
    action.refresh_from_db()
    assert (action.due_on, action.reminded_on, action.status) == (days(20), None, "open")


def test_a_new_due_date_cannot_be_in_the_past_but_an_overdue_one_may_stay(
    caseworker_client, caseworker_user, world
):
    person = make_person(world.council, by=caseworker_user)
    action = action_for(person, caseworker_user, world.council, due=-5)
    page = caseworker_client.post(
        _url(action), {"status": "open", "version": 1, **_date("due_on", days(-1))}
    ).content.decode()
    assert "A new date it is due must be today or in the future" in page
    response = caseworker_client.post(
        _url(action), {"status": "done", "version": 1, **_date("due_on", days(-5))}
    )
    assert response.status_code == 302


def test_a_change_made_meanwhile_is_not_overwritten(
    caseworker_client, coordinator_client, caseworker_user, world
):
    person = make_person(world.council, by=caseworker_user)
    action = action_for(person, caseworker_user, world.council)
    caseworker_client.get(_url(action))  # both open the page at version 1
    coordinator_client.post(
        _url(action), {"status": "open", "version": 1, **_date("due_on", days(30))}
    )
    response = caseworker_client.post(
        _url(action),
        {"status": "done", "outcome": "Done it", "version": 1, **_date("due_on", days(7))},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this action while you were editing it" in page
    action.refresh_from_db()
    assert (action.status, action.due_on, action.version) == (PlanStatus.OPEN, days(30), 2)
    assert 'name="version" value="2"' in page  # saving again now is a deliberate choice
    assert "Done it" in page  # what they typed is kept


def test_the_action_refuses_a_stale_version_directly(caseworker_user, world):
    person = make_person(world.council, by=caseworker_user)
    action = action_for(person, caseworker_user, world.council)
    plan_actions.update_action(action, version=1, by=caseworker_user, agency=world.council,
                               due_on=days(9))  # fmt: skip
    with pytest.raises(plan_actions.PlanConflict):
        plan_actions.update_action(action, version=1, by=caseworker_user, agency=world.council,
                                   status="done")  # fmt: skip
    with pytest.raises(ValidationError):
        plan_actions.update_action(action, version=2, by=caseworker_user, agency=world.council,
                                   status="nonsense")  # fmt: skip


def test_the_owner_agency_may_close_its_action_even_without_consent(
    caseworker_user, referrer_client, world
):
    sign_agreement_for(world.council, world.hospital)
    person = make_person(world.council, by=caseworker_user)
    action = action_for(person, caseworker_user, world.council, owner_agency=world.hospital)
    response = referrer_client.post(
        _url(action),
        {"status": "done", "outcome": "GP booked", "version": 1, **_date("due_on", days(7))},
    )
    assert response.status_code == 302
    assert PlanAction.objects.get().status == PlanStatus.DONE


def test_an_agency_that_only_sees_the_action_through_consent_may_not_change_it(
    caseworker_user, outreach_client, world
):
    from waypost.testing.people import give_consent

    sign_agreement_for(world.council, world.outreach)
    person = make_person(world.council, by=caseworker_user)
    give_consent(person, caseworker_user, world.council)
    action = action_for(person, caseworker_user, world.council)
    assert outreach_client.get(_url(action)).status_code == 403
    assert outreach_client.post(_url(action), {"status": "done", "version": 1}).status_code == 403
    assert PlanAction.objects.get().status == PlanStatus.OPEN


def test_an_action_the_user_may_not_see_is_404(caseworker_user, outreach_client, world):
    sign_agreement_for(world.council, world.outreach)
    person = make_person(world.council, by=caseworker_user)
    action = action_for(person, caseworker_user, world.council)
    assert outreach_client.get(_url(action)).status_code == 404


def test_the_lead_worker_may_change_any_action_they_can_see(
    caseworker_user, outreach_user, outreach_client, world
):
    from waypost.people.actions import set_lead_worker
    from waypost.testing.people import give_consent

    sign_agreement_for(world.council, world.outreach)
    person = make_person(world.council, by=caseworker_user)
    give_consent(person, caseworker_user, world.council)
    set_lead_worker(person, lead_worker=outreach_user, by=caseworker_user)
    action = action_for(person, caseworker_user, world.council)
    response = outreach_client.post(
        _url(action), {"status": "done", "version": 1, **_date("due_on", days(7))}
    )
    assert response.status_code == 302
    assert PlanAction.objects.get().recorded_by_agency == world.council


def test_closing_a_goal(caseworker_client, caseworker_user, world):
    person = make_person(world.council, by=caseworker_user)
    goal = plan_actions.add_goal(person=person, text="Get ID", by=caseworker_user,
                                 agency=world.council)  # fmt: skip
    url = f"/cases/people/{person.pk}/plan/goals/{goal.pk}/close/"
    assert "Close a goal" in caseworker_client.get(url).content.decode()
    assert "Choose why the goal is closing" in caseworker_client.post(url, {}).content.decode()
    assert caseworker_client.post(url, {"status": "done"}).status_code == 302
    goal.refresh_from_db()
    assert goal.status == PlanStatus.DONE and goal.closed_at is not None
    assert caseworker_client.get(url).status_code == 404  # closed goals cannot close again


def test_closing_a_goal_is_for_those_who_may_change_it(caseworker_user, outreach_client, world):
    from waypost.testing.people import give_consent

    sign_agreement_for(world.council, world.outreach)
    person = make_person(world.council, by=caseworker_user)
    give_consent(person, caseworker_user, world.council)
    goal = plan_actions.add_goal(person=person, text="Get ID", by=caseworker_user,
                                 agency=world.council)  # fmt: skip
    url = f"/cases/people/{person.pk}/plan/goals/{goal.pk}/close/"
    assert outreach_client.post(url, {"status": "done"}).status_code == 403
