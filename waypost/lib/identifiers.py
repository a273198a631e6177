"""Validation and normal forms of UK identifiers: NHS number, National Insurance number."""

import re

_NHS_WEIGHTS = range(10, 1, -1)
# HMRC: the first letter is never D, F, I, Q, U or V; the second never D, F, I, O, Q, U or V;
# some prefixes are never issued; the suffix is A to D.
_NI_PATTERN = re.compile(r"^(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$")


def normalise_nhs_number(value: str) -> str:
    return re.sub(r"[\s-]", "", value)


def nhs_number_problem(value: str) -> str | None:
    """Why `value` is not a valid NHS number, or None when it is (modulus 11 check digit)."""
    digits = normalise_nhs_number(value)
    if not digits.isdigit() or len(digits) != 10:
        return "An NHS number has 10 digits, like 943 476 5919"
    total = sum(int(d) * w for d, w in zip(digits[:9], _NHS_WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10 or check != int(digits[9]):
        return "This is not a valid NHS number: check the digits (the last one is a check digit)"
    return None


def normalise_ni_number(value: str) -> str:
    return re.sub(r"\s", "", value).upper()


def ni_number_problem(value: str) -> str | None:
    """Why `value` is not a National Insurance number in HMRC's format, or None."""
    if not _NI_PATTERN.match(normalise_ni_number(value)):
        return (
            "A National Insurance number is 2 letters, 6 numbers, then A, B, C or D, "
            "like AB 12 34 56 C"
        )
    return None


def format_nhs_number(value: str) -> str:
    digits = normalise_nhs_number(value)
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}" if len(digits) == 10 else value
