"""The ledger's rules, in one place: balances are sums, writes lock the fund, corrections
reverse.

- A fund's **balance** is the sum of its entries. **Committed** money is approved requests
  not yet paid. **Available** is the balance less what is committed: what a new approval or
  spend may use. None of these is stored.
- Every write that takes money out first locks the fund's row (`SELECT ... FOR UPDATE` on
  PostgreSQL; SQLite has one writer at a time), then checks, then writes, in one
  transaction. Two approvals racing for the last £50 are therefore served one after the
  other, and the second sees the first's commitment.
- Nothing takes a fund below zero: not a spend, not a payment, not a correction.
"""

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F, Sum
from django.db.models.functions import Coalesce

from waypost.funds.models import (
    EntryKind,
    Fund,
    GrantRequest,
    LedgerEntry,
    RequestStatus,
)
from waypost.lib.money import pounds

if TYPE_CHECKING:
    from waypost.accounts.models import User


class NotEnoughMoney(Exception):
    """The fund does not have the money available; the message says how much it has."""


class CannotReverse(Exception):
    """The entry cannot be reversed; the message says why."""


def _sum(queryset: Any, field: str = "amount_pence") -> int:
    return queryset.aggregate(total=Coalesce(Sum(field), 0))["total"]


def balance(fund: Fund | Any) -> int:
    """The sum of the fund's entries, in pence."""
    return _sum(LedgerEntry.objects.filter(fund=fund))


def committed(fund: Fund | Any) -> int:
    """Approved requests not yet paid, in pence."""
    return _sum(GrantRequest.objects.filter(fund=fund, status=RequestStatus.APPROVED))


def available(fund: Fund | Any) -> int:
    return balance(fund) - committed(fund)


@dataclass(frozen=True)
class Position:
    balance: int
    committed: int

    @property
    def available(self) -> int:
        return self.balance - self.committed


def positions(fund_ids: list[Any]) -> dict[Any, Position]:
    """Balance and commitments of many funds in two queries, for lists."""
    balances = dict(
        LedgerEntry.objects.filter(fund_id__in=fund_ids)
        .values("fund_id")
        .annotate(total=Sum("amount_pence"))
        .values_list("fund_id", "total")
    )
    commitments = dict(
        GrantRequest.objects.filter(fund_id__in=fund_ids, status=RequestStatus.APPROVED)
        .values("fund_id")
        .annotate(total=Sum("amount_pence"))
        .values_list("fund_id", "total")
    )
    return {
        fund_id: Position(balances.get(fund_id) or 0, commitments.get(fund_id) or 0)
        for fund_id in fund_ids
    }


def lock_fund(fund_id: Any) -> Fund:
    """The fund, locked until the transaction ends. Call inside `transaction.atomic()`."""
    return Fund.objects.select_for_update().get(pk=fund_id)


def require_available(fund: Fund, amount_pence: int) -> None:
    """Refuse (NotEnoughMoney) unless `amount_pence` is available. Lock the fund first."""
    free = available(fund)
    if amount_pence > free:
        raise NotEnoughMoney(
            f"{fund.name} has {pounds(max(free, 0))} available, "
            f"which is less than the {pounds(amount_pence)} needed"
        )


def append(
    fund: Fund, *, kind: str, amount_pence: int, occurred_on: date, by: "User | None", **fields: Any
) -> LedgerEntry:
    """Write one entry. Callers lock the fund and check first when money goes out."""
    entry = LedgerEntry(
        fund=fund,
        kind=kind,
        amount_pence=amount_pence,
        occurred_on=occurred_on,
        recorded_by=by,
        **fields,
    )
    entry.full_clean(
        exclude=["fund", "recorded_by", "grant_request", "budget_line", "settlement", "reverses"]
    )
    entry.save()
    return entry


def record_spend(
    fund: Fund, *, amount_pence: int, occurred_on: date, by: "User", **fields: Any
) -> LedgerEntry:
    """Money out that is not a payment for a person (grant spend on a budget line)."""
    with transaction.atomic():
        locked = lock_fund(fund.pk)
        require_available(locked, amount_pence)
        return append(
            locked,
            kind=EntryKind.SPEND,
            amount_pence=-amount_pence,
            occurred_on=occurred_on,
            by=by,
            **fields,
        )


def reverse_entry(entry_id: Any, *, by: "User", occurred_on: date, description: str) -> LedgerEntry:
    """A correction: a new entry of the opposite amount that names the one it reverses.

    Refused when the entry is itself a correction, is already reversed, or when taking
    money in back out would leave less than is committed. Reversing a payment puts its
    request back to "approved, not yet paid".
    """
    with transaction.atomic():
        fund_id = LedgerEntry.objects.values_list("fund_id", flat=True).get(pk=entry_id)
        fund = lock_fund(fund_id)
        entry = LedgerEntry.objects.select_related("grant_request").get(pk=entry_id)
        if entry.kind == EntryKind.REVERSAL:
            raise CannotReverse("This entry is a correction already: add a new entry instead")
        if LedgerEntry.objects.filter(reverses=entry).exists():
            raise CannotReverse("This entry has already been reversed")
        if entry.amount_pence > 0:
            require_available(fund, entry.amount_pence)
        correction = append(
            fund,
            kind=EntryKind.REVERSAL,
            amount_pence=-entry.amount_pence,
            occurred_on=occurred_on,
            by=by,
            reverses=entry,
            purpose=entry.purpose,
            source=entry.source,
            budget_line=entry.budget_line,
            grant_request=entry.grant_request,
            description=description[:200],
        )
        if entry.kind == EntryKind.PAYMENT and entry.grant_request is not None:
            GrantRequest.objects.filter(pk=entry.grant_request_id).update(
                status=RequestStatus.APPROVED, paid_at=None, version=F("version") + 1
            )
        return correction
