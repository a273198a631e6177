"""Reading settlement files: bytes in, checked rows out. Nothing here touches the database.

Two formats (`SettlementFormat`), modelled on what the providers export:

- **Card reader** (SumUp / Zettle transaction export): ``Transaction ID, Date, Type, Status,
  Gross, Fee, Net`` (other columns are ignored). Only successful rows count: failed, declined
  and cancelled ones are left out. A refund is a row of type "Refund" with a negative gross.
  Times without a zone are the reader's local time, so London time. An optional "Payout" row
  declares what was paid into the bank.
- **Payment provider** (a Stripe payout reconciliation or balance export): ``id, type, amount
  (or gross), fee, net, created``. Types: charge (or payment), refund, adjustment, and one
  payout row whose net (negative, as the provider writes it) is the payout's total. Times
  without a zone are UTC, as the provider exports them.

Amounts like ``12.50``, ``£12.50``, ``-£1,234.50`` become exact integer pence (no floats);
times become the London date. A file with any problem is refused whole, with every problem
listed by its row number as a spreadsheet shows it (the heading row included).
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from waypost.funds.models import SettlementFormat

LONDON = ZoneInfo("Europe/London")
MAX_ROWS = 20_000
MAX_ERRORS_SHOWN = 20
MAX_REF_LENGTH = 80  # the ledger's external_ref is 100, with a prefix added

SALE = "sale"
REFUND = "refund"
ADJUSTMENT = "adjustment"

# Column headings each format accepts for each field, lower case.
_COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    SettlementFormat.CARD_READER: {
        "ref": ("transaction id", "transaction code", "transaction_id", "receipt number"),
        "when": ("date", "date and time", "timestamp", "time"),
        "type": ("type", "transaction type"),
        "status": ("status",),
        "gross": ("gross", "amount", "total amount", "total"),
        "fee": ("fee", "fees"),
        "net": ("net", "payout", "net amount"),
    },
    SettlementFormat.PAYMENT_PROVIDER: {
        "ref": ("id", "balance_transaction_id", "transaction id"),
        "when": ("created", "created (utc)", "created_utc", "available_on"),
        "type": ("type", "reporting_category"),
        "gross": ("amount", "gross"),
        "fee": ("fee",),
        "net": ("net",),
    },
}
_OPTIONAL = {"status", "currency"}
_CURRENCY = ("currency",)

_CARD_TYPES = {
    "sale": SALE,
    "payment": SALE,
    "purchase": SALE,
    "refund": REFUND,
    "payout": "payout",
}
_PROVIDER_TYPES = {
    "charge": SALE,
    "payment": SALE,
    "refund": REFUND,
    "payment_refund": REFUND,
    "adjustment": ADJUSTMENT,
    "payout": "payout",
}
# A sale later refunded still happened: its refund is a row of its own.
_COUNTED_STATUSES = {
    "successful",
    "success",
    "succeeded",
    "paid",
    "paid out",
    "completed",
    "refunded",
    "",
}
_LEFT_OUT_STATUSES = {"failed", "declined", "cancelled", "canceled", "pending"}

_AMOUNT = re.compile(r"^(-?)£?(-?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$")
_TIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%Y-%m-%d",
    "%d/%m/%Y",
)


class SettlementFileError(Exception):
    """The file cannot be imported; `errors` says every reason, row by row."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors[:MAX_ERRORS_SHOWN]
        if len(errors) > MAX_ERRORS_SHOWN:
            self.errors.append(f"And {len(errors) - MAX_ERRORS_SHOWN} more problems")
        super().__init__("; ".join(self.errors))


@dataclass(frozen=True)
class SettlementRow:
    """One transaction that counts. Amounts in pence; `fee_pence` is what the provider kept."""

    row_number: int
    ref: str
    occurred_on: date
    kind: str  # SALE, REFUND or ADJUSTMENT
    gross_pence: int
    fee_pence: int
    net_pence: int


