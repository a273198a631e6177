"""The Ending Rough Sleeping Data Framework's indicators for one partnership and one calendar
month M (months in UK time), as the monthly return reports them.

Sources: the Centre for Homelessness Impact's published framework gives the wording of "new"
(not seen sleeping rough in the 60 months before) and of "left an institution" (discharged in
the last 85 days: 12 weeks and a day). Where the published wording was not available here, the
definitions below are Waypost's own, written plainly and shown on the return page:

- **P1 new people sleeping rough**: seen bedded down in M and not in the 60 months before (the
  flows' "new", waypost.outreach.flows, region-wide through NHS or NI numbers).
- **P2 left an institution**: seen bedded down in M, and discharged from hospital or released
  from prison (a discharge pathway referral's discharge date), or moved off "In hospital" or
  "In custody" on the by-name list, in the 85 days up to the first night they were seen in M.
  Waypost records no dates of leaving asylum accommodation or care, so those are not counted.
- **R1 sleeping rough**: people seen bedded down in M; the month's single-night figure (the
  partnership's monthly street count figure for a night in M); each per 100,000 residents when
  the partnership's population is recorded.
- **B1 long-term rough sleeping** (Waypost's definition): seen bedded down in M and in at least
  3 of the 12 months before M.
- **B2 nights out**: the nights people were seen bedded down in M (a contact before noon counts
  for the night that began the day before): the total, and the median per person.
- **B3 days to long-term accommodation**: for people who moved into long-term accommodation in M
  (a tenancy, or a placement in supported accommodation, Housing First or a tenancy scheme), the
  median days from the first time they were seen bedded down to the move.
- **NR1 returns to rough sleeping**: the flows' returners: seen in M, not in M-1, but seen in the
  60 months before.
- **NR2 sustainment**: of the people who moved into long-term accommodation in the month 6 (or 12)
  months before M, those still there at the end of M or who moved on in a planned way.

People whose records are restricted are never counted; a merged record counts as the record it
was merged into. Counts only: each indicator also keeps the ids of the people counted, for the
access-checked drill-down (never stored, never in a URL).
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import (
    F,
    Min,
    OuterRef,
    Q,
    Subquery,
    UUIDField,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from waypost.accounts.models import Partnership
from waypost.housing.models import LONGER_TERM_KINDS, EndReason, Placement, Tenancy
from waypost.lib.collector import collector_paused
from waypost.outreach.flows import (
    CONTINUING,
    NEW,
    RETURNER,
    add_months,
    month_number,
    records_of,
    region_history,
    region_partners,
    sightings,
)
from waypost.outreach.models import (
    NEW_LOOKBACK_MONTHS,
    BeddedDownMonth,
    CountKind,
    ListStatus,
    StatusChange,
    StreetCount,
)
from waypost.outreach.sighting_months import first_night
from waypost.people.models import Person
from waypost.referrals.models import Discharge, Referral

INSTITUTION_DAYS = 85  # 12 weeks and a day
LONG_TERM_MONTHS_SEEN = 3  # B1: seen in at least this many of the 12 months before
SUSTAINMENT_MONTHS = (6, 12)
PER = 100_000

COUNT = "count"
RATE = "rate"
DAYS = "days"
PERCENT = "percent"


@dataclass
class Figure:
    """One number of the return. `bases` are the counts it is worked out from: when one of them
    is too small to show, the figure is hidden too (so the count cannot be worked back)."""

    key: str
    label: str
    value: int | float | None
    kind: str = COUNT
    bases: list[int] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "value": self.value,
            "kind": self.kind,
            "bases": self.bases,
        }


@dataclass
class Indicator:
    code: str
    slug: str
    title: str
    definition: str
    figures: list[Figure]
    people: set[Any] = field(default_factory=set)  # ids of the people counted
    has_people: bool = True


TITLES = {
    "P1": "New people sleeping rough",
    "P2": "People sleeping rough who recently left an institution",
    "R1": "People sleeping rough",
    "B1": "Long-term rough sleeping",
    "B2": "Nights out",
    "B3": "Days from first seen to long-term accommodation",
    "NR1": "Returns to rough sleeping",
    "NR2": "Sustainment",
}

DEFINITIONS = {
    "P1": "Seen bedded down this month and not in the 60 months before (across the region "
    "where NHS or National Insurance numbers link records).",
    "P2": "Seen bedded down this month and, in the 85 days up to the first night they were "
    "seen, discharged from hospital or released from prison, or moved off “In hospital” or "
    "“In custody” on the by-name list. Leaving asylum accommodation or care is not recorded "
    "with a date in Waypost, so it is not counted.",
    "R1": "Different people seen bedded down during the month; the single-night figure is the "
    "month’s street count figure. Per 100,000 uses the partnership’s recorded population.",
    "B1": "Seen bedded down this month and in at least 3 of the 12 months before (Waypost’s "
    "definition).",
    "B2": "Nights people were seen bedded down this month (a contact before noon counts for the "
    "night before): the total, and the median per person.",
    "B3": "For people who moved into long-term accommodation this month (a tenancy, or "
    "supported accommodation, Housing First or a tenancy scheme), the median days from when "
    "they were first seen bedded down to the move.",
    "NR1": "Seen bedded down this month, not the month before, but at some time in the 60 "
    "months before.",
    "NR2": "Of the people who moved into long-term accommodation 6 (or 12) months before, those "
    "still there at the end of this month or who moved on in a planned way.",
}


def _start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())


def _per(count: int | None, population: int | None) -> float | None:
    if count is None or not population:
        return None
    return round(count * PER / population, 1)


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


@dataclass
class _Seen:
    """Identified, unrestricted people seen bedded down in M (merges followed). For each, as
    bits: [the nights seen in M (as BeddedDownMonth.nights), the months seen in the 60 before M,
    region-wide (bit k: seen k months before M)]. One dict, so each person's id is hashed as
    few times as can be: at 20M contacts some 160,000 people are seen in a month, and a UUID
    hashes slowly."""

    month: date
    people: dict[Any, list[int]]
    merged_into: dict[Any, Any]  # the partnership's merged records: {record: the record it joined}

    def first_night(self, who: Any) -> date:
        return first_night(self.month, self.people[who][0])


def _bit(months_back: int) -> int:
    return 1 << months_back


YEAR_BEFORE = sum(_bit(k) for k in range(1, 13))


def months_seen_before(month: date, bits: int) -> set[date]:
    """The months `bits` (the second of _Seen.people's two bit sets) stands for."""
    return {add_months(month, -k) for k in range(1, NEW_LOOKBACK_MONTHS + 1) if bits & _bit(k)}


def _flow(bits: int) -> str:
    """`classify` on the bits: new when not seen in the 60 months before, continuing when seen
    the month before, otherwise a returner."""
    if not bits:
        return NEW
    return CONTINUING if bits & _bit(1) else RETURNER


def _live(queryset: Any, path: str = "person") -> Any:
    return queryset.filter(**{f"{path}__restricted_at__isnull": True})


def _months(partnership: Partnership) -> Any:
    """The partnership's bedded-down months of unrestricted records, each with `who` (the
    record it was merged into, or its own)."""
    return _live(BeddedDownMonth.objects.filter(partnership=partnership)).annotate(
        who=Coalesce(F("person__merged_into_id"), F("person_id"))
    )


def _counted_otherwise(partnership: Partnership) -> tuple[set[Any], dict[Any, Any]]:
    """The partnership's restricted records (never counted) and the records merged into
    another ({record: the record it joined}): few, read through a small partial index, so the
    month's rows need no join with every person. (A contact's record is always in the
    contact's partnership: recording, identifying and merging refuse any other.)"""
    restricted: set[Any] = set()
    merged_into: dict[Any, Any] = {}
    for record, into, restricted_at in Person.objects.filter(
        Q(merged_into__isnull=False) | Q(restricted_at__isnull=False), partnership=partnership
    ).values_list("pk", "merged_into_id", "restricted_at"):
        if restricted_at is not None:
            restricted.add(record)
        elif into is not None:
            merged_into[record] = into
    return restricted, merged_into


def _seen(partnership: Partnership, month: date) -> _Seen:
    """From the month's rows of the bedded-down months (one for each record seen in M, with its
    nights in M and the months it was seen in the 60 before), merged by person: no contact is
    read. Records of those people not seen in M add their months from their rows before M."""
    restricted, merged_into = _counted_otherwise(partnership)
    # Records merging touches: only they can have a record of the same person not seen in M.
    targets = set(merged_into.values())
    special = restricted | set(merged_into) | targets
    seen_involved: set[Any] = set()
    found: dict[Any, list[int]] = {}
    for record, night_bits, months_before in (
        BeddedDownMonth.objects.filter(partnership=partnership, month=month)
        .order_by()
        .values_list("person_id", "nights", "months_before")
    ):
        who = record
        if special and record in special:  # (most rows are not: one look-up for them)
            if record in restricted:
                continue
            seen_involved.add(record)
            who = merged_into.get(record, record)
            if who in restricted:
                continue
        mine = [night_bits, months_before]
        both = found.setdefault(who, mine)
        if both is not mine:  # the person's second record seen in M
            both[0] |= night_bits
            both[1] |= months_before
    # Records of these people not seen in M: those merged into them, and their own record
    # when only a record merged into it was seen in M.
    unseen = [r for r, who in merged_into.items() if who in found and r not in seen_involved]
    unseen += [w for w in targets if w in found and w not in seen_involved]
    for start in range(0, len(unseen), 2000):  # SQLite's limit on parameters
        for record, seen_month in (
            BeddedDownMonth.objects.filter(
                partnership=partnership,
                person_id__in=unseen[start : start + 2000],
                month__gte=add_months(month, -NEW_LOOKBACK_MONTHS),
                month__lt=month,
            )
            .order_by()
            .values_list("person_id", "month")
        ):
            found[merged_into.get(record, record)][1] |= _bit(
                month_number(month) - month_number(seen_month)
            )
    start_at = _start(add_months(month, -NEW_LOOKBACK_MONTHS))
    for who, seen in region_history(
        _months(partnership).filter(month=month).values("who"),
        region_partners(partnership),
        start_at,
        _start(month),
    ).items():
        for seen_month in seen:
            found[who][1] |= _bit(month_number(month) - month_number(seen_month))
    return _Seen(month, found, merged_into)


def _first_seen(
    partnership: Partnership, people: set[Any], before: datetime
) -> dict[Any, datetime]:
    """When each of `people` was first seen bedded down, before `before` (their records'
    contacts, so the person index serves it; in chunks, for SQLite's limit on parameters)."""
    first: dict[Any, datetime] = {}
    ordered = sorted(people, key=str)
    for i in range(0, len(ordered), 2000):
        ids = ordered[i : i + 2000]
        first.update(
            sightings(partnership, None, before)
            .filter(person_id__in=records_of(ids), who__in=ids)
            .values("who")
            .annotate(first=Min("contacted_at"))
            .values_list("who", "first")
        )
    return first


def _left_institution(partnership: Partnership, seen: _Seen, first_nights: int) -> set[Any]:
    """P2: of the people seen in M, those who left hospital or prison in the 85 days up to the
    first night they were seen in M. `first_nights`: the first nights of them all, as bits."""
    if not seen.people:
        return set()
    earliest = first_night(seen.month, first_nights) - timedelta(days=INSTITUTION_DAYS)
    latest = first_night(seen.month, 1 << (first_nights.bit_length() - 1))
    # Each discharge's record through its referral's key, one look-up per discharge: joining
    # the two tables, PostgreSQL reads every referral the partnership has (and merges are
    # followed here, not by joining every person).
    record = (
        Referral.objects.filter(pk=OuterRef("referral_id"), partnership=partnership)
        .order_by()
        .values("person_id")[:1]
    )
    departures = [
        *Discharge.objects.filter(discharged_on__gte=earliest, discharged_on__lte=latest)
        # (a UUID field: as a foreign key, SQLite would give back its hex text)
        .annotate(record=Subquery(record, output_field=UUIDField()))
        .order_by()
        .values_list("record", "discharged_on"),
        *(
            (record, timezone.localtime(at).date())
            for record, at in StatusChange.objects.filter(
                entry__partnership=partnership,
                previous_status__in=[ListStatus.HOSPITAL, ListStatus.CUSTODY],
                changed_at__gte=_start(earliest),
                changed_at__lt=_start(latest + timedelta(days=1)),
            )
            .order_by()
            .values_list("person_id", "changed_at")
        ),
    ]
    left: dict[Any, list[date]] = defaultdict(list)
    for record, on in departures:
        if record is not None:  # (None: another partnership's referral, or no one linked yet)
            left[seen.merged_into.get(record, record)].append(on)
    # Through the few who left, not everyone seen (ids hash slowly).
    return {
        who
        for who, days in left.items()
        if who in seen.people and _left_before(seen.first_night(who), days)
    }


def _left_before(night: date, days: list[date]) -> bool:
    return any(night - timedelta(days=INSTITUTION_DAYS) <= on <= night for on in days)


def _moves(
    partnership: Partnership, first: date, last: date
) -> list[tuple[Any, date, date | None, str]]:
    """Moves into long-term accommodation starting from `first` to `last`: (person, start, end,
    end reason), tenancies and long-term placements, unrestricted people only."""
    moves = []
    tenancies = _live(
        Tenancy.objects.filter(partnership=partnership, started_on__gte=first, started_on__lte=last)
    )
    placements = _live(
        Placement.objects.filter(
            partnership=partnership,
            started_on__gte=first,
            started_on__lte=last,
            scheme__kind__in=sorted(LONGER_TERM_KINDS),
        )
    )
    for queryset in (tenancies, placements):
        for row in queryset.annotate(
            who=Coalesce(F("person__merged_into_id"), F("person_id"))
        ).values_list("who", "started_on", "ended_on", "end_reason"):
            moves.append(row)
    return moves


def _sustained(
    moves: list[tuple[Any, date, date | None, str]], until: date
) -> tuple[set[Any], set[Any]]:
    """(everyone who moved, those still there on `until` or who moved on in a planned way)."""
    everyone, sustained = set(), set()
    for who, _started, ended, reason in moves:
        everyone.add(who)
        if ended is None or ended > until or reason == EndReason.MOVE_ON:
            sustained.add(who)
    return everyone, sustained


def monthly_indicators(partnership: Partnership, month: date) -> list[Indicator]:
    """Every indicator of the return for `partnership` and `month` (its first day)."""
    with collector_paused():  # hundreds of thousands of rows at scale, none freed until the end
        return _monthly_indicators(partnership, month)


def _monthly_indicators(partnership: Partnership, month: date) -> list[Indicator]:
    month = month.replace(day=1)
    last_day = add_months(month, 1) - timedelta(days=1)
    seen = _seen(partnership, month)
    people = set(seen.people)
    new: set[Any] = set()
    returners: set[Any] = set()
    long_term: set[Any] = set()
    nights_each: list[int] = []
    first_nights = 0  # each person's first night in M, as bits
    # One pass, and only the few set additions hash an id.
    for who, (nights, before) in seen.people.items():
        nights_each.append(nights.bit_count())
        first_nights |= nights & -nights
        flow = _flow(before)
        if flow == NEW:
            new.add(who)
        elif flow == RETURNER:
            returners.add(who)
        if (before & YEAR_BEFORE).bit_count() >= LONG_TERM_MONTHS_SEEN:
            long_term.add(who)
    total_nights = sum(nights_each)
    institution = _left_institution(partnership, seen, first_nights)
    single_night = (
        StreetCount.objects.filter(
            partnership=partnership,
            kind=CountKind.MONTHLY,
            night__gte=month,
            night__lte=last_day,
        )
        .order_by("-night")
        .values_list("total", flat=True)
        .first()
    )
    population = partnership.population
    # B3: moves this month by people seen bedded down before the move.
    days_to_move: dict[Any, int] = {}
    moves = list(_moves(partnership, month, last_day))
    first_ever = _first_seen(partnership, {who for who, *_ in moves}, _start(add_months(month, 1)))
    for who, started, _ended, _reason in moves:
        first = first_ever.get(who)
        if first is not None and timezone.localtime(first).date() <= started:
            days = (started - timezone.localtime(first).date()).days
            days_to_move[who] = min(days, days_to_move.get(who, days))
    indicators = [
        Indicator(
            "P1",
            "p1",
            TITLES["P1"],
            DEFINITIONS["P1"],
            [Figure("p1", "New people sleeping rough", len(new))],
            new,
        ),
        Indicator(
            "P2",
            "p2",
            TITLES["P2"],
            DEFINITIONS["P2"],
            [Figure("p2", "Left hospital or prison in the 85 days before", len(institution))],
            institution,
        ),
        Indicator(
            "R1",
            "r1",
            TITLES["R1"],
            DEFINITIONS["R1"],
            [
                Figure("r1_month", "Seen sleeping rough over the month", len(people)),
                Figure(
                    "r1_month_rate",
                    "Over the month, per 100,000 residents",
                    _per(len(people), population),
                    RATE,
                    [len(people)],
                ),
                Figure(
                    "r1_night", "On a single night (the month’s street count figure)", single_night
                ),
                Figure(
                    "r1_night_rate",
                    "On a single night, per 100,000 residents",
                    _per(single_night, population),
                    RATE,
                    [single_night] if single_night is not None else [],
                ),
            ],
            people,
        ),
        Indicator(
            "B1",
            "b1",
            TITLES["B1"],
            DEFINITIONS["B1"],
            [Figure("b1", "Sleeping rough long-term", len(long_term))],
            long_term,
        ),
        Indicator(
            "B2",
            "b2",
            TITLES["B2"],
            DEFINITIONS["B2"],
            [
                Figure(
                    "b2_total",
                    "Nights seen sleeping rough, in all",
                    total_nights,
                    COUNT,
                    [len(people)],
                ),
                Figure(
                    "b2_median",
                    "Median nights per person",
                    _median(nights_each),
                    DAYS,
                    [len(people)],
                ),
            ],
            people,
        ),
        Indicator(
            "B3",
            "b3",
            TITLES["B3"],
            DEFINITIONS["B3"],
            [
                Figure("b3_people", "Moved into long-term accommodation", len(days_to_move)),
                Figure(
                    "b3_median",
                    "Median days from first seen sleeping rough",
                    _median(list(days_to_move.values())),
                    DAYS,
                    [len(days_to_move)],
                ),
            ],
            set(days_to_move),
        ),
        Indicator(
            "NR1",
            "nr1",
            TITLES["NR1"],
            DEFINITIONS["NR1"],
            [Figure("nr1", "Returned to rough sleeping", len(returners))],
            returners,
        ),
    ]
    sustained_people: set[Any] = set()
    nr2: list[Figure] = []
    for months in SUSTAINMENT_MONTHS:
        moved_in = add_months(month, -months)
        moved_end = add_months(moved_in, 1) - timedelta(days=1)
        everyone, sustained = _sustained(_moves(partnership, moved_in, moved_end), last_day)
        sustained_people |= sustained
        nr2 += [
            Figure(f"nr2_{months}_moved", f"Moved in {months} months before", len(everyone)),
            Figure(
                f"nr2_{months}_sustained",
                "Still there or moved on as planned",
                len(sustained),
                COUNT,
            ),
            Figure(
                f"nr2_{months}_percent",
                "Share sustained",
                round(100 * len(sustained) / len(everyone), 1) if everyone else None,
                PERCENT,
                [len(everyone), len(sustained), len(everyone) - len(sustained)],
            ),
        ]
    indicators.append(
        Indicator("NR2", "nr2", TITLES["NR2"], DEFINITIONS["NR2"], nr2, sustained_people)
    )
    return indicators


def frozen_figures(indicators: list[Indicator]) -> dict[str, Any]:
    """What a signed-off return keeps: every figure, never a person."""
    return {
        "indicators": [
            {"code": i.code, "figures": [f.as_json() for f in i.figures]} for i in indicators
        ]
    }


def live_people(ids: set[Any]) -> Any:
    """The people counted, as records (restricted, anonymised and merged never)."""
    return Person.objects.filter(
        Q(pk__in=list(ids)),
        restricted_at__isnull=True,
        anonymised_at__isnull=True,
        merged_into__isnull=True,
    )
