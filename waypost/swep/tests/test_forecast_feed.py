"""Forecast feeds (waypost.swep.forecast_feed): strict JSON and CSV parsing with bad rows
reported and skipped, and fetching from a local HTTP server (timeouts, wrong content type,
oversized bodies, HTTP errors), stored once per night. The local server is on 127.0.0.1, so
these tests allow private addresses; test_feed_addresses.py checks they are refused."""

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from waypost.swep.forecast_feed import (
    MAX_BYTES,
    FeedError,
    fetch,
    last_report,
    parse_csv,
    parse_json,
    poll_feed,
)
from waypost.swep.models import AlertLevel, Forecast, ForecastSource, SwepSettings
from waypost.swep.tasks import poll_forecasts
from waypost.testing.worker import feed_server_fixture, free_port  # noqa: F401

TODAY = date(2026, 12, 1)
JSON = ForecastSource.JSON_FEED
CSV = ForecastSource.CSV_FEED


def night(days: int = 0) -> str:
    return (TODAY + timedelta(days=days)).isoformat()


def json_feed(*rows: dict) -> bytes:
    return json.dumps({"forecasts": list(rows)}).encode()


FULL_ROW = {
    "night": "2026-12-01",
    "min_temp_c": -1.0,
    "feels_like_min_c": -4.0,
    "met_office_warning": "amber",
    "ukhsa_cold_alert": "amber",
    "ukhsa_heat_alert": "none",
    "wind_chill": True,
    "snow": False,
    "ice": True,
    "heavy_rain": False,
}
CSV_HEADER = (
    "night,min_temp_c,feels_like_min_c,met_office_warning,ukhsa_cold_alert,ukhsa_heat_alert,"
    "wind_chill,snow,ice,heavy_rain\n"
)


# --- JSON --------------------------------------------------------------------------------------


def test_the_documented_json_example_is_read_exactly():
    parsed = parse_json(json_feed(FULL_ROW), today=TODAY)

    assert parsed.errors == []
    assert parsed.forecasts == [
        {
            "night": date(2026, 12, 1),
            "min_temp_c": Decimal("-1.0"),
            "feels_like_min_c": Decimal("-4.0"),
            "met_office_warning": "amber",
            "ukhsa_cold_alert": "amber",
            "ukhsa_heat_alert": "none",
            "wind_chill": True,
            "snow": False,
            "ice": True,
            "heavy_rain": False,
        }
    ]


def test_only_the_night_is_required_in_json():
    [row] = parse_json(json_feed({"night": night()}), today=TODAY).forecasts
    assert row["min_temp_c"] is None
    assert row["met_office_warning"] == AlertLevel.NONE
    assert row["snow"] is False


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"min_temp_c": 1}, '"night" is missing'),
        ({"night": "01/12/2026"}, "is not a date like 2026-12-01"),
        ({"night": "2027-06-01"}, "more than 60 days from today"),
        ({"night": night(), "min_temp_c": "cold"}, '"min_temp_c" must be a number'),
        ({"night": night(), "min_temp_c": True}, '"min_temp_c" must be a number'),
        ({"night": night(), "feels_like_min_c": -99}, "is not between -60 and 60"),
        ({"night": night(), "ukhsa_cold_alert": "purple"}, "is not none, yellow, amber or red"),
        ({"night": night(), "met_office_warning": 2}, "must be none, yellow, amber or red"),
        ({"night": night(), "snow": "yes"}, '"snow" must be true or false'),
        ({"night": night(), "min_temp": -1}, "unknown field 'min_temp'"),
        ("a string", "each forecast must be an object"),
    ],
)
def test_a_bad_json_row_is_reported_and_the_others_kept(row, message):
    parsed = parse_json(json_feed({"night": night(1)}, row, {"night": night(2)}), today=TODAY)

    assert [f["night"] for f in parsed.forecasts] == [TODAY + timedelta(1), TODAY + timedelta(2)]
    [error] = parsed.errors
    assert error.row == 2
    assert message in error.message
    assert str(error).startswith("Row 2: ")


def test_green_means_no_alert_and_case_does_not_matter():
    [row] = parse_json(
        json_feed({"night": night(), "ukhsa_cold_alert": "Green", "ukhsa_heat_alert": "AMBER"}),
        today=TODAY,
    ).forecasts
    assert (row["ukhsa_cold_alert"], row["ukhsa_heat_alert"]) == ("none", "amber")


