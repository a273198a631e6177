"""The agenda builds itself: for a partner tasking meeting, exactly the people whose tier calls
for it, the people new to the by-name list since the last meeting and everyone with overdue
actions; never restricted, merged, closed or other partnerships' people; and a rebuild keeps
what the coordinator removed and added."""

from datetime import timedelta

import pytest
from django.utils import timezone

from waypost.cases import meeting_actions
from waypost.cases.models import (
    AgendaItem,
    MeetingKind,
    MeetingSeries,
    MeetingStatus,
    PlanStatus,
    Tier,
)
from waypost.cases.tests.meeting_helpers import make_action, make_meeting, on_list
from waypost.outreach.models import ListStatus
from waypost.testing.people import make_person


@pytest.fixture
def tasking(world):
    """A weekly partner tasking series: last week's meeting held, this week's planned."""
    series = MeetingSeries.objects.create(
        partnership=world.coventry,
        kind=MeetingKind.PARTNER_TASKING,
        name="Thursday partner tasking",
        weekdays=[3],
        starts_at=timezone.localtime().time(),
    )
    last = make_meeting(world.coventry, series=series, days_from_now=-7, status=MeetingStatus.HELD)
    meeting = make_meeting(world.coventry, series=series, days_from_now=1)
    return last, meeting


def _person(world, name, agency=None):
    return make_person(agency or world.council, given_name=name, family_name="Fixture")


@pytest.fixture
def people(world, tasking):
    """Everyone the rules must pick or leave out, by what they test."""
    p = {}
    # Picked.
    p["tier_two"] = _person(world, "TierTwo")
    on_list(p["tier_two"], tier=Tier.TWO, days_ago=90)
    p["tier_two_at_risk"] = _person(world, "AtRisk")
    on_list(p["tier_two_at_risk"], tier=Tier.TWO, status=ListStatus.AT_RISK, days_ago=60)
    p["tier_two_in_hospital"] = _person(world, "InHospital")
    on_list(p["tier_two_in_hospital"], tier=Tier.TWO, status=ListStatus.HOSPITAL, days_ago=60)
    p["new_tier_three"] = _person(world, "NewThree")
    on_list(p["new_tier_three"], tier=Tier.THREE, days_ago=2)
    p["new_no_tier"] = _person(world, "NewNoTier")
    on_list(p["new_no_tier"], tier=None, days_ago=1)
    p["overdue_only"] = _person(world, "OverdueOnly")
    make_action(p["overdue_only"], world.outreach, days_overdue=3)
    p["tier_two_overdue"] = _person(world, "TierTwoOverdue")
    on_list(p["tier_two_overdue"], tier=Tier.TWO, days_ago=40)
    make_action(p["tier_two_overdue"], world.council, days_overdue=1)
    p["added"] = _person(world, "AddedByHand")  # qualifies for nothing
    # Left out.
    p["tier_one"] = _person(world, "TierOne")
    on_list(p["tier_one"], tier=Tier.ONE, days_ago=90)
    p["old_tier_three"] = _person(world, "OldThree")
    on_list(p["old_tier_three"], tier=Tier.THREE, days_ago=30)
    p["restricted"] = _person(world, "Restricted")
    on_list(p["restricted"], tier=Tier.TWO, days_ago=30)
    make_action(p["restricted"], world.council, days_overdue=5)
    p["restricted"].restricted_at = timezone.now()
    p["restricted"].save()
    p["merged"] = _person(world, "Merged")
    on_list(p["merged"], tier=Tier.TWO, days_ago=30)
    p["merged"].merged_into = p["tier_two"]
    p["merged"].save()
    for status in (ListStatus.HOUSED, ListStatus.LEFT_AREA, ListStatus.DECEASED):
        p[status] = _person(world, f"Closed{status}")
        on_list(p[status], tier=Tier.TWO, status=status, days_ago=1)
    p["not_yet_due"] = _person(world, "DueToday")
    make_action(p["not_yet_due"], world.council, due_on=timezone.localdate())
    p["done_late"] = _person(world, "DoneLate")
    make_action(p["done_late"], world.council, days_overdue=9, status=PlanStatus.DONE)
    p["birmingham"] = _person(world, "Brummie", agency=world.brum_council)
    on_list(p["birmingham"], tier=Tier.TWO, days_ago=1)
    make_action(p["birmingham"], world.brum_council, days_overdue=2)
    p["removed"] = _person(world, "RemovedByHand")
    on_list(p["removed"], tier=Tier.TWO, days_ago=50)
    return p


def _agenda(meeting):
    items = AgendaItem.objects.filter(meeting=meeting).select_related("person")
    return {
        i.person.given_name: (tuple(i.reasons), i.removed_at is not None)
        for i in items.order_by("position")
    }


