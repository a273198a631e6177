"""Disclosure control (issue 8, point 4): no published count from 1 to 4, and no hidden cell
can be worked out from what is published, by linear algebra or by an attacker's linear
programme with non-negative counts."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from waypost.lib.suppression import (
    HIDDEN_TEXT,
    PRIMARY,
    SECONDARY,
    Suppressed,
    suppress,
    suppress_series,
)


def grid_of(result: Suppressed) -> list[list]:
    """The published table as a grid of cells, totals as the last column and row."""
    rows = [list(row) for row in result.body]
    if result.row_totals is not None:
        for row, total in zip(rows, result.row_totals, strict=True):
            row.append(total)
    if result.col_totals is not None:
        last = list(result.col_totals)
        if result.grand_total is not None:
            last.append(result.grand_total)
        rows.append(last)
    return rows


def attacker_system(result: Suppressed, row_totals: bool, col_totals: bool):
    """What an attacker knows: each published total as an equation in the hidden cells.
    Returns (matrix, right-hand side, hidden positions, grid)."""
    grid = grid_of(result)
    m, n = len(result.body), len(result.body[0])
    lines = []
    if row_totals:
        lines += [([(r, j) for j in range(n)], (r, n)) for r in range(len(grid))]
    if col_totals:
        lines += [([(i, c) for i in range(m)], (m, c)) for c in range(len(grid[0]))]
    hidden = [(r, c) for r, row in enumerate(grid) for c, cell in enumerate(row) if cell.hidden]
    index = {p: k for k, p in enumerate(hidden)}
    matrix = np.zeros((len(lines), len(hidden)))
    rhs = np.zeros(len(lines))
    for k, (cells, total) in enumerate(lines):
        for sign, positions in ((1.0, cells), (-1.0, [total])):
            for r, c in positions:
                if (r, c) in index:
                    matrix[k, index[(r, c)]] += sign
                else:
                    rhs[k] -= sign * grid[r][c].value
    return matrix, rhs, hidden, grid


def assert_protected(table, row_totals=True, col_totals=True) -> Suppressed:
    result = suppress(table, row_totals=row_totals, col_totals=col_totals)
    matrix, rhs, hidden, grid = attacker_system(result, row_totals, col_totals)
    # Values are never changed; totals add up.
    for i, row in enumerate(table):
        assert [cell.value for cell in result.body[i]] == list(row)
    for row in grid:
        for cell in row:
            # No published cell from 1 to 4.
            assert cell.hidden or cell.value == 0 or cell.value >= 5, cell
            assert cell.text == (HIDDEN_TEXT if cell.hidden else f"{cell.value:,}")
            if cell.hidden:
                assert cell.reason == (PRIMARY if 0 < cell.value < 5 else SECONDARY)
    if not hidden or not len(matrix):
        return result
    truth = np.array([grid[r][c].value for r, c in hidden], dtype=float)
    assert np.allclose(matrix @ truth, rhs)  # the attacker's system is the right one
    rank = np.linalg.matrix_rank(matrix)
    for k, position in enumerate(hidden):
        unit = np.zeros(len(hidden))
        unit[k] = 1.0
        # Determined exactly when its unit vector is in the row space of the equations.
        assert np.linalg.matrix_rank(np.vstack([matrix, unit])) > rank, (position, table)
        if grid[position[0]][position[1]].reason != PRIMARY:
            continue
        bounds = [(0, None)] * len(hidden)
        low = linprog(unit, A_eq=matrix, b_eq=rhs, bounds=bounds, method="highs")
        high = linprog(-unit, A_eq=matrix, b_eq=rhs, bounds=bounds, method="highs")
        assert low.status == 0
        smallest = low.fun
        largest = None if high.status == 3 else -high.fun  # 3: unbounded above
        assert largest is None or largest - smallest > 0.5, (position, table, smallest, largest)
    return result


def test_a_small_cell_in_a_row_of_zeros_hides_the_total():
    # 3 and zeros: hiding a zero would hide nothing, so the row's total goes.
    result = assert_protected([[3, 0, 0], [10, 12, 8]])
    assert result.body[0][0].hidden and result.row_totals[0].hidden
    assert not any(cell.hidden for cell in result.body[0][1:])


def test_a_two_by_two_table_of_small_counts_shows_only_zeros_or_nothing_small():
    result = assert_protected([[1, 2], [3, 4]])
    assert all(cell.hidden for row in result.body for cell in row)
    # The grand total (10) may be shown: it cannot be split back into its parts.
    assert result.grand_total.value == 10


def test_one_small_cell_in_a_big_table_costs_three_more():
    result = assert_protected([[20, 30, 40], [25, 2, 35], [50, 60, 70]])
    hidden = {(i, j) for i, row in enumerate(result.body) for j, c in enumerate(row) if c.hidden}
    assert (1, 1) in hidden
    assert len(hidden) == 4  # the smallest block that protects it
    assert {(1, 0), (0, 1), (0, 0)} <= hidden  # 25, 30 and 20: the smallest in each line
    assert not result.grand_total.hidden


def test_cells_are_never_recoverable_from_two_blocks_joined_by_one_cell():
    # Two 2x2 blocks of small counts plus one small cell joining them: the iterative rule alone
    # would leave the joining cell worked out by differences.
    table = [
        [2, 3, 9, 9, 9],
        [4, 1, 2, 9, 9],
        [9, 9, 3, 4, 9],
        [9, 9, 1, 2, 9],
    ]
    assert_protected(table)


def test_a_single_column_with_its_total():
    result = suppress_series([12, 3, 40])
    assert result.body[1][0].hidden
    assert result.body[0][0].hidden  # 12: the smallest other
    assert not result.col_totals[0].hidden and result.col_totals[0].value == 55
    assert_protected([[12], [3], [40]], row_totals=False)


def test_a_single_row_with_its_total():
    result = assert_protected([[6, 4, 0, 9]], col_totals=False)
    assert [c.hidden for c in result.body[0]] == [True, True, False, False]


def test_a_small_total_is_hidden_as_well():
    result = assert_protected([[2, 0], [0, 0]])
    assert result.grand_total.hidden and result.row_totals[0].hidden


def test_without_totals_only_small_counts_are_hidden():
    result = assert_protected([[2, 9], [0, 7]], row_totals=False, col_totals=False)
    assert [[c.hidden for c in row] for row in result.body] == [[True, False], [False, False]]


def test_a_table_with_nothing_small_is_published_whole():
    result = assert_protected([[5, 6], [0, 70]])
    assert not result.is_suppressed


def test_rows_must_be_the_same_length_and_counts_not_negative():
    with pytest.raises(ValueError):
        suppress([[1, 2], [3]])
    with pytest.raises(ValueError):
        suppress([[-1]])


counts = st.one_of(st.just(0), st.integers(1, 4), st.integers(5, 60))


@st.composite
def tables(draw):
    rows = draw(st.integers(1, 6))
    cols = draw(st.integers(1, 6))
    small_rows = draw(st.booleans())  # sometimes rows of nothing but small counts and zeros
    cell = st.one_of(st.just(0), st.integers(1, 4)) if small_rows else counts
    return [[draw(cell) for _ in range(cols)] for _ in range(rows)]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(), st.booleans(), st.booleans())
def test_no_published_cell_is_small_and_no_hidden_cell_can_be_recovered(
    table, row_totals, col_totals
):
    assert_protected(table, row_totals, col_totals)
