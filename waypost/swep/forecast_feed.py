"""Forecasts from a feed over HTTP: JSON or CSV, in the format of docs/severe-weather.md.

The worker fetches each feed (`poll_forecasts` in waypost.swep.tasks) with a timeout, a size
limit and a content-type check, only from public internet addresses and through https-only
redirects (feed_connection), parses it strictly and stores one Forecast per night. A bad row
is reported (row number and what is wrong) and skipped; the good rows are kept. A feed that
cannot be fetched or read at all changes nothing. Feeds hold weather only, nothing personal,
and come only from the public internet (so nothing from inside the network is ever read),
so row errors may quote the values they refuse.
"""

import csv
import http.client
import io
import json
import logging
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from waypost.accounts.models import Partnership
from waypost.swep.feed_connection import AddressNotAllowed, checked_handlers
from waypost.swep.models import AlertLevel, Forecast, ForecastSource, SwepSettings

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10
MAX_BYTES = 256 * 1024
MAX_ROWS = 62
# Nights further than this from today are refused (a mistyped year, say).
MAX_DAYS_AWAY = 60
MIN_C, MAX_C = Decimal("-60"), Decimal("60")

CONTENT_TYPES = {
    ForecastSource.JSON_FEED: ("application/json",),
    ForecastSource.CSV_FEED: ("text/csv", "application/csv"),
}
TEMPERATURES = ("min_temp_c", "feels_like_min_c")
ALERTS = ("met_office_warning", "ukhsa_cold_alert", "ukhsa_heat_alert")
FLAGS = ("wind_chill", "snow", "ice", "heavy_rain")
COLUMNS = ("night", *TEMPERATURES, *ALERTS, *FLAGS)
TRUE_WORDS = {"true", "yes", "1"}
FALSE_WORDS = {"false", "no", "0", ""}


class FeedError(Exception):
    """The feed could not be fetched or read at all (plain words for the settings page)."""


@dataclass(frozen=True)
class RowError:
    row: int  # JSON: the position in "forecasts", from 1; CSV: the line, the header being 1
    message: str

    def __str__(self) -> str:
        return f"Row {self.row}: {self.message}"


