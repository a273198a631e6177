"""The referrals analysis's figures (P1.4), worked out against hand-made referrals and duties
with the answers known in advance: sources, reasons, working days to first contact, how duties
ended, and the share with accommodation secured against the target. Duplicates and other
partnerships' referrals never count."""

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from waypost.referrals.analysis import (
    Period,
    SuccessShare,
    analyse,
    bucket_label,
    buckets_for,
    default_period,
    median,
)
from waypost.referrals.models import (
    ClosureReason,
    Duty,
    DutyTarget,
    Referral,
    ReferralStatus,
)
from waypost.referrals.tests.referral_helpers import make_test_referral

LONDON = ZoneInfo("Europe/London")
FIRST_QUARTER = Period(date(2026, 1, 1), date(2026, 3, 31))


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=LONDON)  # type: ignore[misc]


def referral_at(
    world: Any,
    by: Any,
    name: str,
    received_at: datetime,
    *,
    partnership: Any = None,
    contacted_at: datetime | None = None,
    duties: tuple[tuple[str, str | None], ...] = (),
    **fields: Any,
) -> Referral:
    """A referral received at `received_at`, first contacted at `contacted_at`, with duties
    as (kind, outcome) pairs: an outcome of None is a duty still open."""
    referral = make_test_referral(
        by=by,
        agency=world.hospital,
        partnership=partnership or world.coventry,
        given_name=name,
        **fields,
    )
    Referral.objects.filter(pk=referral.pk).update(
        received_at=received_at, first_contact_at=contacted_at
    )
    started = received_at.date()
    for kind, outcome in duties:
        Duty.objects.create(
            referral=referral,
            kind=kind,
            started_on=started,
            ends_on=Duty.end_date_for(started),
            ended_on=None if outcome is None else started,
            outcome=outcome or "",
        )
    referral.refresh_from_db()
    return referral


def first_quarter_referrals(world: Any, by: Any) -> None:
    """Coventry's first quarter of 2026: six referrals that count, one duplicate that does
    not, two just outside the dates and one to Birmingham."""
    # Contacted the same day (0 working days); prevention ended with a home for 6 months.
    referral_at(world, by, "Ann", at(2026, 1, 5, 10), contacted_at=at(2026, 1, 5, 15),
                duties=(("prevention", "secured_6_months"),))  # fmt: skip
    # Friday → Monday (1 working day); prevention ended, relief ended with 12 months.
    referral_at(world, by, "Bea", at(2026, 1, 9, 16), contacted_at=at(2026, 1, 12, 9),
                reason="end_private_tenancy",
                duties=(("prevention", "became_homeless"),
                        ("relief", "secured_12_months")))  # fmt: skip
    # Wednesday → next Wednesday (5 working days); no contact, so not a success.
    referral_at(world, by, "Cal", at(2026, 1, 14, 11), contacted_at=at(2026, 1, 21, 11),
                body_type="probation", reason="leaving_institution",
                duties=(("prevention", "no_contact"),))  # fmt: skip
    # 7 working days; the relief duty is still open, so left out of the success share.
    referral_at(world, by, "Dee", at(2026, 2, 3, 9), contacted_at=at(2026, 2, 12, 9),
                body_type="charity",
                duties=(("prevention", "days_elapsed"), ("relief", None)))  # fmt: skip
    # Not contacted, no duty yet.
    referral_at(world, by, "Eve", at(2026, 3, 10, 9), body_type="gp", reason="domestic_abuse")
    # 23:30 on the last day, British Summer Time (22:30 UTC): inside the period.
    referral_at(world, by, "Fay", at(2026, 3, 31, 23, 30), body_type="police", reason="other")

    # Closed as a duplicate: never counted, even with a contact and a home secured.
    duplicate = referral_at(world, by, "Gus", at(2026, 3, 20, 9), contacted_at=at(2026, 3, 20, 10),
                            duties=(("prevention", "secured_12_months"),))  # fmt: skip
    Referral.objects.filter(pk=duplicate.pk).update(
        status=ReferralStatus.CLOSED, closure_reason=ClosureReason.DUPLICATE
    )
    # Outside the dates, by half an hour each side.
    referral_at(world, by, "Hal", at(2025, 12, 31, 23, 30), duties=(("prevention", "no_contact"),))
    referral_at(world, by, "Ivy", at(2026, 4, 1, 0, 30), duties=(("prevention", "no_contact"),))
    # Another partnership's.
    referral_at(world, by, "Jo", at(2026, 2, 2, 9), partnership=world.birmingham,
                contacted_at=at(2026, 2, 2, 10), duties=(("prevention", "withdrew"),))  # fmt: skip


@pytest.fixture
def first_quarter(world, referrer_user):
    first_quarter_referrals(world, referrer_user)
    return analyse(world.coventry, FIRST_QUARTER)


def test_it_counts_referrals_by_source_body_in_two_groups(first_quarter):
    sources = first_quarter.sources
    assert first_quarter.total == 6
    assert [(r.key, r.count) for r in sources.statutory] == [
        ("hospital_inpatient", 2),
        ("probation", 1),
    ]
    assert [(r.key, r.count) for r in sources.voluntary] == [
        ("gp", 1),
        ("police", 1),
        ("charity", 1),
    ]
    assert sources.statutory_total.count == 3
    assert sources.voluntary_total.count == 3
    assert sources.statutory[0].percent == pytest.approx(100 * 2 / 6)


def test_it_counts_referrals_by_reason(first_quarter):
    assert [(r.key, r.count) for r in first_quarter.reasons] == [
        ("family_friends", 2),  # then the rest in H-CLIC's order
        ("end_private_tenancy", 1),
        ("domestic_abuse", 1),
        ("leaving_institution", 1),
        ("other", 1),
    ]


