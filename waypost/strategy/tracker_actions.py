"""Keeping an action plan: an action's status, due date and lead agency; review rounds and
their notes; tying a commitment to a live measure. Each write is one transaction; the change
log (auditlog, registered in apps.py) keeps who changed what."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from waypost.accounts.models import Agency, User
from waypost.strategy import measures
from waypost.strategy.models import (
    Action,
    Commitment,
    ReviewNote,
    ReviewRound,
    Strategy,
)

STALE_MESSAGE = (
    "Someone else changed this action while you were looking at it. "
    "Check what it says now, then make your change again."
)


class StaleAction(Exception):
    """The action changed since the user loaded the form: nothing was saved."""


def _set_status(action: Action, status: str, *, by: User) -> None:
    if status != action.status:
        action.status = status
        action.status_changed_at = timezone.now()
        action.status_changed_by = by


@transaction.atomic
def update_action(
    action: Action,
    *,
    status: str,
    due_date: date | None,
    lead_agency: Agency | None,
    version: int,
    by: User,
) -> Action:
    """Change what the plan keeps about an action, if nobody else changed it first."""
    locked = Action.objects.select_for_update().get(pk=action.pk)
    if locked.version != version:
        raise StaleAction
    partnership_id = Strategy.objects.filter(themes__commitments__actions=locked).values_list(
        "partnership_id", flat=True
    )[0]
    if lead_agency is not None and lead_agency.partnership_id != partnership_id:
        raise ValidationError({"lead_agency": "Choose an agency of this partnership"})
    _set_status(locked, status, by=by)
    locked.due_date = due_date
    locked.lead_agency = lead_agency
    locked.version += 1
    locked.save()
    return locked


@transaction.atomic
def record_review(
    strategy: Strategy, *, title: str, held_on: date, summary: str, by: User
) -> ReviewRound:
    if ReviewRound.objects.filter(strategy=strategy, title=title).exists():
        raise ValidationError({"title": "This plan already has a review with this title"})
    return ReviewRound.objects.create(
        strategy=strategy, title=title, held_on=held_on, summary=summary, recorded_by=by
    )


@transaction.atomic
def add_review_note(
    review: ReviewRound, *, action: Action, text: str, status: str, by: User
) -> ReviewNote:
    """What the review said about an action; the status it agreed becomes the action's."""
    if action.commitment.theme.strategy_id != review.strategy_id:
        raise ValidationError({"action": "Choose an action of this plan"})
    note = ReviewNote.objects.create(review=review, action=action, text=text, status=status)
    if status:
        locked = Action.objects.select_for_update().get(pk=action.pk)
        if locked.status != status:
            _set_status(locked, status, by=by)
            locked.version += 1
            locked.save()
    return note


@transaction.atomic
def tie_measure(
    commitment: Commitment, *, measure_code: str, target: Decimal | None, by: User
) -> Commitment:
    """Tie the commitment's success to a live measure (or untie it with an empty code)."""
    if measure_code and measures.get(measure_code) is None:
        raise ValidationError({"measure_code": "Choose a measure from the list"})
    commitment.measure_code = measure_code
    commitment.measure_target = target if measure_code else None
    commitment.save(update_fields=["measure_code", "measure_target"])
    return commitment