@dataclass
class Parsed:
    forecasts: list[dict[str, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


@dataclass
class FeedReport:
    """What one poll did, kept (in the cache) for the settings page."""

    checked_at: str
    stored: int = 0
    errors: list[str] = field(default_factory=list)
    failure: str = ""

    @property
    def checked(self) -> datetime:
        return datetime.fromisoformat(self.checked_at)


# --- Fetching ----------------------------------------------------------------------------------


# Shown on the settings page (which adds the full stop) and logged: it names no address.
NOT_ALLOWED = "The forecast address is not allowed: it points inside a private network"


class _HttpsOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to https addresses (never http:, file: or ftp:). The new host's
    addresses are checked when its connection opens (feed_connection)."""

    def redirect_request(
        self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> urllib.request.Request | None:
        if not newurl.lower().startswith("https://"):
            raise FeedError("The feed redirected to an address that does not start with https://")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, *, source: str, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """The feed's body. FeedError when its host (or a redirect's) is not on the public
    internet, or it cannot be fetched, is not the expected content type, or is larger than
    MAX_BYTES."""
    if not url.lower().startswith(("http://", "https://")):
        raise FeedError("The feed address must start with https:// or http://")
    accepted = CONTENT_TYPES[ForecastSource(source)]
    request = urllib.request.Request(  # noqa: S310  (web addresses only, checked above)
        url, headers={"Accept": ", ".join(accepted), "User-Agent": "Waypost SWEP"}
    )
    opener = urllib.request.build_opener(*checked_handlers(), _HttpsOnlyRedirects)
    try:
        with opener.open(request, timeout=timeout) as response:
            content_type = response.headers.get_content_type()
            if content_type not in accepted:
                raise FeedError(
                    f"The feed sent {content_type}, not {' or '.join(accepted)}: "
                    "check the address and the feed type"
                )
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > MAX_BYTES:
                raise FeedError(f"The feed is larger than {MAX_BYTES // 1024} KB")
            body = _read_limited(response, deadline=time.monotonic() + timeout)
    except AddressNotAllowed:
        raise FeedError(NOT_ALLOWED) from None
    except urllib.error.HTTPError as error:
        error.close()
        raise FeedError(f"The feed answered with HTTP status {error.code}") from None
    except TimeoutError:
        raise FeedError(f"The feed did not answer within {timeout:g} seconds") from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise FeedError(f"The feed did not answer within {timeout:g} seconds") from None
        raise FeedError("The feed could not be reached") from None
    except OSError:
        raise FeedError("The feed could not be reached") from None
    except http.client.HTTPException:
        raise FeedError("The feed's answer was cut short or malformed") from None
    return body


def _read_limited(response: Any, *, deadline: float) -> bytes:
    """Read at most MAX_BYTES, and give up at the deadline even if the feed keeps trickling
    (the socket timeout only limits each read)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise TimeoutError
        chunk = response.read(16 * 1024)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > MAX_BYTES:
            raise FeedError(f"The feed is larger than {MAX_BYTES // 1024} KB")
        chunks.append(chunk)


# --- Parsing -----------------------------------------------------------------------------------


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FeedError("The feed is not UTF-8 text") from None


def parse_json(body: bytes, *, today: date | None = None) -> Parsed:
    """{"forecasts": [{"night": "2026-12-01", "min_temp_c": -1.0, ...}, ...]}"""
    try:
        data = json.loads(_text(body), parse_float=Decimal)
    except json.JSONDecodeError as error:
        raise FeedError(f"The feed is not valid JSON (line {error.lineno})") from None
    if not isinstance(data, dict) or not isinstance(data.get("forecasts"), list):
        raise FeedError('The feed must be a JSON object with a "forecasts" list')
    return _parse_rows(enumerate(data["forecasts"], start=1), today=today, strings=False)


def parse_csv(body: bytes, *, today: date | None = None) -> Parsed:
    """A header row naming the columns (night first is usual; any order), then a row a night."""
    reader = csv.DictReader(io.StringIO(_text(body), newline=""))
    header = [name.strip() for name in reader.fieldnames or []]
    if "night" not in header:
        raise FeedError('The CSV feed needs a header row with a "night" column')
    unknown = [name for name in header if name not in COLUMNS]
    if unknown:
        raise FeedError(f"The CSV feed has columns Waypost does not know: {', '.join(unknown)}")
    reader.fieldnames = header
    rows: list[tuple[int, Any]] = []
    try:
        for row in reader:
            if None in row:  # more cells than headings
                rows.append((reader.line_num, RowError(reader.line_num, "too many cells")))
            elif any(value is None for value in row.values()):
                rows.append((reader.line_num, RowError(reader.line_num, "too few cells")))
            elif not any((value or "").strip() for value in row.values()):
                continue  # a blank line
            else:
                rows.append((reader.line_num, row))
    except csv.Error as error:
        raise FeedError(f"The CSV feed cannot be read: {error}") from None
    return _parse_rows(rows, today=today, strings=True)


def _parse_rows(rows: Any, *, today: date | None, strings: bool) -> Parsed:
    today = today or timezone.localdate()
    parsed = Parsed()
    seen: set[date] = set()
    for number, raw in rows:
        if len(parsed.forecasts) >= MAX_ROWS:
            parsed.errors.append(RowError(number, f"more than {MAX_ROWS} nights: not read"))
            continue
        if isinstance(raw, RowError):
            parsed.errors.append(raw)
            continue
        try:
            forecast = parse_row(raw, strings=strings, today=today)
        except ValueError as error:
            parsed.errors.append(RowError(number, str(error)))
            continue
        if forecast["night"] in seen:
            parsed.errors.append(
                RowError(number, f"the night {forecast['night']} appears more than once")
            )
            continue
        seen.add(forecast["night"])
        parsed.forecasts.append(forecast)
    return parsed


def parse_row(raw: Any, *, strings: bool, today: date) -> dict[str, Any]:
    """One night's forecast as Forecast field values; ValueError says what is wrong."""
    if not isinstance(raw, dict):
        raise ValueError("each forecast must be an object")
    unknown = sorted(set(raw) - set(COLUMNS))
    if unknown:
        raise ValueError(f"unknown field {', '.join(map(repr, unknown))}")
    night = _night(raw.get("night"), today)
    result: dict[str, Any] = {"night": night}
    for name in TEMPERATURES:
        result[name] = _temperature(name, raw.get(name), strings=strings)
    for name in ALERTS:
        result[name] = _alert(name, raw.get(name))
    for name in FLAGS:
        result[name] = _flag(name, raw.get(name), strings=strings)
    return result


def _night(value: Any, today: date) -> date:
    if not isinstance(value, str) or not value.strip():
        raise ValueError('"night" is missing: give the date as YYYY-MM-DD')
    try:
        night = date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f'"night" {value!r} is not a date like 2026-12-01') from None
    if abs((night - today).days) > MAX_DAYS_AWAY:
        raise ValueError(f'"night" {night} is more than {MAX_DAYS_AWAY} days from today')
    return night


