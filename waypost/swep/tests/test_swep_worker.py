"""The whole of SWEP on the real worker (db_worker in its own process), against local fakes of
the outside world: a forecast feed, a mail server and an SMS gateway.

The feed forecasts −1 °C tonight; the worker reads it and the coordinator is emailed; the
coordinator proposes an activation and the commissioner activates it; the worker delivers the
cascade and is killed just after handing over the first message; a new worker finishes the
job. Every partner gets their message exactly once (email by Message-ID, as a mail store that
suppresses duplicates shows it; text messages by reference, the gateway's idempotency key).
"""

import json
import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from waypost.notifications.models import OutboxChannel, OutboxMessage, OutboxStatus
from waypost.notifications.tasks import FAULT_AFTER_SEND_ENV
from waypost.swep.cascade import STARTED, run_cascade
from waypost.swep.models import (
    Activation,
    ActivationStatus,
    CascadeMessage,
    Forecast,
    ForecastSource,
    RotaMember,
    Subscription,
    SubscriptionChannel,
    SwepSettings,
)
from waypost.swep.tasks import poll_forecasts
from waypost.testing.worker import (  # noqa: F401  (fixtures)
    WorkerRunner,
    feed_server_fixture,
    mail_store_fixture,
    sms_gateway_fixture,
)

pytestmark = pytest.mark.django_db(transaction=True)

ROTA_MOBILE = "+447700900111"
SUBSCRIBER_MOBILE = "+447700900222"
WORKER = ("db_worker", "--batch", "--no-startup-delay")


def _proposal(forecast: Forecast) -> dict:
    night = forecast.night
    morning = night + timedelta(days=1)
    return {
        "forecast": str(forecast.pk),
        "kind": "cold",
        "starts_on_0": night.day,
        "starts_on_1": night.month,
        "starts_on_2": night.year,
        "starts_time": "18:00",
        "ends_on_0": morning.day,
        "ends_on_1": morning.month,
        "ends_on_2": morning.year,
        "ends_time": "09:00",
        "reasons": "Forecast minimum \u22121.0 °C, at or below 0.0 °C",
    }


def test_a_cold_night_reaches_every_partner_exactly_once_across_a_worker_crash(
    world,
    coordinator_user,
    coordinator_client,
    commissioner_client,
    caseworker_user,
    outreach_user,
    provider_user,
    referrer_user,
    feed_server,
    mail_store,
    sms_gateway,
    tmp_path,
):
    run_worker = WorkerRunner(mail_store=mail_store, tmp_path=tmp_path, sms_gateway=sms_gateway)
    tonight = timezone.localdate()
    feed_server.body = json.dumps(
        {"forecasts": [{"night": tonight.isoformat(), "min_temp_c": -1.0, "ice": True}]}
    ).encode()
    SwepSettings.objects.create(
        partnership=world.coventry, source=ForecastSource.JSON_FEED, feed_url=feed_server.url()
    )
    RotaMember.objects.create(partnership=world.coventry, user=outreach_user, phone=ROTA_MOBILE)
    Subscription.objects.create(
        partnership=world.coventry,
        user=caseworker_user,
        channel=SubscriptionChannel.SMS,
        phone=SUBSCRIBER_MOBILE,
    )
    Subscription.objects.create(
        partnership=world.coventry, user=referrer_user, channel=SubscriptionChannel.EMAIL
    )

    # 1. The scheduler's job: the worker reads the feed and tells the coordinator.
    poll_forecasts.enqueue()
    polled = run_worker(*WORKER, env={"FORECAST_FEED_ALLOW_PRIVATE": "1"})  # feed on 127.0.0.1

    assert polled.returncode == 0, polled.stderr
    assert feed_server.requests == 1
    forecast = Forecast.objects.get()
    assert (forecast.night, str(forecast.min_temp_c), forecast.source) == (
        tonight,
        "-1.0",
        ForecastSource.JSON_FEED,
    )
    assert forecast.alerted_at is not None
    [alert] = mail_store.receipts
    assert alert["To"] == coordinator_user.email
    assert "crosses a trigger in Coventry" in alert["Subject"]

    # 2. The coordinator proposes (from the alert's link); the commissioner activates.
    page = coordinator_client.get(reverse("swep:propose") + f"?forecast={forecast.pk}")
    assert "Forecast minimum \u22121.0 °C" in page.content.decode()
    response = coordinator_client.post(reverse("swep:propose"), _proposal(forecast))
    assert response.status_code == 302
    activation = Activation.objects.get()
    response = commissioner_client.post(
        reverse("swep:activate", args=[activation.pk]), {"version": activation.version}
    )
    assert response.status_code == 302
    activation.refresh_from_db()
    assert activation.status == ActivationStatus.ACTIVE
    cascade = list(CascadeMessage.objects.filter(activation=activation))
    emails = {m.address for m in cascade if m.channel == SubscriptionChannel.EMAIL}
    texts = {m.address for m in cascade if m.channel == SubscriptionChannel.SMS}
    assert emails == {
        coordinator_user.email,
        caseworker_user.email,
        outreach_user.email,
        provider_user.email,
        referrer_user.email,
    }
    assert texts == {ROTA_MOBILE, SUBSCRIBER_MOBILE}

    # 3. The worker dies just after the first message is handed over.
    crashed = run_worker(*WORKER, env={FAULT_AFTER_SEND_ENV: "1", "OUTBOX_LEASE_SECONDS": "1"})
    assert crashed.returncode == 1, crashed.stderr
    assert "Traceback" not in crashed.stderr
    cascade_outbox = OutboxMessage.objects.filter(
        pk__in=[m.outbox_id for m in CascadeMessage.objects.filter(activation=activation)]
    )
    [stuck] = cascade_outbox.filter(status=OutboxStatus.SENDING)
    assert len(mail_store.receipts) - 1 + len(sms_gateway.receipts) == 1

    # 4. A new worker delivers the rest; once the dead worker's lease runs out, the
    # outbox sweep sends the stuck message again, with the same Message-ID or reference.
    restarted = run_worker(*WORKER)
    assert restarted.returncode == 0, restarted.stderr
    stuck.refresh_from_db()
    while timezone.now() <= stuck.lease_expires_at:
        time.sleep(0.1)
    swept = run_worker("deliver_outbox")
    assert swept.returncode == 0, swept.stderr
    assert "Sent 1 outbox message." in swept.stdout

    assert set(cascade_outbox.values_list("status", flat=True)) == {OutboxStatus.SENT}
    started = [m for m in mail_store.receipts if m["Subject"] == "SWEP is active in Coventry"]
    by_id = {m["Message-ID"]: m["To"] for m in started}
    assert sorted(by_id.values()) == sorted(emails)  # each address: one distinct message
    assert sorted(r.to for r in {r.reference: r for r in sms_gateway.receipts}.values()) == sorted(
        texts
    )
    # Exactly one message crossed the wire twice: the one the worker died after sending.
    transport = len(started) + len(sms_gateway.receipts)
    assert transport == len(emails) + len(texts) + 1
    if stuck.channel == OutboxChannel.SMS:
        assert sms_gateway.delivered[str(stuck.pk)] == 2
    else:
        assert [m["Message-ID"] for m in started].count(stuck.message_id_header) == 2

    # Nothing is left, and running the cascade again would tell nobody.
    again = run_worker("deliver_outbox")
    assert "Sent 0 outbox messages." in again.stdout
    assert run_cascade(activation, STARTED) == 0
