"""Retention for SWEP: anonymising a person removes why they declined a bed. Kept for the
end-of-activation report: nights, outcomes and the placement.
Called by waypost.audit's `anonymise_person` (see waypost/referrals/retention.py).
"""

from collections.abc import Iterable
from typing import Any

from waypost.swep.models import SweepRecord


def anonymise_for_people(person_ids: Iterable[Any]) -> int:
    return SweepRecord.objects.filter(person_id__in=list(person_ids)).update(declined_reason="")
