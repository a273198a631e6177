"""The live measures a commitment's "what success looks like" can be tied to (plan point 8).

A `Measure` says what it counts and how, and computes its value for one partnership and one
calendar month from Waypost's own data. The registry is filled on start-up by
`waypost.reporting.measures.register_all()` (reporting reads every app; nothing here imports
it), and the tracker pages ask it by code.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

PERCENT = "percent"
COUNT = "count"
HIGHER = "higher"
LOWER = "lower"
TREND_MONTHS = 12


@dataclass(frozen=True)
class Measure:
    code: str
    name: str
    unit: str  # PERCENT or COUNT
    description: str  # how it is worked out, in plain words, shown on the commitment page
    compute: Callable[[Any, date], float | None]  # (partnership, first day of month) -> value
    better: str = HIGHER
    # Whether a count of 1 to 4 people may be hidden from commissioners.
    counts_people: bool = True
    # When Waypost does not hold the data, why not (the value is then always None).
    unavailable: str = ""


_REGISTRY: dict[str, Measure] = {}


def register(measure: Measure) -> Measure:
    _REGISTRY[measure.code] = measure
    return measure


def get(code: str) -> Measure | None:
    return _REGISTRY.get(code)


def choices() -> list[tuple[str, str]]:
    return sorted(((m.code, m.name) for m in _REGISTRY.values()), key=lambda c: c[1])


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def last_months(today: date, number: int = TREND_MONTHS) -> list[date]:
    """The first days of the `number` months ending with this one, oldest first."""
    this = month_start(today)
    return [add_months(this, offset) for offset in range(1 - number, 1)]


@dataclass(frozen=True)
class Reading:
    month: date
    value: float | None


def trend(measure: Measure, partnership: Any, today: date) -> list[Reading]:
    return [Reading(month, measure.compute(partnership, month)) for month in last_months(today)]


def value_text(measure: Measure, value: float | None, *, suppress: bool = False) -> str:
    """The value as shown: "82.5%", "14", "fewer than 5" (a commissioner, 1 to 4 people)."""
    from waypost.lib.disclosure import FEWER_THAN, percent_text

    if value is None:
        return "Not recorded in Waypost" if measure.unavailable else "No data"
    if measure.unit == PERCENT:
        return percent_text(value)
    if suppress and measure.counts_people and 0 < value < 5:
        return FEWER_THAN
    return f"{value:,.0f}"


def target_text(measure: Measure, target: Decimal | None) -> str:
    if target is None:
        return "No target set"
    number = f"{target:f}".removesuffix(".0")
    return f"{number}%" if measure.unit == PERCENT else number


def meets_target(measure: Measure, value: float | None, target: Decimal | None) -> bool | None:
    if value is None or target is None:
        return None
    return value >= float(target) if measure.better == HIGHER else value <= float(target)
