"""The SWEP trigger rules (waypost.swep.triggers): each rule, each level, "feels like" on and
off, the heat plan on and off, and the discretionary flags that never trigger."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from waypost.swep.models import ActivationKind, AlertLevel, Forecast, SwepSettings
from waypost.swep.triggers import (
    Reason,
    at_or_above,
    celsius,
    covers,
    crossed,
    discretionary,
    kind_for,
    night_window,
)

COLD, HEAT = ActivationKind.COLD, ActivationKind.HEAT
LEVELS = [AlertLevel.NONE, AlertLevel.YELLOW, AlertLevel.AMBER, AlertLevel.RED]
LONDON = ZoneInfo("Europe/London")


def settings(**overrides) -> SwepSettings:
    return SwepSettings(**overrides)  # the defaults, unsaved


def forecast(**fields) -> Forecast:
    fields.setdefault("night", date(2026, 12, 1))
    fields.setdefault("min_temp_c", Decimal("5.0"))
    return Forecast(**fields)


def texts(reasons: list[Reason]) -> list[str]:
    return [r.text for r in reasons]


def test_the_defaults_follow_current_guidance():
    defaults = settings()
    assert defaults.temperature_threshold_c == Decimal("0.0")
    assert defaults.use_feels_like is True
    assert defaults.met_office_level == AlertLevel.AMBER
    assert defaults.ukhsa_cold_level == AlertLevel.AMBER
    assert defaults.heat_plan is True
    assert defaults.ukhsa_heat_level == AlertLevel.AMBER


def test_a_mild_night_crosses_nothing():
    assert crossed(settings(), forecast(min_temp_c=Decimal("5.0"))) == []


def test_a_single_night_at_or_below_the_threshold_crosses():
    assert crossed(settings(), forecast(min_temp_c=Decimal("-1.0"))) == [
        Reason(COLD, "Forecast minimum \u22121.0 °C, at or below 0.0 °C")
    ]
    # At the threshold counts; just above does not.
    assert len(crossed(settings(), forecast(min_temp_c=Decimal("0.0")))) == 1
    assert crossed(settings(), forecast(min_temp_c=Decimal("0.1"))) == []


def test_the_threshold_is_the_partnerships_own():
    raised = settings(temperature_threshold_c=Decimal("2.0"))
    assert texts(crossed(raised, forecast(min_temp_c=Decimal("1.5")))) == [
        "Forecast minimum 1.5 °C, at or below 2.0 °C"
    ]
    lowered = settings(temperature_threshold_c=Decimal("-3.0"))
    assert crossed(lowered, forecast(min_temp_c=Decimal("-2.0"))) == []


def test_feels_like_counts_only_when_the_partnership_uses_it():
    night = forecast(min_temp_c=Decimal("2.0"), feels_like_min_c=Decimal("-4.0"))
    assert texts(crossed(settings(use_feels_like=True), night)) == [
        "Forecast “feels like” minimum \u22124.0 °C, at or below 0.0 °C"
    ]
    assert crossed(settings(use_feels_like=False), night) == []


def test_both_temperatures_give_two_reasons():
    night = forecast(min_temp_c=Decimal("-1.0"), feels_like_min_c=Decimal("-4.0"))
    assert [r.kind for r in crossed(settings(), night)] == [COLD, COLD]


def test_a_missing_temperature_crosses_nothing():
    assert crossed(settings(), forecast(min_temp_c=None, feels_like_min_c=None)) == []


@pytest.mark.parametrize(
    ("warning", "level", "crosses"),
    [
        (AlertLevel.NONE, AlertLevel.AMBER, False),
        (AlertLevel.YELLOW, AlertLevel.AMBER, False),
        (AlertLevel.AMBER, AlertLevel.AMBER, True),
        (AlertLevel.RED, AlertLevel.AMBER, True),
        (AlertLevel.AMBER, AlertLevel.RED, False),
        (AlertLevel.RED, AlertLevel.RED, True),
        (AlertLevel.YELLOW, AlertLevel.YELLOW, True),
        # A level of "none" means the partnership does not use this trigger.
        (AlertLevel.RED, AlertLevel.NONE, False),
    ],
)
def test_met_office_warnings_at_or_above_the_level(warning, level, crosses):
    reasons = crossed(settings(met_office_level=level), forecast(met_office_warning=warning))
    assert bool(reasons) is crosses
    if crosses:
        assert reasons == [Reason(COLD, f"Met Office {warning} weather warning")]


@pytest.mark.parametrize(
    ("alert", "level", "crosses"),
    [
        (AlertLevel.NONE, AlertLevel.AMBER, False),
        (AlertLevel.YELLOW, AlertLevel.AMBER, False),
        (AlertLevel.AMBER, AlertLevel.AMBER, True),
        (AlertLevel.RED, AlertLevel.AMBER, True),
        (AlertLevel.YELLOW, AlertLevel.YELLOW, True),
        (AlertLevel.AMBER, AlertLevel.RED, False),
        (AlertLevel.RED, AlertLevel.NONE, False),
    ],
)
def test_ukhsa_cold_health_alerts_at_or_above_the_level(alert, level, crosses):
    reasons = crossed(settings(ukhsa_cold_level=level), forecast(ukhsa_cold_alert=alert))
    assert bool(reasons) is crosses
    if crosses:
        assert reasons == [Reason(COLD, f"UKHSA {alert} cold-health alert, at or above {level}")]


@pytest.mark.parametrize(
    ("alert", "level", "crosses"),
    [
        (AlertLevel.YELLOW, AlertLevel.AMBER, False),
        (AlertLevel.AMBER, AlertLevel.AMBER, True),
        (AlertLevel.RED, AlertLevel.AMBER, True),
        (AlertLevel.YELLOW, AlertLevel.YELLOW, True),
        (AlertLevel.AMBER, AlertLevel.RED, False),
    ],
)
def test_the_heat_plan_answers_ukhsa_heat_health_alerts(alert, level, crosses):
    night = forecast(min_temp_c=Decimal("15.0"), ukhsa_heat_alert=alert)
    reasons = crossed(settings(ukhsa_heat_level=level), night)
    assert bool(reasons) is crosses
    if crosses:
        assert reasons == [Reason(HEAT, f"UKHSA {alert} heat-health alert, at or above {level}")]


def test_without_the_heat_plan_heat_alerts_do_not_trigger():
    night = forecast(min_temp_c=Decimal("18.0"), ukhsa_heat_alert=AlertLevel.RED)
    assert crossed(settings(heat_plan=False), night) == []
    assert [r.kind for r in crossed(settings(heat_plan=True), night)] == [HEAT]


def test_discretionary_flags_are_listed():
    night = forecast(wind_chill=True, snow=True, ice=True, heavy_rain=True)
    assert discretionary(night) == ["Wind chill", "Snow", "Ice", "Heavy rain"]
    assert discretionary(forecast()) == []


def test_a_yellow_cold_alert_is_at_the_coordinators_discretion():
    night = forecast(ukhsa_cold_alert=AlertLevel.YELLOW, met_office_warning=AlertLevel.YELLOW)
    assert crossed(settings(), night) == []
    assert discretionary(night, settings()) == [
        "Met Office yellow weather warning",
        "UKHSA yellow cold-health alert",
    ]
    # Where the partnership acts on yellow, it is a trigger and not repeated as discretion.
    yellow = settings(ukhsa_cold_level=AlertLevel.YELLOW, met_office_level=AlertLevel.YELLOW)
    assert len(crossed(yellow, night)) == 2
    assert discretionary(night, yellow) == []


@given(
    wind_chill=st.booleans(),
    snow=st.booleans(),
    ice=st.booleans(),
    heavy_rain=st.booleans(),
    temp=st.decimals(min_value=-20, max_value=40, places=1),
    feels_like=st.none() | st.decimals(min_value=-30, max_value=40, places=1),
    met_office=st.sampled_from(LEVELS),
    cold=st.sampled_from(LEVELS),
    heat=st.sampled_from(LEVELS),
)
def test_discretionary_flags_never_trigger(
    wind_chill, snow, ice, heavy_rain, temp, feels_like, met_office, cold, heat
):
    base = {
        "min_temp_c": temp,
        "feels_like_min_c": feels_like,
        "met_office_warning": met_office,
        "ukhsa_cold_alert": cold,
        "ukhsa_heat_alert": heat,
    }
    flagged = forecast(wind_chill=wind_chill, snow=snow, ice=ice, heavy_rain=heavy_rain, **base)
    assert crossed(settings(), flagged) == crossed(settings(), forecast(**base))


def test_temperatures_are_written_with_a_true_minus_sign():
    assert celsius(Decimal("-1")) == "\u22121.0 °C"
    assert celsius(Decimal("-0.0")) == "0.0 °C"
    assert celsius(Decimal("3.25")) == "3.2 °C"


def test_alert_order():
    assert at_or_above(AlertLevel.RED, AlertLevel.YELLOW)
    assert not at_or_above(AlertLevel.NONE, AlertLevel.YELLOW)
    assert not at_or_above("purple", AlertLevel.YELLOW)


def test_the_kind_follows_the_reasons():
    assert kind_for([Reason(HEAT, "x"), Reason(COLD, "y")]) == COLD
    assert kind_for([Reason(HEAT, "x")]) == HEAT
    assert kind_for([]) == ActivationKind.OTHER


def test_a_night_runs_from_six_in_the_evening_to_nine_the_next_morning():
    start, end = night_window(date(2026, 12, 1))
    assert start == datetime(2026, 12, 1, 18, 0, tzinfo=LONDON)
    assert end == datetime(2026, 12, 2, 9, 0, tzinfo=LONDON)
    # An activation from the evening of the 1st to the morning of the 3rd covers two nights.
    spell = (datetime(2026, 12, 1, 18, tzinfo=LONDON), datetime(2026, 12, 3, 9, tzinfo=LONDON))
    assert covers(*spell, date(2026, 12, 1))
    assert covers(*spell, date(2026, 12, 2))
    assert not covers(*spell, date(2026, 12, 3))
    assert not covers(*spell, date(2026, 11, 30))