@dataclass
class ParsedSettlement:
    file_format: str
    rows: list[SettlementRow] = field(default_factory=list)
    left_out: int = 0  # failed, declined or cancelled payments
    declared_net_pence: int | None = None

    @property
    def gross_pence(self) -> int:
        return sum(r.gross_pence for r in self.rows)

    @property
    def fees_pence(self) -> int:
        return sum(r.fee_pence for r in self.rows)

    @property
    def net_pence(self) -> int:
        return sum(r.net_pence for r in self.rows)


def parse_amount(text: str) -> int:
    """ "12.50", "£12.50", "-£1,234.5" as exact pence; ValueError for anything else."""
    raw = text.strip().replace(" ", "")
    found = _AMOUNT.match(raw)
    if not found or (found.group(1) and found.group(2)):
        raise ValueError(text)
    pounds = int(found.group(3).replace(",", ""))
    pence = pounds * 100 + int((found.group(4) or "0").ljust(2, "0"))
    return -pence if (found.group(1) or found.group(2)) else pence


def parse_london_date(text: str, *, naive_zone: ZoneInfo | type[UTC] = LONDON) -> date:
    """The London date of a time as exported; naive times are in `naive_zone`."""
    raw = text.strip()
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        moment = None
    if moment is None:
        for pattern in _TIME_FORMATS:
            try:
                moment = datetime.strptime(raw, pattern)
                break
            except ValueError:
                continue
    if moment is None:
        raise ValueError(text)
    if moment.tzinfo is None:
        if naive_zone is LONDON and len(raw) <= 10:  # a date alone is already London's
            return moment.date()
        moment = moment.replace(tzinfo=naive_zone)  # type: ignore[arg-type]
    return moment.astimezone(LONDON).date()


def _decode(data: bytes) -> str:
    if not data.strip():
        raise SettlementFileError(["The file is empty"])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SettlementFileError(
            ["The file is not UTF-8 text: save it as “CSV UTF-8” and choose it again"]
        ) from None


def _find_header(
    lines: list[list[str]], wanted: dict[str, tuple[str, ...]]
) -> tuple[int, dict[str, int]]:
    """The heading row (within the first 10) and the column of each field."""
    best: tuple[int, list[str]] = (-1, [])
    for index, cells in enumerate(lines[:10]):
        names = [c.strip().lower() for c in cells]
        columns: dict[str, int] = {}
        for key, aliases in {**wanted, "currency": _CURRENCY}.items():
            for alias in aliases:
                if alias in names:
                    columns[key] = names.index(alias)
                    break
        missing = [k for k in wanted if k not in columns and k not in _OPTIONAL]
        if not missing:
            return index, columns
        found = len(wanted) - len(missing)
        if found > best[0]:
            best = (found, missing)
    needed = ", ".join(f"“{wanted[k][0]}”" for k in best[1] or wanted)
    raise SettlementFileError(
        [
            "Could not find the column headings this format needs: the file has no "
            f"{needed} column. Check you chose the right kind of file"
        ]
    )


