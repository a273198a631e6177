"""Entering a forecast by hand: coordinators only, clear errors that keep what was typed, and
one forecast a night (entering a night again replaces it)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from waypost.swep.models import AlertLevel, Forecast, ForecastSource

URL = reverse("swep:forecast_new")


def _data(night=None, **changes) -> dict:
    night = night or timezone.localdate()
    data = {
        "night_0": night.day,
        "night_1": night.month,
        "night_2": night.year,
        "min_temp_c": "-1.5",
        "feels_like_min_c": "",
        "met_office_warning": "none",
        "ukhsa_cold_alert": "amber",
        "ukhsa_heat_alert": "none",
        "discretion": ["ice", "snow"],
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    "client_name", ["caseworker_client", "admin_client", "commissioner_client", "provider_client"]
)
def test_only_coordinators_enter_forecasts(request, world, client_name, coordinator_client):
    client = request.getfixturevalue(client_name)
    assert client.get(URL).status_code == 403
    assert client.post(URL, _data()).status_code == 403
    assert not Forecast.objects.exists()

    response = coordinator_client.post(URL, _data())
    assert response.status_code == 302
    assert Forecast.objects.count() == 1


def test_a_coordinator_records_a_night(world, coordinator_client, coordinator_user):
    response = coordinator_client.post(URL, _data(feels_like_min_c="\u22124"), follow=True)

    forecast = Forecast.objects.get()
    assert forecast.partnership == world.coventry
    assert forecast.min_temp_c == Decimal("-1.5")
    assert forecast.feels_like_min_c == Decimal("-4.0")
    assert forecast.ukhsa_cold_alert == AlertLevel.AMBER
    assert (forecast.ice, forecast.snow, forecast.wind_chill) == (True, True, False)
    assert forecast.source == ForecastSource.MANUAL
    assert forecast.recorded_by == coordinator_user
    page = response.content.decode()
    assert "It crosses a SWEP trigger." in page
    assert "Forecast crosses a trigger: propose an activation." in page


def test_entering_a_night_again_replaces_it(world, coordinator_client):
    coordinator_client.post(URL, _data(min_temp_c="-1"))
    page = coordinator_client.get(
        URL + f"?night={timezone.localdate().isoformat()}"
    ).content.decode()
    assert 'value="-1.0"' in page
    assert "already has a forecast" in page

    coordinator_client.post(URL, _data(min_temp_c="4"))

    assert Forecast.objects.get().min_temp_c == Decimal("4.0")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"min_temp_c": ""}, "Enter the forecast minimum temperature"),
        ({"min_temp_c": "freezing"}, "Enter the forecast minimum as a number of degrees"),
        ({"min_temp_c": "-70"}, "between -40 and 50 degrees"),
        ({"night_0": "", "night_1": "", "night_2": ""}, "Enter the night"),
        ({"night_0": "31", "night_1": "2"}, "Enter a real date for the night"),
        ({"ukhsa_cold_alert": "purple"}, "Select a valid choice"),
    ],
)
def test_mistakes_are_explained_and_the_input_kept(world, coordinator_client, changes, message):
    data = _data(feels_like_min_c="-3.5", **changes)

    page = coordinator_client.post(URL, data).content.decode()

    assert message in page
    assert 'value="-3.5"' in page
    assert not Forecast.objects.exists()


def test_nights_too_far_away_are_refused(world, coordinator_client):
    far = timezone.localdate() + timedelta(days=40)
    page = coordinator_client.post(URL, _data(night=far)).content.decode()
    assert "within the next 31 days" in page
    old = timezone.localdate() - timedelta(days=3)
    page = coordinator_client.post(URL, _data(night=old)).content.decode()
    assert "last night, tonight or later" in page


def test_a_coordinator_elsewhere_gets_not_found_for_this_partnership(
    world, coordinator_client, birmingham_admin_client
):
    assert coordinator_client.get(URL + "?partnership=birmingham").status_code == 404
