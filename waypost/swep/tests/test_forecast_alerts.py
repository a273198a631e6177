"""Coordinators are told once per night when a forecast crosses a trigger and no proposed or
active activation covers it (waypost.swep.tasks.alert_coordinators), in Waypost and by email,
with a link to propose an activation."""

from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from waypost.accounts.models import Role
from waypost.notifications.models import Notification, OutboxMessage
from waypost.swep.models import ActivationStatus, AlertLevel, Forecast, SwepSettings
from waypost.swep.tasks import alert_coordinators, poll_forecasts
from waypost.swep.tests.test_activation_access import make_activation
from waypost.swep.tests.test_activation_flow import forecast
from waypost.testing.personas import make_user


def test_each_coordinator_is_told_once_per_night(world, coordinator_user, caseworker_user):
    second = make_user(
        "second.coordinator@coventry.test", agency=world.outreach, role=Role.COORDINATOR
    )
    brum = make_user(
        "coordinator@birmingham.test", agency=world.brum_council, role=Role.COORDINATOR
    )
    tonight = forecast(world.coventry, timezone.localdate(), "-1.0")

    assert alert_coordinators() == 1
    assert alert_coordinators() == 0  # nothing new

    notes = Notification.objects.all()
    assert {n.user_id for n in notes} == {coordinator_user.pk, second.pk}
    assert brum.pk not in {n.user_id for n in notes}
    assert caseworker_user.pk not in {n.user_id for n in notes}
    note = notes.first()
    assert note.link == f"{reverse('swep:propose')}?forecast={tonight.pk}"
    assert "crosses a trigger in Coventry" in note.title
    assert "Forecast minimum \u22121.0 °C, at or below 0.0 °C" in note.body
    emails = OutboxMessage.objects.all()
    assert {m.to_address for m in emails} == {coordinator_user.email, second.email}
    tonight.refresh_from_db()
    assert tonight.alerted_at is not None


def test_each_night_is_told_separately(world, coordinator_user):
    today = timezone.localdate()
    forecast(world.coventry, today, "-1.0")
    forecast(world.coventry, today + timedelta(days=1), "-2.0")
    forecast(world.coventry, today + timedelta(days=2), "4.0")

    assert alert_coordinators() == 2
    assert Notification.objects.filter(user=coordinator_user).count() == 2
    # A night that crosses later is told about then.
    Forecast.objects.filter(night=today + timedelta(days=2)).update(min_temp_c=Decimal("-0.5"))
    assert alert_coordinators() == 1


def test_a_night_covered_by_a_proposal_or_activation_is_not_told(world, coordinator_user):
    today = timezone.localdate()
    forecast(world.coventry, today, "-1.0")
    forecast(world.coventry, today + timedelta(days=5), "-1.0")
    make_activation(world.coventry)  # proposed, tonight to the day after tomorrow
    make_activation(
        world.birmingham,
        status=ActivationStatus.ACTIVE,
        starts_at=timezone.now() + timedelta(days=4),
        expected_end_at=timezone.now() + timedelta(days=7),
    )
    forecast(world.birmingham, today + timedelta(days=5), "-1.0")

    assert alert_coordinators() == 1  # Coventry's night in five days only
    assert Forecast.objects.filter(alerted_at__isnull=False).get().night == today + timedelta(5)


def test_a_night_that_was_not_activated_is_told(world, coordinator_user):
    forecast(world.coventry, timezone.localdate(), "-1.0")
    make_activation(world.coventry, status=ActivationStatus.NOT_ACTIVATED)
    assert alert_coordinators() == 1


def test_past_nights_and_mild_nights_are_not_told(world, coordinator_user):
    today = timezone.localdate()
    forecast(world.coventry, today - timedelta(days=1), "-5.0")
    forecast(world.coventry, today, "3.0", snow=True, ice=True, wind_chill=True, heavy_rain=True)
    assert alert_coordinators() == 0
    assert not Notification.objects.exists()


def test_the_partnerships_own_triggers_decide(world, coordinator_user):
    SwepSettings.objects.create(
        partnership=world.coventry,
        temperature_threshold_c=Decimal("-3.0"),
        ukhsa_cold_level=AlertLevel.YELLOW,
    )
    forecast(world.coventry, timezone.localdate(), "-1.0")
    assert alert_coordinators() == 0
    forecast(
        world.coventry,
        timezone.localdate() + timedelta(days=1),
        "2.0",
        ukhsa_cold_alert=AlertLevel.YELLOW,
    )
    assert alert_coordinators() == 1
    assert "UKHSA yellow cold-health alert" in Notification.objects.get().body


def test_a_forecast_entered_by_hand_tells_the_other_coordinators_at_once(
    world, coordinator_client, coordinator_user
):
    second = make_user(
        "second.coordinator@coventry.test", agency=world.outreach, role=Role.COORDINATOR
    )
    today = timezone.localdate()

    coordinator_client.post(
        reverse("swep:forecast_new"),
        {
            "night_0": today.day,
            "night_1": today.month,
            "night_2": today.year,
            "min_temp_c": "\u22122",
            "met_office_warning": "none",
            "ukhsa_cold_alert": "none",
            "ukhsa_heat_alert": "none",
        },
    )

    assert list(Notification.objects.values_list("user", flat=True)) == [second.pk]
    assert Forecast.objects.get().alerted_at is not None


def test_the_poll_task_alerts_after_reading(world, coordinator_user):
    forecast(world.coventry, timezone.localdate(), "-1.0")
    assert poll_forecasts.call() == {"polled": 0, "failed": 0, "alerted": 1}
