"""Adding goals and actions on the plan pages: GOV.UK errors that say how to fix them, what
was typed kept, and the action's rules (owner works for the owner agency) shown as errors."""

from waypost.cases.models import Goal, PlanAction
from waypost.cases.tests.test_plan_helpers import days
from waypost.testing.people import make_person, sign_agreement_for


def _date(prefix, when):
    return {f"{prefix}_0": when.day, f"{prefix}_1": when.month, f"{prefix}_2": when.year}


def test_a_caseworker_adds_a_goal(caseworker_client, caseworker_user, world):
    person = make_person(world.council, by=caseworker_user)
    url = f"/cases/people/{person.pk}/plan/goals/new/"
    page = caseworker_client.get(url).content.decode()
    assert "What do they want to achieve?" in page and "Jo Bloggs" in page
    response = caseworker_client.post(url, {"text": "Get back in touch with my daughter"})
    goal = Goal.objects.get()
    assert response.status_code == 302
    assert response.url == f"/cases/people/{person.pk}/plan/#goal-{goal.pk}"
    assert (goal.text, goal.recorded_by_agency) == (
        "Get back in touch with my daughter",
        world.council,
    )


def test_an_empty_goal_is_refused_with_an_error_summary(caseworker_client, caseworker_user, world):
    person = make_person(world.council, by=caseworker_user)
    response = caseworker_client.post(f"/cases/people/{person.pk}/plan/goals/new/", {"text": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and "Enter the goal" in page
    assert "<title>Error: Add a goal" in page
    assert not Goal.objects.exists()


def test_a_caseworker_adds_an_action_for_another_agency(
    caseworker_client, caseworker_user, outreach_user, world
):
    person = make_person(world.council, by=caseworker_user)
    url = f"/cases/people/{person.pk}/plan/actions/new/"
    page = caseworker_client.get(url).content.decode()
    assert "Outreach.Worker, Coventry Outreach" in page  # staff of any agency, with it named
    response = caseworker_client.post(
        url,
        {
            "text": "Meet them at the bus station on Friday",
            "owner_agency": world.outreach.pk,
            "owner": outreach_user.pk,
            **_date("due_on", days(5)),
        },
    )
    action = PlanAction.objects.get()
    assert response.url == f"/cases/people/{person.pk}/plan/#action-{action.pk}"
    assert (action.owner_agency, action.owner, action.due_on) == (
        world.outreach,
        outreach_user,
        days(5),
    )


def test_an_owner_from_another_agency_is_an_error_and_what_was_typed_stays(
    caseworker_client, caseworker_user, outreach_user, world
):
    person = make_person(world.council, by=caseworker_user)
    response = caseworker_client.post(
        f"/cases/people/{person.pk}/plan/actions/new/",
        {
            "text": "Meet them at the bus station",
            "owner_agency": world.hospital.pk,
            "owner": outreach_user.pk,
            **_date("due_on", days(5)),
        },
    )
    page = response.content.decode()
    assert "The person responsible must work for the agency that owns it" in page
    assert "Meet them at the bus station" in page
    assert not PlanAction.objects.exists()


def test_a_due_date_in_the_past_or_missing_is_an_error(caseworker_client, caseworker_user, world):
    person = make_person(world.council, by=caseworker_user)
    url = f"/cases/people/{person.pk}/plan/actions/new/"
    page = caseworker_client.post(
        url, {"text": "x", "owner_agency": world.council.pk, **_date("due_on", days(-1))}
    ).content.decode()
    assert "The date it is due must be today or in the future" in page
    page = caseworker_client.post(
        url, {"text": "x", "owner_agency": world.council.pk}
    ).content.decode()
    assert "Enter the date it is due" in page
    assert not PlanAction.objects.exists()


def test_the_action_form_offers_only_goals_the_user_may_see(
    caseworker_user, outreach_client, outreach_user, world
):
    from waypost.cases import plan_actions

    sign_agreement_for(world.council, world.outreach)
    person = make_person(world.council, by=caseworker_user)
    plan_actions.add_goal(person=person, text="Council goal", by=caseworker_user,
                          agency=world.council)  # fmt: skip
    plan_actions.add_goal(person=person, text="Outreach goal", by=outreach_user,
                          agency=world.outreach)  # fmt: skip
    page = outreach_client.get(f"/cases/people/{person.pk}/plan/actions/new/").content.decode()
    assert "Outreach goal" in page and "Council goal" not in page
