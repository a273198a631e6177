"""The partnership's SWEP settings: its triggers, where forecasts come from, and the help the
public status page gives while SWEP is active.

A simple one-model edit, saved by the form itself, refused when someone else saved the
settings since the page was opened (SwepSettings.updated_at is the version)."""

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from waypost.accounts.models import User
from waypost.swep.models import AlertLevel, ForecastSource, SwepSettings

STALE_MESSAGE = (
    "Someone else saved these settings while you were editing them. "
    "Check what they say now and make your change again."
)
PHONE = re.compile(r"^\+?[0-9 ()-]{10,20}$")


def level_choices(
    what: str, *, none_label: str, default: str = AlertLevel.AMBER
) -> list[tuple[str, str]]:
    labels = {
        AlertLevel.YELLOW: f"A yellow {what} or above",
        AlertLevel.AMBER: f"An amber {what} or above",
        AlertLevel.RED: f"A red {what} only",
    }
    choices = []
    for level in (AlertLevel.YELLOW, AlertLevel.AMBER, AlertLevel.RED):
        label = labels[level] + (" (recommended)" if level == default else "")
        choices.append((str(level), label))
    choices.append((str(AlertLevel.NONE), none_label))
    return choices


class SettingsForm(forms.ModelForm):
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = SwepSettings
        fields = [
            "temperature_threshold_c",
            "use_feels_like",
            "met_office_level",
            "ukhsa_cold_level",
            "heat_plan",
            "ukhsa_heat_level",
            "source",
            "feed_url",
            "help_text",
            "help_phone",
        ]
        labels = {
            "temperature_threshold_c": "Temperature trigger (°C)",
            "use_feels_like": "Also act on the “feels like” minimum",
            "met_office_level": "Met Office weather warnings",
            "ukhsa_cold_level": "UKHSA cold-health alerts",
            "heat_plan": "Run the summer heat plan",
            "ukhsa_heat_level": "UKHSA heat-health alerts (heat plan)",
            "source": "Where forecasts come from",
            "feed_url": "Feed address",
            "help_text": "How to get help while SWEP is active",
            "help_phone": "Phone number for help",
        }
        help_texts = {
            "temperature_threshold_c": "SWEP is proposed for any single night forecast at or "
            "below this. 0 °C is recommended.",
            "use_feels_like": "Wind makes a night feel colder than the thermometer says.",
            "source": "A feed is read every hour by Waypost. You can still enter a night by "
            "hand; the feed replaces it when it next gives that night.",
            "feed_url": "Needed for a feed. The formats are in the SWEP guide "
            "(docs/severe-weather.md).",
            "help_text": "Shown on the public severe weather page. Where to go or who to call, "
            "and when. Plain words, for someone reading on a phone.",
            "help_phone": "Shown on the public page as a number to call, like 0300 123 4567.",
        }
        widgets = {
            "met_office_level": forms.RadioSelect,
            "ukhsa_cold_level": forms.RadioSelect,
            "ukhsa_heat_level": forms.RadioSelect,
            "source": forms.RadioSelect,
            "help_text": forms.Textarea(attrs={"rows": 5}),
            "temperature_threshold_c": forms.TextInput(
                attrs={"class": "govuk-input--width-4", "inputmode": "decimal"}
            ),
            "help_phone": forms.TextInput(
                attrs={"class": "govuk-input--width-20", "type": "tel", "autocomplete": "off"}
            ),
        }
        error_messages = {
            "temperature_threshold_c": {
                "required": "Enter the temperature trigger",
                "invalid": "Enter the temperature trigger as a number, like 0 or -1.5",
                "max_digits": "Enter the temperature trigger between -10 and 10 degrees",
                "max_decimal_places": "Enter the temperature trigger to one decimal place",
                "max_whole_digits": "Enter the temperature trigger between -10 and 10 degrees",
            },
            "feed_url": {"invalid": "Enter the feed address as a web address, like https://…"},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance: SwepSettings = self.instance
        self.fields["seen"].initial = instance.updated_at.isoformat()
        self.fields["met_office_level"].choices = level_choices(  # type: ignore[attr-defined]
            "warning", none_label="Do not act on Met Office warnings"
        )
        self.fields["ukhsa_cold_level"].choices = level_choices(  # type: ignore[attr-defined]
            "alert", none_label="Do not act on UKHSA cold-health alerts"
        )
        self.fields["ukhsa_cold_level"].help_text = (
            "Amber is recommended. A yellow alert below your level is shown on the SWEP page "
            "for the coordinator to decide."
        )
        self.fields["ukhsa_heat_level"].choices = level_choices(  # type: ignore[attr-defined]
            "alert", none_label="Do not act on UKHSA heat-health alerts"
        )
        self.fields[
            "met_office_level"
        ].help_text = "A Met Office warning counts as a cold weather trigger."

    def clean_temperature_threshold_c(self) -> Decimal:
        value: Decimal = self.cleaned_data["temperature_threshold_c"]
        if not Decimal("-10") <= value <= Decimal("10"):
            raise ValidationError("Enter the temperature trigger between -10 and 10 degrees")
        return value

    def clean_help_phone(self) -> str:
        value = " ".join(str(self.cleaned_data.get("help_phone") or "").split())
        if value and (not PHONE.match(value) or sum(c.isdigit() for c in value) < 10):
            raise ValidationError("Enter a phone number, like 0300 123 4567")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        source, url = data.get("source"), (data.get("feed_url") or "").strip()
        if source in (ForecastSource.JSON_FEED, ForecastSource.CSV_FEED) and not url:
            if "feed_url" not in self.errors:
                self.add_error("feed_url", "Enter the feed address, or choose to enter by hand")
        elif url and settings.WAYPOST_HTTPS and not url.lower().startswith("https://"):
            self.add_error("feed_url", "The feed address must start with https://")
        return data

    def save_by(self, user: User) -> SwepSettings:
        """Save, unless someone else saved since this form was shown (then a form error and
        nothing is saved)."""
        with transaction.atomic():
            current = (
                SwepSettings.objects.select_for_update()
                .filter(partnership_id=self.instance.partnership_id)
                .values_list("updated_at", flat=True)
                .first()
            )
            if current is not None and current.isoformat() != self.cleaned_data.get("seen"):
                raise ValidationError(STALE_MESSAGE)
            settings_row: SwepSettings = self.save(commit=False)
            settings_row.updated_at = timezone.now()
            settings_row.updated_by = user
            settings_row.save()
        return settings_row
