"""Funds for tests: a fund with budget holders, money in it, and a request waiting."""

from datetime import date
from typing import Any

from waypost.accounts.models import Agency, User
from waypost.funds import ledger
from waypost.funds.models import EntryKind, Fund, FundKind, GrantRequest, IncomeSource, Purpose
from waypost.people.models import Person


def make_fund(
    agency: Agency,
    *,
    name: str = "Change into Action",
    kind: str = FundKind.GIVING,
    holders: tuple[User, ...] = (),
    limit_pence: int = 25_000,
    **fields: Any,
) -> Fund:
    fund = Fund.objects.create(
        partnership=agency.partnership,
        holding_agency=agency,
        name=name,
        kind=kind,
        two_approver_limit_pence=limit_pence,
        **fields,
    )
    fund.budget_holders.set(holders)
    return fund


def pay_in(
    fund: Fund,
    pence: int,
    *,
    on: date | None = None,
    source: str = IncomeSource.CASH,
    by: User | None = None,
    **fields: Any,
):
    return ledger.append(
        fund,
        kind=EntryKind.INCOME,
        amount_pence=pence,
        occurred_on=on or date.today(),
        by=by,
        source=source,
        **fields,
    )


def ask(
    fund: Fund,
    person: Person,
    by: User,
    pence: int,
    *,
    purpose: str = Purpose.ID_DOCUMENTS,
    agency: Agency | None = None,
    **fields: Any,
) -> GrantRequest:
    return GrantRequest.objects.create(
        fund=fund,
        person=person,
        recorded_by_agency=agency or person.recorded_by_agency,
        requested_by=by,
        purpose=purpose,
        amount_pence=pence,
        reason=fields.pop("reason", "Needs a birth certificate to open a bank account"),
        **fields,
    )
