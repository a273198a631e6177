"""Distances for "near a place": from an area's middle point, or from the device's location.

A device location is rounded to 3 decimal places (about 110 metres north to south, and 70
metres east to west in England) before it goes anywhere: it travels in the search page's URL,
so it ends up in browser history and server logs, and a street is enough to sort services by
distance while a doorway would say where someone sleeps.
"""

import math
from decimal import Decimal

EARTH_RADIUS_MILES = 3958.8
# 3 decimal places of a degree: about 100 metres (see the module docstring).
DEVICE_PLACES = 3

Number = float | Decimal | int


def usable(latitude: Number | None, longitude: Number | None) -> bool:
    """Whether this is a real place on Earth (imported data may hold anything)."""
    if latitude is None or longitude is None:
        return False
    lat, lng = float(latitude), float(longitude)
    if math.isnan(lat) or math.isnan(lng):
        return False
    return -90 <= lat <= 90 and -180 <= lng <= 180


def miles_between(lat1: Number, lng1: Number, lat2: Number, lng2: Number) -> float:
    """The great-circle distance in miles (haversine): close enough for "0.4 miles away"."""
    phi1, phi2 = math.radians(float(lat1)), math.radians(float(lat2))
    d_phi = phi2 - phi1
    d_lambda = math.radians(float(lng2) - float(lng1))
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(a)))


def rounded(latitude: Number, longitude: Number) -> tuple[float, float]:
    """A device location as it may be kept or passed on: to about 100 metres."""
    return round(float(latitude), DEVICE_PLACES), round(float(longitude), DEVICE_PLACES)


def miles_words(miles: float) -> str:
    """ "0.4 miles", "1 mile", "12 miles"."""
    if miles < 0.1:
        return "less than 0.1 miles"
    if miles < 10:
        value = f"{miles:.1f}".rstrip("0").rstrip(".")
    else:
        value = f"{miles:.0f}"
    return f"{value} mile" if value == "1" else f"{value} miles"
