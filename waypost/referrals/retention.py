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
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from waypost.audit.retention.actions import REMOVED
from waypost.referrals.models import (
    Alert,
    AlertStatus,
    AlertVisit,
    Discharge,
    Duty,
    ReconnectionOffer,
    Referral,
    ReferralStatus,
    Triage,
)
from waypost.referrals.routing import postcode_district


def anonymise_for_people(person_ids: Iterable[Any]) -> int:
    """Remove what identifies the people, or was written about them, from their alerts and
    visit notes. Returns how many alerts were changed."""
    ids = list(person_ids)
    alerts = _anonymise_alerts(Alert.objects.filter(person_id__in=ids))
    AlertVisit.objects.filter(alert__person_id__in=ids).update(notes="")
    return alerts + anonymise_referrals(ids)


def anonymise_referrals(person_ids: Iterable[Any]) -> int:
    """Remove the names, contact details and free text from the people's referrals and what
    hangs off them. Returns how many referrals were changed."""
    return _anonymise_referrals(Referral.objects.filter(person_id__in=list(person_ids)))


def _anonymise_alerts(alerts: QuerySet[Alert]) -> int:
    found = list(alerts.only("pk", "postcode"))
    for alert in found:
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
    return len(found)


def _anonymise_referrals(referrals: QuerySet[Referral]) -> int:
    ids = list(referrals.values_list("pk", flat=True))
    count = Referral.objects.filter(pk__in=ids).update(
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
    Duty.objects.filter(referral_id__in=ids).update(outcome_notes="")
    Triage.objects.filter(referral_id__in=ids).update(notes="", connection_area="")
    ReconnectionOffer.objects.filter(referral_id__in=ids).update(
        destination_contact="", offer=REMOVED, follow_up_notes=""
    )
    Discharge.objects.filter(referral_id__in=ids).update(
        ward_or_wing="",
        contact_name=REMOVED,
        contact_phone="",
        contact_email="",
        needs_on_release=REMOVED,
    )
    return count


# --- Never identified ---------------------------------------------------------------------------
# An alert or referral closed without ever being linked to a person record: the person rule
# never reaches it, so it has its own period (audit RecordType.UNIDENTIFIED). Ids in the
# retention report are "alert:<id>" and "referral:<id>".


def unidentified_past(partnership_id: Any, cutoff: datetime) -> list[str]:
    """The partnership's alerts and referrals closed before `cutoff`, never linked to a
    person and not yet cleared."""
    alerts = Alert.objects.filter(
        partnership_id=partnership_id,
        person__isnull=True,
        status=AlertStatus.CLOSED,
        closed_at__lt=cutoff,
    ).exclude(location_description=REMOVED)
    referrals = Referral.objects.filter(
        partnership_id=partnership_id,
        person__isnull=True,
        status=ReferralStatus.CLOSED,
        closed_at__lt=cutoff,
    ).exclude(given_name=REMOVED)
    return [f"alert:{pk}" for pk in alerts.values_list("pk", flat=True)] + [
        f"referral:{pk}" for pk in referrals.values_list("pk", flat=True)
    ]


def anonymise_unidentified(ids: Iterable[str]) -> int:
    """Clear the alerts and referrals named ("alert:<id>", "referral:<id>"). Returns how many."""
    wanted = list(ids)
    alert_ids = [i.removeprefix("alert:") for i in wanted if i.startswith("alert:")]
    referral_ids = [i.removeprefix("referral:") for i in wanted if i.startswith("referral:")]
    AlertVisit.objects.filter(alert_id__in=alert_ids).update(notes="")
    return _anonymise_alerts(Alert.objects.filter(pk__in=alert_ids)) + _anonymise_referrals(
        Referral.objects.filter(pk__in=referral_ids)
    )
