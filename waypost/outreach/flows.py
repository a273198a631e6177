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

from django.db import connections
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Value, When
from django.db.models.functions import Cast, Coalesce, ExtractMonth, ExtractYear, TruncMonth
from django.utils import timezone

from waypost.accounts.models import Partnership
from waypost.outreach.models import NEW_LOOKBACK_MONTHS, BeddedDownMonth, StreetContact
from waypost.people.models import Identifier, IdentifierKind, Person

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


def _who() -> Any:
    """The person counted for a contact: the record it was merged into, or its own."""
    return Coalesce(F("person__merged_into_id"), F("person_id"))


def month_number(month: date) -> int:
    """A month as a whole number (months since year 0), for arithmetic in the database."""
    return month.year * 12 + month.month - 1


def from_month_number(number: int) -> date:
    return date(number // 12, number % 12 + 1, 1)


def london_month(field: str, first: date, last: date) -> Any:
    """The month number of a moment from month `first` to month `last`, in UK time: compared
    with each month's first moment, worked out here, so the database converts no time zone
    row by row (the slowest part of grouping a history by month)."""
    months = months_between(first, last)
    return Case(
        *(
            When(**{f"{field}__gte": _start_of(month)}, then=Value(month_number(month)))
            for month in reversed(months)
        ),
        output_field=IntegerField(),
    )


def sightings(partnership: Partnership, start: datetime | None, end: datetime) -> Any:
    """Bedded-down contacts of identified, unrestricted people from `start` (or ever, if None)
    to before `end`, each with `who` (merges followed). The index street_contact_sightings
    serves it."""
    since = {} if start is None else {"contacted_at__gte": start}
    return (
        StreetContact.objects.filter(
            partnership=partnership,
            bedded_down=True,
            person__isnull=False,
            person__restricted_at__isnull=True,
            contacted_at__lt=end,
            **since,
        )
        .annotate(who=_who())
        .order_by()
    )


def records_of(people: Any) -> Any:
    """The person records counted as `people` (a subquery of ids): theirs and those merged into
    them, so the look-back reads contacts through the person index, not the whole history."""
    return Person.objects.filter(Q(pk__in=people) | Q(merged_into_id__in=people)).values("pk")


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
    people: Any, partners: list[Any], start: datetime, end: datetime
) -> dict[Any, set[date]]:
    """For each of `people` (ids, or a subquery of them), the months someone with the same NHS
    or NI number was seen bedded down in the region's other partnerships, between `start` and
    `end`. Only people with such a number recorded elsewhere come into Python."""
    if not partners:
        return {}
    also_elsewhere = Identifier.objects.filter(
        partnership_id__in=partners, kind=OuterRef("kind"), value=OuterRef("value")
    )
    ours: dict[tuple[str, str], set[Any]] = defaultdict(set)
    for person_id, kind, value in Identifier.objects.filter(
        Exists(also_elsewhere), person_id__in=people, kind__in=STRONG_IDENTIFIERS
    ).values_list("person_id", "kind", "value"):
        ours[(kind, value)].add(person_id)
    if not ours:
        return {}
    same_number = Q()
    for kind in STRONG_IDENTIFIERS:
        values = sorted(value for k, value in ours if k == kind)
        if values:
            same_number |= Q(kind=kind, value__in=values)
    linked: dict[Any, set[Any]] = defaultdict(set)  # their person → our people
    for their_id, kind, value in Identifier.objects.filter(
        same_number, partnership_id__in=partners
    ).values_list("person_id", "kind", "value"):
        linked[their_id] |= ours[(kind, value)]
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


