"""People on the by-name list at the end of each month, by their status then.

A person's status at a month's end is the last status change recorded on or before it (adding
someone to the list records their first status). People whose last status is housed, left the
area or died are no longer on the list.
"""

from collections import Counter
from datetime import date
from typing import Any

from waypost.accounts.models import Partnership
from waypost.outreach.models import CLOSED_STATUSES, ListStatus, StatusChange
from waypost.reporting.figures import add_months, start_of

# The statuses of people still on the list, in the order the list shows them.
OPEN_STATUSES = [status for status in ListStatus if status not in CLOSED_STATUSES]


def list_by_status(partnership: Partnership, months: list[date]) -> dict[date, Counter[str]]:
    """For each month (a first day), the people on the list at its end, counted by status. One
    query: every status change up to the end of the last month."""
    end = start_of(add_months(months[-1], 1))
    changes = (
        StatusChange.objects.filter(
            entry__partnership=partnership,
            changed_at__lt=end,
            person__restricted_at__isnull=True,
            person__merged_into__isnull=True,
        )
        .order_by("changed_at", "id")
        .values_list("person_id", "status", "changed_at")
    )
    ends = [start_of(add_months(month, 1)) for month in months]
    status_of: dict[Any, str] = {}
    on_list: Counter[str] = Counter()  # kept as statuses change, not recounted each month
    found: dict[date, Counter[str]] = {}
    index = 0
    for person_id, status, changed_at in changes:
        while changed_at >= ends[index]:  # a change after this month's end: count the month
            found[months[index]] = +on_list
            index += 1
        before = status_of.get(person_id)
        if before is not None and before not in CLOSED_STATUSES:
            on_list[before] -= 1
        if status not in CLOSED_STATUSES:
            on_list[status] += 1
        status_of[person_id] = status
    while index < len(months):
        found[months[index]] = +on_list
        index += 1
    return found
