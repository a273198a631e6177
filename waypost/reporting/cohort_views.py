"""The cohort page (plans P2.2 and P2.3): the people on the by-name list on a date, counted by
age, gender, nationality, time since first seen sleeping rough, route onto the street, needs by
assessment domain and health needs, and the same at each quarter end of the last two years as
tables, with charts for age, time sleeping rough and health needs. waypost.reporting.cohort has
the definitions.

Counts only: health and the other special-category fields are personal data, so there is no
drill-down to people. Coordinators, commissioners and partnership admins of the partnership
may see it (403 for other roles, 404 for a partnership the user does not work in); the view is
recorded as a figures read of the health section.

Commissioners see counts from 1 to 4 as "fewer than 5" and their shares as "Not shown". Each
breakdown adds up to a total that is shown, so one hidden count could be worked out from the
others: then the next smallest count is hidden too ("Not shown"), until no hidden count can be
pinned down from the total and what is known of hidden counts (1 to 4, or 5 and over).
"""

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import SafeString

from waypost.accounts.models import Membership, Partnership, Role
from waypost.accounts.roles import holds_role_in, role_required
from waypost.audit.access import record_request_access
from waypost.audit.models import Channel, Section
from waypost.cases.models import Domain, Level
from waypost.lib import charts
from waypost.lib.disclosure import FEWER_THAN, NOT_SHOWN, SMALLEST_SHOWN, Cell, Disclosure, Table
from waypost.outreach.list_access import partnerships_for
from waypost.reporting import cohort
from waypost.reporting.cohort_forms import CohortForm

COHORT_ROLES = (Role.COORDINATOR, Role.COMMISSIONER, Role.PARTNERSHIP_ADMIN)
NOT_RECORDED = "Not recorded"
# Lines told apart by colour, marker and dash: GOV.UK colours, each at least 3:1 on white.
LINE_STYLES = [
    (charts.BLUE, "o", "-"),
    (charts.BLACK, "s", "--"),
    ("#4c2c92", "^", "-."),
    ("#00703c", "D", ":"),
    ("#d4351c", "v", "-"),
    (charts.DARK_GREY, "P", "--"),
    ("#d53880", "X", "-."),
]


# --- Disclosure control over a breakdown ---------------------------------------------------------


def _pinned(counts: Sequence[int], primary: set[int], secondary: set[int]) -> bool:
    """Whether any hidden count could be worked out from the total, knowing a count hidden as
    "fewer than 5" is 1 to 4 and one "Not shown" is 5 or more."""
    hidden = primary | secondary
    total = sum(counts[i] for i in hidden)
    low = {i: 1 if i in primary else SMALLEST_SHOWN for i in hidden}
    high = {i: SMALLEST_SHOWN - 1 if i in primary else math.inf for i in hidden}
    for i in hidden:
        others_low = sum(low[j] for j in hidden if j != i)
        others_high = sum(high[j] for j in hidden if j != i)
        least = max(low[i], total - others_high)
        most = min(high[i], total - others_low)
        if least == most:
            return True
    return False


def protected(counts: Sequence[int], *, show: Disclosure, total_is_shown: bool) -> list[str]:
    """The counts of one breakdown (parts of a total) as the viewer may see them."""
    if not show.suppress:
        return [f"{count:,}" for count in counts]
    primary = {i for i, count in enumerate(counts) if show.hides(count)}
    secondary: set[int] = set()
    if primary and total_is_shown:
        while _pinned(counts, primary, secondary):
            left = [i for i, c in enumerate(counts) if c > 0 and i not in primary | secondary]
            if not left:  # every count hidden and still worked out: hide the zeros too
                return [NOT_SHOWN] * len(counts)
            secondary.add(min(left, key=lambda i: (counts[i], i)))
    return [
        FEWER_THAN if i in primary else NOT_SHOWN if i in secondary else f"{count:,}"
        for i, count in enumerate(counts)
    ]


def _share(text: str, count: int, whole: int) -> str:
    if text in (FEWER_THAN, NOT_SHOWN):
        return NOT_SHOWN
    if whole == 0:
        return "No data"
    value = round(100 * count / whole, 1)
    return f"{value:.1f}".removesuffix(".0") + "%"


def _is_shown(text: str) -> bool:
    return text not in (FEWER_THAN, NOT_SHOWN)


# --- Tables ------------------------------------------------------------------------------------


def _numeric(text: str) -> Cell:
    return Cell(text, is_numeric=True)


def breakdown_table(
    table_id: str,
    caption: str,
    heading: str,
    labels: Sequence[str],
    counts: Counter[str],
    total: int,
    show: Disclosure,
) -> Table:
    """Label, people and share of `total`, for a breakdown whose counts add up to `total`."""
    values = [counts.get(label, 0) for label in labels]
    texts = protected(values, show=show, total_is_shown=not show.hides(total))
    table = Table(table_id, caption, [Cell(heading), _numeric("People"), _numeric("Share")])
    for label, value, text in zip(labels, values, texts, strict=True):
        table.rows.append([Cell(label), _numeric(text), _numeric(_share(text, value, total))])
    return table


