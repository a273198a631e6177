"""Flows of people sleeping rough, per month, as London's CHAIN counts them (plan P2.2, CP3).

Definitions, for one partnership and one calendar month M (months in Europe/London time):

- **Seen in M**: at least one verified rough-sleeping sighting (a `StreetContact` with
  `bedded_down=True`) of the person in M. Contacts that were not bedded down never count.
- **Continuing**: seen in M, and also seen in M-1.
- **Returner**: seen in M, not seen in M-1, but seen in the 60 months before M (M-60 to M-2).
- **New**: seen in M and not seen at all in the 60 months before M (M-60 to M-1): the
  national framework's "new to rough sleeping" (NEW_LOOKBACK_MONTHS).

The three are checked in the order new, continuing, returner, so each person seen in M is
exactly one of them. Someone last seen exactly 60 months before M is a returner; 61 months
before, new.

**Across the region.** The history (every month before M) is the whole region's: when the
partnership has a region, partnerships with the same region count too, so someone seen in a
neighbouring city last month is continuing here, not new. The same human is recognised in
another partnership only by a strong national identifier: the **same NHS number or the same
National Insurance number** recorded on both records (values are normalised when recorded).
Names, dates of birth and the matcher's fuzzy keys are never used for this: a wrong link would
hide someone new, and a missed one only makes them look new (the national figure's own bias).
Only the months in which a linked person was seen there are read: nothing personal crosses.

**Not yet identified.** Bedded-down contacts with nobody identified are counted separately, as
contacts (one person met twice before being identified counts twice). When a contact is later
identified, it moves into the person's flow for the month it happened.

People whose processing is restricted are left out. A contact with a record that was merged
into another counts for the record it was merged into.

Pure reads, a fixed handful of queries whatever the size of the partnership.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db.models import Count, F
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from waypost.accounts.models import Partnership
from waypost.outreach.models import NEW_LOOKBACK_MONTHS, StreetContact
from waypost.people.models import Identifier, IdentifierKind

# Identifiers strong enough to say two records in different partnerships are the same human.
STRONG_IDENTIFIERS = (IdentifierKind.NHS_NUMBER, IdentifierKind.NI_NUMBER)

NEW = "new"
CONTINUING = "continuing"
RETURNER = "returner"


@dataclass(frozen=True)
class MonthFlow:
    """One month's figures: identified people by flow, and not-yet-identified contacts."""

    month: date  # the first day of the month
    new: int
    continuing: int
    returner: int
    unidentified: int

    @property
    def people(self) -> int:
        """Identified people seen bedded down in the month."""
        return self.new + self.continuing + self.returner


def add_months(month: date, count: int) -> date:
    """The first day of the month `count` months after (or before) `month`."""
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def months_between(first: date, last: date) -> list[date]:
    """Every month from `first` to `last`, both included, as first days."""
    months = []
    month = first.replace(day=1)
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def _start_of(month: date) -> datetime:
    return timezone.make_aware(datetime.combine(month, time.min), timezone.get_current_timezone())


def _month_of(value: Any) -> date:
    """A month truncated by the database (a datetime or a date) as its first day."""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.date().replace(day=1)
    return value.replace(day=1)


def classify(month: date, seen: set[date]) -> str:
    """The flow of someone seen in `month`, given every month they were seen (region-wide)."""
    earliest = add_months(month, -NEW_LOOKBACK_MONTHS)
    before = {m for m in seen if earliest <= m < month}
    if not before:
        return NEW
    if add_months(month, -1) in before:
        return CONTINUING
    return RETURNER


def _sightings(contacts: Any) -> list[tuple[Any, date]]:
    """(person, month) once per person and month, merged records counted as the kept one."""
    rows = (
        contacts.annotate(
            who=Coalesce(F("person__merged_into_id"), F("person_id")),
            month=TruncMonth("contacted_at"),
        )
        .values_list("who", "month")
        .distinct()
        .order_by()
    )
    return [(who, _month_of(month)) for who, month in rows]


