"""The Severe Weather Emergency Protocol: the partnership's triggers, forecasts, activations,
who the cascade tells, and the sweep (each person offered a bed, and what they said).

There is no statutory trigger. The defaults follow current guidance: any single night with a
forecast minimum or "feels like" temperature at or below 0 °C, a Met Office amber or red
warning, or a UKHSA cold-health alert of amber or above; and, in summer, UKHSA heat-health
alerts. Wind chill, snow, ice and heavy rain are shown to the coordinator to decide.
"""

import uuid
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from waypost.audit.models import Section


class AlertLevel(models.TextChoices):
    """Met Office warnings and UKHSA weather-health alerts share these colours (UKHSA's
    "green" means no alert, stored as none)."""

    NONE = "none", "None"
    YELLOW = "yellow", "Yellow"
    AMBER = "amber", "Amber"
    RED = "red", "Red"


# Ordered, so "at or above amber" is a comparison.
ALERT_ORDER = {
    AlertLevel.NONE: 0,
    AlertLevel.YELLOW: 1,
    AlertLevel.AMBER: 2,
    AlertLevel.RED: 3,
}


class ForecastSource(models.TextChoices):
    MANUAL = "manual", "Entered by hand"
    JSON_FEED = "json", "A JSON feed over HTTP"
    CSV_FEED = "csv", "A CSV feed over HTTP"


class SwepSettings(models.Model):
    """The partnership's triggers and how forecasts arrive."""

    partnership = models.OneToOneField(
        "accounts.Partnership", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    temperature_threshold_c = models.DecimalField(
        max_digits=4, decimal_places=1, default=Decimal("0.0")
    )
    use_feels_like = models.BooleanField(
        default=True, help_text="Also trigger on the 'feels like' minimum"
    )
    met_office_level = models.CharField(
        max_length=10, choices=AlertLevel.choices, default=AlertLevel.AMBER
    )
    ukhsa_cold_level = models.CharField(
        max_length=10, choices=AlertLevel.choices, default=AlertLevel.AMBER
    )
    heat_plan = models.BooleanField(default=True, help_text="Run the summer heat plan")
    ukhsa_heat_level = models.CharField(
        max_length=10, choices=AlertLevel.choices, default=AlertLevel.AMBER
    )
    source = models.CharField(
        max_length=10, choices=ForecastSource.choices, default=ForecastSource.MANUAL
    )
    feed_url = models.URLField(blank=True)
    # Shown on the public status page while SWEP is active.
    help_text = models.TextField(blank=True)
    help_phone = models.CharField(max_length=40, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name_plural = "SWEP settings"

    def __str__(self) -> str:
        return f"SwepSettings {self.partnership_id}"


class Forecast(models.Model):
    """The weather expected on one night (the night starting on `night`)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    night = models.DateField()
    min_temp_c = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    feels_like_min_c = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    met_office_warning = models.CharField(
        max_length=10, choices=AlertLevel.choices, default=AlertLevel.NONE
    )
    ukhsa_cold_alert = models.CharField(
        max_length=10, choices=AlertLevel.choices, default=AlertLevel.NONE
    )
    ukhsa_heat_alert = models.CharField(
        max_length=10, choices=AlertLevel.choices, default=AlertLevel.NONE
    )
    # For the coordinator's discretion: shown, never a trigger on their own.
    wind_chill = models.BooleanField(default=False)
    snow = models.BooleanField(default=False)
    ice = models.BooleanField(default=False)
    heavy_rain = models.BooleanField(default=False)
    source = models.CharField(max_length=10, choices=ForecastSource.choices)
    received_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # When the coordinators were told this night crosses a trigger (once per night).
    alerted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["night"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "night"], name="forecast_one_per_night")
        ]

    def __str__(self) -> str:
        return f"Forecast {self.partnership_id} {self.night}"


class ActivationKind(models.TextChoices):
    COLD = "cold", "Cold weather"
    HEAT = "heat", "Heat"
    OTHER = "other", "Other severe weather"


class ActivationStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACTIVE = "active", "Active"
    ENDED = "ended", "Ended"
    NOT_ACTIVATED = "not_activated", "Not activated"


class Activation(models.Model):
    """SWEP for a spell of nights: proposed by a coordinator, then activated by an authorised
    role (or started by hand), then ended."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=ActivationKind.choices)
    status = models.CharField(max_length=15, choices=ActivationStatus.choices)
    # Which triggers it answers, in plain words (from the forecast, or the coordinator's reason).
    reasons = models.JSONField(default=list)
    starts_at = models.DateTimeField()
    expected_end_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    proposed_at = models.DateTimeField(null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    activated_at = models.DateTimeField(null=True, blank=True)
    activated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership"],
                condition=Q(status="active"),
                name="swep_one_active_per_partnership",
            ),
            models.CheckConstraint(
                condition=Q(expected_end_at__gt=models.F("starts_at")),
                name="swep_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["partnership", "status", "starts_at"])]

    def __str__(self) -> str:
        return f"Activation {self.id}"


class SubscriptionChannel(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "Text message"


class Subscription(models.Model):
    """A member of staff who asked to be told when SWEP starts and ends."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="swep_subscriptions"
    )
    channel = models.CharField(max_length=10, choices=SubscriptionChannel.choices)
    # A work mobile for text messages; email goes to the user's sign-in address.
    phone = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "user", "channel"], name="swep_subscribe_once"
            )
        ]

    def __str__(self) -> str:
        return f"Subscription {self.id}"


class RotaMember(models.Model):
    """Someone on the partnership's SWEP outreach rota: told first, by text and email."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    phone = models.CharField(max_length=20, blank=True)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "user"], name="swep_rota_once")
        ]

    def __str__(self) -> str:
        return f"RotaMember {self.id}"


class CascadeMessage(models.Model):
    """One message of an activation's cascade: unique per activation, event and address, so
    the cascade can be run again (after a crash, say) without telling anyone twice."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    activation = models.ForeignKey(Activation, on_delete=models.CASCADE, related_name="cascade")
    event = models.CharField(max_length=10, default="started", help_text="started or ended")
    channel = models.CharField(max_length=10, choices=SubscriptionChannel.choices)
    address = models.CharField(max_length=254)
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outbox = models.ForeignKey(
        "notifications.OutboxMessage", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["activation", "event", "channel", "address"], name="swep_cascade_once"
            )
        ]

    def __str__(self) -> str:
        return f"CascadeMessage {self.id}"


class SweepOutcome(models.TextChoices):
    OFFERED = "offered", "Offered a bed, not yet decided"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    NOT_FOUND = "not_found", "Not found"


class SweepRecord(models.Model):
    """What happened when outreach looked for one person during an activation, on one night."""

    section = Section.HOUSING_HISTORY

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    activation = models.ForeignKey(Activation, on_delete=models.PROTECT, related_name="sweep")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    night = models.DateField(default=date.today)
    outcome = models.CharField(max_length=10, choices=SweepOutcome.choices)
    declined_reason = models.TextField(blank=True)
    placement = models.ForeignKey(
        "housing.Placement", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Someone not on the by-name list before, found and added during the activation.
    found_new = models.BooleanField(default=False)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-recorded_at"]
        indexes = [
            models.Index(fields=["activation", "person", "recorded_at"]),
            models.Index(fields=["person", "recorded_at"]),
        ]

    def __str__(self) -> str:
        return f"SweepRecord {self.id}"
