"""Retention for street work: what anonymising a person removes from their street contacts,
by-name list entry and counts. Kept for statistics (flows, counts): dates, the place, whether
they were bedded down, activity and offer codes, statuses and the national return's fields.
Called by waypost.audit's `anonymise_person` (see waypost/referrals/retention.py).
"""

from collections.abc import Iterable
from typing import Any

from waypost.outreach.models import CountedPerson, StreetContact


def anonymise_for_people(person_ids: Iterable[Any]) -> int:
    """Remove free text and exact locations from the people's contacts. Returns how many
    contacts were changed."""
    ids = list(person_ids)
    count = StreetContact.objects.filter(person_id__in=ids).update(
        description="", location_detail="", latitude=None, longitude=None, notes=""
    )
    CountedPerson.objects.filter(person_id__in=ids).update(description="")
    return count
