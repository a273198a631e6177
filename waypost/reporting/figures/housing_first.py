"""Housing First per month: people referred, approved by the panel, housed (their Housing First
tenancy started), and tenancies reaching 6 and 12 months still going (the milestone's day fell
in the month and the tenancy had not ended before it, as waypost.housing.sustainment counts).
Cases are those Housing First's own figures count (waypost.housing.housing_first_figures)."""

from collections import Counter
from datetime import date

from waypost.accounts.models import Partnership
from waypost.housing.housing_first_figures import counted_cases
from waypost.housing.models import PanelDecision
from waypost.housing.sustainment import MILESTONES_MONTHS, add_months
from waypost.reporting.figures import last_day

REFERRED = "referred"
APPROVED = "approved"
HOUSED = "housed"
SUSTAINED = {months: f"sustained_{months}" for months in MILESTONES_MONTHS}


def housing_first_by_month(
    partnership: Partnership, months: list[date]
) -> dict[date, Counter[str]]:
    """For each month, the counts keyed REFERRED, APPROVED, HOUSED and SUSTAINED[6 and 12].
    One query."""
    first, last = months[0], last_day(months[-1])
    rows = counted_cases(partnership.pk).values_list(
        "referred_on", "panel_on", "panel_decision", "tenancy__started_on", "tenancy__ended_on"
    )
    found: dict[date, Counter[str]] = {month: Counter() for month in months}

    def add(day: date | None, key: str) -> None:
        if day is not None and first <= day <= last:
            found[day.replace(day=1)][key] += 1

    for referred_on, panel_on, decision, started_on, ended_on in rows:
        add(referred_on, REFERRED)
        if decision == PanelDecision.APPROVED:
            add(panel_on, APPROVED)
        if started_on is not None:
            add(started_on, HOUSED)
            for months_kept, key in SUSTAINED.items():
                milestone = add_months(started_on, months_kept)
                if ended_on is None or ended_on >= milestone:
                    add(milestone, key)
    return found
