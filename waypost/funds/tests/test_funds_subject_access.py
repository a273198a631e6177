"""A subject access export includes the money asked for a person, their reconnection offers
and personal budgets, flags staff-written text for review, and leaves the ledger out."""

from datetime import date

from waypost.audit.subject_access.export import gather
from waypost.audit.subject_access.registry import registrations
from waypost.funds.models import PersonalBudget, ReconnectionOffer
from waypost.funds.tests.factories import ask, make_fund, pay_in
from waypost.testing.people import make_person


def _registration(model):
    return next(r for r in registrations().exported if r.model == model)


def test_requests_offers_and_budgets_are_exported(world, caseworker_user):
    person = make_person(world.council, by=caseworker_user)
    other = make_person(world.council, by=caseworker_user, given_name="Sam")
    fund = make_fund(world.council)
    pay_in(fund, 50_000)
    grant = ask(fund, person, caseworker_user, 4000)
    ask(fund, other, caseworker_user, 1000)
    ReconnectionOffer.objects.create(
        person=person,
        recorded_by_agency=world.council,
        offered_by=caseworker_user,
        destination="Leeds",
        connection="family",
        offered_on=date.today(),
    )
    PersonalBudget.objects.create(
        person=person,
        recorded_by_agency=world.council,
        agreed_by=caseworker_user,
        fund=fund,
        amount_pence=20_000,
        agreed_on=date.today(),
    )
    (item,) = gather(_registration("funds.GrantRequest"), [person.pk])
    assert item.id == str(grant.pk) and item.section == "support"
    assert item.third_party_review  # the reason is staff-written text
    values = {name: value for name, _, value in item.values}
    assert values["amount_pence"] == 4000 and values["fund.name"] == "Change into Action"
    (offer,) = gather(_registration("funds.ReconnectionOffer"), [person.pk])
    assert {n: v for n, _, v in offer.values}["destination"] == "Leeds"
    (budget,) = gather(_registration("funds.PersonalBudget"), [person.pk])
    assert not budget.third_party_review


def test_the_ledger_and_approvals_are_excluded_with_a_reason():
    excluded = {e.model: e.reason for e in registrations().excluded}
    assert "no personal data" in excluded["funds.LedgerEntry"]
    assert excluded["funds.Approval"]
