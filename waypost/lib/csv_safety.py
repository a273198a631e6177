"""CSV cells that spreadsheet programs will not run as formulas (OWASP "CSV injection")."""

from typing import Any

# A leading NUL too: some spreadsheets drop it and then read the "=" behind it (ASVS 1.2.10).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")


def safe_cell(value: Any) -> str:
    """The value as text, prefixed with a single quote when a spreadsheet would evaluate it."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def safe_row(values: list[Any]) -> list[str]:
    return [safe_cell(value) for value in values]
