"""Asking for money from a person's personal budget or for their reconnection: the page links
pass ?budget= or ?reconnection=, the request carries it, and a budget cannot be overspent."""

from datetime import date

import pytest
from django.urls import reverse

from waypost.funds.models import GrantRequest, PersonalBudget, ReconnectionOffer
from waypost.funds.tests.factories import make_fund, pay_in
from waypost.testing.people import make_person


@pytest.fixture
def person(world, caseworker_user):
    return make_person(world.council, by=caseworker_user)


@pytest.fixture
def fund(world):
    fund = make_fund(world.council, name="Personal budgets", kind="personal_budgets")
    pay_in(fund, 100_000)
    return fund


def _budget(world, person, fund, by, pence=20_000):
    return PersonalBudget.objects.create(
        person=person,
        recorded_by_agency=world.council,
        agreed_by=by,
        fund=fund,
        amount_pence=pence,
        agreed_on=date.today(),
    )


def _post(client, person, fund, amount, **extra):
    data = {"fund": str(fund.pk), "purpose": "clothes", "amount": amount, "reason": "Boots"}
    data.update(extra)
    return client.post(reverse("funds:request_new", args=[person.pk]), data)


def test_a_request_from_a_personal_budget_cannot_spend_more_than_is_left(
    world, caseworker_client, caseworker_user, person, fund
):
    budget = _budget(world, person, fund, caseworker_user)
    url = reverse("funds:request_new", args=[person.pk]) + f"?budget={budget.pk}"
    page = caseworker_client.get(url).content.decode()
    assert "which has £200 left" in page
    assert f'value="{budget.pk}"' in page

    too_much = _post(caseworker_client, person, fund, "250", budget=str(budget.pk))
    assert "The personal budget has £200 left" in too_much.content.decode()
    assert not GrantRequest.objects.exists()

    _post(caseworker_client, person, fund, "150", budget=str(budget.pk))
    assert GrantRequest.objects.get().personal_budget == budget


def test_another_persons_budget_is_ignored(world, caseworker_client, caseworker_user, person, fund):
    someone_else = make_person(world.council, by=caseworker_user, given_name="Sam")
    theirs = _budget(world, someone_else, fund, caseworker_user)
    _post(caseworker_client, person, fund, "50", budget=str(theirs.pk))
    assert GrantRequest.objects.get().personal_budget is None


def test_a_request_for_a_reconnection_preselects_its_purpose(
    world, caseworker_client, caseworker_user, person, fund
):
    offer = ReconnectionOffer.objects.create(
        person=person,
        recorded_by_agency=world.council,
        offered_by=caseworker_user,
        fund=fund,
        destination="Leeds",
        connection="family",
        offered_on=date.today(),
    )
    url = reverse("funds:request_new", args=[person.pk]) + f"?reconnection={offer.pk}"
    response = caseworker_client.get(url)
    assert response.context["form"].initial == {"purpose": "reconnection", "fund": str(fund.pk)}
    _post(caseworker_client, person, fund, "35", reconnection=str(offer.pk), purpose="travel")
    assert GrantRequest.objects.get().reconnection == offer
