"""The budget holder's queue: requests waiting on the funds they hold, oldest first, paged,
in a fixed number of queries however many requests there are."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from waypost.accounts.models import Role
from waypost.audit.models import AccessEvent
from waypost.funds.models import GrantRequest, RequestStatus
from waypost.funds.request_access import PAGE_SIZE
from waypost.funds.tests.factories import ask, make_fund, pay_in
from waypost.funds.tests.test_request_pages import client_for
from waypost.testing.people import make_person
from waypost.testing.personas import make_user


@pytest.fixture
def holder(world):
    return make_user("holder@coventry.test", agency=world.council, role=Role.COORDINATOR)


def _requests(world, by, fund, count):
    people = [make_person(world.council, by=by, given_name=f"P{i}") for i in range(count)]
    now = timezone.now()
    return [
        ask(fund, p, by, 1000 + i, requested_at=now - timedelta(hours=count - i))
        for i, p in enumerate(people)
    ]


def test_only_waiting_requests_on_held_funds_oldest_first(world, caseworker_user, holder):
    mine = make_fund(world.council, holders=(holder,))
    other = make_fund(world.council, name="Reconnection fund", holders=())
    pay_in(mine, 100_000)
    first, second, decided = _requests(world, caseworker_user, mine, 3)
    GrantRequest.objects.filter(pk=decided.pk).update(status=RequestStatus.REFUSED)
    elsewhere = ask(other, first.person, caseworker_user, 500)
    text = client_for(holder).get(reverse("funds:approvals")).content.decode()
    assert text.index(str(first.pk)) < text.index(str(second.pk))
    assert str(decided.pk) not in text and str(elsewhere.pk) not in text


def test_a_member_holding_no_budget_is_told_so(caseworker_client):
    text = caseworker_client.get(reverse("funds:approvals")).content.decode()
    assert "You do not hold the budget of any fund" in text


def test_a_holder_who_left_the_partnership_sees_nothing(world, caseworker_user):
    """Holding a fund counts only while the user is a member of its partnership."""
    leaver = make_user("leaver@birmingham.test", agency=world.brum_council, role=Role.CASEWORKER)
    fund = make_fund(world.council, holders=(leaver,))
    (grant,) = _requests(world, caseworker_user, fund, 1)
    text = client_for(leaver).get(reverse("funds:approvals")).content.decode()
    assert str(grant.pk) not in text


def test_the_queue_is_paged_and_its_queries_do_not_grow(
    world, caseworker_user, holder, django_assert_max_num_queries
):
    fund = make_fund(world.council, holders=(holder,))
    pay_in(fund, 1_000_000)
    _requests(world, caseworker_user, fund, 3)
    client = client_for(holder)
    client.get(reverse("funds:approvals"))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("funds:approvals"))
    _requests(world, caseworker_user, fund, PAGE_SIZE)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("funds:approvals"))
    assert len(response.context["rows"]) == PAGE_SIZE
    assert response.context["page_obj"].paginator.num_pages == 2
    second = client.get(reverse("funds:approvals") + "?page=2")
    assert len(second.context["rows"]) == 3
    # One support event per request shown, one identity event per name shown.
    shown = AccessEvent.objects.filter(user=holder, route="funds:approvals")
    assert shown.filter(section="support").count() == 3 + 3 + PAGE_SIZE + 3