def parse_settlement(data: bytes, file_format: str) -> ParsedSettlement:
    """Every counted transaction in the file, or SettlementFileError listing every problem."""
    if file_format not in _COLUMNS:
        raise SettlementFileError(["Choose the kind of settlement file"])
    text = _decode(data)
    try:
        lines = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        raise SettlementFileError(["The file is not a CSV file"]) from None
    header_index, columns = _find_header(lines, _COLUMNS[file_format])
    body = lines[header_index + 1 :]
    if len(body) > MAX_ROWS:
        raise SettlementFileError(
            [f"The file has more than {MAX_ROWS:,} rows: import it in smaller parts"]
        )
    is_card = file_format == SettlementFormat.CARD_READER
    types = _CARD_TYPES if is_card else _PROVIDER_TYPES
    parsed = ParsedSettlement(file_format=file_format)
    errors: list[str] = []
    seen: dict[tuple[str, str], int] = {}

    for offset, cells in enumerate(body):
        number = header_index + offset + 2  # as a spreadsheet numbers it, headings included
        if not any(c.strip() for c in cells):
            continue

        def cell(key: str, cells: list[str] = cells) -> str:
            column = columns.get(key)
            return cells[column].strip() if column is not None and column < len(cells) else ""

        problems: list[str] = []
        status = cell("status").lower()
        if status in _LEFT_OUT_STATUSES:
            parsed.left_out += 1
            continue
        if status not in _COUNTED_STATUSES:
            problems.append(f"Row {number}: the status “{cell('status')}” is not one we know")
        raw_type = cell("type").lower()
        kind = types.get(raw_type)
        if kind is None:
            known = ", ".join(sorted(types))
            problems.append(
                f"Row {number}: the type “{cell('type')}” is not one we know (use {known})"
            )
        currency = cell("currency")
        if currency and currency.upper() != "GBP":
            problems.append(f"Row {number}: the currency “{currency}” is not pounds (GBP)")

        amounts: dict[str, int] = {}
        for key, word in (("gross", "amount"), ("fee", "fee"), ("net", "net amount")):
            raw = cell(key)
            if not raw and (key == "fee" or (kind == "payout" and key == "gross")):
                amounts[key] = 0  # a payout row gives its total as the net amount
                continue
            if not raw:
                problems.append(f"Row {number}: the {word} is missing")
                continue
            try:
                amounts[key] = parse_amount(raw)
            except ValueError:
                problems.append(f"Row {number}: the {word} “{raw}” is not a number")

        if kind == "payout":
            if problems:
                errors.extend(problems)
            elif parsed.declared_net_pence is not None:
                errors.append(f"Row {number}: the file has more than one payout row")
            else:
                # Providers write a payout as money leaving the balance (negative).
                parsed.declared_net_pence = abs(amounts["net"])
            continue

        ref = cell("ref")
        if not ref:
            problems.append(f"Row {number}: the transaction id is missing")
        elif len(ref) > MAX_REF_LENGTH:
            problems.append(
                f"Row {number}: the transaction id is longer than {MAX_REF_LENGTH} characters"
            )
        elif (ref, kind or "") in seen:
            problems.append(
                f"Row {number}: the transaction id “{ref}” is also on row {seen[(ref, kind or '')]}"
            )
        else:
            seen[(ref, kind or "")] = number

        raw_when = cell("when")
        occurred_on = None
        if not raw_when:
            problems.append(f"Row {number}: the date is missing")
        else:
            try:
                occurred_on = parse_london_date(raw_when, naive_zone=LONDON if is_card else UTC)
            except ValueError:
                problems.append(
                    f"Row {number}: the date “{raw_when}” is not a date and time "
                    "like 2026-03-14 18:22"
                )

        if len(amounts) == 3 and kind is not None:
            gross, fee = amounts["gross"], amounts["fee"]
            if kind == SALE and gross <= 0:
                problems.append(f"Row {number}: a sale’s amount must be more than £0")
            if kind == SALE and fee < 0:
                problems.append(f"Row {number}: a sale’s fee cannot be less than £0")
            if kind == REFUND and gross >= 0:
                problems.append(f"Row {number}: a refund’s amount must be negative, like -12.50")
            if kind == REFUND and amounts["net"] >= 0:
                problems.append(f"Row {number}: a refund’s net amount must be negative")
            if kind == ADJUSTMENT and gross == 0:
                problems.append(f"Row {number}: an adjustment of £0 changes nothing")

        if problems:
            errors.extend(problems)
            continue
        assert kind is not None and occurred_on is not None
        parsed.rows.append(
            SettlementRow(
                row_number=number,
                ref=ref,
                occurred_on=occurred_on,
                kind=kind,
                gross_pence=amounts["gross"],
                fee_pence=amounts["fee"],
                net_pence=amounts["net"],
            )
        )

    if errors:
        raise SettlementFileError(errors)
    if not parsed.rows:
        raise SettlementFileError(["The file has no successful transactions to import"])
    return parsed
