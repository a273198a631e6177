"""The partnership's threshold model and people's tiers (plan P1.5): one model for the whole
partnership, versioned, and each person's tier worked out from their latest assessment and
their street history.

- `current_model` is the newest version, made from the documented defaults the first time a
  partnership needs one.
- `save_new_version` never edits a version: a change is a new version, and tiers already
  worked out keep pointing at the version that set them (the tier history).
- `calculate_tier` works out one person's tier now; `recalculate_partnership` does everyone
  after a new version (run by the task in tier_tasks.py).

Street history, over the last LOOKBACK_MONTHS months (Europe/London calendar months):
- **months rough sleeping**: calendar months with at least one bedded-down street contact;
- **returns**: by-name list status changes *to* "sleeping rough" *from* a status that means the
  person had a roof: emergency, supported or settled housing, hospital or custody. Moving from
  "at risk" is becoming homeless, not a return; coming back after leaving the area is
  returning to the area, not necessarily from accommodation.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from waypost.accounts.models import Membership, Partnership, Role, User
from waypost.cases.models import Assessment, Domain, ThresholdModel, TierResult
from waypost.cases.scoring import (
    DEFAULT_RULES,
    DEFAULT_TIERS,
    LOOKBACK_MONTHS,
    Inputs,
    score,
)
from waypost.outreach.entries import set_tier
from waypost.outreach.models import ListStatus, StatusChange, StreetContact
from waypost.people.models import Person

DEFAULT_NOTE = "The default model, set up the first time the partnership needed one."
# Statuses that mean a roof over their head: a move from one of these to sleeping rough is a
# return (see the module docstring).
HOUSED_STATUSES = frozenset(
    {
        ListStatus.EMERGENCY,
        ListStatus.SUPPORTED,
        ListStatus.HOUSED,
        ListStatus.HOSPITAL,
        ListStatus.CUSTODY,
    }
)
CHUNK = 200  # people per transaction when recalculating everyone


class ModelChanged(Exception):
    """Someone saved a newer version since the editor loaded the form."""


# --- The model ------------------------------------------------------------------------------------


def latest_model(partnership: Partnership | Any) -> ThresholdModel | None:
    return (
        ThresholdModel.objects.filter(partnership=partnership)
        .select_related("created_by")
        .order_by("-version")
        .first()
    )


def current_model(partnership: Partnership) -> ThresholdModel:
    """The partnership's newest version; version 1 with the defaults when it has none yet."""
    model = latest_model(partnership)
    if model is not None:
        return model
    try:
        with transaction.atomic():
            return ThresholdModel.objects.create(
                partnership=partnership,
                version=1,
                rules=DEFAULT_RULES,
                tiers=DEFAULT_TIERS,
                change_note=DEFAULT_NOTE,
            )
    except IntegrityError:  # another request made version 1 at the same moment
        model = latest_model(partnership)
        assert model is not None
        return model


def may_change_model(user: User, partnership: Partnership) -> bool:
    """Only the partnership's rough sleeper coordinators change the model."""
    return (
        Membership.objects.active()
        .filter(user=user, role=Role.COORDINATOR, agency__partnership=partnership)
        .exists()
    )


@transaction.atomic
def save_new_version(
    partnership: Partnership,
    *,
    rules: dict[str, Any],
    tiers: list[list[int]],
    change_note: str,
    based_on: int,
    by: User,
) -> ThresholdModel:
    """Save the changed model as the next version and queue everyone's tier to be worked out
    again under it (after the commit; the task gets only the version's id).

    Refused (PermissionDenied) unless `by` is a coordinator in the partnership; ModelChanged
    when a newer version than `based_on` exists; ValidationError when nothing changed or
    there is no note of why.
    """
    if not may_change_model(by, partnership):
        raise PermissionDenied
    if not change_note.strip():
        raise ValidationError({"change_note": "Enter why you are changing the model"})
    latest = (
        ThresholdModel.objects.select_for_update()
        .filter(partnership=partnership)
        .order_by("-version")
        .first()
    )
    if latest is None or latest.version != based_on:
        raise ModelChanged
    if latest.rules == rules and latest.tiers == tiers:
        raise ValidationError("Nothing has changed. Change at least one number, or cancel.")
    try:
        with transaction.atomic():
            model = ThresholdModel.objects.create(
                partnership=partnership,
                version=latest.version + 1,
                rules=rules,
                tiers=tiers,
                change_note=change_note.strip(),
                created_by=by,
            )
    except IntegrityError:  # two saves at once on a database without row locks
        raise ModelChanged from None
    from waypost.cases.tier_tasks import recalculate_tiers

    model_id = str(model.pk)
    transaction.on_commit(lambda: recalculate_tiers.enqueue(model_id))
    return model


# --- Street history -------------------------------------------------------------------------------


