"""The scheduled jobs: what runs when. Each job enqueues a task for the worker; the scheduler
itself does no work, so a slow job never delays the others."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class Job:
    name: str
    task: str  # dotted path of a django-tasks Task taking no arguments
    daily_at: time | None = None  # London time
    every_minutes: int | None = None

    def latest_slot(self, now: datetime) -> datetime:
        """The most recent scheduled time at or before `now` (aware, UTC)."""
        if self.every_minutes:
            epoch = datetime(2000, 1, 1, tzinfo=ZoneInfo("UTC"))
            step = timedelta(minutes=self.every_minutes)
            return epoch + ((now - epoch) // step) * step
        assert self.daily_at is not None
        local = now.astimezone(LONDON)
        slot = datetime.combine(local.date(), self.daily_at, tzinfo=LONDON)
        if slot > local:
            slot = datetime.combine(local.date() - timedelta(days=1), self.daily_at, tzinfo=LONDON)
        return slot.astimezone(ZoneInfo("UTC"))


JOBS: tuple[Job, ...] = (
    # Outbox messages whose retry time has come, and those a dead worker left behind.
    Job("deliver-outbox", "waypost.notifications.tasks.deliver_due_messages", every_minutes=5),
    Job("consent-reviews", "waypost.sharing.tasks.remind_consent_reviews", daily_at=time(7, 0)),
    Job("dedupe", "waypost.people.matching.tasks.dedupe_nightly", daily_at=time(1, 30)),
    Job("retention", "waypost.audit.tasks.apply_retention", daily_at=time(3, 0)),
    Job("overdue-alerts", "waypost.referrals.tasks.remind_overdue_alerts", daily_at=time(8, 0)),
    # Discharges and releases 7 or 2 days away with nowhere confirmed (P1.2, P1.3).
    Job(
        "discharge-reminders",
        "waypost.referrals.discharge_tasks.remind_discharges",
        daily_at=time(7, 30),
    ),
    # Tiers follow street history between assessments (months rough sleeping, returns).
    Job("refresh-tiers", "waypost.cases.tier_tasks.refresh_tiers", daily_at=time(5, 30)),
    # The next four weeks' meetings from their series, and today's and tomorrow's agendas.
    Job("prepare-meetings", "waypost.cases.meeting_tasks.prepare_meetings", daily_at=time(6, 0)),
    # Support plan actions due within 2 days or just overdue (TP1, CP6).
    Job("plan-reminders", "waypost.cases.plan_tasks.remind_plan_actions", daily_at=time(7, 45)),
    # SWEP: read the forecast feeds, and tell coordinators of nights that cross a trigger.
    Job("poll-forecasts", "waypost.swep.tasks.poll_forecasts", every_minutes=60),
    # Directory entries not checked for 6 months, told once per lapse to their agency.
    Job(
        "stale-services",
        "waypost.directory.stale_tasks.flag_stale_services",
        daily_at=time(6, 30),
    ),
    # Forecasts worked out ahead of the day, so nobody waits for the model fits.
    Job("warm-forecasts", "waypost.reporting.forecast_store.warm_forecasts", daily_at=time(4, 30)),
    # Action plan actions past their due date: marked late, their lead told once per date.
    Job("overdue-actions", "waypost.strategy.tasks.notify_overdue_actions", daily_at=time(7, 15)),
    # Reconnections 4 weeks after travel with no follow-up: the offering worker is told once.
    Job(
        "reconnection-follow-ups",
        "waypost.funds.tasks.remind_reconnection_follow_ups",
        daily_at=time(7, 20),
    ),
)