def _temperature(name: str, value: Any, *, strings: bool) -> Decimal | None:
    if value is None or (strings and isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or (not strings and isinstance(value, str)):
        raise ValueError(f'"{name}" must be a number of degrees Celsius, like -1.5')
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(f'"{name}" {value!r} is not a number') from None
    if not number.is_finite() or not MIN_C <= number <= MAX_C:
        raise ValueError(f'"{name}" {value} is not between {MIN_C} and {MAX_C} °C')
    return number.quantize(Decimal("0.1"))


def _alert(name: str, value: Any) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return AlertLevel.NONE
    if not isinstance(value, str):
        raise ValueError(f'"{name}" must be none, yellow, amber or red')
    word = value.strip().lower()
    if word == "green":  # UKHSA's "green" is no alert
        return AlertLevel.NONE
    if word not in AlertLevel.values:
        raise ValueError(f'"{name}" {value!r} is not none, yellow, amber or red')
    return word


def _flag(name: str, value: Any, *, strings: bool) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if strings and isinstance(value, str):
        word = value.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
    raise ValueError(f'"{name}" must be true or false')


# --- Storing -----------------------------------------------------------------------------------


@transaction.atomic
def store_forecasts(
    partnership: Partnership, forecasts: list[dict[str, Any]], *, source: str
) -> int:
    """Create or update one Forecast per night (the feed replaces what was there, including a
    forecast entered by hand). When a coordinator was told about the night is kept."""
    now = timezone.now()
    for values in forecasts:
        defaults = {k: v for k, v in values.items() if k != "night"}
        Forecast.objects.update_or_create(
            partnership=partnership,
            night=values["night"],
            defaults={**defaults, "source": source, "received_at": now, "recorded_by": None},
        )
    return len(forecasts)


def report_key(partnership_id: Any) -> str:
    return f"swep-feed-report:{partnership_id}"


def last_report(partnership_id: Any) -> FeedReport | None:
    data = cache.get(report_key(partnership_id))
    return FeedReport(**data) if isinstance(data, dict) else None


def poll_feed(swep_settings: SwepSettings, *, today: date | None = None) -> FeedReport:
    """Fetch, parse and store one partnership's feed; keep and return what happened."""
    report = FeedReport(checked_at=timezone.now().isoformat())
    partnership_id = swep_settings.partnership_id
    try:
        body = fetch(swep_settings.feed_url, source=swep_settings.source)
        parser = parse_json if swep_settings.source == ForecastSource.JSON_FEED else parse_csv
        parsed = parser(body, today=today)
    except FeedError as error:
        report.failure = str(error)
        logger.warning("SWEP feed for partnership %s not read: %s", partnership_id, error)
    else:
        report.stored = store_forecasts(
            swep_settings.partnership, parsed.forecasts, source=swep_settings.source
        )
        report.errors = [str(error) for error in parsed.errors]
        if parsed.errors:
            logger.warning(
                "SWEP feed for partnership %s: %s row(s) refused: %s",
                partnership_id,
                len(parsed.errors),
                "; ".join(report.errors[:10]),
            )
    cache.set(
        report_key(partnership_id), report.__dict__, timeout=int(timedelta(days=7).total_seconds())
    )
    return report
