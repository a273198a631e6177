"""Anonymising a person blanks what was written about them in requests for money, reconnection
offers and personal budgets, keeps the amounts and dates the reports need, and never touches
the ledger."""

from datetime import date

from waypost.funds import ledger
from waypost.funds.models import (
    GrantRequest,
    LedgerEntry,
    PersonalBudget,
    ReconnectionOffer,
    RequestStatus,
)
from waypost.funds.request_actions import approve_request, pay_request
from waypost.funds.retention import anonymise_for_people
from waypost.funds.tests.factories import ask, make_fund, pay_in
from waypost.testing.people import make_person
from waypost.testing.personas import make_user


def test_free_text_is_blanked_and_the_ledger_is_untouched(world, caseworker_user):
    holder = make_user("holder@coventry.test", agency=world.council, role="coordinator")
    person = make_person(world.council, by=caseworker_user)
    other = make_person(world.council, by=caseworker_user, given_name="Sam")
    fund = make_fund(world.council, holders=(holder,))
    pay_in(fund, 50_000)
    grant = ask(fund, person, caseworker_user, 4000, pay_to="Landlord Mr Smith")
    approve_request(grant.pk, by=holder)
    pay_request(grant.pk, by=holder, paid_on=date.today())
    refused = ask(fund, person, caseworker_user, 1000)
    GrantRequest.objects.filter(pk=refused.pk).update(
        status=RequestStatus.REFUSED, refusal_reason="Sam's sister can lend it"
    )
    kept = ask(fund, other, caseworker_user, 1000, reason="Sam needs boots")
    offer = ReconnectionOffer.objects.create(
        person=person,
        recorded_by_agency=world.council,
        offered_by=caseworker_user,
        destination="Leeds",
        connection="family",
        details="Aunt Mary expects them",
        offered_on=date.today(),
        follow_up_notes="Aunt says settled",
    )
    budget = PersonalBudget.objects.create(
        person=person,
        recorded_by_agency=world.council,
        agreed_by=caseworker_user,
        fund=fund,
        amount_pence=20_000,
        agreed_on=date.today(),
        notes="Wants a bike",
    )
    entries = list(LedgerEntry.objects.order_by("pk").values())
    balance = ledger.balance(fund)

    assert anonymise_for_people([person.pk]) == 4

    grant.refresh_from_db()
    assert (grant.reason, grant.pay_to, grant.refusal_reason) == ("", "", "")
    assert (grant.amount_pence, grant.purpose, grant.status) == (4000, "id_documents", "paid")
    assert GrantRequest.objects.get(pk=refused.pk).refusal_reason == ""
    offer.refresh_from_db()
    assert (offer.details, offer.follow_up_notes) == ("", "")
    assert offer.connection == "family"
    budget.refresh_from_db()
    assert budget.notes == "" and budget.amount_pence == 20_000
    assert GrantRequest.objects.get(pk=kept.pk).reason == "Sam needs boots"
    assert list(LedgerEntry.objects.order_by("pk").values()) == entries
    assert ledger.balance(fund) == balance
