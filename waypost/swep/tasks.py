"""SWEP work for the worker: poll the forecast feeds, then tell coordinators about nights that
cross a trigger. Run hourly by the scheduler (`poll-forecasts` in waypost/scheduling/jobs.py).

The task takes no arguments (nothing personal ever travels through the task queue, and a
forecast is not personal anyway).
"""

import logging
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from waypost.accounts.models import Partnership, User
from waypost.notifications.actions import notify
from waypost.swep.activation_access import (
    coordinators_of,
    covering,
    open_activations,
    settings_for_many,
)
from waypost.swep.forecast_feed import poll_feed
from waypost.swep.models import Forecast, ForecastSource, SwepSettings
from waypost.swep.triggers import crossed, describe_night

logger = logging.getLogger(__name__)

FEED_SOURCES = (ForecastSource.JSON_FEED, ForecastSource.CSV_FEED)


@task
def poll_forecasts() -> dict[str, int]:
    """Read every partnership's forecast feed, then alert coordinators (see `alert_coordinators`).

    A feed that fails is reported on its partnership's settings page and in the log; the
    others are still read, and the alerts still sent for what is already known.
    """
    feeds = SwepSettings.objects.filter(source__in=FEED_SOURCES).exclude(feed_url="")
    polled = failed = 0
    for swep_settings in feeds.select_related("partnership"):
        polled += 1
        try:
            report = poll_feed(swep_settings)
        except Exception:  # one partnership's broken feed must not stop the others
            logger.exception("SWEP feed for partnership %s failed", swep_settings.partnership_id)
            failed += 1
            continue
        failed += bool(report.failure)
    alerted = alert_coordinators()
    logger.info("SWEP: %s feed(s) polled, %s failed, %s night(s) alerted", polled, failed, alerted)
    return {"polled": polled, "failed": failed, "alerted": alerted}


def alert_coordinators(
    *, partnership_ids: Iterable[Any] | None = None, skip_user: User | None = None
) -> int:
    """Tell each coordinator of the partnership, once per night, about every night from
    tonight on that crosses a trigger with no proposed or active activation covering it: in
    Waypost and by email, with a link to propose an activation. Returns how many nights.

    Each night is claimed by setting Forecast.alerted_at only if it is still empty, in the
    same transaction as the notifications, so a second run (or a second worker) tells nobody
    again. `skip_user` (who entered the forecast) is not told what they just typed.
    """
    today = timezone.localdate()
    forecasts = Forecast.objects.filter(night__gte=today, alerted_at__isnull=True)
    if partnership_ids is not None:
        forecasts = forecasts.filter(partnership_id__in=list(partnership_ids))
    candidates = list(forecasts.select_related("partnership").order_by("partnership", "night"))
    if not candidates:
        return 0
    ids = {f.partnership_id for f in candidates}
    swep_settings = settings_for_many(ids)
    activations = open_activations(ids)
    crossing = []
    for forecast in candidates:
        reasons = crossed(swep_settings[forecast.partnership_id], forecast)
        if reasons and not covering(activations, forecast.partnership_id, forecast.night):
            crossing.append((forecast, reasons))
    if not crossing:
        return 0
    coordinators = coordinators_of({f.partnership_id for f, _ in crossing})
    alerted = 0
    for forecast, reasons in crossing:
        with transaction.atomic():
            claimed = Forecast.objects.filter(pk=forecast.pk, alerted_at__isnull=True).update(
                alerted_at=timezone.now()
            )
            if not claimed:
                continue
            alerted += 1
            _tell(
                forecast,
                [r.text for r in reasons],
                coordinators.get(forecast.partnership_id, []),
                skip_user,
            )
    return alerted


def _tell(forecast: Forecast, reasons: list[str], users: list[User], skip: User | None) -> None:
    partnership: Partnership = forecast.partnership
    night = describe_night(forecast.night)
    link = reverse("swep:propose") + f"?forecast={forecast.pk}"
    title = f"SWEP: the forecast for {night} crosses a trigger in {partnership.name}"
    body = (
        f"The forecast for the night of {night} crosses a SWEP trigger: "
        f"{'; '.join(reasons)}. Propose an activation, or record why not."
    )
    for user in users:
        if skip is not None and user.pk == skip.pk:
            continue
        notify(user, title=title, body=body, link=link, email=True)
