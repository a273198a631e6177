"""Who sees a request for money, and what: the support section's sharing rules for staff,
the request (never the name, without identity access) for the fund's budget holders and
managers, 404 for everyone else; every read leaves an access event."""

import pytest
from django.urls import reverse

from waypost.accounts.models import Role
from waypost.audit.models import AccessEvent, Section
from waypost.funds.tests.factories import ask, make_fund, pay_in
from waypost.funds.tests.test_request_pages import client_for
from waypost.testing.people import give_consent, make_person, sign_agreement_for
from waypost.testing.personas import make_user

NAME = "Jo Bloggs"


@pytest.fixture
def holder(world):
    """A budget holder with no casework role: may decide, never sees who without identity."""
    return make_user("holder@coventry.test", agency=world.council, role=Role.PARTNERSHIP_ADMIN)


@pytest.fixture
def setup(world, outreach_user, holder):
    """A person recorded by Coventry Outreach, both agencies signed, no consent yet; a request
    made by the outreach worker on a fund held at the council."""
    sign_agreement_for(world.council, world.outreach)
    person = make_person(world.outreach, by=outreach_user)
    fund = make_fund(world.council, holders=(holder,))
    pay_in(fund, 50_000)
    grant = ask(fund, person, outreach_user, 4000, agency=world.outreach)
    return person, fund, grant


def test_an_agency_without_permission_cannot_see_the_request(caseworker_client, setup):
    """Coventry Housing Options signed the agreement but the person gave no consent: the
    caseworker knows the person exists but sees no request and no name."""
    person, _fund, grant = setup
    money = caseworker_client.get(reverse("funds:person_money", args=[person.pk]))
    text = money.content.decode()
    assert money.status_code == 200
    assert "Some requests for money are hidden by sharing rules" in text
    assert reverse("funds:request", args=[grant.pk]) not in text
    assert NAME not in text
    assert caseworker_client.get(reverse("funds:request", args=[grant.pk])).status_code == 404
    queue = caseworker_client.get(reverse("funds:approvals")).content.decode()
    assert NAME not in queue and str(grant.pk) not in queue


def test_with_consent_the_other_agency_sees_it(world, caseworker_client, outreach_user, setup):
    person, _fund, grant = setup
    give_consent(person, outreach_user, world.outreach)
    text = caseworker_client.get(reverse("funds:person_money", args=[person.pk])).content.decode()
    assert reverse("funds:request", args=[grant.pk]) in text
    assert NAME in text
    page = caseworker_client.get(reverse("funds:request", args=[grant.pk]))
    assert page.status_code == 200 and NAME in page.content.decode()


def test_a_budget_holder_sees_the_request_but_not_the_name(holder, setup):
    _person, _fund, grant = setup
    client = client_for(holder)
    page = client.get(reverse("funds:request", args=[grant.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert NAME not in text
    assert "Someone supported by Coventry Outreach" in text
    assert "Birth certificate" in text or "birth certificate" in text
    queue = client.get(reverse("funds:approvals")).content.decode()
    assert "Someone supported by Coventry Outreach" in queue
    assert NAME not in queue


def test_a_budget_holder_who_may_see_identity_sees_the_name(world, outreach_user, setup):
    _person, fund, grant = setup
    colleague = make_user("lead@coventry.test", agency=world.outreach, role=Role.COORDINATOR)
    fund.budget_holders.add(colleague)
    client = client_for(colleague)
    assert NAME in client.get(reverse("funds:request", args=[grant.pk])).content.decode()
    assert NAME in client.get(reverse("funds:approvals")).content.decode()


def test_fund_managers_see_the_request_without_the_name(world, commissioner_client, setup):
    _person, _fund, grant = setup
    page = commissioner_client.get(reverse("funds:request", args=[grant.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert NAME not in text
    assert "Approve the request" not in text  # managing is not holding the budget


@pytest.mark.parametrize(
    "role_client", ["referrer_client", "provider_client", "dpo_client", "birmingham_admin_client"]
)
def test_anyone_else_gets_not_found(request, role_client, setup):
    _person, _fund, grant = setup
    client = request.getfixturevalue(role_client)
    assert client.get(reverse("funds:request", args=[grant.pk])).status_code == 404
    assert (
        client.post(reverse("funds:request", args=[grant.pk]), {"action": "approve"}).status_code
        == 404
    )


def test_a_request_that_does_not_exist_is_not_found(caseworker_client, world):
    import uuid

    url = reverse("funds:request", args=[uuid.uuid4()])
    assert caseworker_client.get(url).status_code == 404


def test_reads_record_access_events(world, holder, outreach_client, setup):
    person, _fund, grant = setup
    client_for(holder).get(reverse("funds:request", args=[grant.pk]))
    events = AccessEvent.objects.filter(user=holder, person_id=person.pk)
    assert {(e.section, e.subject_type, e.route) for e in events} == {
        (Section.SUPPORT, "grant_request", "funds:request")
    }  # no identity event: the name was not shown

    outreach_client.get(reverse("funds:person_money", args=[person.pk]))
    sections = set(
        AccessEvent.objects.filter(route="funds:person_money", person_id=person.pk).values_list(
            "section", flat=True
        )
    )
    assert sections == {Section.SUPPORT, Section.IDENTITY}

    before = AccessEvent.objects.filter(user=holder, route="funds:approvals").count()
    client_for(holder).get(reverse("funds:approvals"))
    after = AccessEvent.objects.filter(user=holder, route="funds:approvals")
    assert after.count() == before + 1
    assert after.get().section == Section.SUPPORT


def test_the_request_page_makes_a_fixed_number_of_queries(
    holder, setup, django_assert_max_num_queries
):
    _person, _fund, grant = setup
    client = client_for(holder)
    client.get(reverse("funds:request", args=[grant.pk]))
    with django_assert_max_num_queries(12):
        client.get(reverse("funds:request", args=[grant.pk]))


def test_the_money_page_makes_a_fixed_number_of_queries(
    outreach_client, outreach_user, setup, django_assert_max_num_queries
):
    person, fund, _grant = setup
    for pence in (1000, 2000, 3000, 4000, 5000):
        ask(fund, person, outreach_user, pence)
    outreach_client.get(reverse("funds:person_money", args=[person.pk]))
    # 2 of these are the reconnection and personal budget part (reconnection_access).
    with django_assert_max_num_queries(17):
        outreach_client.get(reverse("funds:person_money", args=[person.pk]))
