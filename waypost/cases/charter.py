"""The charter of care: support comes before enforcement (plans P2.7, CP2).

Enforcement against someone on the by-name list may be recorded only once **support offers are
on record**. In Waypost that means both of these, judged on the date of the enforcement:

1. **A support offer in the last 90 days**: a street contact with the person, on that date or
   in the 90 days before it, at which something was offered (any `Offer` code: a bed,
   an assessment, health care, a day centre…). Food or blankets count: the point is that
   someone went to the person with help before enforcement.
2. **A support plan action**: at least one action in the person's support plan, open or done
   (not cancelled), recorded on or before that date. Its age does not matter.

What is missing is named in plain English (`MISSING_OFFER`, `MISSING_PLAN`) for the form, which
refuses the enforcement until both are on record; a rough sleeper coordinator may override with
a reason (see waypost.cases.enforcement_actions).

`check_charter` is the rule on facts already read (pure, for tests); `charter_for` reads the
facts about one person (two queries). Both look at every agency's records, whatever the user
may see: the answer is a yes or no and the names of what is missing, never the records.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from waypost.cases.models import PlanAction, PlanStatus
from waypost.outreach.models import StreetContact

if TYPE_CHECKING:
    from waypost.people.models import Person

OFFER_WINDOW_DAYS = 90
MISSING_OFFER = f"No support offer recorded in the last {OFFER_WINDOW_DAYS} days"
MISSING_PLAN = "No support plan action"
# Plan actions that show support was planned: cancelled ones do not.
COUNTING_STATUSES = (PlanStatus.OPEN, PlanStatus.DONE)
# The snapshot kept with an enforcement record lists at most this many of each.
SNAPSHOT_LIMIT = 20


@dataclass(frozen=True)
class OfferOnRecord:
    """A street contact at which support was offered: when, and the offer codes."""

    contacted_on: date
    offered: tuple[str, ...]


@dataclass(frozen=True)
class PlanActionOnRecord:
    """An action in the support plan: its status, due date and when it was recorded."""

    status: str
    due_on: date
    recorded_on: date


@dataclass(frozen=True)
class CharterCheck:
    """The charter of care for one enforcement date: what support is on record and what is
    missing. Offers are newest first; plan actions in the order they were recorded."""

    on: date
    offers: tuple[OfferOnRecord, ...]
    plan_actions: tuple[PlanActionOnRecord, ...]

    @property
    def missing(self) -> list[str]:
        missing = []
        if not self.offers:
            missing.append(MISSING_OFFER)
        if not self.plan_actions:
            missing.append(MISSING_PLAN)
        return missing

    @property
    def is_met(self) -> bool:
        return not self.missing

    def snapshot(self) -> list[dict[str, Any]]:
        """What was on record, for the enforcement record: codes and dates, no free text."""
        offers = [
            {
                "source": "street_contact",
                "on": o.contacted_on.isoformat(),
                "offered": list(o.offered),
            }
            for o in self.offers[:SNAPSHOT_LIMIT]
        ]
        actions = [
            {
                "source": "plan_action",
                "on": a.recorded_on.isoformat(),
                "status": a.status,
                "due_on": a.due_on.isoformat(),
            }
            for a in self.plan_actions[:SNAPSHOT_LIMIT]
        ]
        return offers + actions


def check_charter(
    offers: Iterable[OfferOnRecord],
    plan_actions: Iterable[PlanActionOnRecord],
    *,
    on: date,
) -> CharterCheck:
    """The rule itself (see the module docstring), on facts already read.

    Offers count when something was offered on `on` or in the 90 days before it; plan actions
    when open or done and recorded on or before `on`.
    """
    since = on - timedelta(days=OFFER_WINDOW_DAYS)
    counted_offers = sorted(
        (o for o in offers if o.offered and since <= o.contacted_on <= on),
        key=lambda o: o.contacted_on,
        reverse=True,
    )
    counted_actions = [
        a for a in plan_actions if a.status in COUNTING_STATUSES and a.recorded_on <= on
    ]
    return CharterCheck(on=on, offers=tuple(counted_offers), plan_actions=tuple(counted_actions))


def charter_for(person: "Person", *, on: date | None = None) -> CharterCheck:
    """The charter of care for `person` on `on` (today by default), from every agency's
    street contacts and plan actions. Two queries."""
    on = on or timezone.localdate()
    since = on - timedelta(days=OFFER_WINDOW_DAYS)
    # `__date` is the date in Europe/London (the current time zone), as people see it.
    contacts = StreetContact.objects.filter(
        person=person, contacted_at__date__range=(since, on)
    ).values_list("contacted_at", "offered")
    offers = [
        OfferOnRecord(timezone.localdate(at), tuple(offered or ())) for at, offered in contacts
    ]
    actions = (
        PlanAction.objects.filter(person=person, status__in=COUNTING_STATUSES)
        .order_by("recorded_at")
        .values_list("status", "due_on", "recorded_at")
    )
    plan_actions = [
        PlanActionOnRecord(status, due_on, timezone.localdate(recorded_at))
        for status, due_on, recorded_at in actions
    ]
    return check_charter(offers, plan_actions, on=on)
