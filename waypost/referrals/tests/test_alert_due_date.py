"""An outcome is due 10 working days after the alert arrives (London time), skipping weekends
and bank holidays; after that the alert is overdue until it is closed."""

from datetime import UTC, date, datetime, timedelta

from django.utils import timezone

from waypost.referrals.models import Alert
from waypost.referrals.tests.helpers import make_alert


def test_the_due_date_counts_working_days_from_the_london_date(areas, monkeypatch):
    # 23:30 UTC on Good Friday 2026 is already Saturday 4 April in London (BST). Easter
    # Monday is skipped: the tenth working day is Monday 20 April.
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 4, 3, 23, 30, tzinfo=UTC))
    alert = make_alert()
    assert alert.due_on == date(2026, 4, 20)


def test_an_open_alert_past_its_due_date_is_overdue_and_a_closed_one_is_not(areas):
    alert = make_alert()
    today = timezone.localdate()
    alert.due_on = today - timedelta(days=1)
    assert alert.is_overdue(today)
    assert not alert.is_overdue(today - timedelta(days=2))
    alert.save()
    assert list(Alert.objects.overdue(today)) == [alert]
    alert.status, alert.outcome = "closed", "not_found"
    assert not alert.is_overdue(today)
    alert.save()
    assert not Alert.objects.overdue(today).exists()
