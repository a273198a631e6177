"""The outcomes table shows a total beside its parts. For commissioners, a hidden count must not
be the total minus the counts shown: secondary suppression hides enough more to stop that."""

from waypost.lib.disclosure import Disclosure
from waypost.referrals.analysis import OutcomeRow
from waypost.referrals.analysis_views import outcome_table


class _Analysis:
    def __init__(self, outcomes):
        self.outcomes = outcomes


def _texts(table):
    return [[cell.text for cell in row] for row in table.rows]


def test_a_small_count_cannot_be_worked_out_from_its_row_total():
    analysis = _Analysis(
        [
            OutcomeRow("secured", "Home secured", {"prevention": 3, "relief": 12}),
            OutcomeRow("contact", "Lost contact", {"prevention": 9, "relief": 20}),
        ]
    )
    rows = _texts(outcome_table(analysis, Disclosure(suppress=True)))
    secured, contact, totals = rows
    assert secured[1] == "Not shown"  # the 3
    # Its row total, or the other cell of its row, is hidden too; likewise its column.
    assert "Not shown" in (secured[2], secured[3])
    assert "Not shown" in (contact[1], totals[1])
    assert not any(text in {"1", "2", "3", "4"} for row in rows for text in row[1:])


def test_coordinators_see_every_count_and_total():
    analysis = _Analysis([OutcomeRow("secured", "Home secured", {"prevention": 3, "relief": 12})])
    rows = _texts(outcome_table(analysis, Disclosure(suppress=False)))
    assert rows == [["Home secured", "3", "12", "15"], ["All outcomes", "3", "12", "15"]]
