"""The public alert form and status pages are limited per address: nobody can flood the queue
or find alerts by trying references, and a limited alerter loses nothing they typed."""

from django.test import Client

from waypost.referrals.models import Alert
from waypost.referrals.tests.helpers import form_data, make_alert


def test_the_form_refuses_past_the_limit_and_keeps_what_was_typed(client, areas, settings):
    settings.ALERTS_FORM_RATE = "2/hour"
    for _ in range(2):
        assert client.post("/alerts/", form_data()).status_code == 302
    response = client.post("/alerts/", form_data())
    page = response.content.decode()
    assert response.status_code == 429
    assert "You have sent a lot of alerts" in page
    assert "In the doorway of Boots, opposite the bus stop" in page
    assert 'value="Hertford Street"' in page
    assert Alert.objects.count() == 2


def test_the_limit_is_per_address(areas, settings):
    settings.ALERTS_FORM_RATE = "1/hour"
    first = Client(REMOTE_ADDR="192.0.2.1")
    second = Client(REMOTE_ADDR="192.0.2.2")
    assert first.post("/alerts/", form_data()).status_code == 302
    assert first.post("/alerts/", form_data()).status_code == 429
    assert second.post("/alerts/", form_data()).status_code == 302


def test_a_forged_forwarded_header_does_not_dodge_the_limit(areas, settings):
    settings.ALERTS_FORM_RATE = "1/hour"
    client = Client(REMOTE_ADDR="192.0.2.1")
    assert client.post("/alerts/", form_data(), HTTP_X_FORWARDED_FOR="10.0.0.1").status_code == 302
    response = client.post("/alerts/", form_data(), HTTP_X_FORWARDED_FOR="10.0.0.2")
    assert response.status_code == 429


def test_behind_a_proxy_the_address_it_saw_is_used(areas, settings):
    settings.ALERTS_FORM_RATE = "1/hour"
    settings.AXES_IPWARE_PROXY_COUNT = 1
    proxy = Client(REMOTE_ADDR="10.0.0.9")
    assert proxy.post("/alerts/", form_data(), HTTP_X_FORWARDED_FOR="192.0.2.1").status_code == 302
    assert proxy.post("/alerts/", form_data(), HTTP_X_FORWARDED_FOR="192.0.2.2").status_code == 302
    assert proxy.post("/alerts/", form_data(), HTTP_X_FORWARDED_FOR="192.0.2.1").status_code == 429


def test_trying_references_in_bulk_is_stopped(client, areas, settings):
    settings.ALERTS_STATUS_RATE = "3/minute"
    alert = make_alert()
    for guess in ("AAAAAAAAAA", "BBBBBBBBBB", "CCCCCCCCCC"):
        assert client.get(f"/alerts/status/{guess}/").status_code == 404
    response = client.get(f"/alerts/status/{alert.reference}/")
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    assert client.get("/alerts/status/", {"reference": alert.reference}).status_code == 429
