"""Live bed availability for emergency accommodation, in the shape of Open Referral HSDS 3.1's
`service_capacity` object (the JSON Schema is schemas/hsds_service_capacity.json).

Counts only, never who: `available` is the scheme's free places and `maximum` its places in
units in use, as the vacancy board counts them (waypost.housing.board_access.with_places);
`updated` is when the provider last checked the board. Only emergency accommodation
(EMERGENCY_KINDS) of active schemes and providers is published. SWEP beds are counted as their
provider marks them on the board: a provider marks them out of use between activations.
"""

import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

from django.db.models import QuerySet

from waypost.housing.board_access import suits_tags, with_places
from waypost.housing.models import EMERGENCY_KINDS, Scheme

SCHEMA_PATH = Path(__file__).parent / "schemas" / "hsds_service_capacity.json"
# Fixed, so the same scheme's capacity keeps its id from one call to the next.
NAMESPACE = uuid.UUID("dabd3bd3-a82c-4524-8e73-5cb9bda76bca")
# HSDS measures capacity in units; every place Waypost counts is a bed for one person.
BED_UNIT = {
    "id": str(uuid.uuid5(NAMESPACE, "unit/bed")),
    "name": "Bed",
    "scheme": "Waypost",
    "identifier": "bed",
}


def _timestamp(at: datetime) -> str:
    """ISO 8601 with milliseconds, as HSDS asks."""
    return at.isoformat(timespec="milliseconds")


def capacity_id(scheme_id: Any) -> str:
    return str(uuid.uuid5(NAMESPACE, f"service_capacity/{scheme_id}"))


def emergency_schemes() -> QuerySet[Scheme]:
    """Active emergency schemes of active providers, with their places counted."""
    return with_places(
        Scheme.objects.filter(
            kind__in=list(EMERGENCY_KINDS), is_active=True, provider__is_active=True
        )
    ).select_related("provider")


def _capacity(scheme: Scheme) -> dict[str, Any]:
    free = int(scheme.free_places)  # type: ignore[attr-defined]
    total = int(scheme.total_places)  # type: ignore[attr-defined]
    suits = suits_tags(scheme)
    description = f"{scheme.get_kind_display()} at {scheme.name}, run by {scheme.provider.name}"
    if suits:
        description += f". Suits: {', '.join(suits)}"
    return {
        "id": capacity_id(scheme.pk),
        "service_id": str(scheme.pk),
        "unit": dict(BED_UNIT),
        "available": free,
        "maximum": total,
        "description": description,
        "updated": _timestamp(scheme.vacancies_updated_at or scheme.created_at),
    }


def scheme_capacity(scheme: Scheme) -> dict[str, Any]:
    """One scheme's beds as an HSDS service_capacity object (one query).

    `service_id` is the scheme's own id for now: when the directory publishes schemes as HSDS
    services it will use the same id, or map it. `updated` is the provider's last check of the
    board, or when the scheme was added if they have never checked it (so a consumer can see
    the count is unconfirmed). Works for any kind; the public feed lists emergency kinds only.
    """
    counted = with_places(Scheme.objects.filter(pk=scheme.pk)).select_related("provider").get()
    return _capacity(counted)


def capacity_for_partnership(partnership_id: Any) -> list[dict[str, Any]]:
    """Every active emergency scheme of the partnership as HSDS service_capacity objects, in
    name order: one query however many schemes. `service_id` is the scheme's id (see
    `scheme_capacity`)."""
    schemes = emergency_schemes().filter(partnership_id=partnership_id).order_by("name", "pk")
    return [_capacity(scheme) for scheme in schemes]
