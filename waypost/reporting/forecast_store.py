"""Forecasts kept in Django's cache, so the page rarely fits a model while someone waits.

Fitting is CPU work: each forecast is 13 fits (the forecast and 12 back-test fits), about 0.1 s
each for a short series and 0.3 to 0.4 s with yearly seasonality on an idle core. A forecast
is stored under a digest of the series' values (and the method's version): the same figures
give the same forecast, and new or corrected figures a new one. `warm_forecasts` (a nightly
job) works out every partnership's forecasts after the month's figures change, so the first
viewer does not wait.
"""

import hashlib
from collections.abc import Sequence

from django.core.cache import cache
from django.tasks import task
from django.utils import timezone

from waypost.accounts.models import Partnership
from waypost.reporting import forecast as method
from waypost.reporting.forecast_series import SERIES_NAMES, monthly_series

CACHE_SECONDS = 60 * 60 * 24 * 40
METHOD_VERSION = 1  # change it when the method changes, so no old forecast is served


def cache_key(values: Sequence[int]) -> str:
    digest = hashlib.sha256(",".join(map(str, values)).encode()).hexdigest()
    return f"reporting:forecast:{METHOD_VERSION}:{digest}"


def cached_forecast(values: Sequence[int]) -> method.Forecast:
    """The forecast of `values`, from the cache when these exact values were forecast before."""
    key = cache_key(values)
    found = cache.get(key)
    if found is None:
        found = method.forecast([float(v) for v in values])
        cache.set(key, found, CACHE_SECONDS)
    return found


@task
def warm_forecasts() -> int:
    """Work out (or find) the forecast of each series of each partnership with enough data;
    how many there are."""
    today = timezone.localdate()
    found = 0
    for partnership in Partnership.objects.order_by("pk"):
        for kind in SERIES_NAMES:
            series = monthly_series(kind, partnership, today)
            if len(series.values) >= method.MIN_MONTHS:
                cached_forecast(series.values)
                found += 1
    return found
