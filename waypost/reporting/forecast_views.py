"""The forecasts page (plan P1.6): the next 12 months of new people sleeping rough or of SWEP
bed demand, with 80% and 95% prediction intervals, as a chart beside its data table, and the
back-test beside the forecast; and the figures as CSV. waypost.reporting.forecast has the
method, waypost.reporting.forecast_series the series.

Figures only, never a person. Coordinators, commissioners and partnership admins of the
partnership may see it (403 for other roles, 404 for a partnership the user does not work in).
Commissioners see recorded counts from 1 to 4 as "fewer than 5"; a back-test month whose count
is hidden has its error hidden, and then the average errors are hidden too, so the count
cannot be worked back. Forecasts are the model's estimates, not counts of people: they are
shown rounded to whole numbers for everyone.

Fitting is CPU work: forecasts come from waypost.reporting.forecast_store, which keeps them
in Django's cache (and a nightly job works them out before anyone asks).
"""

import csv
import io
import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import SafeString

from waypost.accounts.models import Membership, Partnership, Role
from waypost.accounts.roles import holds_role_in, role_required
from waypost.audit.access import record_request_access
from waypost.audit.models import Channel, Section
from waypost.lib import charts
from waypost.lib.csv_safety import safe_row
from waypost.lib.disclosure import FEWER_THAN, NOT_SHOWN, Cell, Disclosure, Table
from waypost.outreach.flows import add_months
from waypost.outreach.list_access import partnerships_for
from waypost.reporting import forecast as method
from waypost.reporting.forecast_forms import ForecastForm
from waypost.reporting.forecast_series import SERIES_UNITS, Series, monthly_series
from waypost.reporting.forecast_store import cached_forecast

FORECAST_ROLES = (Role.COORDINATOR, Role.COMMISSIONER, Role.PARTNERSHIP_ADMIN)
TABLE_HISTORY_MONTHS = 24  # the page's table shows this many recorded months; the CSV all
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
LIGHT_BLUE = "#a5c7e5"  # the 95% band; the 80% band is darker
MID_BLUE = "#6fa0d2"
NO_MASE = "Not defined: the naive forecast made no error"


def month_label(month: date) -> str:
    return f"{_MONTHS[month.month - 1]} {month.year}"


def whole(value: float) -> str:
    return f"{round(value):,}"


# --- What the user may see ---------------------------------------------------------------------


@dataclass
class ShownForecast:
    series: Series
    forecast: method.Forecast | None
    show: Disclosure
    months_ahead: list[date]
    history_table: Table
    forecast_table: Table
    back_test_table: Table | None
    mae: str
    naive_mae: str
    mase: str
    chart: SafeString | None


def _history_table(series: Series, show: Disclosure, *, months: int | None) -> Table:
    unit = SERIES_UNITS[series.kind]
    table = Table(
        "history-table",
        f"{series.name}: recorded each month",
        [Cell("Month"), Cell(f"Recorded ({unit})", is_numeric=True)],
    )
    pairs = list(zip(series.months, series.values, strict=True))
    for month, value in pairs[-months:] if months else pairs:
        table.rows.append([Cell(month_label(month)), Cell(show.count(value), is_numeric=True)])
    return table


def _forecast_table(series: Series, forecast: method.Forecast | None, ahead: list[date]) -> Table:
    table = Table(
        "forecast-table",
        f"{series.name}: forecast for the next {len(ahead)} months",
        [
            Cell("Month"),
            Cell("Forecast", is_numeric=True),
            Cell("80% range", is_numeric=True),
            Cell("95% range", is_numeric=True),
        ],
    )
    if forecast is None:
        return table
    for month, point in zip(ahead, forecast.points, strict=True):
        table.rows.append(
            [
                Cell(month_label(month)),
                Cell(whole(point.mean), is_numeric=True),
                Cell(f"{whole(point.low_80)} to {whole(point.high_80)}", is_numeric=True),
                Cell(f"{whole(point.low_95)} to {whole(point.high_95)}", is_numeric=True),
            ]
        )
    return table


