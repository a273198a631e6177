"""The forecast a coordinator enters by hand for one night (from the Met Office and UKHSA
websites, say). Errors say what is wrong and how to fix it."""

import re
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from waypost.people.forms import GovukDateField
from waypost.swep.models import AlertLevel, Forecast

MAX_DAYS_AHEAD = 31
MIN_C, MAX_C = Decimal("-40"), Decimal("50")
FLAGS = (
    ("wind_chill", "Wind chill"),
    ("snow", "Snow"),
    ("ice", "Ice"),
    ("heavy_rain", "Heavy rain"),
)
MINUS = re.compile(r"[\u2212\u2013\u2012]")  # minus sign, en dash, figure dash


class TemperatureField(forms.CharField):
    """Degrees Celsius to one decimal place, like -1.5 (a typed minus sign or dash works)."""

    def __init__(self, *, what: str, **kwargs: Any) -> None:
        self.what = what
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"class": "govuk-input--width-5", "inputmode": "decimal", "maxlength": 10}
            ),
        )
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return f"{value:.1f}" if isinstance(value, Decimal) else value

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = MINUS.sub("-", (value or "").strip()).replace("°C", "").replace("°", "").strip()
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValidationError(
                f"Enter {self.what} as a number of degrees, like -1.5 or 3"
            ) from None
        if not number.is_finite() or not MIN_C <= number <= MAX_C:
            raise ValidationError(f"Enter {self.what} between {MIN_C} and {MAX_C} degrees")
        return number.quantize(Decimal("0.1"))


def _level_choices(what: str) -> list[tuple[str, str]]:
    return [
        (AlertLevel.NONE, f"No {what}"),
        (AlertLevel.YELLOW, "Yellow"),
        (AlertLevel.AMBER, "Amber"),
        (AlertLevel.RED, "Red"),
    ]


class ForecastForm(forms.Form):
    night = GovukDateField(
        what="the night",
        label="Which night?",
        help_text="The date the night starts. For example, 1 12 2026",
    )
    min_temp_c = TemperatureField(
        what="the forecast minimum",
        label="Forecast minimum temperature (°C)",
        error_messages={"required": "Enter the forecast minimum temperature"},
    )
    feels_like_min_c = TemperatureField(
        what="the “feels like” minimum",
        label="Forecast “feels like” minimum (°C), if given",
        required=False,
    )
    met_office_warning = forms.ChoiceField(
        label="Met Office weather warning",
        choices=_level_choices("warning"),
        initial=AlertLevel.NONE,
    )
    ukhsa_cold_alert = forms.ChoiceField(
        label="UKHSA cold-health alert",
        choices=_level_choices("alert (green)"),
        initial=AlertLevel.NONE,
    )
    ukhsa_heat_alert = forms.ChoiceField(
        label="UKHSA heat-health alert",
        choices=_level_choices("alert (green)"),
        initial=AlertLevel.NONE,
    )
    discretion = forms.MultipleChoiceField(
        label="Also forecast (at the coordinator’s discretion)",
        help_text="These never start SWEP on their own: they are shown to help you decide.",
        choices=FLAGS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    @classmethod
    def initial_from(cls, forecast: Forecast | None, night: date) -> dict[str, Any]:
        if forecast is None:
            return {"night": night}
        return {
            "night": forecast.night,
            "min_temp_c": forecast.min_temp_c,
            "feels_like_min_c": forecast.feels_like_min_c,
            "met_office_warning": forecast.met_office_warning,
            "ukhsa_cold_alert": forecast.ukhsa_cold_alert,
            "ukhsa_heat_alert": forecast.ukhsa_heat_alert,
            "discretion": [name for name, _ in FLAGS if getattr(forecast, name)],
        }

    def clean_night(self) -> date:
        night: date | None = self.cleaned_data["night"]
        if night is None:
            raise ValidationError("Enter the night")
        today = timezone.localdate()
        if night < today - timedelta(days=1):
            raise ValidationError("The night must be last night, tonight or later")
        if night > today + timedelta(days=MAX_DAYS_AHEAD):
            raise ValidationError(f"The night must be within the next {MAX_DAYS_AHEAD} days")
        return night

    def values(self) -> dict[str, Any]:
        """Keyword arguments for activation_actions.record_forecast."""
        data = self.cleaned_data
        chosen = set(data.get("discretion") or [])
        return {
            "night": data["night"],
            "min_temp_c": data["min_temp_c"],
            "feels_like_min_c": data.get("feels_like_min_c"),
            "met_office_warning": data["met_office_warning"],
            "ukhsa_cold_alert": data["ukhsa_cold_alert"],
            "ukhsa_heat_alert": data["ukhsa_heat_alert"],
            **{name: name in chosen for name, _ in FLAGS},
        }
