"""The referrals analysis (P1.4): figures for one partnership and period as charts with their
data tables, the same tables as CSV, and the partnership's target.

Aggregates only, never a referral: so no access-log event per referral. Who may see it:
coordinators, commissioners and partnership admins of the partnership, and the caseworkers of
its triage team. Commissioners see no count from 1 to 4 (small numbers can identify someone);
everyone else sees exact counts.
"""

import csv
import io
from collections.abc import Sequence
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import SafeString

from waypost.accounts.models import AgencyType, Membership, Partnership, Role, User
from waypost.accounts.roles import role_required
from waypost.lib import charts
from waypost.lib.csv_safety import safe_row
from waypost.lib.disclosure import (
    FEWER_THAN,
    NOT_SHOWN,
    Cell,
    Disclosure,
    Table,
    count_grid,
    percent_text,
)
from waypost.referrals.analysis import (
    CONTACT_STANDARDS_WORKING_DAYS,
    Analysis,
    CountRow,
    CrossTable,
    Period,
    SuccessShare,
    analyse,
    default_period,
    sources_by_reason,
)
from waypost.referrals.analysis_forms import AnalysisForm, DutyTargetForm
from waypost.referrals.models import DutyKind, DutyTarget

ANALYSIS_ROLES = (Role.COORDINATOR, Role.COMMISSIONER, Role.PARTNERSHIP_ADMIN, Role.CASEWORKER)
TARGET_ROLES = (Role.COORDINATOR, Role.PARTNERSHIP_ADMIN)
STALE_TARGET = (
    "Someone else changed the target to {percent}% while you were editing it. "
    "Check the number below, then save again."
)


# --- Who may see which partnership ---------------------------------------------------------------


def _memberships(request: HttpRequest) -> list[Membership]:
    return list(request.memberships)  # type: ignore[attr-defined]


def _is_triage_caseworker(membership: Membership) -> bool:
    return (
        membership.role == Role.CASEWORKER and membership.agency.type == AgencyType.HOUSING_OPTIONS
    )


def analysis_partnerships(memberships: Sequence[Membership]) -> list[Partnership]:
    """Partnerships whose figures the user may see, in the order of their memberships."""
    found: dict[Any, Partnership] = {}
    for m in memberships:
        if m.role in (Role.COORDINATOR, Role.COMMISSIONER, Role.PARTNERSHIP_ADMIN) or (
            _is_triage_caseworker(m)
        ):
            found.setdefault(m.agency.partnership_id, m.agency.partnership)
    return list(found.values())


def sees_exact_counts(memberships: Sequence[Membership], partnership: Partnership) -> bool:
    """Everyone but a commissioner (who holds no other role there) sees counts of 1 to 4."""
    return any(
        m.agency.partnership_id == partnership.pk
        and (m.role in TARGET_ROLES or _is_triage_caseworker(m))
        for m in memberships
    )


def may_set_target(memberships: Sequence[Membership], partnership: Partnership) -> bool:
    return any(
        m.agency.partnership_id == partnership.pk and m.role in TARGET_ROLES for m in memberships
    )


# --- Tables, as the page and the CSV show them ---------------------------------------------------


def _count_rows(
    rows: Sequence[CountRow], show: Disclosure, *, bold: bool = False
) -> list[list[Cell]]:
    return [
        [
            Cell(row.label, is_bold=bold),
            Cell(show.count(row.count), is_numeric=True, is_bold=bold),
            Cell(show.share(row.count, row.percent), is_numeric=True, is_bold=bold),
        ]
        for row in rows
    ]


def success_table(analysis: Analysis, show: Disclosure) -> Table:
    unit = "Month" if analysis.period.by_month else "Quarter"
    table = Table(
        "success-table",
        f"Successful interventions by {unit.lower()} received, against the target of "
        f"{analysis.target}%",
        [
            Cell(unit),
            Cell("Home secured", is_numeric=True),
            Cell("Duties ended", is_numeric=True),
            Cell("Share", is_numeric=True),
            Cell("Against the target"),
        ],
    )
    for share in [*analysis.success_by_period, analysis.success]:
        bold = share is analysis.success
        hidden = show.hides(share.ended) or show.hides(share.successful)
        table.rows.append(
            [
                Cell(share.label, is_bold=bold),
                Cell(show.count(share.successful), is_numeric=True, is_bold=bold),
                Cell(show.count(share.ended), is_numeric=True, is_bold=bold),
                Cell(
                    NOT_SHOWN if hidden else percent_text(share.percent, round_down=True),
                    is_numeric=True,
                    is_bold=bold,
                ),
                Cell(NOT_SHOWN if hidden else against_target(share), is_bold=bold),
            ]
        )
    return table


