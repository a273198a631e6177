"""Retention for accommodation: what anonymising a person removes from their placements,
housing needs, Housing First case and tenancies. Kept for statistics (room for all, moves on,
Housing First and sustainment figures): dates, schemes, units, stages, kinds and reasons.
Called by waypost.audit's `anonymise_person` (see waypost/referrals/retention.py).
"""

from collections.abc import Iterable
from typing import Any

from waypost.housing.models import (
    HousingFirstCase,
    HousingNeeds,
    Placement,
    Tenancy,
    TenancyRisk,
)


def anonymise_for_people(person_ids: Iterable[Any]) -> int:
    """Remove what was written about the people. Returns how many records were changed."""
    ids = list(person_ids)
    changed = Placement.objects.filter(person_id__in=ids).update(end_notes="", notes="")
    changed += HousingNeeds.objects.filter(person_id__in=ids).update(notes="", partner=None)
    # Someone else's needs that name them as a partner keep the fact, not the link.
    HousingNeeds.objects.filter(partner_id__in=ids).update(partner=None)
    changed += HousingFirstCase.objects.filter(person_id__in=ids).update(
        referral_reason="", eligibility_notes="", closed_reason=""
    )
    changed += Tenancy.objects.filter(person_id__in=ids).update(notes="")
    changed += TenancyRisk.objects.filter(person_id__in=ids).update(details="")
    return changed