def test_a_night_given_twice_is_reported():
    parsed = parse_json(
        json_feed({"night": night(), "min_temp_c": 1}, {"night": night(), "min_temp_c": -1}),
        today=TODAY,
    )
    assert [f["min_temp_c"] for f in parsed.forecasts] == [Decimal("1.0")]
    assert "appears more than once" in parsed.errors[0].message


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b"[]", 'a JSON object with a "forecasts" list'),
        (b'{"forecasts": {}}', 'a JSON object with a "forecasts" list'),
        (b"\xff\xfe", "not UTF-8"),
    ],
)
def test_a_json_feed_that_cannot_be_read_at_all_is_an_error(body, message):
    with pytest.raises(FeedError, match=message):
        parse_json(body, today=TODAY)


# --- CSV ---------------------------------------------------------------------------------------


def test_the_documented_csv_example_is_read_exactly():
    body = (CSV_HEADER + "2026-12-01,-1.0,-4.0,amber,amber,none,true,false,true,false\n").encode()

    parsed = parse_csv(body, today=TODAY)

    assert parsed.errors == []
    assert parsed.forecasts == parse_json(json_feed(FULL_ROW), today=TODAY).forecasts


def test_csv_columns_may_be_left_out_or_empty_and_in_any_order():
    body = b"min_temp_c,night,snow\n,2026-12-01,\n2.5,2026-12-02,yes\n"
    parsed = parse_csv(body, today=TODAY)
    assert [(f["min_temp_c"], f["snow"]) for f in parsed.forecasts] == [
        (None, False),
        (Decimal("2.5"), True),
    ]


def test_a_bad_csv_row_is_reported_with_its_line_number():
    body = (
        b"night,min_temp_c,snow\n"
        b"2026-12-01,-1,false\n"
        b"2026-12-02,minus one,false\n"
        b"2026-12-03,1,false,extra\n"
        b"2026-12-04,1\n"
        b"\n"
        b"2026-12-05,0.5,perhaps\n"
        b"2026-12-06,2,no\n"
    )

    parsed = parse_csv(body, today=TODAY)

    assert [f["night"].day for f in parsed.forecasts] == [1, 6]
    assert [(e.row, e.message) for e in parsed.errors] == [
        (3, "\"min_temp_c\" 'minus one' is not a number"),
        (4, "too many cells"),
        (5, "too few cells"),
        (7, '"snow" must be true or false'),
    ]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", 'header row with a "night" column'),
        (b"date,min_temp_c\n2026-12-01,1\n", 'header row with a "night" column'),
        (b"night,min_temp_c,pressure\n", "columns Waypost does not know: pressure"),
    ],
)
def test_a_csv_feed_with_a_bad_header_is_an_error(body, message):
    with pytest.raises(FeedError, match=message):
        parse_csv(body, today=TODAY)


# --- Fetching from a real local server ---------------------------------------------------------


@pytest.fixture
def private_addresses_allowed(settings) -> None:
    settings.FORECAST_FEED_ALLOW_PRIVATE = True


@pytest.mark.usefixtures("private_addresses_allowed")
def test_it_fetches_json_with_the_right_content_type(feed_server):
    feed_server.body = json_feed(FULL_ROW)
    feed_server.content_type = "application/json; charset=utf-8"

    assert fetch(feed_server.url("/feed.json"), source=JSON) == feed_server.body


@pytest.mark.usefixtures("private_addresses_allowed")
def test_a_wrong_content_type_is_refused(feed_server):
    feed_server.body = b"<html>Sign in</html>"
    feed_server.content_type = "text/html"

    with pytest.raises(FeedError, match="sent text/html, not application/json"):
        fetch(feed_server.url(), source=JSON)
    feed_server.content_type = "application/json"
    with pytest.raises(FeedError, match="not text/csv or application/csv"):
        fetch(feed_server.url(), source=CSV)


@pytest.mark.usefixtures("private_addresses_allowed")
def test_an_oversized_feed_is_refused(feed_server):
    feed_server.body = b"x" * (MAX_BYTES + 1)
    with pytest.raises(FeedError, match="larger than 256 KB"):
        fetch(feed_server.url(), source=JSON)
    feed_server.body = b"x" * MAX_BYTES
    assert len(fetch(feed_server.url(), source=JSON)) == MAX_BYTES


@pytest.mark.usefixtures("private_addresses_allowed")
def test_a_slow_feed_times_out(feed_server):
    feed_server.delay_seconds = 1.5
    with pytest.raises(FeedError, match="did not answer within 0.3 seconds"):
        fetch(feed_server.url(), source=JSON, timeout=0.3)


