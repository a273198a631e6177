"""Distances for "near a place", and the rounding of a device's location to about 100 metres
before it goes into a link."""

import pytest

from waypost.directory import geo


def test_a_known_distance_coventry_to_birmingham():
    # Coventry and Birmingham city centres are about 18 miles apart as the crow flies.
    miles = geo.miles_between(52.4081, -1.5106, 52.4797, -1.9026)
    assert 17 < miles < 18.5


def test_the_same_place_is_no_distance():
    assert geo.miles_between(52.4, -1.5, 52.4, -1.5) == 0


@pytest.mark.parametrize(
    ("latitude", "longitude", "usable"),
    [
        (52.4, -1.5, True),
        (90, 180, True),
        (-90, -180, True),
        (None, -1.5, False),
        (52.4, None, False),
        (90.1, 0, False),
        (0, -180.5, False),
        (float("nan"), 0, False),
    ],
)
def test_usable_places(latitude, longitude, usable):
    assert geo.usable(latitude, longitude) is usable


def test_a_device_location_is_rounded_to_three_places():
    assert geo.rounded(52.408123456, -1.510678) == (52.408, -1.511)


@pytest.mark.parametrize(
    ("miles", "words"),
    [
        (0.04, "less than 0.1 miles"),
        (0.42, "0.4 miles"),
        (1.0, "1 mile"),
        (2.0, "2 miles"),
        (9.96, "10 miles"),
        (12.4, "12 miles"),
    ],
)
def test_miles_in_words(miles, words):
    assert geo.miles_words(miles) == words
