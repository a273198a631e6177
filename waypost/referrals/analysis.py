"""P1.4's figures for one partnership and period: referrals by source body and reason, time to
first contact, how duties ended, and the share receiving a successful intervention within the
prevention and relief duties against the partnership's target.

Pure reads, and aggregates only: every figure comes from a grouped count in the database (a
handful of queries whatever the number of referrals), never from a loop over referrals. Only
referrals that count (`Referral.objects.counted()`: duplicates excluded) are included. How
counts are shown to whom (small-number suppression) is the page's business, not this module's.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, OuterRef
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from waypost.accounts.models import Partnership
from waypost.lib.working_days import working_days_between
from waypost.referrals.models import (
    STATUTORY_BODIES,
    SUCCESSFUL_DUTY_OUTCOMES,
    BodyType,
    Duty,
    DutyKind,
    DutyOutcome,
    DutyTarget,
    Referral,
    ReferralQuerySet,
    ReferralReason,
)

# A period this many months long or shorter is charted by month; a longer one by quarter.
MONTHLY_UP_TO_MONTHS = 6
MAX_PERIOD_YEARS = 5
# Contact standards reported on: within 1 and within 5 working days of the referral arriving.
CONTACT_STANDARDS_WORKING_DAYS = (1, 5)

_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


# --- The period -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """Referrals received from the start of `start_on` to the end of `end_on` (local time)."""

    start_on: date
    end_on: date

    def bounds(self) -> tuple[datetime, datetime]:
        tz = timezone.get_current_timezone()
        start = timezone.make_aware(datetime.combine(self.start_on, time.min), tz)
        end = timezone.make_aware(datetime.combine(self.end_on + timedelta(days=1), time.min), tz)
        return start, end

    @property
    def months(self) -> int:
        """Calendar months the period touches."""
        return (
            (self.end_on.year - self.start_on.year) * 12
            + self.end_on.month
            - (self.start_on.month - 1)
        )

    @property
    def by_month(self) -> bool:
        return self.months <= MONTHLY_UP_TO_MONTHS


def default_period(today: date | None = None) -> Period:
    """The last 12 whole months before this one."""
    today = today or timezone.localdate()
    this_month = today.replace(day=1)
    start = date(this_month.year - 1, this_month.month, 1)
    return Period(start_on=start, end_on=this_month - timedelta(days=1))


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _next_quarter(day: date) -> date:
    month = (day.month - 1) // 3 * 3 + 4  # the first month of the next calendar quarter
    return date(day.year + (month > 12), (month - 1) % 12 + 1, 1)


def _is_month_end(day: date) -> bool:
    return (day + timedelta(days=1)).day == 1


def bucket_label(start_on: date, end_on: date) -> str:
    """ "Mar 2026", "Apr to Jun 2026", or, for part of a month, "3 to 31 Mar 2026"."""
    whole = start_on.day == 1 and _is_month_end(end_on)
    first = _MONTHS[start_on.month - 1]
    last = _MONTHS[end_on.month - 1]
    if whole:
        if start_on.month == end_on.month:
            return f"{first} {end_on.year}"
        return f"{first} to {last} {end_on.year}"
    if start_on.month == end_on.month:
        return f"{start_on.day} to {end_on.day} {last} {end_on.year}"
    return f"{start_on.day} {first} to {end_on.day} {last} {end_on.year}"


def buckets_for(period: Period) -> list[tuple[date, date]]:
    """The months (or calendar quarters) the period falls in, clipped to it."""
    step = _next_month if period.by_month else _next_quarter
    buckets = []
    start = period.start_on
    while start <= period.end_on:
        following = step(start)
        buckets.append((start, min(following - timedelta(days=1), period.end_on)))
        start = following
    return buckets


# --- The figures ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountRow:
    key: str
    label: str
    count: int
    total: int  # what the share is of

    @property
    def percent(self) -> float | None:
        return 100 * self.count / self.total if self.total else None


@dataclass(frozen=True)
class SourceFigures:
    """Referrals by who referred: the public bodies with the Duty to Refer, then others."""

    statutory: list[CountRow]
    voluntary: list[CountRow]
    statutory_total: CountRow
    voluntary_total: CountRow


@dataclass(frozen=True)
class FirstContact:
    contacted: int
    not_contacted: int
    median_working_days: float | None
    within: dict[int, int]  # working days → referrals contacted within that many

    @property
    def total(self) -> int:
        return self.contacted + self.not_contacted

    def percent_within(self, days: int) -> float | None:
        return 100 * self.within[days] / self.contacted if self.contacted else None


@dataclass(frozen=True)
class OutcomeRow:
    outcome: str
    label: str
    by_kind: dict[str, int]  # DutyKind → ended duties

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())


@dataclass(frozen=True)
class SuccessShare:
    """Of the referrals whose duties have all ended, those where one ended with accommodation
    secured for 6 or 12 months or more."""

    label: str
    start_on: date
    end_on: date
    successful: int
    ended: int
    target: int

    @property
    def percent(self) -> float | None:
        return 100 * self.successful / self.ended if self.ended else None

    @property
    def is_below_target(self) -> bool | None:
        # Compared exactly (not after rounding): 97.6% is below a 98% target.
        return self.successful * 100 < self.target * self.ended if self.ended else None


@dataclass(frozen=True)
class Analysis:
    partnership: Partnership
    period: Period
    target: int
    is_target_set: bool
    total: int
    sources: SourceFigures
    reasons: list[CountRow]
    first_contact: FirstContact
    outcomes: list[OutcomeRow]
    success_by_period: list[SuccessShare]
    success: SuccessShare


def period_referrals(partnership: Partnership, period: Period) -> ReferralQuerySet:
    """The referrals that count for the partnership and period (duplicates excluded)."""
    start, end = period.bounds()
    return Referral.objects.counted().filter(
        partnership=partnership, received_at__gte=start, received_at__lt=end
    )


def duty_target(partnership: Partnership) -> tuple[int, bool]:
    """The partnership's target percentage, and whether it set one (else the plan's 98%)."""
    percent = next(
        iter(DutyTarget.objects.filter(partnership=partnership).values_list("percent", flat=True)),
        None,
    )
    return (DutyTarget.DEFAULT_PERCENT, False) if percent is None else (percent, True)


def _counts(referrals: ReferralQuerySet, field: str) -> dict[str, int]:
    rows = referrals.order_by().values(field).annotate(n=Count("pk"))
    return {row[field]: row["n"] for row in rows}


def by_source(referrals: ReferralQuerySet) -> SourceFigures:
    counts = _counts(referrals, "body_type")
    total = sum(counts.values())

    def rows(statutory: bool) -> list[CountRow]:
        return sorted(
            (
                CountRow(body.value, body.label, counts[body.value], total)
                for body in BodyType
                if (body in STATUTORY_BODIES) == statutory and counts.get(body.value)
            ),
            key=lambda row: -row.count,  # ties in the order of the choices
        )

    statutory, voluntary = rows(True), rows(False)
    return SourceFigures(
        statutory=statutory,
        voluntary=voluntary,
        statutory_total=CountRow(
            "statutory",
            "Public bodies with the Duty to Refer",
            sum(r.count for r in statutory),
            total,
        ),
        voluntary_total=CountRow(
            "voluntary", "Other organisations", sum(r.count for r in voluntary), total
        ),
    )


def by_reason(referrals: ReferralQuerySet) -> list[CountRow]:
    counts = _counts(referrals, "reason")
    total = sum(counts.values())
    return sorted(
        (
            CountRow(reason.value, reason.label, counts[reason.value], total)
            for reason in ReferralReason
            if counts.get(reason.value)
        ),
        key=lambda row: -row.count,  # ties in the order of the choices
    )


def median(counts: Iterable[tuple[int, int]]) -> float | None:
    """The median of values given as (value, how many times)."""
    ordered = sorted((value, n) for value, n in counts if n)
    size = sum(n for _, n in ordered)
    if not size:
        return None

    def nth(index: int) -> int:
        seen = 0
        for value, n in ordered:
            seen += n
            if index < seen:
                return value
        raise IndexError(index)

    if size % 2:
        return float(nth(size // 2))
    return (nth(size // 2 - 1) + nth(size // 2)) / 2


def first_contact(referrals: ReferralQuerySet, total: int) -> FirstContact:
    """Working days from the day a referral arrived to the day of first contact.

    Grouped in the database by the pair of local dates, so the working days are worked out
    once per pair of days rather than once per referral."""
    pairs = (
        referrals.filter(first_contact_at__isnull=False)
        .order_by()
        .values(received_on=TruncDate("received_at"), contacted_on=TruncDate("first_contact_at"))
        .annotate(n=Count("pk"))
    )
    days: dict[int, int] = defaultdict(int)
    for pair in pairs:
        days[
            working_days_between(_as_date(pair["received_on"]), _as_date(pair["contacted_on"]))
        ] += pair["n"]
    contacted = sum(days.values())
    return FirstContact(
        contacted=contacted,
        not_contacted=total - contacted,
        median_working_days=median(days.items()),
        within={
            limit: sum(n for taken, n in days.items() if taken <= limit)
            for limit in CONTACT_STANDARDS_WORKING_DAYS
        },
    )


def _as_date(value: date) -> date:
    # TruncMonth of a date-time gives local midnight on the 1st, as an aware date-time.
    return value.date() if isinstance(value, datetime) else value


def outcomes(referrals: ReferralQuerySet) -> list[OutcomeRow]:
    """Ended duties of the period's referrals, by how they ended and the kind of duty."""
    rows = (
        Duty.objects.filter(referral__in=referrals.values("pk"), ended_on__isnull=False)
        .order_by()
        .values("kind", "outcome")
        .annotate(n=Count("pk"))
    )
    table: dict[str, dict[str, int]] = defaultdict(dict)
    for row in rows:
        table[row["outcome"]][row["kind"]] = row["n"]
    return [
        OutcomeRow(
            outcome.value,
            outcome.label,
            {kind.value: table[outcome.value].get(kind.value, 0) for kind in DutyKind},
        )
        for outcome in DutyOutcome
        if outcome.value in table
    ]