@pytest.mark.usefixtures("private_addresses_allowed")
def test_an_http_error_and_an_unreachable_feed_are_reported(feed_server):
    feed_server.status = 503
    with pytest.raises(FeedError, match="HTTP status 503"):
        fetch(feed_server.url(), source=JSON)
    with pytest.raises(FeedError, match="could not be reached"):
        fetch(f"http://127.0.0.1:{free_port()}/", source=JSON)


@pytest.mark.usefixtures("private_addresses_allowed")
def test_a_redirect_is_followed_only_to_a_web_address(feed_server):
    for location in ("ftp://files.example/feed", feed_server.url("/plain-http")):
        feed_server.status, feed_server.headers = 302, {"Location": location}
        with pytest.raises(FeedError, match="redirected to an address that does not start with"):
            fetch(feed_server.url(), source=JSON)
    feed_server.headers = {"Location": "file:///etc/passwd"}  # urllib refuses this itself
    with pytest.raises(FeedError, match="HTTP status 302"):
        fetch(feed_server.url(), source=JSON)


def test_only_web_addresses_are_fetched():
    with pytest.raises(FeedError, match="must start with https://"):
        fetch("file:///etc/passwd", source=JSON)


# --- Polling: fetch, parse, store --------------------------------------------------------------


def _feed_settings(partnership, url: str, source=JSON) -> SwepSettings:
    return SwepSettings.objects.create(partnership=partnership, source=source, feed_url=url)


@pytest.mark.usefixtures("private_addresses_allowed")
def test_polling_stores_one_forecast_a_night_and_reports_bad_rows(world, feed_server):
    today = timezone.localdate()
    feed_server.body = json_feed(
        {**FULL_ROW, "night": today.isoformat()},
        {"night": (today + timedelta(days=1)).isoformat(), "min_temp_c": "warm"},
    )
    swep_settings = _feed_settings(world.coventry, feed_server.url("/f.json"))

    report = poll_feed(swep_settings)

    assert (report.stored, report.failure) == (1, "")
    assert report.errors == ['Row 2: "min_temp_c" must be a number of degrees Celsius, like -1.5']
    forecast = Forecast.objects.get()
    assert (forecast.night, forecast.min_temp_c, forecast.source) == (
        today,
        Decimal("-1.0"),
        ForecastSource.JSON_FEED,
    )
    assert last_report(world.coventry.pk).errors == report.errors

    # The next reading updates the night in place (and keeps when coordinators were told).
    Forecast.objects.update(alerted_at=timezone.now())
    feed_server.body = json_feed({"night": today.isoformat(), "min_temp_c": 3})
    poll_feed(swep_settings)
    forecast = Forecast.objects.get()
    assert forecast.min_temp_c == Decimal("3.0")
    assert forecast.alerted_at is not None


@pytest.mark.usefixtures("private_addresses_allowed")
def test_a_feed_replaces_a_night_entered_by_hand(world, feed_server, coordinator_user):
    today = timezone.localdate()
    Forecast.objects.create(
        partnership=world.coventry,
        night=today,
        min_temp_c=Decimal("5"),
        source=ForecastSource.MANUAL,
        recorded_by=coordinator_user,
    )
    feed_server.body = (CSV_HEADER + f"{today.isoformat()},-2,,,,,,,,\n").encode()
    feed_server.content_type = "text/csv"

    poll_feed(_feed_settings(world.coventry, feed_server.url("/f.csv"), source=CSV))

    forecast = Forecast.objects.get()
    assert (forecast.min_temp_c, forecast.source, forecast.recorded_by) == (
        Decimal("-2.0"),
        ForecastSource.CSV_FEED,
        None,
    )


@pytest.mark.usefixtures("private_addresses_allowed")
def test_a_feed_that_fails_changes_nothing_and_says_why(world, feed_server):
    feed_server.content_type = "text/html"
    report = poll_feed(_feed_settings(world.coventry, feed_server.url()))
    assert report.failure.startswith("The feed sent text/html")
    assert not Forecast.objects.exists()
    assert last_report(world.coventry.pk).failure == report.failure


@pytest.mark.usefixtures("private_addresses_allowed")
def test_the_task_polls_only_partnerships_with_a_feed(world, feed_server):
    today = timezone.localdate().isoformat()
    feed_server.body = json_feed({"night": today, "min_temp_c": 4})
    _feed_settings(world.coventry, feed_server.url())
    SwepSettings.objects.create(partnership=world.birmingham, feed_url=feed_server.url())  # manual

    result = poll_forecasts.call()

    assert result == {"polled": 1, "failed": 0, "alerted": 0}
    assert feed_server.requests == 1
    assert list(Forecast.objects.values_list("partnership", flat=True)) == [world.coventry.pk]
