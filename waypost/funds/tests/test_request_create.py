"""request_money's refusals, and who is told what (no personal data in notifications)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from waypost.accounts.models import Role
from waypost.audit.models import Section
from waypost.funds.models import FundKind, GrantRequest
from waypost.funds.request_create import request_money
from waypost.funds.tests.factories import make_fund, pay_in
from waypost.notifications.models import Notification
from waypost.people.access import get_person_for_section_write
from waypost.sharing.policy import active_memberships
from waypost.testing.people import make_person
from waypost.testing.personas import make_user


@pytest.fixture
def write(world, caseworker_user):
    person = make_person(world.council, by=caseworker_user)
    return get_person_for_section_write(
        caseworker_user, person.pk, Section.SUPPORT, active_memberships(caseworker_user)
    )


def _ask(write, fund, by, pence=4000, **extra):
    fields = {"purpose": "travel", "reason": "Coach to Leeds", "pay_to": "National Express"}
    fields.update(extra)
    return request_money(write, fund=fund, amount_pence=pence, by=by, **fields)


def _message(error: ValidationError, name: str) -> str:
    return error.message_dict[name][0]


def test_a_fund_of_another_partnership_is_refused(world, write, caseworker_user):
    brum = make_fund(world.brum_council, name="Change into Action")
    pay_in(brum, 10_000)
    with pytest.raises(ValidationError) as error:
        _ask(write, brum, caseworker_user)
    assert _message(error.value, "fund") == "Choose a fund of the person's partnership"


def test_grant_funding_is_refused(world, write, caseworker_user):
    rsi = make_fund(world.council, name="RSI", kind=FundKind.GRANT)
    pay_in(rsi, 10_000)
    with pytest.raises(ValidationError) as error:
        _ask(write, rsi, caseworker_user)
    assert "grant funding" in _message(error.value, "fund")


def test_more_than_is_available_says_how_much_there_is(world, write, caseworker_user):
    fund = make_fund(world.council)
    pay_in(fund, 2550)
    with pytest.raises(ValidationError) as error:
        _ask(write, fund, caseworker_user, 4000)
    assert _message(error.value, "amount_pence") == (
        "Change into Action has £25.50 available: ask for £25.50 or less, or choose another fund"
    )
    assert not GrantRequest.objects.exists()


def test_a_non_requester_cannot_ask(world, write):
    fund = make_fund(world.council)
    pay_in(fund, 10_000)
    admin = make_user("a@coventry.test", agency=world.council, role=Role.PARTNERSHIP_ADMIN)
    with pytest.raises(PermissionDenied):
        _ask(write, fund, admin)


def test_holders_are_told_without_personal_data_but_not_the_asker(world, write, caseworker_user):
    holder = make_user("h@coventry.test", agency=world.council, role=Role.COORDINATOR)
    fund = make_fund(world.council, holders=(holder, caseworker_user))
    pay_in(fund, 10_000)
    grant = _ask(write, fund, caseworker_user)
    told = Notification.objects.get()
    assert told.user == holder
    assert told.body == "A request for £40 for travel is waiting for approval."
    assert told.link == f"/funds/requests/{grant.pk}/"
    for private in ("Jo", "Bloggs", "Leeds", "National Express"):
        assert private not in told.title + told.body
