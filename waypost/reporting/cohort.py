"""The "biography" of the current cohort (plan P2.2) and the health-needs audit (P2.3): who is on
the by-name list on a date, counted by age, gender, nationality, time since first seen sleeping
rough, needs by assessment domain, route onto the street and health needs. Counts only, never a
person; how counts are shown to whom is the page's business (waypost.reporting.cohort_views).

Definitions, for one partnership and one date D (end of the day, Europe/London):

- **The cohort**: people on the partnership's by-name list whose status at the end of D (their
  last status change on or before it) is not housed, left the area or died.
- **Age band** on D, from the date of birth (a date known only to the month or year gives a
  band only when every possible birthday in it gives the same band) or an estimated age moved
  on by the years since it was estimated; otherwise "Not known".
- **Gender**: man, woman, another gender (non-binary or self-described), not known (including
  "prefers not to say").
- **Nationality group**: UK, EU, non-EU or not known, read from the nationality as written (as
  the annual snapshot reads it: waypost.outreach.count_figures.nationality_band).
- **Time since first seen sleeping rough**: from their first bedded-down street contact in the
  partnership (records merged into theirs included) to D; "Not seen bedded down" when there is
  none on or before D.
- **Needs by domain**: the level (none, low, medium, high) of each domain of their latest
  assessment on or before D (the latest recorded when two share a date); people with no
  assessment by then are counted once, as "not assessed".
- **Health needs** (of the people assessed): a need is a domain at medium or high. Physical
  health, mental health, drugs and alcohol, **dual diagnosis** (mental health and drugs and
  alcohol both medium or high), and use of new psychoactive substances (NPS). Waypost does not
  record GP registration, so the audit cannot count it.
- **Route onto the street**: from their latest Duty to Refer referral received by D (duplicates
  left out): "Leaving hospital" or "Leaving prison" on a discharge pathway, else the reason for
  homelessness recorded on it; "No referral recorded" when there is none.

People whose processing is restricted and records merged into another are left out. Five
queries whatever the size of the partnership or the number of dates.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import F, Min
from django.db.models.functions import Coalesce
from django.utils import timezone

from waypost.accounts.models import Partnership
from waypost.cases.models import AssessmentAnswer, Domain, Level
from waypost.lib.replica import reads_from_replica
from waypost.outreach.count_figures import nationality_band
from waypost.outreach.flows import add_months
from waypost.outreach.models import CLOSED_STATUSES, CountedNationality, StatusChange, StreetContact
from waypost.people.models import BirthDatePrecision, Gender, Person
from waypost.referrals.models import Pathway, Referral, ReferralReason

NOT_KNOWN = "Not known"

AGE_BANDS = ["Under 18", "18 to 25", "26 to 35", "36 to 45", "46 to 55", "56 or over", NOT_KNOWN]
GENDERS = ["Man", "Woman", "Another gender", NOT_KNOWN]
GENDER_OF = {
    Gender.MAN: "Man",
    Gender.WOMAN: "Woman",
    Gender.NON_BINARY: "Another gender",
    Gender.SELF_DESCRIBED: "Another gender",
}
NATIONALITIES = ["UK", "EU (not UK)", "Not EU", NOT_KNOWN]
NATIONALITY_OF = {
    CountedNationality.UK: "UK",
    CountedNationality.EU: "EU (not UK)",
    CountedNationality.NON_EU: "Not EU",
}
NEVER_SEEN = "Not seen bedded down"
TIME_BANDS = [
    "Under 3 months",
    "3 to 6 months",
    "6 months to 1 year",
    "1 to 2 years",
    "2 to 5 years",
    "5 years or more",
    NEVER_SEEN,
]
LEAVING_HOSPITAL = "Leaving hospital"
LEAVING_PRISON = "Leaving prison"
NO_REFERRAL = "No referral recorded"
ROUTES = [
    LEAVING_HOSPITAL,
    LEAVING_PRISON,
    *(label for value, label in ReferralReason.choices),
    NO_REFERRAL,
]
LEVELS = [Level.HIGH, Level.MEDIUM, Level.LOW, Level.NONE]
NEED_LEVELS = frozenset({Level.MEDIUM, Level.HIGH})

PHYSICAL = "Physical health need"
MENTAL = "Mental health need"
DRUGS_ALCOHOL = "Drug or alcohol need"
DUAL = "Dual diagnosis (mental health and drugs or alcohol)"
NPS = "Uses new psychoactive substances"
HEALTH_NEEDS = [PHYSICAL, MENTAL, DRUGS_ALCOHOL, DUAL, NPS]


@dataclass
class CohortFigures:
    """The cohort on one date, counted every way (each Counter's keys are the labels above)."""

    on: date
    people: int = 0
    ages: Counter[str] = field(default_factory=Counter)
    genders: Counter[str] = field(default_factory=Counter)
    nationalities: Counter[str] = field(default_factory=Counter)
    time_rough: Counter[str] = field(default_factory=Counter)
    routes: Counter[str] = field(default_factory=Counter)
    assessed: int = 0
    # domain value → level → people
    domains: dict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    health: Counter[str] = field(default_factory=Counter)

    @property
    def not_assessed(self) -> int:
        return self.people - self.assessed


# --- Banding -----------------------------------------------------------------------------------


def _full_years(start: date, end: date) -> int:
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def _band_for_age(age: int) -> str:
    if age < 0:
        return NOT_KNOWN
    for limit, band in ((18, "Under 18"), (26, "18 to 25"), (36, "26 to 35"), (46, "36 to 45")):
        if age < limit:
            return band
    return "46 to 55" if age < 56 else "56 or over"


def _last_day_of_month(day: date) -> date:
    return add_months(day.replace(day=1), 1) - timedelta(days=1)


def age_band(
    *,
    birth_date: date | None,
    precision: str,
    estimated_age_years: int | None,
    estimated_on: date | None,
    on: date,
) -> str:
    if precision == BirthDatePrecision.ESTIMATED and estimated_age_years is not None:
        if estimated_on is not None:
            return _band_for_age(estimated_age_years + _full_years(estimated_on, on))
    if birth_date is None or precision == BirthDatePrecision.UNKNOWN:
        return NOT_KNOWN
    if precision == BirthDatePrecision.EXACT:
        earliest = latest = birth_date
    elif precision == BirthDatePrecision.MONTH:
        earliest, latest = birth_date.replace(day=1), _last_day_of_month(birth_date)
    else:
        earliest, latest = date(birth_date.year, 1, 1), date(birth_date.year, 12, 31)
    oldest, youngest = (
        _band_for_age(_full_years(earliest, on)),
        _band_for_age(_full_years(latest, on)),
    )
    return oldest if oldest == youngest else NOT_KNOWN


def time_band(first_seen: date | None, on: date) -> str:
    """How long since someone was first seen sleeping rough, on `on`."""
    if first_seen is None or first_seen > on:
        return NEVER_SEEN
    for months, band in ((3, "Under 3 months"), (6, "3 to 6 months"), (12, "6 months to 1 year")):
        if on < _same_day_months_later(first_seen, months):
            return band
    if on < _same_day_months_later(first_seen, 24):
        return "1 to 2 years"
    if on < _same_day_months_later(first_seen, 60):
        return "2 to 5 years"
    return "5 years or more"


def _same_day_months_later(day: date, months: int) -> date:
    """The same day of the month `months` later (the month's last day when it is shorter)."""
    first = add_months(day.replace(day=1), months)
    return first.replace(day=min(day.day, _last_day_of_month(first).day))


def route_of(pathway: str | None, reason: str | None) -> str:
    if pathway is None:
        return NO_REFERRAL
    if pathway == Pathway.HOSPITAL:
        return LEAVING_HOSPITAL
    if pathway == Pathway.PRISON:
        return LEAVING_PRISON
    return ReferralReason(reason).label if reason in ReferralReason.values else NOT_KNOWN


def health_needs(levels: dict[str, int], uses_nps: bool) -> set[str]:
    """The health needs one assessment shows."""
    found = set()
    mental = levels.get(Domain.MENTAL_HEALTH) in NEED_LEVELS
    drugs = levels.get(Domain.DRUGS_ALCOHOL) in NEED_LEVELS
    if levels.get(Domain.PHYSICAL_HEALTH) in NEED_LEVELS:
        found.add(PHYSICAL)
    if mental:
        found.add(MENTAL)
    if drugs:
        found.add(DRUGS_ALCOHOL)
    if mental and drugs:
        found.add(DUAL)
    if uses_nps:
        found.add(NPS)
    return found


# --- Reading -----------------------------------------------------------------------------------


def _end_of(day: date) -> datetime:
    """Midnight at the end of `day`, London time."""
    return timezone.make_aware(
        datetime.combine(day + timedelta(days=1), time.min), timezone.get_current_timezone()
    )


def cohorts_on(partnership: Partnership, dates: list[date]) -> dict[Any, list[date]]:
    """For each person, the dates (of `dates`, oldest first) on which they were in the cohort.
    One query: every status change up to the end of the last date."""
    dates = sorted(dates)
    ends = [_end_of(day) for day in dates]
    changes = (
        StatusChange.objects.filter(
            entry__partnership=partnership,
            changed_at__lt=ends[-1],
            person__restricted_at__isnull=True,
            person__merged_into__isnull=True,
        )
        .order_by("changed_at", "id")
        .values_list("person_id", "status", "changed_at")
    )
    status_of: dict[Any, str] = {}
    members: dict[Any, list[date]] = defaultdict(list)
    index = 0

    def close_date(i: int) -> None:
        for person_id, status in status_of.items():
            if status not in CLOSED_STATUSES:
                members[person_id].append(dates[i])

    for person_id, status, changed_at in changes:
        while changed_at >= ends[index]:
            close_date(index)
            index += 1
        status_of[person_id] = status
    while index < len(dates):
        close_date(index)
        index += 1
    return members


@reads_from_replica
def cohort_figures(partnership: Partnership, dates: list[date]) -> dict[date, CohortFigures]:
    """The cohort figures on each of `dates`. Five queries."""
    dates = sorted(set(dates))
    members = cohorts_on(partnership, dates)
    found = {day: CohortFigures(on=day) for day in dates}
    if not members:
        return found
    on_list = {"by_name_entry__partnership": partnership}
    people = {
        row["id"]: row
        for row in Person.objects.filter(pk__in=list(members), **on_list).values(
            "id",
            "birth_date",
            "birth_date_precision",
            "estimated_age_years",
            "estimated_on",
            "gender",
            "nationality",
        )
    }
    first_seen: dict[Any, date] = {
        who: timezone.localtime(first).date()
        for who, first in StreetContact.objects.filter(
            partnership=partnership, bedded_down=True, person__isnull=False
        )
        .annotate(who=Coalesce(F("person__merged_into_id"), F("person_id")))
        .values("who")
        .annotate(first=Min("contacted_at"))
        .values_list("who", "first")
        .order_by()
    }
    # Assessments: each person's answers, by assessment, oldest first.
    assessments: dict[Any, list[tuple[date, datetime, Any]]] = defaultdict(list)
    answers: dict[Any, dict[str, int]] = defaultdict(dict)
    nps: set[Any] = set()
    for person_id, assessed_on, recorded_at, assessment_id, domain, level, uses_nps in (
        AssessmentAnswer.objects.filter(
            assessment__person__by_name_entry__partnership=partnership,
            assessment__assessed_on__lte=dates[-1],
        )
        .values_list(
            "assessment__person_id",
            "assessment__assessed_on",
            "assessment__recorded_at",
            "assessment_id",
            "domain",
            "level",
            "uses_nps",
        )
        .order_by()
    ):
        if assessment_id not in answers:
            assessments[person_id].append((assessed_on, recorded_at, assessment_id))
        answers[assessment_id][domain] = level
        if uses_nps:
            nps.add(assessment_id)
    for rows in assessments.values():
        rows.sort(key=lambda row: (row[0], row[1]))
    referrals: dict[Any, list[tuple[datetime, str, str]]] = defaultdict(list)
    for person_id, received_at, pathway, reason in (
        Referral.objects.counted()
        .filter(person__by_name_entry__partnership=partnership, received_at__lt=_end_of(dates[-1]))
        .order_by("received_at", "id")
        .values_list("person_id", "received_at", "pathway", "reason")
    ):
        referrals[person_id].append((received_at, pathway, reason))

    for person_id, on_dates in members.items():
        person = people.get(person_id)
        if person is None:
            continue
        nationality = NATIONALITY_OF.get(nationality_band(person["nationality"]), NOT_KNOWN)
        for day in on_dates:
            figures = found[day]
            figures.people += 1
            figures.ages[
                age_band(
                    birth_date=person["birth_date"],
                    precision=person["birth_date_precision"],
                    estimated_age_years=person["estimated_age_years"],
                    estimated_on=person["estimated_on"],
                    on=day,
                )
            ] += 1
            figures.genders[GENDER_OF.get(person["gender"], NOT_KNOWN)] += 1
            figures.nationalities[nationality] += 1
            figures.time_rough[time_band(first_seen.get(person_id), day)] += 1
            end = _end_of(day)
            latest = [r for r in referrals.get(person_id, []) if r[0] < end]
            figures.routes[route_of(*latest[-1][1:]) if latest else NO_REFERRAL] += 1
            done = [a for a in assessments.get(person_id, []) if a[0] <= day]
            if not done:
                continue
            assessment_id = done[-1][2]
            figures.assessed += 1
            levels = answers[assessment_id]
            for domain, level in levels.items():
                figures.domains[domain][level] += 1
            for need in health_needs(levels, assessment_id in nps):
                figures.health[need] += 1
    return found


def quarter_ends(on: date, count: int = 8) -> list[date]:
    """The last `count` quarter ends (31 March, 30 June, 30 September, 31 December) before
    `on`, oldest first."""
    ends = []
    month = on.replace(day=1)
    while len(ends) < count:
        month = add_months(month, -1)
        if month.month in (3, 6, 9, 12):
            end = _last_day_of_month(month)
            if end < on:
                ends.append(end)
    return sorted(ends)
