"""Who needs a bed: the people "room for all" counts as demand and the SWEP sweep looks for.

"Without accommodation" means on the by-name list, currently known (not housed, gone or dead),
with a status of sleeping rough or at risk of it, and with no placement that has not ended.
One definition, used by both, so the sweep list and the room-for-all figures always agree.
"""

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from waypost.housing.models import Placement
from waypost.outreach.models import ByNameEntry, ListStatus

WITHOUT_ACCOMMODATION_STATUSES = (ListStatus.ROUGH_SLEEPING, ListStatus.AT_RISK)


def without_accommodation(partnership_id: Any) -> QuerySet[ByNameEntry]:
    """By-name list entries of people with nowhere to stay tonight (not access-filtered:
    callers showing names add the policy's filter; figures use the count)."""
    placed = Placement.objects.filter(person_id=OuterRef("person_id"), ended_on__isnull=True)
    return ByNameEntry.objects.filter(
        partnership_id=partnership_id,
        status__in=WITHOUT_ACCOMMODATION_STATUSES,
        person__merged_into__isnull=True,
        person__anonymised_at__isnull=True,
        person__restricted_at__isnull=True,
    ).exclude(Exists(placed))
