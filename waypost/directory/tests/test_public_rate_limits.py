"""The public directory search and the public toolkit PDF are limited per client address
(PUBLIC_SEARCH_RATE, PUBLIC_PDF_RATE; ASVS 2.4.1, 15.2.2): each call runs a full search or
may render a PDF. Over the limit: the GOV.UK "Too many requests" page, 429, Retry-After, and
one line on the security log."""

import logging
import os
import subprocess
import sys

from django.test import Client, override_settings

SEARCH = "/services/coventry/"
PDF = "/services/coventry/toolkit/hospitals.pdf"


def _security_lines(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "waypost.security"]


@override_settings(PUBLIC_SEARCH_RATE="2/minute")
def test_the_search_past_its_limit_is_refused_with_a_page_and_retry_after(world, caplog):
    caplog.set_level(logging.INFO, logger="waypost.security")
    client = Client()
    for _ in range(2):
        assert client.get(SEARCH, {"q": "food"}).status_code == 200
    response = client.get(SEARCH, {"q": "Quarrington"})
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    assert 1 <= int(response["Retry-After"]) <= 60
    [line] = _security_lines(caplog)
    assert (line.security["object_kind"], line.security["route"]) == (
        "public-search",
        "services:search",
    )
    assert "Quarrington" not in line.getMessage() and "127.0.0.1" not in line.getMessage()


@override_settings(PUBLIC_SEARCH_RATE="2/minute")
def test_the_search_limit_is_per_address(world):
    first, second = Client(REMOTE_ADDR="198.51.100.1"), Client(REMOTE_ADDR="198.51.100.2")
    for _ in range(2):
        first.get(SEARCH)
    assert first.get(SEARCH).status_code == 429
    assert second.get(SEARCH).status_code == 200


@override_settings(PUBLIC_PDF_RATE="1/minute")
def test_the_public_pdf_past_its_limit_is_refused(world, caplog):
    caplog.set_level(logging.INFO, logger="waypost.security")
    client = Client()
    assert client.get(PDF).status_code == 200
    response = client.get(PDF)
    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/html")
    assert int(response["Retry-After"]) >= 1
    [line] = _security_lines(caplog)
    assert line.security["object_kind"] == "public-pdf"
    assert Client(REMOTE_ADDR="198.51.100.9").get(PDF).status_code == 200


def test_the_default_limits_are_sensible():
    """What a deployment gets without setting them (the tests' own settings raise them)."""
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.PUBLIC_SEARCH_RATE, settings.PUBLIC_PDF_RATE, settings.API_USER_RATE)"
    )
    env = {k: v for k, v in os.environ.items() if not k.endswith("_RATE")}
    env |= {"DJANGO_SETTINGS_MODULE": "waypost.settings", "SECRET_KEY": "x", "WAYPOST_DEMO": "1"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.stdout.split() == ["60/minute", "20/minute", "1200/hour"]
