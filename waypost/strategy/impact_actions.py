"""Writing a policy impact check: start it, answer its questions, submit it (which locks it)."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from waypost.accounts.models import Partnership, User
from waypost.strategy.impact import QUESTION_CODES, RECOMMENDATION_LABELS
from waypost.strategy.models import ImpactCheckStatus, PolicyImpactAnswer, PolicyImpactCheck

STALE_MESSAGE = (
    "Someone else changed this check while you were looking at it. "
    "Check what it says now, then make your change again."
)


class StaleCheck(Exception):
    """The check changed since the user loaded the form: nothing was saved."""


@transaction.atomic
def start_check(
    partnership: Partnership,
    *,
    title: str,
    proposed_by: str,
    decision_due: date | None,
    summary: str,
    by: User,
) -> PolicyImpactCheck:
    return PolicyImpactCheck.objects.create(
        partnership=partnership,
        title=title,
        proposed_by=proposed_by,
        decision_due=decision_due,
        summary=summary,
        created_by=by,
    )


def _locked(check: PolicyImpactCheck, version: int) -> PolicyImpactCheck:
    locked = PolicyImpactCheck.objects.select_for_update().get(pk=check.pk)
    if locked.version != version:
        raise StaleCheck
    if locked.status == ImpactCheckStatus.SUBMITTED:
        raise ValidationError("This check has been submitted, so it can no longer change.")
    return locked


@transaction.atomic
def save_answers(
    check: PolicyImpactCheck,
    *,
    answers: dict[str, tuple[str, str]],
    mitigation: str,
    recommendation: str,
    version: int,
    by: User,
) -> PolicyImpactCheck:
    """Save the answers given (question code -> (impact, notes)); an empty impact removes the
    answer. The check stays a draft."""
    locked = _locked(check, version)
    if recommendation and recommendation not in RECOMMENDATION_LABELS:
        raise ValidationError({"recommendation": "Choose a recommendation"})
    for code, (impact, notes) in answers.items():
        if code not in QUESTION_CODES:
            raise ValidationError("Unknown question")
        if impact:
            PolicyImpactAnswer.objects.update_or_create(
                check_record=locked, question=code, defaults={"impact": impact, "notes": notes}
            )
        else:
            PolicyImpactAnswer.objects.filter(check_record=locked, question=code).delete()
    locked.mitigation = mitigation
    locked.recommendation = recommendation
    locked.version += 1
    locked.save(update_fields=["mitigation", "recommendation", "version"])
    return locked


def missing(check: PolicyImpactCheck) -> list[str]:
    """What must be done before the check can be submitted."""
    answered = set(check.answers.values_list("question", flat=True))
    problems = []
    if answered != set(QUESTION_CODES):
        problems.append("Answer every question (choose “Not known yet” if you do not know)")
    if not check.recommendation:
        problems.append("Choose a recommendation")
    if check.answers.filter(impact="harms").exists() and not check.mitigation.strip():
        problems.append("Say how the harm would be reduced (the mitigation)")
    return problems


@transaction.atomic
def submit_check(check: PolicyImpactCheck, *, version: int, by: User) -> PolicyImpactCheck:
    locked = _locked(check, version)
    problems = missing(locked)
    if problems:
        raise ValidationError(problems)
    locked.status = ImpactCheckStatus.SUBMITTED
    locked.submitted_by = by
    locked.submitted_at = timezone.now()
    locked.version += 1
    locked.save(update_fields=["status", "submitted_by", "submitted_at", "version"])
    return locked


def answers_by_question(check: PolicyImpactCheck) -> dict[str, Any]:
    return {a.question: a for a in check.answers.all()}
