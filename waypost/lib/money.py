"""Money as people type and read it, kept in integer pence (design.md: never floats)."""

import re
from decimal import Decimal

from django.core.exceptions import ValidationError

_AMOUNT = re.compile(r"^(\d*)(?:\.(\d+))?$")
_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")
AMOUNT_FORMAT = "Enter the amount in pounds and pence using numbers, like 250 or 250.50"
AMOUNT_DECIMALS = (
    "Enter the amount with no more than 2 numbers after the decimal point, like 250.50"
)
AMOUNT_POSITIVE = "Enter an amount more than £0"


def pounds(pence: int | None, *, always_pence: bool = False) -> str:
    """£250, £250.50, £1,000, -£12.40: pence shown as a person would write it. Columns of
    amounts pass `always_pence` (£250.00) so that the figures line up."""
    pence = pence or 0
    sign = "-" if pence < 0 else ""
    whole, part = divmod(abs(pence), 100)
    if part == 0 and not always_pence:
        return f"{sign}£{whole:,}"
    return f"{sign}£{whole:,}.{part:02d}"


def pounds_column(pence: int | None) -> str:
    """An amount in a table column: always with pence, so the figures line up."""
    return pounds(pence, always_pence=True)


def pounds_input(pence: int | None) -> str:
    """The amount as typed back into a form: 250 or 250.50."""
    if pence is None:
        return ""
    return str((Decimal(pence) / 100).quantize(Decimal("0.01"))).removesuffix(".00")


def parse_pence(
    text: str | None,
    *,
    missing: str = "Enter the amount, like 250 or 250.50",
    maximum_pence: int = 100_000 * 100,
) -> int:
    """Pounds and pence as typed ("250", "250.50", "£1,250.5") in whole pence.

    Refuses, with a message saying how to fix it: nothing typed (`missing`), anything that is
    not a number, a minus sign, more than 2 decimal places, zero, and more than the maximum.
    """
    raw = (text or "").strip().replace(" ", "")
    if not raw:
        raise ValidationError(missing)
    if raw.startswith("-") or raw.startswith("£-"):
        raise ValidationError(AMOUNT_POSITIVE)
    raw = raw.removeprefix("£")
    if "," in raw:
        if not _GROUPED.match(raw):
            raise ValidationError(AMOUNT_FORMAT)
        raw = raw.replace(",", "")
    found = _AMOUNT.match(raw)
    if not found or not (found.group(1) or found.group(2)):
        raise ValidationError(AMOUNT_FORMAT)
    if found.group(2) and len(found.group(2)) > 2:
        raise ValidationError(AMOUNT_DECIMALS)
    if len(found.group(1)) > 15:
        raise ValidationError(f"The amount must be {pounds(maximum_pence)} or less")
    pence = int(Decimal(raw or "0") * 100)
    if pence <= 0:
        raise ValidationError(AMOUNT_POSITIVE)
    if pence > maximum_pence:
        raise ValidationError(f"The amount must be {pounds(maximum_pence)} or less")
    return pence