def region_partners(partnership: Partnership) -> list[Any]:
    """The other partnerships in the same (non-blank) region."""
    region = partnership.region.strip()
    if not region:
        return []
    return list(
        Partnership.objects.filter(region=partnership.region)
        .exclude(pk=partnership.pk)
        .values_list("pk", flat=True)
    )


def region_history(
    people: set[Any], partners: list[Any], start: datetime, end: datetime
) -> dict[Any, set[date]]:
    """For each of `people`, the months someone with the same NHS or NI number was seen
    bedded down in the region's other partnerships, between `start` and `end`."""
    if not people or not partners:
        return {}
    ours: dict[tuple[str, str], set[Any]] = defaultdict(set)
    for person_id, kind, value in Identifier.objects.filter(
        person_id__in=people, kind__in=STRONG_IDENTIFIERS
    ).values_list("person_id", "kind", "value"):
        ours[(kind, value)].add(person_id)
    if not ours:
        return {}
    linked: dict[Any, set[Any]] = defaultdict(set)  # their person → our people
    for kind in STRONG_IDENTIFIERS:
        values = sorted(value for k, value in ours if k == kind)
        if not values:
            continue
        for their_id, value in Identifier.objects.filter(
            partnership_id__in=partners, kind=kind, value__in=values
        ).values_list("person_id", "value"):
            linked[their_id] |= ours[(kind, value)]
    if not linked:
        return {}
    history: dict[Any, set[date]] = defaultdict(set)
    elsewhere = StreetContact.objects.filter(
        partnership_id__in=partners,
        person_id__in=list(linked),
        bedded_down=True,
        contacted_at__gte=start,
        contacted_at__lt=end,
    )
    for their_id, month in (
        elsewhere.annotate(month=TruncMonth("contacted_at"))
        .values_list("person_id", "month")
        .distinct()
        .order_by()
    ):
        for person_id in linked[their_id]:
            history[person_id].add(_month_of(month))
    return history


def month_flows(partnership: Partnership, first: date, last: date) -> list[MonthFlow]:
    """New, continuing and returner people, and not-yet-identified contacts, for each month
    from `first` to `last` (see the module docstring for the definitions)."""
    months = months_between(first, last)
    if not months:
        return []
    start = _start_of(add_months(months[0], -NEW_LOOKBACK_MONTHS))
    period_start = _start_of(months[0])
    end = _start_of(add_months(months[-1], 1))
    bedded_down = StreetContact.objects.filter(
        partnership=partnership, bedded_down=True, contacted_at__lt=end
    )
    identified = bedded_down.filter(
        person__isnull=False,
        person__restricted_at__isnull=True,
        contacted_at__gte=start,
    )
    history: dict[Any, set[date]] = defaultdict(set)
    for who, month in _sightings(identified):
        history[who].add(month)
    in_period = {who for who, seen in history.items() if any(m >= months[0] for m in seen)}
    # Only the months before the period's last matter to anyone's flow.
    for who, seen in region_history(
        in_period, region_partners(partnership), start, _start_of(months[-1])
    ).items():
        history[who] |= seen
    unidentified: dict[date, int] = defaultdict(int)
    for month, count in (
        bedded_down.filter(person__isnull=True, contacted_at__gte=period_start)
        .annotate(month=TruncMonth("contacted_at"))
        .values("month")
        .annotate(count=Count("id"))
        .values_list("month", "count")
        .order_by()
    ):
        unidentified[_month_of(month)] += count
    flows = []
    for month in months:
        counts = {NEW: 0, CONTINUING: 0, RETURNER: 0}
        for who in in_period:
            if month in history[who]:
                counts[classify(month, history[who])] += 1
        flows.append(
            MonthFlow(
                month=month,
                new=counts[NEW],
                continuing=counts[CONTINUING],
                returner=counts[RETURNER],
                unidentified=unidentified[month],
            )
        )
    return flows
