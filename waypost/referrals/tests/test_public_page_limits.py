"""The public giving and severe weather pages are limited per client address (PUBLIC_PAGE_RATE;
ASVS 2.4.1, G13): past the limit, the GOV.UK "Too many requests" page with Retry-After and one
line on the security log; another address is still answered."""

import logging

import pytest
from django.test import Client, override_settings

PAGES = {
    "giving": "/giving/",
    "one partnership's giving": "/giving/coventry/",
    "severe weather": "/severe-weather/",
    "one partnership's severe weather": "/severe-weather/coventry/",
}


@override_settings(PUBLIC_PAGE_RATE="2/minute")
@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_a_public_page_past_its_limit_is_refused_and_logged(world, caplog, path):
    caplog.set_level(logging.INFO, logger="waypost.security")
    first = Client().get(path)
    assert first.status_code in (200, 404)  # Coventry may have no public fund: still counted
    Client().get(path)
    response = Client().get(path)
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    assert 1 <= int(response["Retry-After"]) <= 60
    [line] = [r for r in caplog.records if r.name == "waypost.security"]
    assert line.security["reason"] == "rate_limited"
    assert "127.0.0.1" not in line.getMessage()
    elsewhere = Client(REMOTE_ADDR="192.0.2.7").get(path)
    assert elsewhere.status_code == first.status_code


def test_the_default_is_generous_enough_for_a_shared_address(settings):
    from waypost.referrals.ratelimit import parse_rate

    count, seconds = parse_rate(settings.PUBLIC_PAGE_RATE)
    assert count / seconds >= 1  # a day centre's computers share an address
