"""The countdown reminders: with nowhere confirmed, the lead agency and the referrer are told
7 days and 2 days before someone is due out, once each however often the task runs, by email
too, and never with the person's details. None once somewhere is confirmed or they are out."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone

from waypost.accounts.models import Membership, Role
from waypost.notifications.models import Notification, OutboxMessage
from waypost.referrals.discharge_tasks import (
    remind_discharges,
    reminder_due,
    send_discharge_reminders,
)
from waypost.referrals.models import Discharge, DischargeReminder, Pathway, ReferralStatus
from waypost.referrals.tests.discharge_helpers import (
    client_for,
    make_discharge,
    member,
    prison_agency,
)

LONDON = ZoneInfo("Europe/London")
# The job's time, a month ahead: after the test's staff joined (memberships start now).
START = datetime.combine(date.today() + timedelta(days=30), time(7, 30), tzinfo=LONDON)


def _reminders():
    return Notification.objects.filter(title__startswith="Due out")


def _run_daily(days: int, *, runs_a_day: int = 3) -> dict[int, int]:
    """Run the task `runs_a_day` times a day (07:30 and later) for `days` days from START;
    how many reminders were sent each day."""
    sent = {}
    for day in range(days):
        sent[day] = 0
        for run in range(runs_a_day):
            with time_machine.travel(START + timedelta(days=day, hours=run * 5), tick=False):
                sent[day] += send_discharge_reminders()
    return sent


@pytest.fixture
def due_in_nine(world, referrer_user, caseworker_user, coordinator_user):
    with time_machine.travel(START, tick=False):
        referral = make_discharge(world, referrer_user, days=9)
    Notification.objects.all().delete()
    OutboxMessage.objects.all().delete()
    return referral


def test_countdown_reminders_fire_at_7_and_2_days_once_each(
    due_in_nine, referrer_user, caseworker_user, coordinator_user
):
    sent = _run_daily(12)
    # Day 2: 7 days to go. Day 7: 2 days to go. Nothing on any other day or any second run.
    assert sent == {d: (1 if d in (2, 7) else 0) for d in range(12)}
    assert set(DischargeReminder.objects.values_list("days_before", flat=True)) == {7, 2}
    told = _reminders()
    # The lead agency (no caseworker assigned: the triage team) and the referrer, each time.
    assert sorted(n.user.email for n in told) == sorted(
        [u.email for u in (caseworker_user, coordinator_user, referrer_user)] * 2
    )
    assert {n.title for n in told} == {
        "Due out in 7 days with nowhere confirmed",
        "Due out in 2 days with nowhere confirmed",
    }
    mine = told.filter(user=referrer_user).order_by("created_at").first()
    assert mine.body.startswith("A patient you referred is due to be discharged in 7 days")
    # The referrer is sent to their own view: the triage page is 404 to them.
    assert mine.link == f"/referrals/mine/{due_in_nine.pk}/"
    assert client_for(referrer_user).get(mine.link).status_code == 200
    for n in told:
        for personal in ("Dawn", "Hartley", "University Hospital", "Ward 12", "Sam Okafor"):
            assert personal not in n.title + n.body
    # By email as well, through the outbox.
    assert OutboxMessage.objects.filter(to_address=referrer_user.email).count() == 2


def test_none_when_somewhere_to_go_is_confirmed(due_in_nine):
    Discharge.objects.filter(referral=due_in_nine).update(
        accommodation_confirmed=True, confirmed_accommodation="temporary"
    )
    assert sum(_run_daily(12, runs_a_day=1).values()) == 0
    assert not _reminders().exists()


def test_none_after_discharge(due_in_nine):
    Discharge.objects.filter(referral=due_in_nine).update(
        discharged_on=START.date(), outcome="family_friends"
    )
    assert sum(_run_daily(12, runs_a_day=1).values()) == 0
    assert not _reminders().exists()


def test_none_for_a_closed_referral(due_in_nine):
    due_in_nine.status, due_in_nine.closure_reason = ReferralStatus.CLOSED, "withdrawn"
    due_in_nine.save()
    assert sum(_run_daily(12, runs_a_day=1).values()) == 0


def test_a_missed_day_is_caught_up_and_a_late_referral_gets_only_the_2_day_one(
    world, referrer_user
):
    with time_machine.travel(START, tick=False):
        skipped = make_discharge(world, referrer_user, days=8, name="Skipped")
        late = make_discharge(world, referrer_user, days=2, name="Late")
        # The task did not run on day 1 (7 days to go for "Skipped"): it catches up on day 2.
        assert send_discharge_reminders() == 1  # "Late": 2 days to go
    with time_machine.travel(START + timedelta(days=2), tick=False):
        assert send_discharge_reminders() == 1  # "Skipped": 6 days to go
    sent = DischargeReminder.objects.values_list("discharge__referral", "days_before")
    assert sorted(sent, key=lambda r: r[1]) == [(late.pk, 2), (skipped.pk, 7)]
    note = _reminders().filter(user=referrer_user, title__contains="6 days").get()
    assert "in 6 days" in note.body


def test_it_falls_through_after_the_first_reminder_and_the_second_still_comes(
    due_in_nine, referrer_user
):
    _run_daily(3, runs_a_day=1)  # the 7-day reminder, on day 2
    Discharge.objects.filter(referral=due_in_nine).update(
        accommodation_confirmed=True, confirmed_accommodation="temporary"
    )
    with time_machine.travel(START + timedelta(days=5), tick=False):
        assert send_discharge_reminders() == 0
    Discharge.objects.filter(referral=due_in_nine).update(
        accommodation_confirmed=False, confirmed_accommodation=""
    )
    with time_machine.travel(START + timedelta(days=7), tick=False):
        assert send_discharge_reminders() == 1
    with time_machine.travel(START + timedelta(days=8), tick=False):
        assert send_discharge_reminders() == 0


def test_the_assigned_caseworker_is_told_instead_of_the_whole_team(
    due_in_nine, caseworker_user, coordinator_user, referrer_user
):
    due_in_nine.assigned_to = caseworker_user
    due_in_nine.save()
    with time_machine.travel(START + timedelta(days=2), tick=False):
        send_discharge_reminders()
    assert {n.user for n in _reminders()} == {caseworker_user, referrer_user}


def test_a_referrer_who_has_left_is_not_told(due_in_nine, referrer_user):
    Membership.objects.filter(user=referrer_user).update(ended_at=timezone.now())
    with time_machine.travel(START + timedelta(days=2), tick=False):
        send_discharge_reminders()
    assert _reminders().exists()
    assert not _reminders().filter(user=referrer_user).exists()


def test_a_prison_release_says_released_and_person(world, coordinator_user):
    prison = prison_agency(world)
    officer = member("officer@hmp.test", prison, Role.REFERRER)
    with time_machine.travel(START, tick=False):
        make_discharge(world, officer, days=2, agency=prison, pathway=Pathway.PRISON)
        send_discharge_reminders()
    note = _reminders().get(user=officer)
    assert note.body.startswith("A person you referred is due to be released from prison in 2")


def test_the_database_refuses_a_second_reminder_for_the_same_day(due_in_nine):
    discharge = Discharge.objects.get(referral=due_in_nine)
    DischargeReminder.objects.create(discharge=discharge, days_before=7)
    with pytest.raises(IntegrityError), transaction.atomic():
        DischargeReminder.objects.create(discharge=discharge, days_before=7)


def test_the_reminder_windows():
    assert [reminder_due(d) for d in (9, 8, 7, 6, 3, 2, 1, 0, -1)] == [
        None,
        None,
        7,
        7,
        7,
        2,
        2,
        2,
        None,
    ]


def test_the_task_takes_no_arguments_and_sends_the_reminders(due_in_nine):
    with time_machine.travel(START + timedelta(days=2), tick=False):
        assert remind_discharges.call() == 1