def against_target(share: SuccessShare) -> str:
    if share.is_below_target is None:
        return "No duties ended"
    return "Below target" if share.is_below_target else "Target met"


def source_table(analysis: Analysis, show: Disclosure) -> Table:
    sources = analysis.sources
    table = Table(
        "sources-table",
        "Referrals by who referred",
        [Cell("Referred by"), Cell("Referrals", is_numeric=True), Cell("Share", is_numeric=True)],
    )
    table.rows += _count_rows(sources.statutory, show)
    table.rows += _count_rows([sources.statutory_total], show, bold=True)
    table.rows += _count_rows(sources.voluntary, show)
    table.rows += _count_rows([sources.voluntary_total], show, bold=True)
    table.rows.append(
        [
            Cell("All referrals", is_bold=True),
            Cell(show.count(analysis.total), is_numeric=True, is_bold=True),
            Cell(
                show.share(analysis.total, 100.0 if analysis.total else None),
                is_numeric=True,
                is_bold=True,
            ),
        ]
    )
    return table


def reason_table(analysis: Analysis, show: Disclosure) -> Table:
    table = Table(
        "reasons-table",
        "Referrals by reason for homelessness",
        [Cell("Reason"), Cell("Referrals", is_numeric=True), Cell("Share", is_numeric=True)],
    )
    table.rows += _count_rows(analysis.reasons, show)
    return table


def contact_table(analysis: Analysis, show: Disclosure) -> Table:
    contact = analysis.first_contact
    table = Table(
        "contact-table",
        "Time from referral to first contact",
        [
            Cell("Referrals"),
            Cell("Number", is_numeric=True),
            Cell("Share of those contacted", is_numeric=True),
        ],
    )
    table.rows.append(
        [Cell("Contacted"), Cell(show.count(contact.contacted), is_numeric=True), Cell("")]
    )
    for days in CONTACT_STANDARDS_WORKING_DAYS:
        within = contact.within[days]
        table.rows.append(
            [
                Cell(f"Contacted within {days} working day{'s' if days > 1 else ''}"),
                Cell(show.count(within), is_numeric=True),
                Cell(show.share(within, contact.percent_within(days)), is_numeric=True),
            ]
        )
    median = contact.median_working_days
    table.rows.append(
        [
            Cell("Median working days to first contact"),
            Cell(
                NOT_SHOWN
                if show.hides(contact.contacted)
                else ("No data" if median is None else f"{median:g}"),
                is_numeric=True,
            ),
            Cell(""),
        ]
    )
    table.rows.append(
        [
            Cell("Not contacted yet"),
            Cell(show.count(contact.not_contacted), is_numeric=True),
            Cell(""),
        ]
    )
    return table


def outcome_table(analysis: Analysis, show: Disclosure) -> Table:
    table = Table(
        "outcomes-table",
        "How duties ended, by kind of duty",
        [Cell("How the duty ended")]
        + [Cell(kind.label, is_numeric=True) for kind in DutyKind]
        + [Cell("All duties", is_numeric=True)],
    )
    if not analysis.outcomes:
        return table
    # With both totals shown, hidden counts need secondary suppression (`count_grid`).
    grid = count_grid(
        show, [[row.by_kind[kind.value] for kind in DutyKind] for row in analysis.outcomes]
    )
    for row, counts, total in zip(analysis.outcomes, grid.body, grid.row_totals, strict=True):
        table.rows.append(
            [Cell(row.label)]
            + [Cell(text, is_numeric=True) for text in counts]
            + [Cell(total, is_numeric=True)]
        )
    table.rows.append(
        [Cell("All outcomes", is_bold=True)]
        + [Cell(text, is_numeric=True, is_bold=True) for text in grid.col_totals]
        + [Cell(grid.grand_total, is_numeric=True, is_bold=True)]
    )
    return table


def cross_table(cross: CrossTable, show: Disclosure) -> Table:
    """Reasons for each of the largest sources (in the CSV only: too wide for a phone)."""
    table = Table(
        "sources-by-reason-table",
        f"Referrals by reason, for the {len(cross.sources)} largest sources",
        [Cell("Reason")] + [Cell(source.label, is_numeric=True) for source in cross.sources],
    )
    for reason, counts in cross.rows:
        table.rows.append([Cell(reason)] + [Cell(show.count(n), is_numeric=True) for n in counts])
    return table


# --- Charts ------------------------------------------------------------------------------------


def _two_lines(label: str) -> str:
    """ "Apr to Jun 2026" → "Apr to Jun" over "2026", so labels fit side by side."""
    head, _, year = label.rpartition(" ")
    return f"{head}\n{year}" if head else label


