"""Statistical disclosure control for figures pages: counts from 1 to 4 can identify someone, so
viewers outside the casework (commissioners) see them as "fewer than 5". Also the small table
shapes the figures pages and their CSV downloads share."""

import math
from dataclasses import dataclass, field

SMALLEST_SHOWN = 5
FEWER_THAN = f"fewer than {SMALLEST_SHOWN}"
NOT_SHOWN = "Not shown"


@dataclass(frozen=True)
class Cell:
    text: str
    is_numeric: bool = False
    is_bold: bool = False


@dataclass
class Table:
    id: str
    caption: str
    head: list[Cell]
    rows: list[list[Cell]] = field(default_factory=list)


@dataclass
class Disclosure:
    """How counts are written: exactly, or with 1 to 4 as "fewer than 5"."""

    suppress: bool
    used: bool = False  # whether anything was hidden, so the page says so

    def hides(self, count: int) -> bool:
        hidden = self.suppress and 0 < count < SMALLEST_SHOWN
        self.used = self.used or hidden
        return hidden

    def count(self, count: int) -> str:
        return FEWER_THAN if self.hides(count) else f"{count:,}"

    def share(self, count: int, percent: float | None) -> str:
        return NOT_SHOWN if self.hides(count) else percent_text(percent)


def percent_text(percent: float | None, *, round_down: bool = False) -> str:
    """ "82%" or "82.5%"; rounded down for the success share, so it is never shown at the target
    when it is below it."""
    if percent is None:
        return "No data"
    value = math.floor(percent * 10) / 10 if round_down else round(percent, 1)
    return f"{value:.1f}".removesuffix(".0") + "%"
