"""The support plan page: goals with their actions, who owns each, when it is due and its
status, overdue ones tagged red. The policy decides who sees the plan, except that an action's
owner agency always sees that action; what is hidden is absent, with one line saying so."""

import re

from waypost.accounts.models import Role
from waypost.audit.models import AccessEvent, Section
from waypost.cases import plan_actions
from waypost.cases.tests.test_plan_helpers import action_for, client_for, days
from waypost.testing.people import give_consent, make_person, sign_agreement_for
from waypost.testing.personas import make_user


def _row(page: str, text: str) -> str:
    match = re.search(rf"<tr[^>]*>(?:(?!</tr>).)*{text}(?:(?!</tr>).)*</tr>", page, re.S)
    assert match, f"no row for {text}"
    return match.group(0)


def test_goals_show_their_actions_with_owner_due_date_and_status(
    caseworker_client, caseworker_user, outreach_user, world
):
    person = make_person(world.council, by=caseworker_user)
    goal = plan_actions.add_goal(
        person=person, text="Get my own flat", by=caseworker_user, agency=world.council
    )
    plan_actions.add_action(
        person=person, text="Fill in the housing register form", owner_agency=world.outreach,
        owner=outreach_user, due_on=days(-3), by=caseworker_user,
        agency=world.council, goal=goal,
    )  # fmt: skip
    done = action_for(person, caseworker_user, world.council, text="Get a birth certificate")
    plan_actions.update_action(
        done, version=done.version, by=caseworker_user, agency=world.council, status="done",
        outcome="Arrived in the post",
    )  # fmt: skip
    page = caseworker_client.get(f"/cases/people/{person.pk}/plan/").content.decode()
    assert '<h1 class="govuk-heading-l">Support plan</h1>' in page
    assert "Jo Bloggs" in page
    assert "Goal: Get my own flat" in page
    overdue = _row(page, "Fill in the housing register form")
    assert "Coventry Outreach" in overdue and "Outreach.Worker" in overdue
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in overdue
    finished = _row(page, "Get a birth certificate")
    assert '<strong class="govuk-tag govuk-tag--green">Done</strong>' in finished
    assert "Outcome: Arrived in the post" in finished
    assert "Other actions" in page  # the birth certificate is under no goal
    assert "hidden by sharing rules" not in page


def test_the_plan_page_records_what_it_showed(caseworker_client, caseworker_user, world):
    person = make_person(world.council, by=caseworker_user)
    action_for(person, caseworker_user, world.council)
    caseworker_client.get(f"/cases/people/{person.pk}/plan/")
    events = AccessEvent.objects.filter(user=caseworker_user, route="cases:plan")
    assert {(e.section, e.person_id, e.agency_id) for e in events} == {
        (Section.SUPPORT, person.pk, world.council.pk),
        (Section.IDENTITY, person.pk, world.council.pk),
    }


def test_another_agency_without_consent_sees_only_the_actions_it_owns(
    caseworker_user, outreach_user, outreach_client, world
):
    sign_agreement_for(world.council, world.outreach)
    person = make_person(world.council, by=caseworker_user)
    plan_actions.add_goal(
        person=person, text="Stop drinking", by=caseworker_user, agency=world.council
    )
    action_for(person, caseworker_user, world.council, owner_agency=world.outreach,
               text="Walk them to the day centre")  # fmt: skip
    action_for(person, caseworker_user, world.council, text="Council-only action")
    page = outreach_client.get(f"/cases/people/{person.pk}/plan/").content.decode()
    assert "Walk them to the day centre" in page  # theirs to do
    assert "Council-only action" not in page
    assert "Stop drinking" not in page  # the goal is the council's, not shared
    assert "Jo Bloggs" not in page  # nor is their identity
    assert "Someone known to Coventry Housing Options" in page
    assert "Some goals or actions are hidden by sharing rules" in page
    events = AccessEvent.objects.filter(user=outreach_user, route="cases:plan")
    assert {e.section for e in events} == {Section.SUPPORT}


def test_with_consent_another_agency_sees_the_whole_plan(caseworker_user, outreach_client, world):
    sign_agreement_for(world.council, world.outreach)
    person = make_person(world.council, by=caseworker_user)
    give_consent(person, caseworker_user, world.council)
    plan_actions.add_goal(
        person=person, text="Stop drinking", by=caseworker_user, agency=world.council
    )
    action_for(person, caseworker_user, world.council, text="Council action")
    page = outreach_client.get(f"/cases/people/{person.pk}/plan/").content.decode()
    assert "Stop drinking" in page and "Council action" in page and "Jo Bloggs" in page
    assert "hidden by sharing rules" not in page


def test_a_referrer_at_the_owner_agency_sees_that_action_but_may_not_add(
    caseworker_user, referrer_client, world
):
    sign_agreement_for(world.council, world.hospital)
    person = make_person(world.council, by=caseworker_user)
    action_for(person, caseworker_user, world.council, owner_agency=world.hospital,
               text="Arrange a GP appointment before discharge")  # fmt: skip
    page = referrer_client.get(f"/cases/people/{person.pk}/plan/").content.decode()
    assert "Arrange a GP appointment before discharge" in page
    assert "Add an action" not in page
    assert referrer_client.get(f"/cases/people/{person.pk}/plan/actions/new/").status_code == 403
    assert referrer_client.get(f"/cases/people/{person.pk}/plan/goals/new/").status_code == 403


def test_the_plan_is_404_for_someone_the_user_may_not_know_of(
    caseworker_user, outreach_client, world
):
    person = make_person(world.council, by=caseworker_user)  # outreach has not signed
    assert outreach_client.get(f"/cases/people/{person.pk}/plan/").status_code == 404
    brum = make_user("cw@birmingham.test", agency=world.brum_council, role=Role.CASEWORKER)
    assert client_for(brum).get(f"/cases/people/{person.pk}/plan/").status_code == 404
    assert (
        outreach_client.get("/cases/people/00000000-0000-0000-0000-000000000000/plan/").status_code
        == 404
    )


def test_roles_without_casework_are_refused(admin_client, dpo_client, commissioner_client, world):
    for client in (admin_client, dpo_client, commissioner_client):
        person_id = "00000000-0000-0000-0000-000000000000"
        assert client.get(f"/cases/people/{person_id}/plan/").status_code == 403


def test_the_plan_page_costs_the_same_queries_however_long_the_plan(
    caseworker_client, caseworker_user, outreach_user, world, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    person = make_person(world.council, by=caseworker_user)

    def grow():
        goal = plan_actions.add_goal(person=person, text="A goal", by=caseworker_user,
                                     agency=world.council)  # fmt: skip
        for owner_agency, owner in ((world.council, caseworker_user),
                                    (world.outreach, outreach_user)):  # fmt: skip
            plan_actions.add_action(
                person=person, text="An action", owner_agency=owner_agency, owner=owner,
                due_on=days(3), by=caseworker_user, agency=world.council, goal=goal,
            )  # fmt: skip

    grow()
    url = f"/cases/people/{person.pk}/plan/"
    with CaptureQueriesContext(connection) as few:
        caseworker_client.get(url)
    for _ in range(5):
        grow()
    with django_assert_max_num_queries(len(few)):
        page = caseworker_client.get(url).content.decode()
    assert page.count('<tr class="govuk-table__row" id="action-') == 12