def success_chart(analysis: Analysis, show: Disclosure) -> SafeString | None:
    """Every month or quarter on the axis; a bar where there are figures to show."""
    unit = "month" if analysis.period.by_month else "quarter"
    bars = []
    for share in analysis.success_by_period:
        hidden = show.hides(share.ended) or show.hides(share.successful)
        if share.percent is None or hidden:
            bars.append(
                charts.Bar(_two_lines(share.label), None, NOT_SHOWN if hidden else "No data")
            )
        else:
            label = percent_text(share.percent, round_down=True)
            bars.append(charts.Bar(_two_lines(share.label), share.percent, label))
    drawn = [bar for bar in bars if bar.value is not None]
    if not drawn:
        return None
    below = sum(
        1
        for share in analysis.success_by_period
        if share.is_below_target
        and not show.hides(share.ended)
        and not show.hides(share.successful)
    )
    return charts.percent_bar_chart(
        bars,
        target=analysis.target,
        chart_id="success-chart",
        title=f"Share of referrals with a successful intervention, by {unit}",
        description=(
            f"Bar chart of the share of referrals whose duties ended with accommodation "
            f"secured, by the {unit} the referral was received, with the target of "
            f"{analysis.target}% as a dashed line. {below} of the {len(drawn)} {unit}s with a "
            "bar are below the target. The table beside the chart has the figures."
        ),
    )


def sources_chart(analysis: Analysis, show: Disclosure) -> SafeString | None:
    rows = [(row, False) for row in analysis.sources.statutory] + [
        (row, True) for row in analysis.sources.voluntary
    ]
    bars = [
        charts.Bar(row.label, row.count, f"{row.count:,}", is_hatched=voluntary)
        for row, voluntary in sorted(rows, key=lambda item: -item[0].count)
        if not show.hides(row.count)
    ]
    if not bars:
        return None
    return charts.horizontal_bar_chart(
        bars,
        chart_id="sources-chart",
        title="Referrals by who referred",
        description=(
            "Horizontal bar chart of the number of referrals from each kind of organisation, "
            "largest first. Solid blue bars are public bodies with the Duty to Refer; grey "
            "striped bars are other organisations. The table beside the chart has the figures."
        ),
        legend=("Duty to Refer", "Other organisations"),
    )


def _headline(table: Table) -> dict[str, str]:
    """The whole period's row of the success table, with the colour of its tag (the words
    say the same)."""
    _, successful, ended, share, status = (cell.text for cell in table.rows[-1])
    colour = {"Below target": "govuk-tag--red", "Target met": "govuk-tag--green"}
    return {
        "successful": successful,
        "ended": ended,
        "share": share,
        "status": status,
        "tag": colour.get(status, "govuk-tag--grey"),
    }


# --- Pages -------------------------------------------------------------------------------------


def _period_text(period: Period) -> str:
    return f"{period.start_on:%-d %B %Y} to {period.end_on:%-d %B %Y}"


def _analysis_form(request: HttpRequest) -> AnalysisForm:
    """The form, bound to the query string; the last 12 whole months when no dates are given.
    A partnership the user may not see answers 404."""
    memberships = _memberships(request)
    partnerships = analysis_partnerships(memberships)
    if not partnerships:  # a caseworker outside every housing options team
        raise PermissionDenied
    today = timezone.localdate()
    data = request.GET.copy()
    date_keys = [f"{name}_{i}" for name in ("start_on", "end_on") for i in range(3)]
    if not any(data.get(key) for key in date_keys):
        default = default_period(today)
        for name, day in (("start_on", default.start_on), ("end_on", default.end_on)):
            data.setlist(f"{name}_0", [str(day.day)])
            data.setlist(f"{name}_1", [str(day.month)])
            data.setlist(f"{name}_2", [str(day.year)])
    form = AnalysisForm(data, partnerships=partnerships, today=today)
    if not form.is_valid() and "partnership" in form.errors:
        raise Http404
    return form


def _query(form: AnalysisForm) -> str:
    data: QueryDict = form.data  # type: ignore[assignment]
    keys = ["partnership"] + [f"{n}_{i}" for n in ("start_on", "end_on") for i in range(3)]
    return urlencode({key: data.get(key, "") for key in keys if data.get(key)})


def _tables(analysis: Analysis, show: Disclosure) -> dict[str, Table]:
    return {
        "success": success_table(analysis, show),
        "sources": source_table(analysis, show),
        "reasons": reason_table(analysis, show),
        "contact": contact_table(analysis, show),
        "outcomes": outcome_table(analysis, show),
    }


