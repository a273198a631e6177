"""The severe weather banner on every page (templates/swep/_banner.html).

Activations are not personal data, and the public status page says the same, so anyone may
see that SWEP is active: a signed-in member of staff sees their own partnerships, everyone else
sees every partnership. One query, served by the partial unique index behind
`swep_one_active_per_partnership` (at most one active activation per partnership).
"""

from datetime import datetime, time, timedelta
from typing import Any

from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from waypost.swep.models import Activation, ActivationStatus


def tonight_cutoff(now: datetime | None = None) -> datetime:
    """Midnight at the end of today, London time: an active activation starting before then
    has started, or starts tonight."""
    today = timezone.localdate(now or timezone.now())
    return timezone.make_aware(datetime.combine(today + timedelta(days=1), time(0, 0)))


def active_tonight(partnership_ids: list[Any] | None = None) -> list[dict[str, str]]:
    """[{"name", "slug"}] of the partnerships where SWEP is active tonight (all of them when
    `partnership_ids` is None), by name."""
    activations = Activation.objects.filter(
        status=ActivationStatus.ACTIVE, starts_at__lt=tonight_cutoff()
    )
    if partnership_ids is not None:
        if not partnership_ids:
            return []
        activations = activations.filter(partnership_id__in=partnership_ids)
    return list(
        activations.order_by("partnership__name").values(
            name=F("partnership__name"), slug=F("partnership__slug")
        )
    )


def swep_banner(request: HttpRequest) -> dict[str, Any]:
    def load() -> list[dict[str, str]]:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            memberships = getattr(request, "memberships", [])
            ids = sorted({m.agency.partnership_id for m in memberships}, key=str)
            return active_tonight(ids)
        return active_tonight()

    return {"swep_active": SimpleLazyObject(load)}
