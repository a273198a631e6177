"""When a forecast night crosses one of the partnership's SWEP triggers: pure rules, no
database, so they are easy to test and to explain.

There is no statutory trigger. The old rule of "0 °C for three consecutive nights" is
outdated: current guidance (Homeless Link, 2023 onwards) is to act on ANY single night
forecast at or below 0 °C, minimum or "feels like", and on Met Office and UKHSA warnings. Wind
chill, snow, ice and heavy rain are for the coordinator to weigh: they never trigger on their
own. In summer, the heat plan answers UKHSA heat-health alerts.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

# What a night is (18:00 to 09:00 London time) is shared with room for all and the sweep.
from waypost.lib.nights import (  # noqa: F401  (re-exported for the SWEP pages)
    LONDON,
    NIGHT_ENDS,
    NIGHT_STARTS,
    covers,
    night_window,
)
from waypost.swep.models import ALERT_ORDER, ActivationKind, AlertLevel


class TriggerSettings(Protocol):
    temperature_threshold_c: Decimal
    use_feels_like: bool
    met_office_level: str
    ukhsa_cold_level: str
    heat_plan: bool
    ukhsa_heat_level: str


class NightForecast(Protocol):
    night: date
    min_temp_c: Decimal | None
    feels_like_min_c: Decimal | None
    met_office_warning: str
    ukhsa_cold_alert: str
    ukhsa_heat_alert: str
    wind_chill: bool
    snow: bool
    ice: bool
    heavy_rain: bool


@dataclass(frozen=True)
class Reason:
    """One trigger crossed: cold or heat, in plain words."""

    kind: str  # ActivationKind.COLD or ActivationKind.HEAT
    text: str


def celsius(value: Decimal | float | int) -> str:
    """ "−1.0 °C", with a true minus sign (screen readers say "minus")."""
    number = Decimal(str(value)).quantize(Decimal("0.1"))
    if number == 0:
        return "0.0 °C"
    return f"{number:.1f} °C".replace("-", "\u2212")


def level_name(level: str) -> str:
    return str(AlertLevel(level).label).lower() if level in AlertLevel.values else level


def at_or_above(level: str, threshold: str) -> bool:
    """Whether an alert `level` reaches `threshold`. No alert never does, and a threshold of
    "none" means the partnership does not use that trigger."""
    if level not in ALERT_ORDER or threshold not in ALERT_ORDER:
        return False
    if level == AlertLevel.NONE or threshold == AlertLevel.NONE:
        return False
    return ALERT_ORDER[AlertLevel(level)] >= ALERT_ORDER[AlertLevel(threshold)]


def crossed(settings: TriggerSettings, forecast: NightForecast) -> list[Reason]:
    """The triggers this night crosses under these settings, cold first, in plain words."""
    threshold = Decimal(str(settings.temperature_threshold_c))
    reasons: list[Reason] = []
    if forecast.min_temp_c is not None and Decimal(str(forecast.min_temp_c)) <= threshold:
        reasons.append(
            Reason(
                ActivationKind.COLD,
                f"Forecast minimum {celsius(forecast.min_temp_c)}, "
                f"at or below {celsius(threshold)}",
            )
        )
    if (
        settings.use_feels_like
        and forecast.feels_like_min_c is not None
        and Decimal(str(forecast.feels_like_min_c)) <= threshold
    ):
        reasons.append(
            Reason(
                ActivationKind.COLD,
                f"Forecast “feels like” minimum {celsius(forecast.feels_like_min_c)}, "
                f"at or below {celsius(threshold)}",
            )
        )
    if at_or_above(forecast.met_office_warning, settings.met_office_level):
        reasons.append(
            Reason(
                ActivationKind.COLD,
                f"Met Office {level_name(forecast.met_office_warning)} weather warning",
            )
        )
    if at_or_above(forecast.ukhsa_cold_alert, settings.ukhsa_cold_level):
        reasons.append(
            Reason(
                ActivationKind.COLD,
                f"UKHSA {level_name(forecast.ukhsa_cold_alert)} cold-health alert, "
                f"at or above {level_name(settings.ukhsa_cold_level)}",
            )
        )
    if settings.heat_plan and at_or_above(forecast.ukhsa_heat_alert, settings.ukhsa_heat_level):
        reasons.append(
            Reason(
                ActivationKind.HEAT,
                f"UKHSA {level_name(forecast.ukhsa_heat_alert)} heat-health alert, "
                f"at or above {level_name(settings.ukhsa_heat_level)}",
            )
        )
    return reasons


def discretionary(forecast: NightForecast, settings: TriggerSettings | None = None) -> list[str]:
    """What the coordinator weighs on this night: never a trigger on its own.

    Wind chill, snow, ice and heavy rain; and a Met Office warning or UKHSA cold-health alert
    below the partnership's level (a yellow one, say). With `settings`, a warning or alert
    that already crosses a trigger is not repeated here.
    """
    found = [
        label
        for flag, label in (
            (forecast.wind_chill, "Wind chill"),
            (forecast.snow, "Snow"),
            (forecast.ice, "Ice"),
            (forecast.heavy_rain, "Heavy rain"),
        )
        if flag
    ]
    met_office, cold = forecast.met_office_warning, forecast.ukhsa_cold_alert
    if met_office in ALERT_ORDER and met_office != AlertLevel.NONE:
        if settings is None or not at_or_above(met_office, settings.met_office_level):
            found.append(f"Met Office {level_name(met_office)} weather warning")
    if cold in ALERT_ORDER and cold != AlertLevel.NONE:
        if settings is None or not at_or_above(cold, settings.ukhsa_cold_level):
            found.append(f"UKHSA {level_name(cold)} cold-health alert")
    return found


def kind_for(reasons: list[Reason]) -> str:
    """The kind of activation the reasons suggest: cold before heat, else other."""
    kinds = {reason.kind for reason in reasons}
    if ActivationKind.COLD in kinds:
        return ActivationKind.COLD
    if ActivationKind.HEAT in kinds:
        return ActivationKind.HEAT
    return ActivationKind.OTHER


def describe_night(night: date) -> str:
    return night.strftime("%A %-d %B")


def as_dict(reason: Reason) -> dict[str, Any]:
    return {"kind": str(reason.kind), "text": reason.text}
