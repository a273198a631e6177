"""The charter of care's rule: support offers are on record when a street contact offered
support in the 90 days up to the enforcement date and the support plan has an open or done
action recorded by then. What is missing is named in plain English."""

from datetime import date, timedelta

from waypost.cases.charter import (
    MISSING_OFFER,
    MISSING_PLAN,
    OfferOnRecord,
    PlanActionOnRecord,
    charter_for,
    check_charter,
)
from waypost.cases.models import PlanStatus
from waypost.cases.tests.test_enforcement_helpers import offer_support, on_list, plan_action
from waypost.testing.people import make_person

ON = date(2026, 6, 30)


def _offer(days_before: int, *codes: str) -> OfferOnRecord:
    return OfferOnRecord(ON - timedelta(days=days_before), codes or ("accommodation",))


def _action(status: str = PlanStatus.OPEN, days_before: int = 1) -> PlanActionOnRecord:
    return PlanActionOnRecord(status, ON + timedelta(days=10), ON - timedelta(days=days_before))


def test_the_charter_is_met_with_a_recent_offer_and_a_plan_action():
    check = check_charter([_offer(10)], [_action()], on=ON)
    assert check.is_met and check.missing == []


def test_without_an_offer_it_names_the_missing_offer():
    check = check_charter([], [_action()], on=ON)
    assert not check.is_met
    assert check.missing == ["No support offer recorded in the last 90 days"] == [MISSING_OFFER]


def test_without_a_plan_action_it_names_the_missing_plan():
    check = check_charter([_offer(3)], [], on=ON)
    assert check.missing == ["No support plan action"] == [MISSING_PLAN]


def test_with_nothing_on_record_both_are_named():
    assert check_charter([], [], on=ON).missing == [MISSING_OFFER, MISSING_PLAN]


def test_an_offer_older_than_90_days_does_not_count_but_90_days_does():
    assert check_charter([_offer(91)], [_action()], on=ON).missing == [MISSING_OFFER]
    assert check_charter([_offer(90)], [_action()], on=ON).is_met


def test_an_offer_after_the_enforcement_date_does_not_count():
    assert check_charter([_offer(-1)], [_action()], on=ON).missing == [MISSING_OFFER]


def test_a_contact_where_nothing_was_offered_does_not_count():
    nothing = OfferOnRecord(ON - timedelta(days=2), ())
    assert check_charter([nothing], [_action()], on=ON).missing == [MISSING_OFFER]


def test_done_actions_count_and_cancelled_ones_do_not():
    assert check_charter([_offer(1)], [_action(PlanStatus.DONE)], on=ON).is_met
    cancelled = check_charter([_offer(1)], [_action(PlanStatus.CANCELLED)], on=ON)
    assert cancelled.missing == [MISSING_PLAN]


def test_a_plan_action_recorded_after_the_enforcement_date_does_not_count():
    late = check_charter([_offer(1)], [_action(days_before=-2)], on=ON)
    assert late.missing == [MISSING_PLAN]


def test_an_old_plan_action_still_counts():
    assert check_charter([_offer(1)], [_action(days_before=800)], on=ON).is_met


def test_the_snapshot_keeps_codes_and_dates_newest_offer_first():
    check = check_charter(
        [_offer(30, "food"), _offer(2, "accommodation", "health")], [_action()], on=ON
    )
    snapshot = check.snapshot()
    assert snapshot[0] == {
        "source": "street_contact",
        "on": "2026-06-28",
        "offered": ["accommodation", "health"],
    }
    assert snapshot[1]["on"] == "2026-05-31"
    assert snapshot[2] == {
        "source": "plan_action",
        "on": "2026-06-29",
        "status": "open",
        "due_on": "2026-07-10",
    }


def test_charter_for_reads_every_agencys_contacts_and_actions(world):
    person = make_person(world.council)
    on_list(person, world.outreach)
    assert charter_for(person).missing == [MISSING_OFFER, MISSING_PLAN]
    offer_support(person, world.outreach, days_ago=95)
    plan_action(person, world.hospital, status=PlanStatus.CANCELLED)
    assert charter_for(person).missing == [MISSING_OFFER, MISSING_PLAN]
    offer_support(person, world.outreach, days_ago=20, notes="Private words about them")
    plan_action(person, world.hospital)
    check = charter_for(person)
    assert check.is_met
    # Only codes and dates are kept: not the worker's notes.
    assert "Private" not in str(check.snapshot())


def test_charter_for_judges_on_the_date_given(world):
    person = make_person(world.council)
    offer_support(person, world.outreach, days_ago=100)
    plan_action(person, world.council, days_ago=200)
    from django.utils import timezone

    assert not charter_for(person).is_met
    assert charter_for(person, on=timezone.localdate() - timedelta(days=20)).is_met