def success_by_month(referrals: ReferralQuerySet) -> dict[tuple[int, int], tuple[int, int]]:
    """(year, month received) → (successful, ended) for referrals with an ended duty and no
    open one."""
    ended = Duty.objects.filter(referral=OuterRef("pk"), ended_on__isnull=False)
    still_open = Duty.objects.filter(referral=OuterRef("pk"), ended_on__isnull=True)
    secured = ended.filter(outcome__in=list(SUCCESSFUL_DUTY_OUTCOMES))
    rows = (
        referrals.filter(Exists(ended))
        .exclude(Exists(still_open))
        .order_by()
        .values(month=TruncMonth("received_at"))
        .annotate(ended=Count("pk"), successful=Count("pk", filter=Exists(secured)))
    )
    found: dict[tuple[int, int], tuple[int, int]] = {}
    for row in rows:
        month = _as_date(row["month"])
        found[(month.year, month.month)] = (row["successful"], row["ended"])
    return found


def success_shares(
    by_month: dict[tuple[int, int], tuple[int, int]], period: Period, target: int
) -> list[SuccessShare]:
    shares = []
    for start, end in buckets_for(period):
        successful = ended = 0
        month = start.replace(day=1)
        while month <= end:
            won, of = by_month.get((month.year, month.month), (0, 0))
            successful, ended = successful + won, ended + of
            month = _next_month(month)
        shares.append(SuccessShare(bucket_label(start, end), start, end, successful, ended, target))
    return shares