def _back_test(
    series: Series, back: method.BackTest, show: Disclosure
) -> tuple[Table, str, str, str]:
    table = Table(
        "back-test-table",
        "Back-test: each month forecast from the months before it",
        [
            Cell("Month"),
            Cell("Recorded", is_numeric=True),
            Cell("Forecast", is_numeric=True),
            Cell("Error", is_numeric=True),
        ],
    )
    any_hidden = False
    for row in back.rows:
        hidden = show.hides(int(row.actual))
        any_hidden = any_hidden or hidden
        table.rows.append(
            [
                Cell(month_label(series.months[row.index])),
                Cell(FEWER_THAN if hidden else whole(row.actual), is_numeric=True),
                Cell(f"{row.forecast:,.1f}", is_numeric=True),
                Cell(NOT_SHOWN if hidden else f"{row.error:+,.1f}", is_numeric=True),
            ]
        )
    if any_hidden:
        return table, NOT_SHOWN, NOT_SHOWN, NOT_SHOWN
    mase = NO_MASE if back.mase is None else f"{back.mase:.2f}"
    return table, f"{back.mae:,.1f}", f"{back.naive_mae:,.1f}", mase


def forecast_chart(
    series: Series, forecast: method.Forecast, ahead: list[date], show: Disclosure
) -> SafeString | None:
    """Recorded months as a solid line (a gap where a count is hidden), the forecast as a
    dashed line, and the 80% and 95% prediction intervals as shaded bands."""
    history = [None if show.hides(v) else float(v) for v in series.values]
    if all(v is None for v in history):
        return None
    labels = [month_label(m) for m in series.months] + [month_label(m) for m in ahead]
    n = len(series.values)
    with charts.drawing((7, 4.4)) as figure:
        axes = figure.add_subplot()
        axes.plot(
            range(n),
            [math.nan if v is None else v for v in history],
            color=charts.BLUE,
            linewidth=2,
            label="Recorded",
            zorder=3,
        )
        steps = range(n, n + len(ahead))
        points = forecast.points
        axes.fill_between(
            steps,
            [p.low_95 for p in points],
            [p.high_95 for p in points],
            color=LIGHT_BLUE,
            label="95% range",
            zorder=1,
        )
        axes.fill_between(
            steps,
            [p.low_80 for p in points],
            [p.high_80 for p in points],
            color=MID_BLUE,
            label="80% range",
            zorder=2,
        )
        axes.plot(
            steps,
            [p.mean for p in points],
            color=charts.BLACK,
            linestyle="--",
            linewidth=2,
            label="Forecast",
            zorder=4,
        )
        every = max(1, len(labels) // 8)
        ticks = list(range(0, len(labels), every))
        axes.set_xticks(ticks, [labels[i].replace(" ", "\n") for i in ticks])
        axes.set_ylim(bottom=0)
        axes.yaxis.get_major_locator().set_params(integer=True)
        axes.set_ylabel(SERIES_UNITS[series.kind].capitalize())
        charts._plain(axes)
        axes.grid(axis="y", color="#b1b4b6", linewidth=0.8, zorder=0)
        figure.legend(loc="outside upper center", ncols=4, frameon=False)
        hidden = sum(1 for v in history if v is None)
        left_out = f" {hidden} months are not drawn: their numbers are too small." if hidden else ""
        return charts._svg(
            figure,
            chart_id="forecast-chart",
            title=f"{series.name}: recorded and forecast",
            description=(
                f"Line chart of {series.name.lower()} each month from "
                f"{month_label(series.months[0])} to {month_label(series.months[-1])} (solid "
                f"blue line), then the forecast to {month_label(ahead[-1])} (dashed black "
                "line) inside its 80% range (darker shaded band) and 95% range (lighter band)."
                + left_out
                + " The tables beside the chart have the figures."
            ),
        )


def shown_forecast(series: Series, *, suppress: bool, full_history: bool = False) -> ShownForecast:
    show = Disclosure(suppress=suppress)
    has_enough = len(series.values) >= method.MIN_MONTHS
    forecast = cached_forecast(series.values) if has_enough else None
    ahead = (
        [add_months(series.months[-1], step) for step in range(1, method.HORIZON + 1)]
        if forecast
        else []
    )
    history_table = _history_table(
        series, show, months=None if full_history else TABLE_HISTORY_MONTHS
    )
    back_table, mae, naive_mae, mase = None, "", "", ""
    if forecast is not None:
        back_table, mae, naive_mae, mase = _back_test(series, forecast.back_test, show)
    return ShownForecast(
        series=series,
        forecast=forecast,
        show=show,
        months_ahead=ahead,
        history_table=history_table,
        forecast_table=_forecast_table(series, forecast, ahead),
        back_test_table=back_table,
        mae=mae,
        naive_mae=naive_mae,
        mase=mase,
        chart=forecast_chart(series, forecast, ahead, show) if forecast else None,
    )


# --- Pages -------------------------------------------------------------------------------------


def _memberships(request: HttpRequest) -> list[Membership]:
    return list(request.memberships)  # type: ignore[attr-defined]


def _form(request: HttpRequest) -> ForecastForm:
    form = ForecastForm(
        request.GET or None,
        partnerships=partnerships_for(_memberships(request), FORECAST_ROLES),
    )
    if form.is_bound and not form.is_valid() and "partnership" in form.errors:
        raise Http404
    return form


def _chosen(form: ForecastForm) -> tuple[Partnership, str]:
    if not form.is_bound:  # first visit: the first partnership, new people
        return next(iter(form.partnerships.values())), form.fields["series"].choices[0][0]  # type: ignore[attr-defined]
    return form.cleaned_data["partnership"], form.cleaned_data["series"]


def _suppress(request: HttpRequest, partnership: Partnership) -> bool:
    exact = {Role.COORDINATOR, Role.PARTNERSHIP_ADMIN}
    return not holds_role_in(_memberships(request), partnership.pk, exact)


def _record(request: HttpRequest, partnership: Partnership, channel: str) -> None:
    record_request_access(
        request,
        channel=channel,
        section=Section.CONTACT,
        subject_type="forecast_figures",
        subject_id=partnership.pk,
    )


@role_required(*FORECAST_ROLES)
def forecast_page(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    context: dict[str, Any] = {"form": form, "min_months": method.MIN_MONTHS}
    if not form.is_bound or form.is_valid():
        partnership, kind = _chosen(form)
        series = monthly_series(kind, partnership, timezone.localdate())
        shown = shown_forecast(series, suppress=_suppress(request, partnership))
        _record(request, partnership, Channel.DASHBOARD)
        context |= {
            "partnership": partnership,
            "shown": shown,
            "method_name": method.method_name(len(series.values)),
            "seasonal_months": method.SEASONAL_MONTHS,
            "horizon": method.HORIZON,
            "back_test_months": method.BACK_TEST_MONTHS,
            "min_fit_months": method.MIN_FIT_MONTHS,
            "repetitions": f"{method.REPETITIONS:,}",
            "table_history_months": TABLE_HISTORY_MONTHS,
            "query": urlencode({"partnership": partnership.slug, "series": kind}),
        }
    return render(request, "reporting/forecasts/page.html", context)


@role_required(*FORECAST_ROLES)
def forecast_csv(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    if form.is_bound and not form.is_valid():
        return redirect(f"{reverse('reporting:forecast')}?{request.GET.urlencode()}")
    partnership, kind = _chosen(form)
    series = monthly_series(kind, partnership, timezone.localdate())
    shown = shown_forecast(series, suppress=_suppress(request, partnership), full_history=True)
    _record(request, partnership, Channel.EXPORT)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(safe_row(["Partnership", partnership.name]))
    writer.writerow(safe_row(["Series", series.name]))
    if shown.forecast is None:
        writer.writerow(
            safe_row(["Forecast", f"None: fewer than {method.MIN_MONTHS} months of figures"])
        )
    else:
        writer.writerow(safe_row(["Method", shown.forecast.method]))
        writer.writerow(safe_row(["Back-test mean absolute error", shown.mae]))
        writer.writerow(safe_row(["Back-test mean absolute scaled error", shown.mase]))
    if shown.show.suppress:
        writer.writerow(safe_row(["Counts from 1 to 4", f"shown as “{FEWER_THAN}”"]))
    tables = [shown.history_table, shown.forecast_table]
    if shown.back_test_table is not None:
        tables.append(shown.back_test_table)
    for table in tables:
        if not table.rows:
            continue
        writer.writerow([])
        writer.writerow(safe_row([table.caption]))
        writer.writerow(safe_row([cell.text for cell in table.head]))
        for row in table.rows:
            writer.writerow(safe_row([cell.text for cell in row]))
    filename = f"waypost-forecast-{kind.replace('_', '-')}-{partnership.slug}.csv"
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
