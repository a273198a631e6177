"""add_action, the one way actions are made (the plan page and the meeting pages call it):
it checks the owner works for the owner agency, that both agencies are in the person's
partnership and that the maker may write support plans, and says what is wrong plainly."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from waypost.accounts.models import Role
from waypost.cases import plan_actions
from waypost.cases.models import PlanAction, PlanStatus
from waypost.cases.tests.test_plan_helpers import days
from waypost.testing.people import make_person
from waypost.testing.personas import make_user


def _add(person, caseworker_user, world, **overrides):
    fields = {
        "person": person,
        "text": "Register with the homeless health GP",
        "owner_agency": world.outreach,
        "due_on": days(7),
        "by": caseworker_user,
        "agency": world.council,
    }
    fields.update(overrides)
    return plan_actions.add_action(**fields)


def test_an_action_is_owned_by_an_agency_and_optionally_one_of_its_staff(
    caseworker_user, outreach_user, world
):
    person = make_person(world.council, by=caseworker_user)
    goal = plan_actions.add_goal(
        person=person, text="Get my own flat", by=caseworker_user, agency=world.council
    )
    action = _add(person, caseworker_user, world, owner=outreach_user, goal=goal)
    stored = PlanAction.objects.get()
    assert stored == action
    assert (stored.owner_agency, stored.owner, stored.goal) == (world.outreach, outreach_user, goal)
    assert (stored.recorded_by, stored.recorded_by_agency) == (caseworker_user, world.council)
    assert stored.status == PlanStatus.OPEN and stored.version == 1
    assert stored.due_on == days(7)


def test_the_owner_must_work_for_the_owner_agency(caseworker_user, coordinator_user, world):
    person = make_person(world.council, by=caseworker_user)
    with pytest.raises(ValidationError) as error:
        _add(person, caseworker_user, world, owner=coordinator_user)  # a council coordinator
    assert error.value.messages == ["The person responsible must work for the agency that owns it"]
    assert not PlanAction.objects.exists()


def test_a_former_member_of_staff_cannot_own_an_action(caseworker_user, outreach_user, world):
    from django.utils import timezone

    from waypost.accounts.models import Membership

    person = make_person(world.council, by=caseworker_user)
    Membership.objects.filter(user=outreach_user).update(ended_at=timezone.now())
    with pytest.raises(ValidationError):
        _add(person, caseworker_user, world, owner=outreach_user)


def test_an_agency_of_another_partnership_can_neither_own_nor_make_an_action(
    caseworker_user, world
):
    person = make_person(world.council, by=caseworker_user)
    with pytest.raises(ValidationError) as error:
        _add(person, caseworker_user, world, owner_agency=world.brum_council)
    assert error.value.messages == ["Choose an agency in the person's partnership"]
    brum = make_user("cw@birmingham.test", agency=world.brum_council, role=Role.CASEWORKER)
    with pytest.raises(ValidationError) as error:
        _add(person, brum, world, agency=world.brum_council)
    assert error.value.messages == ["The agency acting must be in the person's partnership"]
    assert not PlanAction.objects.exists()


def test_the_maker_needs_a_role_covering_support_plans(referrer_user, caseworker_user, world):
    person = make_person(world.council, by=caseworker_user)
    with pytest.raises(PermissionDenied):
        _add(person, referrer_user, world, agency=world.hospital)


def test_text_and_due_date_are_required_and_the_goal_must_be_the_persons(caseworker_user, world):
    person = make_person(world.council, by=caseworker_user)
    other = make_person(world.council, by=caseworker_user, given_name="Sam")
    goal = plan_actions.add_goal(
        person=other, text="Their goal", by=caseworker_user, agency=world.council
    )
    for overrides, message in [
        ({"text": "   "}, "Enter what needs to be done"),
        ({"due_on": None}, "Enter the date the action is due"),
        ({"goal": goal}, "Choose one of the person's open goals"),
        ({"text": "x" * 501}, "Use 500 characters or fewer"),
    ]:
        with pytest.raises(ValidationError) as error:
            _add(person, caseworker_user, world, **overrides)
        assert error.value.messages == [message]
    assert not PlanAction.objects.exists()
