"""Small-number suppression on the cohort page's breakdowns: no count from 1 to 4 is shown to
a commissioner, and no hidden count can be worked out from the total and the shown counts,
even knowing that "fewer than 5" means 1 to 4 and "Not shown" means 5 or more."""

from itertools import product

from hypothesis import given, settings
from hypothesis import strategies as st

from waypost.lib.disclosure import FEWER_THAN, NOT_SHOWN, Disclosure
from waypost.reporting.cohort_views import protected


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=9), min_size=2, max_size=5))
def test_no_hidden_count_can_be_worked_out_from_the_total(counts):
    total = sum(counts)
    texts = protected(counts, show=Disclosure(suppress=True), total_is_shown=total >= 5)
    assert not any(text not in (FEWER_THAN, NOT_SHOWN) and 0 < int(text) < 5 for text in texts)
    if total < 5:
        return  # the total itself is hidden, so every count is only known to be 1 to 4
    # Even knowing "fewer than 5" is 1 to 4 and "Not shown" 5 or more, none is pinned down.
    assert all(
        len(values) > 1
        for values, text in zip(possible_values_with_floor(texts, total), texts, strict=True)
        if text in (FEWER_THAN, NOT_SHOWN)
    ), (counts, texts)


def possible_values_with_floor(texts: list[str], total: int) -> list[set[int]]:
    """For each cell, every value it could have given what is shown and the total, knowing
    "fewer than 5" is 1 to 4 and "Not shown" is 5 or more (or anything, when every cell is
    hidden, zeros too)."""
    every_cell_hidden = all(text == NOT_SHOWN for text in texts)
    ranges = []
    for text in texts:
        if text == FEWER_THAN:
            ranges.append(range(1, 5))
        elif text == NOT_SHOWN:
            low = 0 if every_cell_hidden else 5
            ranges.append(range(low, total + 1))
        else:
            ranges.append(range(int(text), int(text) + 1))
    found: list[set[int]] = [set() for _ in texts]
    for values in product(*ranges):
        if sum(values) == total:
            for i, value in enumerate(values):
                found[i].add(value)
    return found


def test_one_small_count_beside_a_total_hides_the_next_smallest_too():
    texts = protected([6, 1, 0], show=Disclosure(suppress=True), total_is_shown=True)
    assert texts == [NOT_SHOWN, FEWER_THAN, "0"]


def test_a_hidden_count_of_one_beside_a_five_hides_a_third():
    # 1 and 5 hidden would be 6 = 1 + 5: knowing 1 to 4 and 5 or more, both pinned down.
    texts = protected([1, 5, 6], show=Disclosure(suppress=True), total_is_shown=True)
    assert texts == [FEWER_THAN, NOT_SHOWN, NOT_SHOWN]


def test_when_every_count_would_still_be_pinned_all_are_hidden():
    # 1 + 5 + 5: with both fives hidden the small count must still be 1.
    texts = protected([1, 5, 5, 0], show=Disclosure(suppress=True), total_is_shown=True)
    assert texts == [NOT_SHOWN] * 4


def test_exact_counts_for_staff_who_may_see_them():
    assert protected([6, 1, 0], show=Disclosure(suppress=False), total_is_shown=True) == [
        "6",
        "1",
        "0",
    ]