@role_required(*ANALYSIS_ROLES)
def analysis_page(request: HttpRequest) -> HttpResponse:
    form = _analysis_form(request)
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        partnership: Partnership = form.cleaned_data["partnership"]
        memberships = _memberships(request)
        analysis = analyse(partnership, form.period)
        show = Disclosure(suppress=not sees_exact_counts(memberships, partnership))
        tables = _tables(analysis, show)
        context |= {
            "analysis": analysis,
            "partnership": partnership,
            "period_text": _period_text(analysis.period),
            "tables": tables,
            "success_chart": success_chart(analysis, show),
            "sources_chart": sources_chart(analysis, show),
            "total_text": show.count(analysis.total),
            "headline": _headline(tables["success"]),
            "is_suppressed": show.used,
            "unit": "month" if analysis.period.by_month else "quarter",
            "query": _query(form),
            "may_set_target": may_set_target(memberships, partnership),
        }
    return render(request, "referrals/analysis/page.html", context)


@role_required(*ANALYSIS_ROLES)
def analysis_csv(request: HttpRequest) -> HttpResponse:
    form = _analysis_form(request)
    if not form.is_valid():
        # The page shows what is wrong with the dates.
        return redirect(f"{reverse('referrals:analysis')}?{request.GET.urlencode()}")
    partnership: Partnership = form.cleaned_data["partnership"]
    analysis = analyse(partnership, form.period)
    show = Disclosure(suppress=not sees_exact_counts(_memberships(request), partnership))
    tables = _tables(analysis, show)
    tables["sources_by_reason"] = cross_table(sources_by_reason(partnership, form.period), show)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(safe_row(["Partnership", partnership.name]))
    writer.writerow(safe_row(["Referrals received", _period_text(analysis.period)]))
    writer.writerow(safe_row(["Target", f"{analysis.target}%"]))
    if show.suppress:
        writer.writerow(safe_row(["Counts from 1 to 4", f"shown as “{FEWER_THAN}”"]))
    for table in tables.values():
        writer.writerow([])
        writer.writerow(safe_row([table.caption]))
        writer.writerow(safe_row([cell.text for cell in table.head]))
        for row in table.rows:
            writer.writerow(safe_row([cell.text for cell in row]))
    period = analysis.period
    filename = (
        f"waypost-referrals-{partnership.slug}-{period.start_on:%Y-%m-%d}-to-"
        f"{period.end_on:%Y-%m-%d}.csv"
    )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


# --- The target --------------------------------------------------------------------------------


def _stamp(target: DutyTarget | None) -> str:
    return target.updated_at.isoformat() if target else ""


@transaction.atomic
def _save_target(
    partnership: Partnership, *, percent: int, seen: str, by: User
) -> DutyTarget | None:
    """Set the partnership's target; None (and nothing saved) when someone else changed it
    since the user loaded the form."""
    current = DutyTarget.objects.select_for_update().filter(partnership=partnership).first()
    if _stamp(current) != seen:
        return None
    if current is None:
        return DutyTarget.objects.create(partnership=partnership, percent=percent, updated_by=by)
    current.percent = percent
    current.updated_by = by
    current.save(update_fields=["percent", "updated_by", "updated_at"])
    return current


@role_required(*TARGET_ROLES)
def duty_target(request: HttpRequest, slug: str) -> HttpResponse:
    memberships = _memberships(request)
    partnership = next(
        (p for p in analysis_partnerships(memberships) if p.slug == slug),
        None,
    )
    if partnership is None or not may_set_target(memberships, partnership):
        raise Http404
    current = DutyTarget.objects.filter(partnership=partnership).first()
    if request.method != "POST":
        form = DutyTargetForm(
            initial={
                "percent": current.percent if current else DutyTarget.DEFAULT_PERCENT,
                "seen": _stamp(current),
            }
        )
    else:
        form = DutyTargetForm(request.POST)
        if form.is_valid():
            try:
                saved = _save_target(
                    partnership,
                    percent=form.cleaned_data["percent"],
                    seen=form.cleaned_data["seen"],
                    by=request.user,  # type: ignore[arg-type]
                )
            except IntegrityError:  # two first-ever targets saved at once
                saved = None
            if saved is not None:
                messages.success(request, f"{partnership.name}’s target is now {saved.percent}%.")
                url = reverse("referrals:analysis")
                return redirect(f"{url}?{urlencode({'partnership': partnership.slug})}")
            current = DutyTarget.objects.filter(partnership=partnership).first()
            form.add_error(
                "percent",
                STALE_TARGET.format(
                    percent=current.percent if current else DutyTarget.DEFAULT_PERCENT
                ),
            )
            # What the user typed stays; the next save is checked against the new change.
            data = request.POST.copy()
            data["seen"] = _stamp(current)
            form.data = data
    return render(
        request,
        "referrals/analysis/target.html",
        {
            "form": form,
            "partnership": partnership,
            "current": current,
            "default_percent": DutyTarget.DEFAULT_PERCENT,
        },
    )
