"""Money in: takings typed in by hand, and settlement files from card readers and online
payment providers. Every write goes through the ledger (ledger.append) with the fund locked.

How a settlement file becomes ledger entries (income is always positive, so):

- a **sale** is an INCOME entry of its gross amount, and its fee a FEE entry (negative);
- a **refund** is one REFUND entry of its net amount (negative);
- an **adjustment** (a provider's correction, a dispute fee) is INCOME when it adds money and
  a FEE entry when it takes money away.

Each entry carries the provider's transaction id in `external_ref`, prefixed by the source and
the part (``card_reader:TX12``, ``card_reader:TX12:fee``), which the database keeps unique
per fund and kind. So the same file imported twice, or a second file that repeats some
transactions, adds only what is new.
"""

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from waypost.funds import ledger
from waypost.funds.models import (
    EntryKind,
    Fund,
    IncomeSource,
    LedgerEntry,
    SettlementFormat,
    SettlementImport,
)
from waypost.funds.settlements import (
    ADJUSTMENT,
    REFUND,
    SALE,
    SettlementRow,
    parse_settlement,
)

if TYPE_CHECKING:
    from waypost.accounts.models import User

MAX_INCOME_PENCE = 1_000_000 * 100


def record_income(
    fund: Fund,
    *,
    source: str,
    amount_pence: int,
    occurred_on: date,
    description: str,
    by: "User",
) -> LedgerEntry:
    """Money in typed by a fund manager (a cash collection, an event's takings, card reader
    takings without a file). Refuses (ValidationError) a non-positive amount, an unknown
    source or a date in the future."""
    errors: dict[str, str] = {}
    if source not in IncomeSource.values:
        errors["source"] = "Choose where the money came from"
    if amount_pence <= 0:
        errors["amount"] = "Enter an amount more than £0"
    elif amount_pence > MAX_INCOME_PENCE:
        errors["amount"] = "The amount must be £1,000,000 or less"
    if occurred_on > timezone.localdate():
        errors["occurred_on"] = "The date the money came in must be today or in the past"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = ledger.lock_fund(fund.pk)
        return ledger.append(
            locked,
            kind=EntryKind.INCOME,
            amount_pence=amount_pence,
            occurred_on=occurred_on,
            by=by,
            source=source,
            description=description.strip()[:200],
        )


@dataclass(frozen=True)
class ImportResult:
    """What an import did. `is_repeat`: this very file was imported before (`settlement` is
    that earlier import) and nothing changed."""

    settlement: SettlementImport
    is_repeat: bool
    left_out: int = 0  # failed, declined or cancelled payments in the file


@dataclass(frozen=True)
class _Planned:
    kind: str
    amount_pence: int
    ref: str
    description: str


def _entries_for(row: SettlementRow, source: str) -> list[_Planned]:
    """The ledger entries for one transaction; the first is the one that marks it imported."""
    base = f"{source}:{row.ref}"
    channel = "Card reader" if source == IncomeSource.CARD_READER else "Online payment"
    if row.kind == SALE:
        planned = [_Planned(EntryKind.INCOME, row.gross_pence, base, f"{channel} takings")]
        if row.fee_pence:
            planned.append(_Planned(EntryKind.FEE, -row.fee_pence, f"{base}:fee", f"{channel} fee"))
        return planned
    if row.kind == REFUND:
        return [_Planned(EntryKind.REFUND, row.net_pence, f"{base}:refund", "Refund")]
    assert row.kind == ADJUSTMENT
    kind = EntryKind.INCOME if row.net_pence > 0 else EntryKind.FEE
    return [_Planned(kind, row.net_pence, f"{base}:adjustment", f"{channel} adjustment")]


def import_settlement(
    fund: Fund, *, data: bytes, filename: str, file_format: str, by: "User"
) -> ImportResult:
    """Import a settlement file into the fund's ledger, in one transaction with the fund locked.

    Idempotent: the same file (by SHA-256) a second time returns the earlier import and writes
    nothing; transactions already in the ledger from another file are counted as "already
    imported" and skipped. Refuses the whole file (SettlementFileError, nothing written) when
    any row is malformed, and (NotEnoughMoney) when its refunds and fees would take the fund
    below what it has available. The file's totals are stored for reconciliation.
    """
    digest = hashlib.sha256(data).hexdigest()
    earlier = _earlier_import(fund, digest)
    if earlier is not None:
        return ImportResult(earlier, is_repeat=True)
    parsed = parse_settlement(data, file_format)
    source = (
        IncomeSource.CARD_READER
        if file_format == SettlementFormat.CARD_READER
        else IncomeSource.ONLINE
    )
    with transaction.atomic():
        locked = ledger.lock_fund(fund.pk)
        earlier = _earlier_import(locked, digest)  # imported while we were reading it
        if earlier is not None:
            return ImportResult(earlier, is_repeat=True)
        plans = [(row, _entries_for(row, source)) for row in parsed.rows]
        keys = [(p[0].kind, p[0].ref) for _, p in plans]
        done = set(
            LedgerEntry.objects.filter(
                fund=locked, external_ref__in=[ref for _, ref in keys]
            ).values_list("kind", "external_ref")
        )
        new = [
            (row, planned)
            for row, planned in plans
            if (planned[0].kind, planned[0].ref) not in done
        ]
        change = sum(p.amount_pence for _, planned in new for p in planned)
        if change < 0:
            ledger.require_available(locked, -change)
        settlement = SettlementImport.objects.create(
            fund=locked,
            file_format=file_format,
            file_sha256=digest,
            filename=PurePath(filename or "").name[:200],
            imported_by=by,
            rows=len(parsed.rows),
            new_rows=len(new),
            already_imported_rows=len(parsed.rows) - len(new),
            gross_pence=parsed.gross_pence,
            fees_pence=parsed.fees_pence,
            net_pence=parsed.net_pence,
            declared_net_pence=parsed.declared_net_pence,
        )
        for row, planned in new:
            for entry in planned:
                ledger.append(
                    locked,
                    kind=entry.kind,
                    amount_pence=entry.amount_pence,
                    occurred_on=row.occurred_on,
                    by=by,
                    source=source,
                    description=entry.description,
                    external_ref=entry.ref,
                    settlement=settlement,
                )
    return ImportResult(settlement, is_repeat=False, left_out=parsed.left_out)


def _earlier_import(fund: Fund, digest: str) -> SettlementImport | None:
    return (
        SettlementImport.objects.filter(fund=fund, file_sha256=digest)
        .select_related("imported_by")
        .first()
    )
