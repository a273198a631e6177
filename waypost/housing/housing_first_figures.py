"""Housing First in numbers: the plan's target, how many people it has housed, and how long
cases wait at each stage. Aggregate figures only: no names, nothing to trace back to a person,
so commissioners and partnership admins may see them as well as the case teams.

**Housed** counts the people whose Housing First tenancy has started, ever. A tenancy that later
ends still counts towards the target: the plan's target is people housed through Housing First,
and someone housed who later loses the tenancy was still housed (their new situation shows on
the by-name list). How many of those tenancies are still going is shown beside it, so the two
questions ("how many have we housed?", "how many are still housed?") each get their answer.

**Days** are calendar days in Europe/London between the dates a case entered and left a stage
(entered on 3 March, moved on 10 March: 7 days), so they add up with the dates on the case page.
For a case still at a stage the count runs to today ("so far").

Restricted records (restriction of processing) are in no report, so none of these figures count
them; nor merged-away records, whose cases moved to the record kept.
"""

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from waypost.housing.models import (
    PIPELINE,
    HousingFirstCase,
    HousingFirstStage,
    HousingSettings,
)

# Where a case is still on its way: every stage before the tenancy.
OPEN_STAGES: tuple[HousingFirstStage, ...] = PIPELINE[:-1]
# Where a case's journey ends: there is no "next" to wait for.
END_STAGES = frozenset({HousingFirstStage.TENANCY, HousingFirstStage.CLOSED})
DEFAULT_TARGET = HousingSettings._meta.get_field("housing_first_target").get_default()


def days_between(start: datetime, end: datetime) -> int:
    """Calendar days in London from `start` to `end` (both aware)."""
    return (timezone.localdate(end) - timezone.localdate(start)).days


def counted_cases(partnership_id: Any) -> QuerySet[HousingFirstCase]:
    """The partnership's cases that figures count (not restricted, not merged away)."""
    return HousingFirstCase.objects.filter(
        partnership_id=partnership_id,
        person__restricted_at__isnull=True,
        person__merged_into__isnull=True,
    )


# --- One case: the time at each stage ----------------------------------------------------------


@dataclass(frozen=True)
class StageTime:
    """One stage of one case: when it was entered and left, and the days spent there (so far,
    when `is_current`). `days` is None for a stage that ends the journey (tenancy, closed)."""

    stage: str
    entered_at: datetime
    left_at: datetime | None
    days: int | None
    is_current: bool

    @property
    def label(self) -> str:
        return str(HousingFirstStage(self.stage).label)


def stage_times(
    changes: Iterable[tuple[str, datetime]], *, now: datetime | None = None
) -> list[StageTime]:
    """The stages a case went through, from its stage changes as (stage, changed_at), in any
    order. Each stage lasts until the next change; the last one, unless it ends the journey,
    is current and runs until `now`."""
    now = now or timezone.now()
    ordered = sorted(changes, key=lambda change: change[1])
    times = []
    for number, (stage, entered_at) in enumerate(ordered):
        is_last = number == len(ordered) - 1
        left_at = None if is_last else ordered[number + 1][1]
        if left_at is not None:
            days: int | None = days_between(entered_at, left_at)
        elif stage in END_STAGES:
            days = None
        else:
            days = days_between(entered_at, now)
        times.append(
            StageTime(
                stage=stage,
                entered_at=entered_at,
                left_at=left_at,
                days=days,
                is_current=is_last and stage not in END_STAGES,
            )
        )
    return times


@dataclass(frozen=True)
class PipelineStep:
    """A row of the case page's task list: a stage of the pipeline and, once reached, its
    time. `state` is "done", "current", "housed", "closed" or "not_reached"."""

    stage: str
    label: str
    state: str
    time: StageTime | None = None


