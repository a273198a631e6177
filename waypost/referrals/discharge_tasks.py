"""The discharge countdown reminders (plans P1.2, P1.3): with nowhere confirmed to go, the
lead agency and the referrer are told 7 days and again 2 days before someone is due out of
hospital or prison. Run daily by the worker (the scheduler's `discharge-reminders` job)."""

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.tasks import task
from django.utils import timezone

from waypost.accounts.models import User
from waypost.notifications.actions import notify
from waypost.referrals.discharge_actions import lead_recipients, referrer_recipient
from waypost.referrals.models import (
    REMINDER_DAYS,
    Discharge,
    DischargeReminder,
    Pathway,
    Referral,
    ReferralStatus,
)
from waypost.referrals.referral_actions import referral_link, referrer_link

EARLY, LATE = sorted(REMINDER_DAYS, reverse=True)  # 7 and 2


def reminder_due(days_left: int) -> int | None:
    """Which reminder a discharge `days_left` days away is in the window of. A window, not
    the exact day, so a day the task did not run is caught up the next time it does."""
    if LATE < days_left <= EARLY:
        return EARLY
    if 0 <= days_left <= LATE:
        return LATE
    return None


def send_discharge_reminders(today: date | None = None) -> int:
    """Send each due countdown reminder once, for every discharge not yet recorded, with
    nowhere confirmed, of an open referral, and return how many were sent.

    Each reminder is a `DischargeReminder` row created in the same transaction as its
    notifications, under the row's unique constraint: a second run, or a second worker at
    the same moment, finds it there (or fails to insert it) and sends nothing. The discharge
    is re-read under a lock first, so one confirmed meanwhile is not reminded.
    """
    today = today or timezone.localdate()
    candidates = (
        Discharge.objects.filter(
            discharged_on__isnull=True,
            accommodation_confirmed=False,
            expected_on__gte=today,
            expected_on__lte=today + timedelta(days=EARLY),
        )
        .exclude(referral__status=ReferralStatus.CLOSED)
        .select_related(
            "referral__partnership",
            "referral__assigned_to",
            "referral__referred_by",
        )
        .prefetch_related(
            Prefetch(
                "reminders", queryset=DischargeReminder.objects.only("discharge_id", "days_before")
            )
        )
        .order_by("expected_on", "pk")
    )
    sent = 0
    for discharge in candidates:
        days_left = discharge.days_until(today)
        due = reminder_due(days_left)
        if due is None or any(r.days_before == due for r in discharge.reminders.all()):
            continue
        if _send(discharge, due, days_left):
            sent += 1
    return sent


def _send(discharge: Discharge, due: int, days_left: int) -> bool:
    try:
        with transaction.atomic():
            still_due = (
                Discharge.objects.select_for_update()
                .filter(pk=discharge.pk, discharged_on__isnull=True, accommodation_confirmed=False)
                .exists()
            )
            if not still_due:
                return False
            DischargeReminder.objects.create(discharge=discharge, days_before=due)
            _notify(discharge.referral, days_left)
    except IntegrityError:
        return False  # another run sent it first
    return True


def _when(days_left: int) -> str:
    if days_left == 0:
        return "today"
    if days_left == 1:
        return "tomorrow"
    return f"in {days_left} days"


def _notify(referral: Referral, days_left: int) -> None:
    # No name, date, ward or institution: the title and body go by email.
    who = "person" if referral.pathway == Pathway.PRISON else "patient"
    out = "released from prison" if referral.pathway == Pathway.PRISON else "discharged"
    when = _when(days_left)
    title = f"Due out {when} with nowhere confirmed"
    link = referral_link(referral)
    told: set[object] = set()
    lead: list[User] = lead_recipients(referral)
    for user in lead:
        notify(
            user,
            title=title,
            body=f"A {who} referred to your team is due to be {out} {when} and nowhere to go "
            "is confirmed yet. Confirm somewhere, or change the expected date if it has moved.",
            link=link,
            email=True,
        )
        told.add(user.pk)
    referrer = referrer_recipient(referral)
    if referrer is not None and referrer.pk not in told:
        notify(
            referrer,
            title=title,
            body=f"A {who} you referred is due to be {out} {when} and nowhere to go is "
            "confirmed yet. The housing options team has been told.",
            link=referrer_link(referral),
            email=True,
        )


@task
def remind_discharges() -> int:
    """Countdown reminders for discharges and releases with nowhere confirmed.

    Takes no arguments, so no personal data ever sits in the task queue.
    """
    return send_discharge_reminders()
