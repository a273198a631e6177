"""Duty to Refer outcomes and the discharge pathways' figures for a period of whole days.

- **Referrals closed**: counted referrals (duplicates left out, as waypost.referrals.analysis
  does) closed in the period, by closure reason.
- **Duties ended**: prevention and relief duties that ended in the period, by outcome.
- **Discharges**: hospital discharges and prison releases in the period (the day they left),
  each in one of three: somewhere to go confirmed before the day they left; somewhere to go
  found on the day (their outcome was not "no fixed abode"); nowhere to go (no fixed abode).
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q

from waypost.accounts.models import Partnership
from waypost.referrals.models import (
    AccommodationType,
    ClosureReason,
    Discharge,
    Duty,
    Pathway,
    Referral,
)
from waypost.reporting.figures import start_of

NOT_RESTRICTED = Q(person__isnull=True) | Q(
    person__restricted_at__isnull=True, person__merged_into__isnull=True
)
CONFIRMED_BEFORE = "confirmed_before"
ON_THE_DAY = "on_the_day"
NOWHERE = "nowhere"
DISCHARGE_GROUPS = {
    CONFIRMED_BEFORE: "Somewhere to go confirmed before the day",
    ON_THE_DAY: "Somewhere to go found on the day",
    NOWHERE: "Nowhere to go (no fixed abode)",
}


def referrals_closed(partnership: Partnership, first: date, last: date) -> Counter[str]:
    """Closure reason → referrals closed from `first` to `last` (both included). One query."""
    rows = (
        Referral.objects.counted()
        .filter(NOT_RESTRICTED, partnership=partnership)
        .filter(closed_at__gte=start_of(first), closed_at__lt=start_of(last + timedelta(days=1)))
        .order_by()
        .values("closure_reason")
        .annotate(n=Count("pk"))
    )
    return Counter({row["closure_reason"]: row["n"] for row in rows})


def duties_ended(partnership: Partnership, first: date, last: date) -> dict[str, Counter[str]]:
    """Outcome → {duty kind → duties ended from `first` to `last`}. One query."""
    rows = (
        Duty.objects.filter(
            referral__partnership=partnership, ended_on__gte=first, ended_on__lte=last
        )
        .exclude(referral__closure_reason=ClosureReason.DUPLICATE)
        .filter(
            Q(referral__person__isnull=True)
            | Q(
                referral__person__restricted_at__isnull=True,
                referral__person__merged_into__isnull=True,
            )
        )
        .order_by()
        .values("outcome", "kind")
        .annotate(n=Count("pk"))
    )
    found: dict[str, Counter[str]] = {}
    for row in rows:
        found.setdefault(row["outcome"], Counter())[row["kind"]] = row["n"]
    return found


@dataclass(frozen=True)
class DischargeRow:
    pathway: str
    counts: Counter[str]  # DISCHARGE_GROUPS key → discharges


def discharges(partnership: Partnership, first: date, last: date) -> list[DischargeRow]:
    """Hospital then prison: discharges from `first` to `last`, in the three groups. One
    query."""
    rows = (
        Discharge.objects.filter(
            referral__partnership=partnership, discharged_on__gte=first, discharged_on__lte=last
        )
        .exclude(referral__closure_reason=ClosureReason.DUPLICATE)
        .filter(
            Q(referral__person__isnull=True)
            | Q(
                referral__person__restricted_at__isnull=True,
                referral__person__merged_into__isnull=True,
            )
        )
        .values_list("referral__pathway", "discharged_on", "outcome", "confirmed_at")
    )
    found = {Pathway.HOSPITAL: Counter(), Pathway.PRISON: Counter()}
    for pathway, left_on, outcome, confirmed_at in rows:
        if pathway not in found:
            continue
        if outcome == AccommodationType.NO_FIXED_ABODE:
            group = NOWHERE
        elif confirmed_at is not None and confirmed_at < start_of(left_on):
            group = CONFIRMED_BEFORE
        else:
            group = ON_THE_DAY
        found[pathway][group] += 1
    return [DischargeRow(pathway, counts) for pathway, counts in found.items()]
