"""Statistical disclosure control for any table of counts that leaves the partnership (the
regional view, a public report, an export for a board).

**Why.** A count from 1 to 4 can identify someone ("the one woman over 60 sleeping rough in
Nuneaton"), so it is never published: that is *primary* suppression. Hiding a cell is not
enough when totals are shown: with a row total and the other cells of the row visible, the
hidden cell is the total minus the rest. So more cells are hidden, *secondary* suppression,
until no hidden cell can be worked out from what is published, by sums or by differences.

**How** (the hypercube method, as statistical offices use it, with an exact check):

1. Primary: every cell, totals included, from 1 to 4 is hidden.
2. A *line* is a row or column that has a published total: its cells add up to its total. A
   line with exactly one hidden cell gives that cell away, so another cell of the line is
   hidden: the smallest non-zero cell, preferring one whose other line already hides a cell
   (fewer cells lost overall). Zeros hide nothing (a zero is often known to be zero), so when
   the only other cells are zeros the line's total is hidden instead. Repeated until stable.
3. "No line with exactly one hidden cell" is not always enough (two blocks of hidden cells
   joined by a single cell give that cell away). So the published totals are written as linear
   equations in the hidden cells, and any hidden cell whose value the equations fix (its unit
   vector lies in the row space of the equations) has more cells of its lines hidden, and step
   2 runs again, until no hidden cell is determined.

The result never hides a visible zero unless nothing else would do, and never changes a value.

**Publishing.** Show every hidden cell the same way (`HIDDEN_TEXT`): do not show which were
hidden as small ("fewer than 5") and which to protect them. Telling them apart leaks: in a
block of four hidden cells, a known difference of 3 between two "fewer than 5" cells pins
them to 1 and 4. `Cell.reason` is for the code and its tests, never for the page.

**Use**::

    result = suppress([[12, 3, 40], [7, 9, 0]], row_totals=True, col_totals=True)
    result.body[0][1].hidden          # True (primary: 3)
    result.row_totals[0].text         # "Not shown" or "55"
    result.col_totals, result.grand_total
    suppress_series([12, 3, 40])      # one column of counts and its total

Tables without shown totals (`row_totals=False, col_totals=False`) get primary suppression
only: nothing can be added up.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

SMALLEST_SHOWN = 5
PRIMARY = "primary"
SECONDARY = "secondary"
HIDDEN_TEXT = "Not shown"

Position = tuple[int, int]


@dataclass(frozen=True)
class Cell:
    """One published count: its value, whether it is hidden, and why (never shown)."""

    value: int
    hidden: bool = False
    reason: str = ""  # PRIMARY or SECONDARY when hidden

    @property
    def text(self) -> str:
        return HIDDEN_TEXT if self.hidden else f"{self.value:,}"

    @property
    def shown(self) -> int | None:
        """The value when published, None when hidden (for charts and CSV)."""
        return None if self.hidden else self.value


@dataclass(frozen=True)
class Suppressed:
    """A table after disclosure control. `body[i][j]` are the cells the caller gave;
    `row_totals[i]`, `col_totals[j]` and `grand_total` are None when not shown."""

    body: tuple[tuple[Cell, ...], ...]
    row_totals: tuple[Cell, ...] | None
    col_totals: tuple[Cell, ...] | None
    grand_total: Cell | None

    @property
    def cells(self) -> list[Cell]:
        """Every published cell, totals included."""
        out = [cell for row in self.body for cell in row]
        out += list(self.row_totals or ()) + list(self.col_totals or ())
        return out + ([self.grand_total] if self.grand_total else [])

    @property
    def is_suppressed(self) -> bool:
        return any(cell.hidden for cell in self.cells)


def is_small(value: int) -> bool:
    return 0 < value < SMALLEST_SHOWN


class _Grid:
    """The table with its totals as one grid, and the lines (cells adding up to a total)."""

    def __init__(self, table: Sequence[Sequence[int]], row_totals: bool, col_totals: bool):
        self.m = len(table)
        self.n = len(table[0]) if table else 0
        if any(len(row) != self.n for row in table):
            raise ValueError("Every row of the table needs the same number of cells.")
        if any(value < 0 for row in table for value in row):
            raise ValueError("Counts cannot be negative.")
        rows = self.m + (1 if col_totals else 0)
        cols = self.n + (1 if row_totals else 0)
        self.values = [[0] * cols for _ in range(rows)]
        for i, row in enumerate(table):
            for j, value in enumerate(row):
                self.values[i][j] = int(value)
            if row_totals:
                self.values[i][self.n] = sum(int(v) for v in row)
        if col_totals:
            for j in range(cols):
                self.values[self.m][j] = sum(self.values[i][j] for i in range(self.m))
        # Each line: (its cells, its total).
        self.lines: list[tuple[list[Position], Position]] = []
        if row_totals and self.n:
            self.lines += [([(r, j) for j in range(self.n)], (r, self.n)) for r in range(rows)]
        if col_totals and self.m:
            self.lines += [([(i, c) for i in range(self.m)], (self.m, c)) for c in range(cols)]
        self.positions = [(r, c) for r in range(rows) for c in range(cols)]

    def value(self, position: Position) -> int:
        return self.values[position[0]][position[1]]

    def lines_of(self, position: Position) -> list[tuple[list[Position], Position]]:
        return [line for line in self.lines if position in line[0] or position == line[1]]

    def determined(self, hidden: set[Position]) -> list[Position]:
        """Hidden cells whose value the published totals fix: their unit vector is in the row
        space of the equations (each line: its cells minus its total is 0)."""
        unknowns = sorted(hidden)
        if not unknowns or not self.lines:
            return []
        index = {position: k for k, position in enumerate(unknowns)}
        matrix = np.zeros((len(self.lines), len(unknowns)))
        for row, (cells, total) in enumerate(self.lines):
            for position in cells:
                if position in index:
                    matrix[row, index[position]] += 1.0
            if total in index:
                matrix[row, index[total]] -= 1.0
        # Null space from the SVD: a cell is fixed when every solution leaves it unchanged.
        _, singular, vt = np.linalg.svd(matrix)
        rank = int((singular > 1e-9).sum())
        null_space = vt[rank:]
        if null_space.shape[0] == 0:
            return unknowns
        return [p for p in unknowns if np.abs(null_space[:, index[p]]).max() < 1e-9]


def _choose(
    grid: _Grid, line: tuple[list[Position], Position], hidden: set[Position]
) -> Position | None:
    """The cell of `line` to hide next: the smallest non-zero cell, preferring one whose other
    line already hides something; then the total; a zero only when nothing else is left."""
    cells, total = line
    open_cells = [p for p in cells if p not in hidden]

    def helps(position: Position) -> int:
        others = [other for other in grid.lines_of(position) if other != line]
        return 0 if any(p in hidden for o in others for p in [*o[0], o[1]]) else 1

    nonzero = [p for p in open_cells if grid.value(p) > 0]
    if nonzero:
        return min(nonzero, key=lambda p: (grid.value(p), helps(p), p))
    if total not in hidden:
        return total
    return min(open_cells, key=lambda p: (helps(p), p)) if open_cells else None


def _close_lines(grid: _Grid, hidden: set[Position]) -> None:
    """Step 2: until no line has exactly one hidden cell."""
    changed = True
    while changed:
        changed = False
        for line in grid.lines:
            members = [*line[0], line[1]]
            if sum(1 for p in members if p in hidden) == 1:
                choice = _choose(grid, line, hidden)
                if choice is not None:
                    hidden.add(choice)
                    changed = True


def suppress(
    table: Sequence[Sequence[int]], *, row_totals: bool = True, col_totals: bool = True
) -> Suppressed:
    """Disclosure control for a table of counts (rows of equal length, none negative).

    `row_totals`: each row's total is published (as a last column); `col_totals`: each
    column's total is published (as a last row); both: the grand total too. Returns the cells
    with `.value`, `.hidden` and `.text`. See the module docstring for the method and for how
    to publish hidden cells."""
    grid = _Grid(table, row_totals, col_totals)
    hidden = {p for p in grid.positions if is_small(grid.value(p))}
    primary = set(hidden)
    _close_lines(grid, hidden)
    while fixed := grid.determined(hidden):
        before = len(hidden)
        for position in fixed:
            for line in grid.lines_of(position):
                choice = _choose(grid, line, hidden)
                if choice is not None:
                    hidden.add(choice)
                    break
        if len(hidden) == before:  # nothing left to hide in those lines: hide the rest
            hidden |= {p for p in grid.positions if grid.value(p) > 0}
            if len(hidden) == before:
                break
        _close_lines(grid, hidden)

    def cell(position: Position) -> Cell:
        if position not in hidden:
            return Cell(grid.value(position))
        return Cell(grid.value(position), True, PRIMARY if position in primary else SECONDARY)

    m, n = grid.m, grid.n
    return Suppressed(
        body=tuple(tuple(cell((i, j)) for j in range(n)) for i in range(m)),
        row_totals=tuple(cell((i, n)) for i in range(m)) if row_totals else None,
        col_totals=tuple(cell((m, j)) for j in range(n)) if col_totals else None,
        grand_total=cell((m, n)) if row_totals and col_totals else None,
    )


def suppress_series(values: Sequence[int], *, total: bool = True) -> Suppressed:
    """One column of counts (e.g. people by age group) with its total below: the result's
    `body[i][0]` are the counts, `col_totals[0]` the total."""
    return suppress([[v] for v in values], row_totals=False, col_totals=total)
