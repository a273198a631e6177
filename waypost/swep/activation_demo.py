"""Demo SWEP for `seed_demo`: the partnership's settings (with help for the public), a week of
forecasts entered by hand with one night at −2 °C, a past activation that has ended, the
outreach worker on the rota, and, for Coventry only, SWEP active from tonight (so the banner
shows in the demo).

Idempotent: each piece is made only when it is missing, so running seed_demo again (the same
day) adds nothing.
"""

from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from waypost.accounts.models import Partnership, Role
from waypost.swep.activation_actions import start_activation
from waypost.swep.models import (
    Activation,
    ActivationKind,
    ActivationStatus,
    AlertLevel,
    Forecast,
    ForecastSource,
    RotaMember,
    Subscription,
    SubscriptionChannel,
    SwepSettings,
)
from waypost.swep.triggers import NIGHT_ENDS, NIGHT_STARTS, describe_night

HELP = {
    "coventry": (
        "Go to the Coventry Winter Shelter, Harnall Lane East, from 7pm: no need to phone "
        "first. Or call the number above at any time and the outreach team will come to you."
    ),
    "birmingham": (
        "Call the number above at any time, day or night, and the outreach team will find you "
        "a bed. You do not need to have lived in Birmingham before."
    ),
}
PHONES = {"coventry": "024 7683 3333", "birmingham": "0121 303 7410"}
# (days from today, minimum, feels like, cold alert, discretionary flags)
WEEK: list[tuple[int, str, str | None, str, dict[str, bool]]] = [
    (0, "2.5", "0.5", AlertLevel.YELLOW, {"wind_chill": True}),
    (1, "-2.0", "-5.0", AlertLevel.AMBER, {"ice": True, "wind_chill": True}),
    (2, "1.0", "0.5", AlertLevel.YELLOW, {"ice": True}),
    (3, "2.0", "0.5", AlertLevel.NONE, {}),
    (4, "3.5", "1.0", AlertLevel.NONE, {"heavy_rain": True}),
    (5, "4.0", "2.5", AlertLevel.NONE, {}),
    (6, "2.5", "1.0", AlertLevel.NONE, {"snow": True}),
]


def _at(day: Any, moment: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, moment))


@transaction.atomic
def seed_swep_demo(
    partnership: Partnership, agencies: dict[str, Any], users: dict[str, Any]
) -> None:
    """Seed one partnership (`agencies` is unused: every agency is told through its staff)."""
    today = timezone.localdate()
    coordinator = users[Role.COORDINATOR]
    SwepSettings.objects.get_or_create(
        partnership=partnership,
        defaults={
            "help_text": HELP.get(partnership.slug, HELP["birmingham"]),
            "help_phone": PHONES.get(partnership.slug, "0300 123 4567"),
            "updated_by": users[Role.PARTNERSHIP_ADMIN],
        },
    )
    for days, minimum, feels_like, cold, flags in WEEK:
        Forecast.objects.get_or_create(
            partnership=partnership,
            night=today + timedelta(days=days),
            defaults={
                "min_temp_c": Decimal(minimum),
                "feels_like_min_c": Decimal(feels_like) if feels_like else None,
                "ukhsa_cold_alert": cold,
                "met_office_warning": AlertLevel.YELLOW if flags.get("ice") else AlertLevel.NONE,
                "source": ForecastSource.MANUAL,
                "recorded_by": coordinator,
                **flags,
            },
        )
    outreach = users[Role.OUTREACH_WORKER]
    RotaMember.objects.get_or_create(
        partnership=partnership, user=outreach, defaults={"phone": "+447700900001"}
    )
    Subscription.objects.get_or_create(
        partnership=partnership,
        user=users[Role.COMMISSIONER],
        channel=SubscriptionChannel.EMAIL,
    )
    if not Activation.objects.filter(
        partnership=partnership, status=ActivationStatus.ENDED
    ).exists():
        # Three nights last winter's cold snap, three weeks ago: proposed, activated, ended.
        first = today - timedelta(days=21)
        Activation.objects.create(
            partnership=partnership,
            kind=ActivationKind.COLD,
            status=ActivationStatus.ENDED,
            reasons=[
                f"{describe_night(first)}: Forecast minimum \u22123.0 °C, at or below 0.0 °C",
                "UKHSA amber cold-health alert, at or above amber",
            ],
            starts_at=_at(first, NIGHT_STARTS),
            expected_end_at=_at(first + timedelta(days=3), NIGHT_ENDS),
            ended_at=_at(first + timedelta(days=3), time(9, 30)),
            proposed_at=_at(first, time(10, 0)),
            proposed_by=coordinator,
            activated_at=_at(first, time(11, 15)),
            activated_by=users[Role.COMMISSIONER],
            ended_by=coordinator,
        )
    if (
        partnership.slug == "coventry"
        and not Activation.objects.filter(
            partnership=partnership, status=ActivationStatus.ACTIVE
        ).exists()
    ):
        # Active from tonight through the −2 °C night tomorrow: the cascade goes out as usual
        # (demo email is written to var/mail, text messages only logged).
        start_activation(
            partnership,
            kind=ActivationKind.COLD,
            starts_at=_at(today, NIGHT_STARTS),
            expected_end_at=_at(today + timedelta(days=2), NIGHT_ENDS),
            reasons=[
                f"{describe_night(today + timedelta(days=1))}: Forecast minimum \u22122.0 °C, "
                "at or below 0.0 °C",
                "UKHSA amber cold-health alert, at or above amber",
            ],
            by=coordinator,
        )