def domains_table(figures: cohort.CohortFigures, show: Disclosure) -> Table:
    """Each domain of the latest assessments: people at each level (and with it not recorded)."""
    levels = cohort.LEVELS
    table = Table(
        "domains-table",
        "Needs by assessment domain (people assessed)",
        [Cell("Domain")]
        + [_numeric(Level(level).label) for level in levels]
        + [_numeric(NOT_RECORDED)],
    )
    total_is_shown = not show.hides(figures.assessed)
    for domain in Domain:
        found = figures.domains.get(domain.value, Counter())
        values = [found.get(level, 0) for level in levels]
        values.append(figures.assessed - sum(values))
        texts = protected(values, show=show, total_is_shown=total_is_shown)
        table.rows.append([Cell(domain.label)] + [_numeric(text) for text in texts])
    return table


def health_table(figures: cohort.CohortFigures, show: Disclosure) -> Table:
    table = Table(
        "health-table",
        "Health needs audit (people assessed)",
        [Cell("Need"), _numeric("People"), _numeric("Share of people assessed")],
    )
    total_is_shown = not show.hides(figures.assessed)
    for need in cohort.HEALTH_NEEDS:
        count = figures.health.get(need, 0)
        text = protected(
            [count, figures.assessed - count], show=show, total_is_shown=total_is_shown
        )[0]
        table.rows.append(
            [Cell(need), _numeric(text), _numeric(_share(text, count, figures.assessed))]
        )
    return table


@dataclass
class Trend:
    table: Table
    chart: SafeString | None


def date_label(day: date) -> str:
    return f"{day.day} {day:%b} {day.year}"


def trend(
    key: str,
    caption: str,
    labels: Sequence[str],
    history: Sequence[cohort.CohortFigures],
    show: Disclosure,
    *,
    counts_of: Any,
    whole_of: Any,
    is_breakdown: bool,
    chart_title: str,
    chart_what: str,
) -> Trend:
    """One row per label, one column per date; and a line per label. In a breakdown the rows
    add up to the column's whole; otherwise each row is one part of the whole against the rest."""
    columns: list[list[str]] = []
    for figures in history:
        counts = counts_of(figures)
        whole = whole_of(figures)
        total_is_shown = not show.hides(whole)
        values = [counts.get(label, 0) for label in labels]
        if is_breakdown:
            columns.append(protected(values, show=show, total_is_shown=total_is_shown))
        else:
            columns.append(
                [
                    protected([v, whole - v], show=show, total_is_shown=total_is_shown)[0]
                    for v in values
                ]
            )
    wholes = [whole_of(f) for f in history]
    table = Table(
        f"{key}-trend-table",
        caption,
        [Cell("")] + [_numeric(date_label(f.on)) for f in history],
    )
    whole_label = "People on the list" if is_breakdown else "People assessed"
    table.rows.append([Cell(whole_label, is_bold=True)] + [_numeric(show.count(w)) for w in wholes])
    for row, label in enumerate(labels):
        table.rows.append([Cell(label)] + [_numeric(column[row]) for column in columns])
    lines = [
        (
            label,
            [
                float(counts_of(f).get(label, 0)) if _is_shown(column[row]) else None
                for f, column in zip(history, columns, strict=True)
            ],
        )
        for row, label in enumerate(labels)
    ]
    return Trend(
        table=table,
        chart=line_chart(
            [date_label(f.on) for f in history],
            lines,
            chart_id=f"{key}-trend-chart",
            title=chart_title,
            what=chart_what,
        ),
    )


def line_chart(
    labels: Sequence[str],
    lines: Sequence[tuple[str, Sequence[float | None]]],
    *,
    chart_id: str,
    title: str,
    what: str,
) -> SafeString | None:
    """One line per series across the dates, each with its own colour, marker and dash; a
    point that is not shown leaves a gap. None when nothing can be drawn."""
    drawn = [(name, values) for name, values in lines if any(v for v in values if v is not None)]
    if not drawn:
        return None
    with charts.drawing((7, 5)) as figure:
        axes = figure.add_subplot()
        positions = list(range(len(labels)))
        for (name, values), (colour, marker, dash) in zip(drawn, LINE_STYLES, strict=False):
            axes.plot(
                positions,
                [math.nan if v is None else v for v in values],
                color=colour,
                marker=marker,
                linestyle=dash,
                linewidth=2,
                label=name,
                zorder=3,
            )
        axes.set_xticks(positions, [label.replace(" ", "\n", 1) for label in labels])
        axes.set_ylim(bottom=0)
        axes.yaxis.get_major_locator().set_params(integer=True)
        axes.set_ylabel("People")
        charts._plain(axes)
        axes.grid(axis="y", color="#b1b4b6", linewidth=0.8, zorder=0)
        figure.legend(loc="outside lower center", ncols=2, frameon=False)
        missing = any(v is None for _, values in drawn for v in values)
        return charts._svg(
            figure,
            chart_id=chart_id,
            title=title,
            description=(
                f"Line chart of {what} at each quarter end from {labels[0]} to {labels[-1]}, "
                f"one line each for: {', '.join(name for name, _ in drawn)}, told apart by "
                "colour, marker and dash as the legend shows."
                + (" Points whose numbers are too small are not drawn." if missing else "")
                + " The table below the chart has the figures."
            ),
        )