def test_time_to_first_contact_is_in_working_days(first_quarter):
    contact = first_quarter.first_contact
    assert contact.contacted == 4  # 0, 1, 5 and 7 working days
    assert contact.not_contacted == 2
    assert contact.median_working_days == 3.0
    assert contact.within == {1: 2, 5: 3}
    assert contact.percent_within(1) == 50.0
    assert contact.percent_within(5) == 75.0


def test_a_bank_holiday_is_not_a_working_day(world, referrer_user):
    # Received on Thursday 2 April 2026; Good Friday and Easter Monday follow.
    referral_at(world, referrer_user, "Kit", at(2026, 4, 2, 14), contacted_at=at(2026, 4, 7, 9))
    contact = analyse(world.coventry, Period(date(2026, 4, 1), date(2026, 4, 30))).first_contact
    assert contact.median_working_days == 1.0
    assert contact.within == {1: 1, 5: 1}


def test_ended_duties_are_counted_by_kind_and_outcome(first_quarter):
    table = {row.outcome: row.by_kind for row in first_quarter.outcomes}
    assert table == {
        "secured_6_months": {"prevention": 1, "relief": 0},
        "secured_12_months": {"prevention": 0, "relief": 1},
        "became_homeless": {"prevention": 1, "relief": 0},
        "days_elapsed": {"prevention": 1, "relief": 0},
        "no_contact": {"prevention": 1, "relief": 0},
    }
    assert sum(row.total for row in first_quarter.outcomes) == 5


def test_success_counts_referrals_whose_duties_have_all_ended(first_quarter):
    by_month = [(s.label, s.successful, s.ended) for s in first_quarter.success_by_period]
    # Ann and Bea had homes secured, Cal did not; Dee's relief duty is still open.
    assert by_month == [("Jan 2026", 2, 3), ("Feb 2026", 0, 0), ("Mar 2026", 0, 0)]
    whole = first_quarter.success
    assert (whole.successful, whole.ended) == (2, 3)
    assert whole.percent == pytest.approx(66.666, abs=0.01)
    assert whole.is_below_target is True
    assert first_quarter.success_by_period[1].is_below_target is None


def test_the_target_is_the_plans_98_percent_until_the_partnership_sets_one(world):
    analysis = analyse(world.coventry, FIRST_QUARTER)
    assert (analysis.target, analysis.is_target_set) == (98, False)
    DutyTarget.objects.create(partnership=world.coventry, percent=60)
    analysis = analyse(world.coventry, FIRST_QUARTER)
    assert (analysis.target, analysis.is_target_set) == (60, True)
    assert analyse(world.birmingham, FIRST_QUARTER).target == 98


def test_a_set_target_decides_whether_the_share_is_below_it(world, referrer_user):
    first_quarter_referrals(world, referrer_user)
    DutyTarget.objects.create(partnership=world.coventry, percent=60)
    success = analyse(world.coventry, FIRST_QUARTER).success
    assert success.target == 60
    assert success.is_below_target is False  # 66.7% against 60%


def test_the_target_is_compared_exactly_not_after_rounding():
    def share(successful: int, ended: int) -> SuccessShare:
        return SuccessShare("", date(2026, 1, 1), date(2026, 1, 31), successful, ended, 98)

    assert share(49, 50).is_below_target is False  # exactly 98%
    assert share(40, 41).is_below_target is True  # 97.56%: would round to 98%


def test_no_referrals_give_empty_figures(world):
    analysis = analyse(world.coventry, FIRST_QUARTER)
    assert analysis.total == 0
    assert analysis.first_contact.median_working_days is None
    assert analysis.success.percent is None
    assert analysis.outcomes == []


def test_a_long_period_is_shown_by_quarter_and_a_short_one_by_month():
    year = Period(date(2025, 12, 1), date(2026, 11, 30))
    assert [bucket_label(*b) for b in buckets_for(year)] == [
        "Dec 2025",
        "Jan to Mar 2026",
        "Apr to Jun 2026",
        "Jul to Sep 2026",
        "Oct to Nov 2026",
    ]
    odd = Period(date(2026, 1, 15), date(2027, 1, 14))
    labels = [bucket_label(*b) for b in buckets_for(odd)]
    assert labels[0] == "15 Jan to 31 Mar 2026"
    assert labels[-1] == "1 to 14 Jan 2027"
    six_months = Period(date(2026, 1, 1), date(2026, 6, 30))
    assert len(buckets_for(six_months)) == 6
    assert not Period(date(2026, 1, 1), date(2026, 7, 1)).by_month


def test_quarters_add_up_the_months_in_them(world, referrer_user):
    first_quarter_referrals(world, referrer_user)
    analysis = analyse(world.coventry, Period(date(2025, 12, 1), date(2026, 11, 30)))
    assert [(s.label, s.successful, s.ended) for s in analysis.success_by_period][:2] == [
        ("Dec 2025", 0, 1),  # Hal: no contact
        ("Jan to Mar 2026", 2, 3),
    ]


def test_the_default_period_is_the_last_12_whole_months():
    assert default_period(date(2026, 11, 24)) == Period(date(2025, 11, 1), date(2026, 10, 31))
    assert default_period(date(2026, 1, 1)) == Period(date(2025, 1, 1), date(2025, 12, 31))


def test_the_median_of_counted_values():
    assert median([]) is None
    assert median([(3, 1)]) == 3.0
    assert median([(0, 1), (2, 1)]) == 1.0
    assert median([(1, 3), (10, 1)]) == 1.0
    assert median([(5, 2), (1, 2)]) == 3.0
