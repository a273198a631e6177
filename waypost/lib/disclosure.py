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


@dataclass(frozen=True)
class Grid:
    """A table of counts as text, with its row totals, column totals and grand total."""

    body: list[list[str]]
    row_totals: list[str]
    col_totals: list[str]
    grand_total: str


def count_grid(show: Disclosure, body: list[list[int]], *, width: int = 0) -> Grid:
    """A two-way table with all its totals, written for the viewer: exact, or (when small
    numbers are hidden) through `waypost.lib.suppression`, so no hidden cell is the total
    minus the others. Every hidden cell then reads "Not shown", small or not: telling them
    apart would give some back. `width` is the number of columns when there are no rows."""
    from waypost.lib.suppression import suppress  # numpy: only figures pages pay for it

    rows = [sum(row) for row in body]
    columns = [sum(column) for column in zip(*body, strict=True)] if body else [0] * width
    if not show.suppress or not body:
        exact = [[f"{n:,}" for n in row] for row in body]
        return Grid(exact, [f"{n:,}" for n in rows], [f"{n:,}" for n in columns], f"{sum(rows):,}")
    result = suppress(body, row_totals=True, col_totals=True)
    show.used = show.used or result.is_suppressed
    return Grid(
        [[cell.text for cell in row] for row in result.body],
        [cell.text for cell in result.row_totals or ()],
        [cell.text for cell in result.col_totals or ()],
        result.grand_total.text if result.grand_total else NOT_SHOWN,
    )
