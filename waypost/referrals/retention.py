"""Retention for alerts: what anonymising a person removes from the alerts linked to them.

The audit app's `anonymise_person` should call `anonymise_for_people` for the person and the
records merged into theirs (it cannot import this app: apps depend downwards only, so it
finds each app's `retention.py` as it finds `subject_access.py`). Kept for statistics: ids,
dates, the partnership, the postcode district, the town, categories (time of day, how often,
age range, gender, who sent it) and outcomes.
"""

from collections.abc import Iterable
from typing import Any

from waypost.audit.retention.actions import REMOVED
from waypost.referrals.models import Alert, AlertVisit
from waypost.referrals.routing import postcode_district


def anonymise_for_people(person_ids: Iterable[Any]) -> int:
    """Remove what identifies the people, or was written about them, from their alerts and
    visit notes. Returns how many alerts were changed."""
    ids = list(person_ids)
    alerts = list(Alert.objects.filter(person_id__in=ids).only("pk", "postcode"))
    for alert in alerts:
        # The district is enough for where alerts come from; the full postcode is a doorway.
        Alert.objects.filter(pk=alert.pk).update(
            street="",
            building="",
            postcode=postcode_district(alert.postcode),
            location_description=REMOVED,
            latitude=None,
            longitude=None,
            appearance="",
            name_if_known="",
            concerns="",
            alerter_email="",
        )
    AlertVisit.objects.filter(alert__person_id__in=ids).update(notes="")
    return len(alerts)
