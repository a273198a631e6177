"""The action lists across people: your actions, your agency's, and overdue ones (your
agencies'; a coordinator's whole partnership, as far as the policy lets them see). Soonest due
first, paginated, a fixed number of queries however many rows, and the person's name only
where their identity is visible."""

import re

from waypost.accounts.models import Role
from waypost.audit.models import AccessEvent, Section
from waypost.cases import plan_actions
from waypost.cases.tests.test_plan_helpers import action_for, client_for
from waypost.sharing.actions import restrict_processing
from waypost.testing.people import give_consent, make_person, sign_agreement_for
from waypost.testing.personas import make_user


def _rows(page: str) -> list[str]:
    return re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', page, re.S)[1:]


def test_your_actions_are_those_you_own_soonest_first(
    caseworker_client, caseworker_user, coordinator_user, world
):
    person = make_person(world.council, by=caseworker_user)
    action_for(person, caseworker_user, world.council, owner=caseworker_user, due=9, text="Later")
    action_for(person, caseworker_user, world.council, owner=caseworker_user, due=2, text="Sooner")
    action_for(person, caseworker_user, world.council, owner=coordinator_user, text="Not mine")
    done = action_for(person, caseworker_user, world.council, owner=caseworker_user, text="Done")
    plan_actions.update_action(done, version=1, by=caseworker_user, agency=world.council,
                               status="done")  # fmt: skip
    page = caseworker_client.get("/cases/actions/mine/").content.decode()
    assert '<h1 class="govuk-heading-l">Your actions</h1>' in page
    rows = _rows(page)
    assert len(rows) == 2
    assert "Sooner" in rows[0] and "Later" in rows[1]
    assert "Jo Bloggs" in rows[0]
    assert "Not mine" not in page and ">Done<" not in page


def test_your_agencys_actions_include_unowned_ones_and_can_show_only_those(
    caseworker_client, caseworker_user, coordinator_user, outreach_user, world
):
    person = make_person(world.council, by=caseworker_user)
    action_for(
        person, caseworker_user, world.council, owner=coordinator_user, text="Coordinator task"
    )
    action_for(person, caseworker_user, world.council, text="Unowned task")
    action_for(person, caseworker_user, world.council, owner_agency=world.outreach,
               text="Outreach task")  # fmt: skip
    page = caseworker_client.get("/cases/actions/agency/").content.decode()
    assert "Coordinator task" in page and "Unowned task" in page and "Outreach task" not in page
    page = caseworker_client.get("/cases/actions/agency/?unassigned=on").content.decode()
    assert "Unowned task" in page and "Coordinator task" not in page


def test_names_show_only_where_identity_is_visible(
    caseworker_user, outreach_user, outreach_client, world
):
    sign_agreement_for(world.council, world.outreach)
    secret = make_person(world.council, by=caseworker_user, given_name="Hidden")
    shared = make_person(world.council, by=caseworker_user, given_name="Shared")
    give_consent(shared, caseworker_user, world.council, sections=[Section.IDENTITY])
    for person in (secret, shared):
        action_for(person, caseworker_user, world.council, owner_agency=world.outreach,
                   owner=outreach_user)  # fmt: skip
    page = outreach_client.get("/cases/actions/mine/").content.decode()
    assert len(_rows(page)) == 2
    assert "Shared Bloggs" in page
    assert "Hidden" not in page and "Someone known to Coventry Housing Options" in page
    events = AccessEvent.objects.filter(user=outreach_user, route="cases:my_actions")
    assert {(e.person_id, e.section) for e in events} == {
        (secret.pk, Section.SUPPORT),
        (shared.pk, Section.SUPPORT),
        (shared.pk, Section.IDENTITY),
    }


def test_restricted_people_are_in_no_list(caseworker_client, caseworker_user, world):
    person = make_person(world.council, by=caseworker_user)
    action_for(person, caseworker_user, world.council, owner=caseworker_user, due=-1)
    restrict_processing(person, reason="Their request", by=caseworker_user)
    for url in ("/cases/actions/mine/", "/cases/actions/agency/", "/cases/actions/overdue/"):
        assert not _rows(caseworker_client.get(url).content.decode()), url


def test_overdue_lists_your_agencies_overdue_actions(
    caseworker_client, caseworker_user, outreach_user, world
):
    person = make_person(world.council, by=caseworker_user)
    action_for(person, caseworker_user, world.council, due=-2, text="Ours, late")
    action_for(person, caseworker_user, world.council, due=3, text="Ours, not yet due")
    action_for(person, caseworker_user, world.council, owner_agency=world.outreach, due=-2,
               text="Theirs, late")  # fmt: skip
    page = caseworker_client.get("/cases/actions/overdue/").content.decode()
    assert "Ours, late" in page
    assert "Ours, not yet due" not in page and "Theirs, late" not in page
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in page