def test_the_partner_tasking_agenda_holds_exactly_the_expected_people(
    world, tasking, people, coordinator_user
):
    _, meeting = tasking
    meeting_actions.rebuild_agenda(meeting, by=coordinator_user)
    removed = AgendaItem.objects.get(meeting=meeting, person=people["removed"])
    meeting_actions.remove_from_agenda(removed, reason="Discussed at the MAC", by=coordinator_user)
    meeting_actions.add_to_agenda(meeting, people["added"], by=coordinator_user)

    # Built again, as the daily task does before the meeting: the coordinator's choices stay.
    meeting_actions.rebuild_agenda(meeting, by=None)

    assert _agenda(meeting) == {
        "TierTwo": (("tier",), False),
        "AtRisk": (("tier",), False),
        "InHospital": (("tier",), False),
        "NewThree": (("new",), False),
        "NewNoTier": (("new",), False),
        "OverdueOnly": (("overdue",), False),
        "TierTwoOverdue": (("tier", "overdue"), False),
        "AddedByHand": (("added",), False),
        "RemovedByHand": (("tier",), True),
    }
    removed.refresh_from_db()
    assert removed.removed_reason == "Discussed at the MAC"


def test_the_rebuild_keeps_places_and_puts_newcomers_at_the_end(
    world, tasking, people, coordinator_user
):
    _, meeting = tasking
    items = meeting_actions.rebuild_agenda(meeting, by=coordinator_user)
    last = items[-1]
    meeting_actions.move_agenda_item(last, up=True, by=coordinator_user)
    before = list(
        AgendaItem.objects.filter(meeting=meeting).order_by("position").values_list("person_id")
    )
    newcomer = _person(world, "Newcomer")
    on_list(newcomer, tier=Tier.TWO, days_ago=0)

    meeting_actions.rebuild_agenda(meeting, by=coordinator_user)

    after = list(
        AgendaItem.objects.filter(meeting=meeting).order_by("position").values_list("person_id")
    )
    assert after[:-1] == before
    assert after[-1] == (newcomer.pk,)
    assert list(
        AgendaItem.objects.filter(meeting=meeting)
        .order_by("position")
        .values_list("position", flat=True)
    ) == list(range(len(after)))


def test_someone_who_no_longer_qualifies_leaves_unless_the_coordinator_added_them(
    world, tasking, people, coordinator_user
):
    _, meeting = tasking
    meeting_actions.rebuild_agenda(meeting, by=coordinator_user)
    meeting_actions.add_to_agenda(meeting, people["tier_two"], by=coordinator_user)
    people["tier_two"].by_name_entry.tier = Tier.ONE
    people["tier_two"].by_name_entry.save()
    people["tier_two_at_risk"].by_name_entry.tier = Tier.ONE
    people["tier_two_at_risk"].by_name_entry.save()

    meeting_actions.rebuild_agenda(meeting, by=coordinator_user)

    agenda = _agenda(meeting)
    assert "AtRisk" not in agenda
    assert agenda["TierTwo"] == (("added",), False)


def test_someone_restricted_after_the_agenda_was_built_drops_off(
    world, tasking, people, coordinator_user
):
    _, meeting = tasking
    meeting_actions.rebuild_agenda(meeting, by=coordinator_user)
    people["tier_two"].restricted_at = timezone.now()
    people["tier_two"].save()
    meeting_actions.rebuild_agenda(meeting, by=coordinator_user)
    assert "TierTwo" not in _agenda(meeting)


def test_new_counts_from_the_last_meeting_held_not_a_later_cancelled_one(world, tasking):
    last, meeting = tasking
    series = meeting.series
    make_meeting(world.coventry, series=series, days_from_now=-3, status=MeetingStatus.CANCELLED)
    between = _person(world, "AddedAfterLastHeld")
    on_list(between, tier=Tier.THREE, days_ago=5)  # after the held meeting 7 days ago
    before = _person(world, "AddedBeforeLastHeld")
    on_list(before, tier=Tier.THREE, days_ago=9)

    meeting_actions.rebuild_agenda(meeting, by=None)

    agenda = _agenda(meeting)
    assert agenda["AddedAfterLastHeld"] == (("new",), False)
    assert "AddedBeforeLastHeld" not in agenda


def test_without_a_held_meeting_new_counts_from_the_last_planned_one(world):
    series = MeetingSeries.objects.create(
        partnership=world.coventry,
        kind=MeetingKind.DAILY_TASKING,
        name="Daily tasking",
        weekdays=[1, 2, 3, 4],
        starts_at=timezone.localtime().time(),
    )
    make_meeting(world.coventry, kind=MeetingKind.DAILY_TASKING, series=series, days_from_now=-1)
    meeting = make_meeting(world.coventry, kind=MeetingKind.DAILY_TASKING, series=series)
    fresh = _person(world, "Fresh")
    on_list(fresh, tier=Tier.ONE, at=timezone.now() - timedelta(hours=2))
    stale = _person(world, "Stale")
    on_list(stale, tier=Tier.ONE, days_ago=2)

    meeting_actions.rebuild_agenda(meeting, by=None)

    assert _agenda(meeting) == {"Fresh": (("new",), False)}


def test_a_held_meeting_agenda_cannot_be_rebuilt(world, tasking):
    last, _ = tasking
    with pytest.raises(Exception, match="held or cancelled"):
        meeting_actions.rebuild_agenda(last, by=None)
