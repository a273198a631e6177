"""Retention for case management: what anonymising a person removes from their assessments,
plans, minutes, enforcement and death records. Kept for statistics and the threshold model's
bias check: dates, domains and levels, tiers and their factors, statuses, kinds and owners.
Called by waypost.audit's `anonymise_person` (see waypost/referrals/retention.py).
"""

from collections.abc import Iterable
from typing import Any

from waypost.audit.retention.actions import REMOVED
from waypost.cases.models import (
    Assessment,
    AssessmentAnswer,
    DeathNotification,
    DeathReview,
    EnforcementAction,
    Goal,
    Minute,
    PlanAction,
)


def anonymise_for_people(person_ids: Iterable[Any]) -> int:
    """Remove what was written about the people. Returns how many records were changed."""
    ids = list(person_ids)
    changed = Assessment.objects.filter(person_id__in=ids).update(summary="")
    changed += AssessmentAnswer.objects.filter(assessment__person_id__in=ids).update(details="")
    changed += Goal.objects.filter(person_id__in=ids).update(text=REMOVED)
    changed += PlanAction.objects.filter(person_id__in=ids).update(text=REMOVED, outcome="")
    changed += Minute.objects.filter(person_id__in=ids).update(text=REMOVED)
    changed += EnforcementAction.objects.filter(person_id__in=ids).update(
        details="", override_reason=""
    )
    changed += DeathNotification.objects.filter(person_id__in=ids).update(
        place_of_death="", circumstances="", how_heard=""
    )
    # The learning summary is written without identifying details, for the board: kept.
    changed += DeathReview.objects.filter(notification__person_id__in=ids).update(
        circumstances="", learning="", actions="", sar_reason=""
    )
    return changed