def test_a_coordinator_sees_the_partnerships_overdue_actions_as_the_policy_allows(
    coordinator_client, caseworker_user, outreach_user, world
):
    sign_agreement_for(world.council, world.outreach)
    shared = make_person(world.outreach, by=outreach_user, given_name="Shared")
    give_consent(shared, outreach_user, world.outreach)
    private = make_person(world.outreach, by=outreach_user, given_name="Private")
    action_for(shared, outreach_user, world.outreach, due=-1, text="Outreach late, shared")
    action_for(private, outreach_user, world.outreach, due=-1, text="Outreach late, private")
    brum = make_user("brum@birmingham.test", agency=world.brum_council, role=Role.CASEWORKER)
    elsewhere = make_person(world.brum_council, by=brum)
    action_for(elsewhere, brum, world.brum_council, due=-1, text="Birmingham late")
    page = coordinator_client.get("/cases/actions/overdue/").content.decode()
    assert "Outreach late, shared" in page and "Shared Bloggs" in page
    assert "Outreach late, private" not in page and "Private" not in page
    assert "Birmingham late" not in page
    assert "1 more overdue action in your partnership is hidden by sharing rules" in page


def test_a_caseworker_is_not_told_of_other_agencies_hidden_overdue_actions(
    caseworker_client, caseworker_user, outreach_user, world
):
    person = make_person(world.outreach, by=outreach_user)
    action_for(person, outreach_user, world.outreach, due=-1, text="Outreach late")
    page = caseworker_client.get("/cases/actions/overdue/").content.decode()
    assert "Outreach late" not in page and "hidden by sharing rules" not in page


def test_lists_are_paginated(caseworker_client, caseworker_user, world):
    person = make_person(world.council, by=caseworker_user)
    for n in range(27):
        action_for(person, caseworker_user, world.council, owner=caseworker_user, due=n)
    first = caseworker_client.get("/cases/actions/mine/").content.decode()
    assert len(_rows(first)) == 25 and "27 open actions" in first
    second = caseworker_client.get("/cases/actions/mine/?page=2").content.decode()
    assert len(_rows(second)) == 2


def _people_with_actions(n, caseworker_user, world, **kwargs):
    for i in range(n):
        person = make_person(world.council, by=caseworker_user, given_name=f"P{i}")
        action_for(person, caseworker_user, world.council, **kwargs)


def test_the_lists_cost_the_same_queries_however_many_rows(
    caseworker_client, coordinator_client, caseworker_user, coordinator_user, world,
    django_assert_max_num_queries,
):  # fmt: skip
    sign_agreement_for(world.council, world.outreach)
    _people_with_actions(3, caseworker_user, world, owner=caseworker_user, due=-1)
    counts = {}
    for url, client in [
        ("/cases/actions/mine/", caseworker_client),
        ("/cases/actions/agency/", caseworker_client),
        ("/cases/actions/overdue/", coordinator_client),
    ]:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as few:
            client.get(url)
        counts[url] = len(few)
    _people_with_actions(20, caseworker_user, world, owner=caseworker_user, due=-1)
    for url, client in [
        ("/cases/actions/mine/", caseworker_client),
        ("/cases/actions/agency/", caseworker_client),
        ("/cases/actions/overdue/", coordinator_client),
    ]:
        with django_assert_max_num_queries(counts[url]):
            client.get(url)
    # Session, user, memberships, MFA; the count, the rows (with names decided in the same
    # query), one insert into the access log; the coordinator's signed agencies and hidden count;
    # the SWEP banner.
    assert counts == {
        "/cases/actions/mine/": 12,
        "/cases/actions/agency/": 12,
        "/cases/actions/overdue/": 14,
    }


def test_roles_without_casework_get_no_lists(admin_client, dpo_client, commissioner_client):
    for client in (admin_client, dpo_client, commissioner_client):
        for url in ("/cases/actions/mine/", "/cases/actions/agency/", "/cases/actions/overdue/"):
            assert client.get(url).status_code == 403


def test_lists_need_signing_in(client, db):
    response = client.get("/cases/actions/mine/")
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_other_partnerships_staff_see_none_of_these_actions(caseworker_user, world):
    person = make_person(world.council, by=caseworker_user)
    action_for(person, caseworker_user, world.council, due=-1, text="Coventry action")
    brum = make_user("co@birmingham.test", agency=world.brum_council, role=Role.COORDINATOR)
    client = client_for(brum)
    for url in ("/cases/actions/mine/", "/cases/actions/agency/", "/cases/actions/overdue/"):
        assert "Coventry action" not in client.get(url).content.decode()