@dataclass(frozen=True)
class CrossTable:
    """Referrals by reason for each of the largest sources."""

    sources: list[CountRow]  # largest first
    rows: list[tuple[str, list[int]]]  # (reason, a count for each source)


def sources_by_reason(partnership: Partnership, period: Period, *, top: int = 5) -> CrossTable:
    rows = (
        period_referrals(partnership, period)
        .order_by()
        .values("body_type", "reason")
        .annotate(n=Count("pk"))
    )
    counts = {(row["body_type"], row["reason"]): row["n"] for row in rows}
    by_body: dict[str, int] = defaultdict(int)
    for (body, _), n in counts.items():
        by_body[body] += n
    total = sum(by_body.values())
    present = [
        CountRow(body.value, body.label, by_body[body.value], total)
        for body in BodyType
        if by_body.get(body.value)
    ]
    largest = sorted(present, key=lambda row: -row.count)[:top]
    return CrossTable(
        sources=largest,
        rows=[
            (reason.label, [counts.get((source.key, reason.value), 0) for source in largest])
            for reason in ReferralReason
            if any(counts.get((source.key, reason.value)) for source in largest)
        ],
    )


def analyse(partnership: Partnership, period: Period) -> Analysis:
    """All of P1.4's figures for the partnership's referrals received in the period."""
    referrals = period_referrals(partnership, period)
    target, is_target_set = duty_target(partnership)
    sources = by_source(referrals)
    total = sources.statutory_total.count + sources.voluntary_total.count
    by_period = success_shares(success_by_month(referrals), period, target)
    return Analysis(
        partnership=partnership,
        period=period,
        target=target,
        is_target_set=is_target_set,
        total=total,
        sources=sources,
        reasons=by_reason(referrals),
        first_contact=first_contact(referrals, total),
        outcomes=outcomes(referrals),
        success_by_period=by_period,
        success=SuccessShare(
            "The whole period",
            period.start_on,
            period.end_on,
            sum(s.successful for s in by_period),
            sum(s.ended for s in by_period),
            target,
        ),
    )