def lookback_start(today: date) -> datetime:
    """Local midnight on the 1st of the first month counted: this month and the 23 before."""
    index = today.year * 12 + today.month - 1 - (LOOKBACK_MONTHS - 1)
    first = date(index // 12, index % 12 + 1, 1)
    return timezone.make_aware(datetime.combine(first, time.min))


def street_history(
    person_ids: Sequence[Any], today: date | None = None
) -> dict[Any, tuple[int, int]]:
    """person id → (months seen bedded down, returns to sleeping rough) over the look-back
    period. Two grouped queries whatever the number of people."""
    if not person_ids:
        return {}
    start = lookback_start(today or timezone.localdate())
    months: Counter[Any] = Counter(
        row["person_id"]
        for row in StreetContact.objects.filter(
            person_id__in=person_ids, bedded_down=True, contacted_at__gte=start
        )
        .order_by()
        .values("person_id", month=TruncMonth("contacted_at"))
        .distinct()
    )
    returns = {
        row["person_id"]: row["n"]
        for row in StatusChange.objects.filter(
            person_id__in=person_ids,
            status=ListStatus.ROUGH_SLEEPING,
            previous_status__in=list(HOUSED_STATUSES),
            changed_at__gte=start,
        )
        .order_by()
        .values("person_id")
        .annotate(n=Count("pk"))
    }
    return {pid: (months.get(pid, 0), returns.get(pid, 0)) for pid in person_ids}


# --- Tiers ----------------------------------------------------------------------------------------


def latest_assessments(person_ids: Iterable[Any]) -> dict[Any, Assessment]:
    """Each person's most recent assessment (by the date assessed, then when recorded), with
    its answers. Two queries."""
    chosen: dict[Any, Any] = {}
    for assessment_id, person_id in (
        Assessment.objects.filter(person_id__in=list(person_ids))
        .order_by("person_id", "-assessed_on", "-recorded_at", "-id")
        .values_list("id", "person_id")
    ):
        chosen.setdefault(person_id, assessment_id)
    found = Assessment.objects.filter(pk__in=list(chosen.values())).prefetch_related("answers")
    return {a.person_id: a for a in found}


def inputs_for(assessment: Assessment, months_rough: int, returns: int) -> Inputs:
    answers = list(assessment.answers.all())
    return Inputs(
        levels={a.domain: a.level for a in answers},
        uses_nps=any(a.uses_nps for a in answers if a.domain == Domain.DRUGS_ALCOHOL),
        months_rough=months_rough,
        returns=returns,
    )


def _result(
    person_id: Any,
    model: ThresholdModel,
    assessment: Assessment,
    history: tuple[int, int],
    by: User | None,
) -> TierResult:
    scored = score(model.rules, model.tiers, inputs_for(assessment, *history))
    return TierResult(
        person_id=person_id,
        model=model,
        assessment=assessment,
        score=scored.score,
        tier=scored.tier,
        explanation=scored.explanation_json(),
        # The tier follows the assessment's sharing: whoever may see that may see this.
        recorded_by_agency_id=assessment.recorded_by_agency_id,
        recorded_by=by,
    )


@transaction.atomic
def calculate_tier(person: Person, *, by: User | None) -> TierResult | None:
    """Work out the person's tier now, under the partnership's current model, from their
    latest assessment and street history; keep it (the newest result is the current tier)
    and show it on the by-name list. None, and nothing saved, without an assessment."""
    assessment = latest_assessments([person.pk]).get(person.pk)
    if assessment is None:
        return None
    model = current_model(person.partnership)
    history = street_history([person.pk])[person.pk]
    result = _result(person.pk, model, assessment, history, by)
    result.save()
    set_tier(person, result.tier)
    return result


def recalculate_partnership(model: ThresholdModel, *, only_changed: bool = False) -> int:
    """Everyone's tier under `model`, which must still be the partnership's newest version
    (a newer version's own run does the work). Returns how many tiers were saved.

    Everyone with an assessment, except people merged into another record, anonymised, or
    under a restriction of processing (UK GDPR Art. 18: stored, not processed). After a new
    version, someone already worked out under it from the same assessment is skipped; with
    `only_changed` (the nightly refresh, as street history moves on) a tier is saved only when
    the score, tier or reasons differ from the person's current one. Each chunk of people
    commits on its own, so a long run holds no long locks.
    """
    newest = latest_model(model.partnership_id)
    if newest is None or newest.pk != model.pk:
        return 0
    person_ids = list(
        Person.objects.filter(partnership_id=model.partnership_id)
        .live()
        .unrestricted()
        .filter(assessment__isnull=False)
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    done = 0
    for start in range(0, len(person_ids), CHUNK):
        done += _recalculate_chunk(model, person_ids[start : start + CHUNK], only_changed)
    return done


def _current_results(person_ids: Sequence[Any]) -> dict[Any, TierResult]:
    current: dict[Any, TierResult] = {}
    for result in TierResult.objects.filter(person_id__in=person_ids).order_by(
        "person_id", "-calculated_at", "-id"
    ):
        current.setdefault(result.person_id, result)
    return current


def _same(a: TierResult, b: TierResult) -> bool:
    return (a.model_id, a.assessment_id, a.score, a.tier, a.explanation) == (
        b.model_id,
        b.assessment_id,
        b.score,
        b.tier,
        b.explanation,
    )


@transaction.atomic
def _recalculate_chunk(model: ThresholdModel, person_ids: Sequence[Any], only_changed: bool) -> int:
    latest = latest_assessments(person_ids)
    todo = [pid for pid in person_ids if pid in latest]
    if not only_changed:
        already = set(
            TierResult.objects.filter(model=model, person_id__in=todo).values_list(
                "person_id", "assessment_id"
            )
        )
        todo = [pid for pid in todo if (pid, latest[pid].pk) not in already]
    history = street_history(todo)
    results = [_result(pid, model, latest[pid], history[pid], None) for pid in todo]
    if only_changed:
        current = _current_results(todo)
        results = [
            r for r in results if r.person_id not in current or not _same(r, current[r.person_id])
        ]
    TierResult.objects.bulk_create(results)
    people = {p.pk: p for p in Person.objects.filter(pk__in=[r.person_id for r in results])}
    for result in results:
        set_tier(people[result.person_id], result.tier)
    return len(results)
