"""The SWEP settings page: coordinators and partnership admins only, created with the defaults
on first visit, saved with clear errors, and refused when someone else saved meanwhile."""

from decimal import Decimal

import pytest
from django.urls import reverse

from waypost.swep.models import AlertLevel, ForecastSource, SwepSettings
from waypost.swep.settings_forms import STALE_MESSAGE

URL = reverse("swep:settings")


def _data(page_settings: SwepSettings, **changes) -> dict:
    data = {
        "partnership": "coventry",
        "seen": page_settings.updated_at.isoformat(),
        "temperature_threshold_c": "0.0",
        "use_feels_like": "on",
        "met_office_level": "amber",
        "ukhsa_cold_level": "amber",
        "heat_plan": "on",
        "ukhsa_heat_level": "amber",
        "source": "manual",
        "feed_url": "",
        "help_text": "Go to the Winter Shelter from 7pm.",
        "help_phone": "024 7683 3333",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize(
    "client_name", ["caseworker_client", "outreach_client", "commissioner_client", "dpo_client"]
)
def test_other_roles_cannot_change_the_settings(request, world, client_name, admin_client):
    client = request.getfixturevalue(client_name)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"temperature_threshold_c": "5"}).status_code == 403
    assert not SwepSettings.objects.exists()
    assert admin_client.get(URL).status_code == 200


def test_another_partnership_is_not_found(world, birmingham_admin_client):
    assert birmingham_admin_client.get(URL + "?partnership=coventry").status_code == 404
    assert birmingham_admin_client.get(URL).status_code == 200


def test_the_first_visit_creates_the_defaults_and_says_the_old_rule_is_outdated(
    world, coordinator_client
):
    page = coordinator_client.get(URL).content.decode()

    swep_settings = SwepSettings.objects.get(partnership=world.coventry)
    assert swep_settings.temperature_threshold_c == Decimal("0.0")
    assert swep_settings.ukhsa_cold_level == AlertLevel.AMBER
    assert "There is no statutory trigger" in page
    assert "0 °C for three consecutive nights” is outdated" in page
    assert "any single night" in page
    assert "at the coordinator’s discretion" in page
    assert "recourse to public funds" in page


def test_a_coordinator_saves_the_triggers_and_help(world, coordinator_client, coordinator_user):
    coordinator_client.get(URL)
    current = SwepSettings.objects.get()

    response = coordinator_client.post(
        URL,
        _data(
            current,
            temperature_threshold_c="1.5",
            use_feels_like=None,
            ukhsa_cold_level="yellow",
            heat_plan=None,
            met_office_level="none",
        ),
    )

    assert response.status_code == 302
    current.refresh_from_db()
    assert current.temperature_threshold_c == Decimal("1.5")
    assert current.use_feels_like is False
    assert current.heat_plan is False
    assert current.ukhsa_cold_level == AlertLevel.YELLOW
    assert current.met_office_level == AlertLevel.NONE
    assert current.help_phone == "024 7683 3333"
    assert current.updated_by == coordinator_user


def test_a_feed_needs_an_address_and_keeps_what_was_typed(world, admin_client, settings):
    admin_client.get(URL)
    current = SwepSettings.objects.get()

    page = admin_client.post(URL, _data(current, source="json", help_text="Typed help")).content
    page = page.decode()
    assert "Enter the feed address, or choose to enter by hand" in page
    assert "Typed help" in page

    settings.WAYPOST_HTTPS = True
    page = admin_client.post(
        URL, _data(current, source="csv", feed_url="http://feeds.example/swep.csv")
    ).content.decode()
    assert "The feed address must start with https://" in page

    admin_client.post(URL, _data(current, source="csv", feed_url="https://feeds.example/swep.csv"))
    current.refresh_from_db()
    assert (current.source, current.feed_url) == (
        ForecastSource.CSV_FEED,
        "https://feeds.example/swep.csv",
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("temperature_threshold_c", "warm", "Enter the temperature trigger as a number"),
        ("temperature_threshold_c", "15", "between -10 and 10 degrees"),
        ("help_phone", "call us", "Enter a phone number, like 0300 123 4567"),
    ],
)
def test_bad_values_are_explained(world, coordinator_client, field, value, message):
    coordinator_client.get(URL)
    current = SwepSettings.objects.get()
    page = coordinator_client.post(URL, _data(current, **{field: value})).content.decode()
    assert message in page
    assert value in page  # what was typed is kept


def test_a_stale_save_is_refused(world, coordinator_client, admin_client):
    coordinator_client.get(URL)
    seen = SwepSettings.objects.get()
    admin_client.post(URL, _data(seen, help_phone="0121 000 0000"))  # someone else saves

    page = coordinator_client.post(URL, _data(seen, help_phone="024 7683 3333")).content.decode()

    assert STALE_MESSAGE in page
    assert SwepSettings.objects.get().help_phone == "0121 000 0000"


def test_the_last_feed_reading_is_shown(world, coordinator_client):
    from django.core.cache import cache

    from waypost.swep.forecast_feed import FeedReport, report_key

    report = FeedReport(
        checked_at="2026-12-01T09:00:00+00:00", stored=6, errors=["Row 3: bad"], failure=""
    )
    cache.set(report_key(world.coventry.pk), report.__dict__)

    page = coordinator_client.get(URL).content.decode()

    assert "6 nights stored" in page
    assert "Row 3: bad" in page
    cache.delete(report_key(world.coventry.pk))