# --- The page ----------------------------------------------------------------------------------


def _memberships(request: HttpRequest) -> list[Membership]:
    return list(request.memberships)  # type: ignore[attr-defined]


def _suppress(memberships: Sequence[Membership], partnership: Partnership) -> bool:
    exact = {Role.COORDINATOR, Role.PARTNERSHIP_ADMIN}
    return not holds_role_in(memberships, partnership.pk, exact)


def page_context(partnership: Partnership, on: date, *, suppress: bool) -> dict[str, Any]:
    dates = [*cohort.quarter_ends(on), on]
    found = cohort.cohort_figures(partnership, dates)
    figures = found[on]
    history = [found[day] for day in dates]
    show = Disclosure(suppress=suppress)
    people = figures.people

    def table(key: str, caption: str, heading: str, labels: Sequence[str], counts: Any) -> Table:
        return breakdown_table(f"{key}-table", caption, heading, labels, counts, people, show)

    snapshot = [
        table("age", "Age", "Age on the date", cohort.AGE_BANDS, figures.ages),
        table("gender", "Gender", "Gender", cohort.GENDERS, figures.genders),
        table(
            "nationality", "Nationality", "Nationality", cohort.NATIONALITIES, figures.nationalities
        ),
        table(
            "time",
            "Time since first seen sleeping rough",
            "Time",
            cohort.TIME_BANDS,
            figures.time_rough,
        ),
        table(
            "routes",
            "Routes onto the street (from their latest referral)",
            "Route",
            cohort.ROUTES,
            figures.routes,
        ),
    ]
    trends = [
        trend(
            "age",
            "Age at each quarter end",
            cohort.AGE_BANDS,
            history,
            show,
            counts_of=lambda f: f.ages,
            whole_of=lambda f: f.people,
            is_breakdown=True,
            chart_title="The cohort by age, at each quarter end",
            chart_what="the people on the by-name list in each age band",
        ),
        trend(
            "time",
            "Time since first seen sleeping rough, at each quarter end",
            cohort.TIME_BANDS,
            history,
            show,
            counts_of=lambda f: f.time_rough,
            whole_of=lambda f: f.people,
            is_breakdown=True,
            chart_title="The cohort by time since first seen sleeping rough, at each quarter end",
            chart_what="the people on the by-name list by how long since they were first seen "
            "sleeping rough",
        ),
        trend(
            "health",
            "Health needs of the people assessed, at each quarter end",
            cohort.HEALTH_NEEDS,
            history,
            show,
            counts_of=lambda f: f.health,
            whole_of=lambda f: f.assessed,
            is_breakdown=False,
            chart_title="Health needs of the cohort, at each quarter end",
            chart_what="the people assessed with each health need",
        ),
        trend(
            "gender",
            "Gender at each quarter end",
            cohort.GENDERS,
            history,
            show,
            counts_of=lambda f: f.genders,
            whole_of=lambda f: f.people,
            is_breakdown=True,
            chart_title="The cohort by gender, at each quarter end",
            chart_what="the people on the by-name list by gender",
        ),
        trend(
            "nationality",
            "Nationality at each quarter end",
            cohort.NATIONALITIES,
            history,
            show,
            counts_of=lambda f: f.nationalities,
            whole_of=lambda f: f.people,
            is_breakdown=True,
            chart_title="The cohort by nationality, at each quarter end",
            chart_what="the people on the by-name list by nationality",
        ),
    ]
    return {
        "partnership": partnership,
        "on": on,
        "figures": figures,
        "people_text": show.count(people),
        "assessed_text": protected(
            [figures.assessed, figures.not_assessed],
            show=show,
            total_is_shown=not show.hides(people),
        )[0],
        "snapshot": snapshot,
        "domains": domains_table(figures, show),
        "health": health_table(figures, show),
        "trends": trends,
        "first_quarter": date_label(dates[0]),
        "is_suppressed": show.used,
    }


@role_required(*COHORT_ROLES)
def cohort_page(request: HttpRequest) -> HttpResponse:
    memberships = _memberships(request)
    today = timezone.localdate()
    form = CohortForm(
        request.GET or None,
        partnerships=partnerships_for(memberships, COHORT_ROLES),
        today=today,
    )
    context: dict[str, Any] = {"form": form}
    if form.is_bound and not form.is_valid() and "partnership" in form.errors:
        raise Http404
    if not form.is_bound or form.is_valid():
        if form.is_bound:
            partnership, on = form.cleaned_data["partnership"], form.cleaned_data["on"]
        else:
            partnership, on = next(iter(form.partnerships.values())), today
        context |= page_context(partnership, on, suppress=_suppress(memberships, partnership))
        record_request_access(
            request,
            channel=Channel.DASHBOARD,
            section=Section.HEALTH,
            subject_type="cohort_figures",
            subject_id=partnership.pk,
        )
    return render(request, "reporting/cohort/page.html", context)