# Each record's months (the bedded-down months summary, one row per record and month) are made
# distinct per person counted, then classified by the month each was last seen before (LAG):
# what `classify` says, worked out by the database so no one's history comes into Python.
FLOW_COUNTS = """
SELECT month, CASE
    WHEN previous IS NULL OR month - previous > %s THEN 'new'
    WHEN month - previous = 1 THEN 'continuing'
    ELSE 'returner' END AS flow, COUNT(*)
FROM (SELECT month, LAG(month) OVER (PARTITION BY who ORDER BY month) AS previous
      FROM (SELECT DISTINCT COALESCE(p.merged_into_id, seen.person_id) AS who,
                   seen.number AS month
            FROM ({records_months}) AS seen
            JOIN {person} AS p ON p.id = seen.person_id
            WHERE p.restricted_at IS NULL) AS people_months) AS flows
WHERE month >= %s
GROUP BY 1, 2
"""


def _flow_counts(partnership: Partnership, months: list[date]) -> defaultdict[tuple[int, str], int]:
    """{(month number, flow): people} for `months`, from the records' months from 60 before
    the first to the last."""
    records_months = (
        BeddedDownMonth.objects.filter(
            partnership=partnership,
            month__gte=add_months(months[0], -NEW_LOOKBACK_MONTHS),
            month__lte=months[-1],
        )
        .annotate(
            number=Cast(ExtractYear("month") * 12 + ExtractMonth("month") - 1, IntegerField())
        )
        .values("person_id", "number")
        .order_by()
    )
    sql, params = records_months.query.sql_with_params()
    counts: defaultdict[tuple[int, str], int] = defaultdict(int)
    connection = connections[records_months.db]
    person = connection.ops.quote_name(Person._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            FLOW_COUNTS.format(records_months=sql, person=person),
            (NEW_LOOKBACK_MONTHS, *params, month_number(months[0])),
        )
        for month, flow, count in cursor.fetchall():
            counts[month, flow] = count
    return counts


def month_flows(partnership: Partnership, first: date, last: date) -> list[MonthFlow]:
    """New, continuing and returner people, and not-yet-identified contacts, for each month
    from `first` to `last` (see the module docstring for the definitions)."""
    months = months_between(first, last)
    if not months:
        return []
    start = _start_of(add_months(months[0], -NEW_LOOKBACK_MONTHS))
    period_start = _start_of(months[0])
    end = _start_of(add_months(months[-1], 1))
    counts = _flow_counts(partnership, months)
    # People also known in the region: classified again with the region's months added.
    in_period = sightings(partnership, period_start, end).values("who")
    elsewhere = region_history(
        in_period, region_partners(partnership), start, _start_of(months[-1])
    )
    if elsewhere:
        linked = list(elsewhere)
        history: dict[Any, set[date]] = defaultdict(set)
        for who, number in (
            sightings(partnership, start, end)
            .filter(person_id__in=records_of(linked), who__in=linked)
            .annotate(
                month=london_month(
                    "contacted_at", add_months(months[0], -NEW_LOOKBACK_MONTHS), months[-1]
                )
            )
            .values_list("who", "month")
            .distinct()
        ):
            history[who].add(from_month_number(number))
        for who, theirs in elsewhere.items():
            for month in months:
                if month in history[who]:
                    key = month_number(month)
                    counts[key, classify(month, history[who])] -= 1
                    counts[key, classify(month, history[who] | theirs)] += 1
    unidentified: dict[date, int] = defaultdict(int)
    for month, count in (
        StreetContact.objects.filter(
            partnership=partnership,
            bedded_down=True,
            person__isnull=True,
            contacted_at__gte=period_start,
            contacted_at__lt=end,
        )
        .annotate(month=TruncMonth("contacted_at"))
        .values("month")
        .annotate(count=Count("id"))
        .values_list("month", "count")
        .order_by()
    ):
        unidentified[_month_of(month)] += count
    return [
        MonthFlow(
            month=month,
            new=counts[month_number(month), NEW],
            continuing=counts[month_number(month), CONTINUING],
            returner=counts[month_number(month), RETURNER],
            unidentified=unidentified[month],
        )
        for month in months
    ]
