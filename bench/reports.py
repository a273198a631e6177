"""The monthly return and the partnership dashboard, generated for the synthetic partnership by
the same calls the pages and the sign-off make.

Each report is timed in a process of its own: "cold" is its first generation there (a new
database connection, nothing cached in the process; the database server's own cache is as the
earlier benchmarks left it), "warm" the median of the next few.
"""

import statistics
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from bench.results import Row, Target, short

RETURN_TARGET = Target("cold_s", "<=", 2.0, "cold ≤ 2 s at 20M contacts", at_size=20_000_000)
REPORTS = ("monthly return", "dashboard")
DASHBOARD_MONTHS = 12  # the dashboard page's default period


def last_full_month(today: date) -> date:
    from waypost.outreach.flows import add_months

    return add_months(today.replace(day=1), -1)


def report_call(report: str, partnership: Any) -> Callable[[], object]:
    """The call the page makes for `report`, bound to `partnership` and last month."""
    from django.utils import timezone

    from waypost.outreach.flows import add_months
    from waypost.reporting.dashboard import build_dashboard
    from waypost.reporting.indicators import frozen_figures, monthly_indicators

    today = timezone.localdate()
    last = last_full_month(today)
    if report == "monthly return":
        # return_views._live_figures and return_actions.sign_off_return.
        return lambda: frozen_figures(monthly_indicators(partnership, last))
    if report == "dashboard":
        # dashboard_views._dashboard with the page's default months, unsuppressed (coordinator).
        first = add_months(last, 1 - DASHBOARD_MONTHS)
        return lambda: build_dashboard(partnership, first, last, suppress=False, today=today)
    raise ValueError(f"unknown report {report!r}")


def measure(info: Any, engine: str, *, report: str, warm_runs: int = 3) -> list[Row]:
    from bench import population

    call = report_call(report, population.partnership())
    started = time.perf_counter()
    call()
    cold = time.perf_counter() - started
    warm = []
    for _ in range(warm_runs):
        started = time.perf_counter()
        call()
        warm.append(time.perf_counter() - started)
    numbers = {"cold_s": cold, "warm_s": statistics.median(warm), "contacts": float(info.contacts)}
    return [
        Row(
            benchmark=report,
            engine=engine,
            scale=f"{short(info.people)} people, {short(info.contacts)} contacts",
            size=info.contacts,
            numbers=numbers,
            figures=f"cold {cold:.2f} s, warm {numbers['warm_s']:.2f} s (median of {warm_runs})",
            target=RETURN_TARGET if report == "monthly return" else None,
        )
    ]
