"""Once a day, outreach and coordinators are told how many alerts are overdue or waiting to
be forwarded, so none is silently forgotten. Counts only, never anything about a person."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from waypost.notifications.models import Notification, OutboxMessage
from waypost.referrals.models import Alert
from waypost.referrals.tests.helpers import make_alert


def _overdue(**fields):
    alert = make_alert(**fields)
    Alert.objects.filter(pk=alert.pk).update(due_on=timezone.localdate() - timedelta(days=1))
    return alert


def test_the_partnerships_staff_are_told_how_many_are_overdue(
    areas, outreach_user, coordinator_user, caseworker_user, brum_outreach_client
):
    _overdue(name_if_known="Dave")
    _overdue(street="Spon Street")
    make_alert(street="Not late yet")
    Notification.objects.all().delete()
    out = StringIO()
    call_command("remind_overdue_alerts", stdout=out)
    told = Notification.objects.filter(title="Overdue alerts")
    assert {n.user for n in told} == {outreach_user, coordinator_user}
    note = told.get(user=outreach_user)
    assert note.body == (
        "2 alerts are waiting for an outcome past the 10 working days in Coventry."
    )
    assert note.link == "/alerts/queue/"
    assert "Dave" not in note.body
    assert OutboxMessage.objects.filter(to_address=outreach_user.email).exists()
    assert "Told 2 members of staff." in out.getvalue()


def test_coordinators_are_reminded_of_alerts_waiting_to_be_forwarded(areas, coordinator_user):
    make_alert(postcode="", town="Leeds")
    Notification.objects.all().delete()
    call_command("remind_overdue_alerts", stdout=StringIO())
    note = Notification.objects.get(user=coordinator_user)
    assert note.title == "Alerts waiting to be forwarded"
    assert note.body.startswith("1 alert is outside every partnership's area")


def test_nobody_is_told_when_nothing_is_late(areas, outreach_user):
    make_alert()
    Notification.objects.all().delete()
    call_command("remind_overdue_alerts", stdout=StringIO())
    assert not Notification.objects.exists()
