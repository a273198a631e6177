"""The board report: a plan's progress by principle or theme, as a tagged PDF (PDF/UA-1).

Per theme, its actions counted by status; the actions past their due date and not done; and
each commitment tied to a live measure, with this month's value against its target. Figures
about the plan only; a measure counting 1 to 4 people shows "fewer than 5" (a board report
leaves the partnership).
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.template.loader import render_to_string

from waypost.lib.replica import reads_from_replica
from waypost.strategy import progress
from waypost.strategy.models import ActionStatus, Strategy


@dataclass(frozen=True)
class BoardReport:
    strategy: Strategy
    on: date
    themes: list[progress.ThemeProgress]
    statuses: list[Any]
    overdue: list[Any]
    measured: list[dict[str, Any]]


@reads_from_replica
def board_report(strategy: Strategy, today: date) -> BoardReport:
    themes = progress.load_plan(strategy)
    commitments = [c for t in themes for c in t.commitments.all()]
    readings = progress.readings(commitments, strategy.partnership, today, suppress=True)
    overdue = [a for c in commitments for a in c.actions.all() if progress.is_overdue(a, today)]
    overdue.sort(key=lambda a: a.due_date)
    return BoardReport(
        strategy=strategy,
        on=today,
        themes=progress.theme_progress(themes),
        statuses=list(ActionStatus),
        overdue=[(a, _theme_code(a, themes)) for a in overdue],
        measured=[
            {"commitment": c, "reading": readings[c.pk], "theme": c.theme}
            for c in commitments
            if c.pk in readings
        ],
    )


def _theme_code(action: Any, themes: list[Any]) -> str:
    for theme in themes:
        if theme.pk == action.commitment.theme_id:
            return theme.code
    return ""


def board_title(strategy: Strategy, today: date) -> str:
    return f"{strategy.title}: progress report, {today:%-d %B %Y}"


def board_pdf(strategy: Strategy, today: date) -> bytes:
    from weasyprint import HTML

    report = board_report(strategy, today)
    html = render_to_string(
        "strategy/tracker/board_pdf.html",
        {"report": report, "title": board_title(strategy, today)},
    )
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
