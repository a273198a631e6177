"""Writes to funds, budget lines and grant spend: set up or change a fund, add or change a budget
line, record spend against a line, correct an entry.

Each change to a fund or a line carries the version the user's form showed: when someone else
saved meanwhile the write is refused (Stale) and the page shows the user's typing again.
Money goes through waypost.funds.ledger, which locks the fund first, so these never race.
"""

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce

from waypost.funds import ledger
from waypost.funds.models import BudgetLine, Fund, LedgerEntry
from waypost.lib.money import pounds

if TYPE_CHECKING:
    from waypost.accounts.models import User

STALE = (
    "Someone else changed this while you were working on it. What you typed is shown below: "
    "check it and save again."
)
FUND_FIELDS = (
    "name",
    "kind",
    "holding_agency",
    "description",
    "funder",
    "starts_on",
    "ends_on",
    "award_pence",
    "two_approver_limit_pence",
    "is_public",
)
LINE_FIELDS = ("name", "allocation_pence", "position")


class Stale(Exception):
    """The record changed since the user's form was made."""


def _check_name(fund: Fund) -> None:
    clash = Fund.objects.filter(partnership_id=fund.partnership_id, name__iexact=fund.name)
    if clash.exclude(pk=fund.pk).exists():
        raise ValidationError({"name": "The partnership already has a fund with this name"})


def save_fund(fund: Fund, *, budget_holders: list["User"], version: int | None, by: "User") -> Fund:
    """Create the fund (version None) or save the changes made to it, with its budget holders.

    Raises Stale when the fund changed since `version`, ValidationError for a duplicate name
    or an award smaller than the budget lines already allocated."""
    with transaction.atomic():
        _check_name(fund)
        if fund._state.adding:
            fund.save()
        else:
            current = Fund.objects.select_for_update().get(pk=fund.pk)
            if version is not None and current.version != version:
                raise Stale(STALE)
            if fund.award_pence is not None:
                allocated = allocated_pence(fund)
                if allocated > fund.award_pence:
                    raise ValidationError(
                        {
                            "award": f"The budget lines already allocate {pounds(allocated)}: "
                            "the award cannot be less than that"
                        }
                    )
            fund.version = current.version + 1
            fund.save(update_fields=[*FUND_FIELDS, "version"])
        fund.budget_holders.set(budget_holders)
        return fund


def allocated_pence(fund: Fund, *, excluding: Any = None) -> int:
    lines = BudgetLine.objects.filter(fund=fund).exclude(pk=excluding)
    return lines.aggregate(total=Coalesce(Sum("allocation_pence"), 0))["total"]


def line_spent_pence(line: BudgetLine) -> int:
    """What has been spent on the line: its spend less corrections, in pence."""
    return -ledger._sum(LedgerEntry.objects.filter(budget_line=line))


def save_budget_line(line: BudgetLine, *, version: int | None, by: "User") -> BudgetLine:
    """Add a budget line to a grant (version None) or save changes to one.

    Refused (ValidationError) when the lines would allocate more than the award, or less to
    this line than has already been spent on it. Raises Stale on a version clash."""
    with transaction.atomic():
        fund = ledger.lock_fund(line.fund_id)
        clash = BudgetLine.objects.filter(fund=fund, name__iexact=line.name).exclude(pk=line.pk)
        if clash.exists():
            raise ValidationError({"name": "This grant already has a budget line with this name"})
        if not line._state.adding:
            current = BudgetLine.objects.select_for_update().get(pk=line.pk)
            if version is not None and current.version != version:
                raise Stale(STALE)
            spent = line_spent_pence(line)
            if line.allocation_pence < spent:
                raise ValidationError(
                    {
                        "allocation": f"{pounds(spent)} has already been spent on this line: "
                        "the allocation cannot be less than that"
                    }
                )
        others = allocated_pence(fund, excluding=None if line._state.adding else line.pk)
        award = fund.award_pence or 0
        if others + line.allocation_pence > award:
            left = max(award - others, 0)
            raise ValidationError(
                {
                    "allocation": f"The award is {pounds(award)} and the other lines allocate "
                    f"{pounds(others)}, so this line can have at most {pounds(left)}"
                }
            )
        if line._state.adding:
            line.position = line.position or (BudgetLine.objects.filter(fund=fund).count() + 1)
            line.save()
        else:
            line.version = current.version + 1
            line.save(update_fields=[*LINE_FIELDS, "version"])
        return line


def record_grant_spend(
    line: BudgetLine,
    *,
    amount_pence: int,
    occurred_on: date,
    description: str,
    purpose: str = "",
    external_ref: str = "",
    by: "User | None",
) -> LedgerEntry:
    """Spend from a grant against one of its budget lines.

    Refused with ledger.NotEnoughMoney when the fund has not the money available, or when
    the line has less left than the amount (the message says how much is left)."""
    with transaction.atomic():
        fund = ledger.lock_fund(line.fund_id)
        locked = BudgetLine.objects.select_for_update().get(pk=line.pk)
        left = locked.allocation_pence - line_spent_pence(locked)
        if amount_pence > left:
            raise ledger.NotEnoughMoney(
                f"{locked.name} has {pounds(max(left, 0))} left of its "
                f"{pounds(locked.allocation_pence)} allocation, which is less than the "
                f"{pounds(amount_pence)} entered"
            )
        return ledger.record_spend(
            fund,
            amount_pence=amount_pence,
            occurred_on=occurred_on,
            by=by,  # type: ignore[arg-type]
            budget_line=locked,
            purpose=purpose,
            description=description[:200],
            external_ref=external_ref,
        )


def correct_entry(entry: LedgerEntry, *, reason: str, occurred_on: date, by: "User") -> LedgerEntry:
    """Reverse an entry with a new one (ledger.reverse_entry): CannotReverse or
    NotEnoughMoney when it may not be."""
    return ledger.reverse_entry(
        entry.pk, by=by, occurred_on=occurred_on, description=f"Correction: {reason.strip()}"
    )
