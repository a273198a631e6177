"""Retention for alerts and referrals: what anonymising a person removes from the alerts and
referrals linked to them.

The audit app's `anonymise_person` calls `anonymise_for_people` for the person and the records
merged into theirs (it cannot import this app: apps depend downwards only, so it finds each
app's `retention.py` as it finds `subject_access.py`). Kept for statistics: ids, dates, the
partnership, agencies, the postcode district, the town, categories (time of day, how often,
age range, gender, who sent it, body type, reason, route, accommodation types, the area
someone was reconnected to) and outcomes.
"""

from collections.abc import Iterable
from typing import Any

from waypost.audit.retention.actions import REMOVED
from waypost.referrals.models import (
    Alert,
    AlertVisit,
    Discharge,
    Duty,
    ReconnectionOffer,
    Referral,
    Triage,
)
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
    return len(alerts) + anonymise_referrals(ids)


def anonymise_referrals(person_ids: Iterable[Any]) -> int:
    """Remove the names, contact details and free text from the people's referrals and what
    hangs off them. Returns how many referrals were changed."""
    ids = list(person_ids)
    referrals = Referral.objects.filter(person_id__in=ids)
    count = referrals.update(
        given_name=REMOVED,
        family_name="",
        date_of_birth=None,
        phone="",
        email="",
        contact_notes="",
        reason_detail=REMOVED,
        referrer_phone="",
        referrer_email="",
        match_key="",
    )
    Duty.objects.filter(referral__person_id__in=ids).update(outcome_notes="")
    Triage.objects.filter(referral__person_id__in=ids).update(notes="", connection_area="")
    ReconnectionOffer.objects.filter(referral__person_id__in=ids).update(
        destination_contact="", offer=REMOVED, follow_up_notes=""
    )
    Discharge.objects.filter(referral__person_id__in=ids).update(
        ward_or_wing="",
        contact_name=REMOVED,
        contact_phone="",
        contact_email="",
        needs_on_release=REMOVED,
    )
    return count
