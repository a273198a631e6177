"""Progress of a plan: actions counted by theme and status, overdue actions, and each tied
commitment's live measure, for the strategy page and the board report. Reads only."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Prefetch
from django.utils.safestring import SafeString

from waypost.lib import charts
from waypost.lib.disclosure import Cell, Table
from waypost.strategy import measures
from waypost.strategy.models import Action, ActionStatus, Commitment, Strategy, Theme

# Each status by colour and by pattern, so the chart does not rely on colour alone. Each colour
# is at least 3:1 against white.
STATUS_STYLE = {
    ActionStatus.NOT_STARTED: ("#505a5f", ".."),
    ActionStatus.ON_TRACK: ("#1d70b8", ""),
    ActionStatus.AT_RISK: ("#4c2c92", "xx"),
    ActionStatus.LATE: ("#d4351c", "//"),
    ActionStatus.DONE: ("#00703c", "\\\\"),
}
STATUS_TAG = {
    ActionStatus.NOT_STARTED: "govuk-tag--grey",
    ActionStatus.ON_TRACK: "govuk-tag--blue",
    ActionStatus.AT_RISK: "govuk-tag--yellow",
    ActionStatus.LATE: "govuk-tag--red",
    ActionStatus.DONE: "govuk-tag--green",
}


def is_overdue(action: Action, today: date) -> bool:
    return (
        action.due_date is not None
        and action.due_date < today
        and action.status != ActionStatus.DONE
    )


@dataclass
class MeasureReading:
    measure: measures.Measure | None
    code: str
    value: float | None
    value_text: str
    target_text: str
    meets_target: bool | None


@dataclass
class ThemeProgress:
    theme: Theme
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def in_order(self) -> list[int]:
        """The counts in the order of ActionStatus, for a table row."""
        return [self.counts[status] for status in ActionStatus]


def load_plan(strategy: Strategy) -> list[Theme]:
    """The plan's themes, commitments and actions in three queries (each action's lead agency
    joined), whatever the number of actions."""
    actions = Action.objects.select_related("lead_agency").order_by("position")
    commitments = Commitment.objects.order_by("position").prefetch_related(
        Prefetch("actions", queryset=actions)
    )
    return list(
        strategy.themes.order_by("position").prefetch_related(
            Prefetch("commitments", queryset=commitments)
        )
    )


def theme_progress(themes: Sequence[Theme]) -> list[ThemeProgress]:
    rows = []
    for theme in themes:
        counts = {status.value: 0 for status in ActionStatus}
        for commitment in theme.commitments.all():
            for action in commitment.actions.all():
                counts[action.status] += 1
        rows.append(ThemeProgress(theme, counts))
    return rows


def progress_table(rows: Sequence[ThemeProgress]) -> Table:
    table = Table(
        "progress-table",
        "Actions by theme and status",
        [Cell("Theme")]
        + [Cell(str(s.label), is_numeric=True) for s in ActionStatus]
        + [Cell("All actions", is_numeric=True)],
    )
    totals = {s.value: 0 for s in ActionStatus}
    for row in rows:
        table.rows.append(
            [Cell(f"{row.theme.code}: {row.theme.title}")]
            + [Cell(f"{row.counts[s]:,}", is_numeric=True) for s in ActionStatus]
            + [Cell(f"{row.total:,}", is_numeric=True, is_bold=True)]
        )
        for s in ActionStatus:
            totals[s.value] += row.counts[s]
    table.rows.append(
        [Cell("All themes", is_bold=True)]
        + [Cell(f"{totals[s]:,}", is_numeric=True, is_bold=True) for s in ActionStatus]
        + [Cell(f"{sum(totals.values()):,}", is_numeric=True, is_bold=True)]
    )
    return table


def progress_chart(rows: Sequence[ThemeProgress]) -> SafeString | None:
    """Horizontal bars, one per theme, split by status (colour and pattern)."""
    if not any(row.total for row in rows):
        return None
    from matplotlib.patches import Patch  # on first use, as charts.drawing

    with charts.drawing((6, 1.8 + 0.55 * len(rows))) as figure:
        axes = figure.add_subplot()
        positions = list(range(len(rows)))
        lefts = [0.0] * len(rows)
        for status in ActionStatus:
            colour, hatch = STATUS_STYLE[status]
            widths = [float(row.counts[status]) for row in rows]
            axes.barh(
                positions,
                widths,
                left=lefts,
                color=colour,
                hatch=hatch,
                edgecolor="white",
                height=0.65,
                zorder=2,
            )
            lefts = [a + b for a, b in zip(lefts, widths, strict=True)]
        axes.set_yticks(positions, [row.theme.code for row in rows])
        axes.invert_yaxis()
        axes.set_xlim(0, max(lefts + [1.0]) * 1.05)
        axes.xaxis.get_major_locator().set_params(integer=True)
        axes.set_xlabel("Actions")
        charts._plain(axes)
        axes.grid(axis="x", color="#b1b4b6", linewidth=0.8, zorder=0)
        figure.legend(
            handles=[
                Patch(
                    facecolor=STATUS_STYLE[s][0],
                    hatch=STATUS_STYLE[s][1],
                    edgecolor="white",
                    label=str(s.label),
                )
                for s in ActionStatus
            ],
            loc="outside upper center",
            ncols=3,
            frameon=False,
        )
        return charts._svg(
            figure,
            chart_id="progress-chart",
            title="Actions by theme and status",
            description=(
                "Horizontal bars, one per theme (by its code), split into the number of actions "
                "not started, on track, at risk, late and done, each with its own colour and "
                "pattern. The table beside the chart has the figures."
            ),
        )


def readings(
    commitments: Sequence[Commitment], partnership: Any, today: date, *, suppress: bool
) -> dict[Any, MeasureReading]:
    """This month's value of each commitment's measure, worked out once per measure."""
    month = measures.month_start(today)
    values: dict[str, float | None] = {}
    found = {}
    for commitment in commitments:
        code = commitment.measure_code
        if not code:
            continue
        measure = measures.get(code)
        if measure is None:
            found[commitment.pk] = MeasureReading(None, code, None, "Unknown measure", "", None)
            continue
        if code not in values:
            values[code] = measure.compute(partnership, month)
        value = values[code]
        found[commitment.pk] = MeasureReading(
            measure,
            code,
            value,
            measures.value_text(measure, value, suppress=suppress),
            measures.target_text(measure, commitment.measure_target),
            measures.meets_target(measure, value, commitment.measure_target),
        )
    return found