def pipeline_steps(times: Sequence[StageTime], *, closed: bool) -> list[PipelineStep]:
    """Every stage of the pipeline in order, with its time where the case reached it (the
    latest entry when a stage was entered twice), then the closing when it closed."""
    latest = {t.stage: t for t in times}
    steps = []
    for stage in PIPELINE:
        time = latest.get(stage)
        if time is None:
            state = "not_reached"
        elif stage == HousingFirstStage.TENANCY:
            state = "housed"
        else:
            state = "current" if time.is_current else "done"
        steps.append(PipelineStep(stage=stage, label=str(stage.label), state=state, time=time))
    if closed:
        time = latest.get(HousingFirstStage.CLOSED)
        steps.append(
            PipelineStep(
                stage=HousingFirstStage.CLOSED,
                label=str(HousingFirstStage.CLOSED.label),
                state="closed",
                time=time,
            )
        )
    return steps


# --- The partnership: target, stages, time to a tenancy ----------------------------------------


@dataclass(frozen=True)
class StageFigures:
    """Open cases at one stage, and how long they have been there so far."""

    stage: str
    label: str
    cases: int
    median_days: float | None
    longest_days: int | None


@dataclass(frozen=True)
class HousingFirstFigures:
    target: int
    housed: int  # people whose Housing First tenancy started, ever
    tenancies_going: int  # of those tenancies, the ones that have not ended
    stages: list[StageFigures]  # open cases, one row per stage before the tenancy
    closed: int  # cases closed without a tenancy
    median_days_to_tenancy: float | None  # referral date to tenancy start, housed people

    @property
    def open_cases(self) -> int:
        return sum(s.cases for s in self.stages)

    @property
    def remaining(self) -> int:
        return max(self.target - self.housed, 0)

    @property
    def percent(self) -> int:
        """Progress towards the target, in whole percent (capped at 100 for display)."""
        if self.target <= 0:
            return 100
        return min(100, self.housed * 100 // self.target)

    @property
    def tenancies_ended(self) -> int:
        return self.housed - self.tenancies_going


def target_for(partnership_id: Any) -> int:
    """The partnership's Housing First target (the default until someone sets it)."""
    value = (
        HousingSettings.objects.filter(partnership_id=partnership_id)
        .values_list("housing_first_target", flat=True)
        .first()
    )
    return DEFAULT_TARGET if value is None else int(value)


def housing_first_figures(
    partnership_id: Any, *, now: datetime | None = None
) -> HousingFirstFigures:
    """The partnership's Housing First figures (four queries)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    cases = counted_cases(partnership_id)
    waiting: dict[str, list[int]] = {stage: [] for stage in OPEN_STAGES}
    for stage, since in cases.filter(stage__in=OPEN_STAGES).values_list("stage", "stage_since"):
        waiting[stage].append(days_between(since, now))
    housed_rows = list(
        cases.filter(tenancy__isnull=False).values_list(
            "person_id", "referred_on", "tenancy__started_on", "tenancy__ended_on"
        )
    )
    going = {
        person_id
        for person_id, _, _, ended_on in housed_rows
        if ended_on is None or ended_on > today
    }
    to_tenancy = [(started - referred).days for _, referred, started, _ in housed_rows]
    return HousingFirstFigures(
        target=target_for(partnership_id),
        housed=len({row[0] for row in housed_rows}),
        tenancies_going=len(going),
        stages=[
            StageFigures(
                stage=stage,
                label=str(stage.label),
                cases=len(waiting[stage]),
                median_days=_median(waiting[stage]),
                longest_days=max(waiting[stage], default=None),
            )
            for stage in OPEN_STAGES
        ],
        closed=cases.filter(stage=HousingFirstStage.CLOSED).count(),
        median_days_to_tenancy=_median(to_tenancy),
    )


def _median(values: Sequence[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def days_text(days: float | None) -> str:
    """ "3 days", "1 day", "2.5 days", or "–" when there is nothing to measure."""
    if days is None:
        return "–"
    number = f"{days:g}" if days != int(days) else str(int(days))
    return f"{number} day" if number == "1" else f"{number} days"
