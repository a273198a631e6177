"""The pure part of the agenda: merging what the rules found with what the coordinator did, and
the hint when an agenda is bigger or smaller than its meeting is meant for."""

from hypothesis import given
from hypothesis import strategies as st

from waypost.cases.agenda import Candidates, Item, merge_agenda, size_hint
from waypost.cases.models import MeetingKind


def _found(**reasons):
    found = Candidates()
    for person, codes in reasons.items():
        for code in codes:
            found.add(person, code)
    return found


def test_removed_people_stay_removed_and_added_people_stay():
    existing = [
        Item("removed", ("tier",), 0, removed=True),
        Item("added", ("added",), 1),
        Item("gone", ("tier",), 2),
    ]
    merged = merge_agenda(existing, _found(removed=["tier", "overdue"], newcomer=["new"]))
    assert merged == [
        Item("removed", ("tier", "overdue"), 0, removed=True),
        Item("added", ("added",), 1),
        Item("newcomer", ("new",), 2),
    ]


def test_reasons_are_in_a_fixed_order_and_never_repeat():
    found = _found(a=["overdue", "tier", "overdue", "new"])
    assert merge_agenda([Item("a", ("added",), 0)], found) == [
        Item("a", ("tier", "new", "overdue", "added"), 0)
    ]


@given(
    st.lists(st.tuples(st.integers(0, 20), st.booleans(), st.booleans()), unique_by=lambda t: t[0]),
    st.sets(st.integers(0, 30)),
)
def test_a_rebuild_never_reorders_the_people_who_stay(existing, found_ids):
    items = [
        Item(pid, ("added",) if added else ("tier",), position, removed=removed)
        for position, (pid, removed, added) in enumerate(existing)
    ]
    found = Candidates()
    for person_id in sorted(found_ids):
        found.add(person_id, "tier")
    merged = merge_agenda(items, found)
    kept = [i.person_id for i in merged if i.person_id in {e.person_id for e in items}]
    assert kept == [e.person_id for e in items if e.person_id in kept]
    assert [i.position for i in merged] == list(range(len(merged)))
    assert len({i.person_id for i in merged}) == len(merged)
    assert all(
        i.removed for i in merged if i.person_id in {e.person_id for e in items if e.removed}
    )


def test_a_mac_with_more_than_about_three_people_gets_a_hint():
    assert size_hint(MeetingKind.MAC, 3) == ""
    assert "about 3" in size_hint(MeetingKind.MAC, 4)


def test_partner_tasking_outside_10_to_15_gets_a_hint():
    assert size_hint(MeetingKind.PARTNER_TASKING, 10) == ""
    assert size_hint(MeetingKind.PARTNER_TASKING, 15) == ""
    assert "10 to 15" in size_hint(MeetingKind.PARTNER_TASKING, 9)
    assert "10 to 15" in size_hint(MeetingKind.PARTNER_TASKING, 16)
    assert size_hint(MeetingKind.DAILY_TASKING, 40) == ""
