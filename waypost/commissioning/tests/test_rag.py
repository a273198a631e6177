"""RAG status is decided in one place: green meets the target (equal counts), amber misses it
by no more than the tolerance, red misses by more, grey has no figure; both directions, at the
boundaries. And financial quarters start in April."""

from datetime import date
from decimal import Decimal

import pytest

from waypost.commissioning.rag import Rag, kpi_value, rag_status
from waypost.lib.quarters import Quarter, quarters_between

D = Decimal


@pytest.mark.parametrize(
    ("value", "target", "higher", "tolerance", "expected"),
    [
        # Higher is better, target 50, amber within 10% (45 to just under 50)
        (D("50"), D("50"), True, D("10"), Rag.GREEN),
        (D("51"), D("50"), True, D("10"), Rag.GREEN),
        (D("49.9"), D("50"), True, D("10"), Rag.AMBER),
        (D("45"), D("50"), True, D("10"), Rag.AMBER),
        (D("44.9"), D("50"), True, D("10"), Rag.RED),
        (D("0"), D("50"), True, D("10"), Rag.RED),
        # Lower is better, target 3 evictions, amber up to 3.3
        (D("3"), D("3"), False, D("10"), Rag.GREEN),
        (D("0"), D("3"), False, D("10"), Rag.GREEN),
        (D("3.3"), D("3"), False, D("10"), Rag.AMBER),
        (D("3.4"), D("3"), False, D("10"), Rag.RED),
        (D("4"), D("3"), False, D("10"), Rag.RED),
        # No tolerance: anything short of the target is red
        (D("79.9"), D("80"), True, D("0"), Rag.RED),
        (D("80"), D("80"), True, D("0"), Rag.GREEN),
        # Wide tolerance
        (D("60"), D("80"), True, D("25"), Rag.AMBER),
        (D("59.9"), D("80"), True, D("25"), Rag.RED),
        # No figure
        (None, D("50"), True, D("10"), Rag.GREY),
        (None, D("3"), False, D("10"), Rag.GREY),
    ],
)
def test_rag_status_at_the_boundaries(value, target, higher, tolerance, expected):
    assert (
        rag_status(value, target, higher_is_better=higher, tolerance_percent=tolerance) == expected
    )


@pytest.mark.parametrize(
    ("count", "out_of", "is_percent", "expected"),
    [
        (12, None, False, D("12")),
        (None, None, False, None),
        (2, 3, True, D("66.7")),
        (1, 8, True, D("12.5")),
        (0, 5, True, D("0.0")),
        (0, 0, True, None),  # nothing to divide by: no figure, not 0%
        (3, None, True, None),
    ],
)
def test_a_kpis_value_is_the_count_or_the_share(count, out_of, is_percent, expected):
    assert kpi_value(count, out_of, is_percent=is_percent) == expected


@pytest.mark.parametrize(
    ("day", "quarter", "starts", "ends"),
    [
        (date(2025, 4, 1), Quarter(2025, 1), date(2025, 4, 1), date(2025, 6, 30)),
        (date(2025, 9, 30), Quarter(2025, 2), date(2025, 7, 1), date(2025, 9, 30)),
        (date(2025, 12, 31), Quarter(2025, 3), date(2025, 10, 1), date(2025, 12, 31)),
        (date(2026, 1, 1), Quarter(2025, 4), date(2026, 1, 1), date(2026, 3, 31)),
        (date(2024, 2, 29), Quarter(2023, 4), date(2024, 1, 1), date(2024, 3, 31)),
    ],
)
def test_financial_quarters_start_in_april(day, quarter, starts, ends):
    assert Quarter.containing(day) == quarter
    assert (quarter.starts_on, quarter.ends_on) == (starts, ends)
    assert Quarter.from_slug(quarter.slug) == quarter


def test_quarters_step_over_the_year_end_and_name_themselves():
    q4 = Quarter(2025, 4)
    assert q4.next() == Quarter(2026, 1) and Quarter(2026, 1).previous() == q4
    assert q4.label == "Q4 2025/26 (January to March 2026)"
    assert Quarter(2025, 1).last(4) == [
        Quarter(2024, 2),
        Quarter(2024, 3),
        Quarter(2024, 4),
        Quarter(2025, 1),
    ]
    assert quarters_between(date(2025, 3, 31), date(2025, 4, 1)) == [
        Quarter(2024, 4),
        Quarter(2025, 1),
    ]
    assert Quarter.from_slug("2025-q5") is None and Quarter.from_slug("x") is None
