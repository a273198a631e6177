"""Street count figures: the national return's table (people by gender, age band and
nationality) with its check that the breakdowns add up to the total, the night's window, and
what the street contacts say about a night (who was seen bedded down, and who was new).

Pure reads. The rules that turn a person's record into the return's categories (gender, age band
on the night, UK / EU / non-EU nationality from free text) are plain functions, so they can be
tested on their own and explained on the pages.
"""

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Q

from waypost.outreach.models import (
    NEW_LOOKBACK_MONTHS,
    CountedAge,
    CountedGender,
    CountedNationality,
    CountedPerson,
    CountKind,
    CountMethod,
    StreetContact,
    StreetCount,
)
from waypost.people.models import BirthDatePrecision, Gender

LONDON = ZoneInfo("Europe/London")
# The count night: from 10pm on the night to 6am the next morning, London time, both included.
NIGHT_STARTS = time(22, 0)
NIGHT_ENDS = time(6, 0)

# --- The night ---------------------------------------------------------------------------------


def night_window(night: date) -> tuple[datetime, datetime]:
    """22:00 on `night` to 06:00 the next morning, Europe/London (so 8 or 9 hours when the clocks
    change that night), in UTC (so that subtracting them gives the real length)."""
    start = datetime.combine(night, NIGHT_STARTS, tzinfo=LONDON)
    end = datetime.combine(night + timedelta(days=1), NIGHT_ENDS, tzinfo=LONDON)
    return start.astimezone(UTC), end.astimezone(UTC)


def night_is_over(night: date, now: datetime) -> bool:
    return now >= night_window(night)[1]


def window_text(night: date) -> str:
    """ "10pm on 13 November to 6am on 14 November 2025"."""
    morning = night + timedelta(days=1)
    first = f"{night:%-d %B}" if night.year == morning.year else f"{night:%-d %B %Y}"
    return f"10pm on {first} to 6am on {morning:%-d %B %Y}"


# --- A person's record in the return's categories ------------------------------------------------

GENDER_BANDS: dict[str, str] = {
    Gender.MAN: CountedGender.MALE,
    Gender.WOMAN: CountedGender.FEMALE,
    Gender.NON_BINARY: CountedGender.OTHER,
    Gender.SELF_DESCRIBED: CountedGender.OTHER,
    Gender.NOT_SAID: CountedGender.NOT_KNOWN,
    Gender.UNKNOWN: CountedGender.NOT_KNOWN,
}


def gender_band(gender: str) -> str:
    return GENDER_BANDS.get(gender, CountedGender.NOT_KNOWN)


def _full_years(start: date, end: date) -> int:
    """Whole years from `start` to `end` (negative when `end` is earlier)."""
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def _band_for_age(age: int) -> str:
    if age < 0:
        return CountedAge.NOT_KNOWN
    if age < 18:
        return CountedAge.UNDER_18
    if age <= 25:
        return CountedAge.AGE_18_25
    return CountedAge.AGE_26_PLUS


def _last_day_of_month(day: date) -> date:
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def age_band(
    *,
    birth_date: date | None,
    precision: str,
    estimated_age_years: int | None,
    estimated_on: date | None,
    on: date,
) -> str:
    """The age band on the night `on`. A date of birth known only to the month or the year
    gives a band only when every possible birthday in it gives the same one; an estimated age
    is moved on by the whole years since it was estimated."""
    if precision == BirthDatePrecision.ESTIMATED and estimated_age_years is not None:
        if estimated_on is not None:
            return _band_for_age(estimated_age_years + _full_years(estimated_on, on))
    if birth_date is None or precision == BirthDatePrecision.UNKNOWN:
        return CountedAge.NOT_KNOWN
    if precision == BirthDatePrecision.EXACT:
        earliest = latest = birth_date
    elif precision == BirthDatePrecision.MONTH:
        earliest, latest = birth_date.replace(day=1), _last_day_of_month(birth_date)
    else:  # a year, or an estimate with no date: any day of that year
        earliest, latest = date(birth_date.year, 1, 1), date(birth_date.year, 12, 31)
    oldest, youngest = (
        _band_for_age(_full_years(earliest, on)),
        _band_for_age(_full_years(latest, on)),
    )
    return oldest if oldest == youngest else CountedAge.NOT_KNOWN


# The 27 member states of the European Union, with the words people write for their nationals.
# Ireland is in the EU; the UK left on 31 January 2020.
EU_COUNTRIES: dict[str, tuple[str, ...]] = {
    "Austria": ("austria", "austrian"),
    "Belgium": ("belgium", "belgian"),
    "Bulgaria": ("bulgaria", "bulgarian"),
    "Croatia": ("croatia", "croatian"),
    "Cyprus": ("cyprus", "cypriot"),
    "Czechia": ("czechia", "czech republic", "czech"),
    "Denmark": ("denmark", "danish", "dane"),
    "Estonia": ("estonia", "estonian"),
    "Finland": ("finland", "finnish", "finn"),
    "France": ("france", "french"),
    "Germany": ("germany", "german"),
    "Greece": ("greece", "greek"),
    "Hungary": ("hungary", "hungarian"),
    "Ireland": ("ireland", "republic of ireland", "eire", "irish"),
    "Italy": ("italy", "italian"),
    "Latvia": ("latvia", "latvian"),
    "Lithuania": ("lithuania", "lithuanian"),
    "Luxembourg": ("luxembourg", "luxembourger", "luxembourgish"),
    "Malta": ("malta", "maltese"),
    "Netherlands": ("netherlands", "holland", "dutch", "netherlander"),
    "Poland": ("poland", "polish", "pole"),
    "Portugal": ("portugal", "portuguese"),
    "Romania": ("romania", "romanian"),
    "Slovakia": ("slovakia", "slovak republic", "slovak", "slovakian"),
    "Slovenia": ("slovenia", "slovenian", "slovene"),
    "Spain": ("spain", "spanish", "spaniard"),
    "Sweden": ("sweden", "swedish", "swede"),
}
EU_WORDS = frozenset(
    {word for words in EU_COUNTRIES.values() for word in words}
    | {"eu", "eu national", "eu citizen", "european union"}
)
UK_WORDS = frozenset(
    {
        "uk", "u k", "united kingdom", "great britain", "britain", "gb", "british",
        "english", "england", "scottish", "scots", "scotland", "welsh", "wales",
        "northern ireland", "northern irish", "uk national", "uk citizen", "british citizen",
        "british national", "channel islands", "jersey", "guernsey", "isle of man", "manx",
    }
)  # fmt: skip
# Written for a nationality but saying nothing about which (or about an ethnicity instead).
NOT_KNOWN_WORDS = frozenset(
    {
        "", "unknown", "not known", "n a", "na", "none", "not said", "not stated",
        "not given", "refused", "prefers not to say", "prefer not to say", "unsure",
        "don t know", "dont know", "european", "eea", "roma", "romani", "gypsy", "traveller",
    }
)  # fmt: skip
_NON_EU = re.compile(r"\bnon (?:eu|european)\b|\bthird country\b")
_SEPARATORS = re.compile(r"\s*(?:/|,|;|&|\+|\band\b|\bdual\b)\s*")


def _normalise(text: str) -> str:
    return re.sub(r"[^a-z/,;&+]+", " ", text.lower()).strip()


def nationality_band(text: str) -> str:
    """UK, EU, non-EU or not known, from the nationality as staff wrote it ("Polish",
    "British/Irish", "Eritrean", "not known").

    A dual UK national counts as UK, else anyone with an EU nationality as EU. Anything else
    written that names a nationality is non-EU; nothing, or words that do not say which
    ("European", "unknown"), is not known.
    """
    parts = [part.strip() for part in _SEPARATORS.split(_normalise(text)) if part.strip()]
    if not parts:
        return CountedNationality.NOT_KNOWN
    bands = [_part_band(part) for part in parts]
    for band in (CountedNationality.UK, CountedNationality.EU, CountedNationality.NON_EU):
        if band in bands:
            return band
    return CountedNationality.NOT_KNOWN


def _part_band(part: str) -> str:
    part = re.sub(r"^the\s+", "", part)
    if _NON_EU.search(part):
        return CountedNationality.NON_EU
    if part in UK_WORDS:
        return CountedNationality.UK
    if part in EU_WORDS:
        return CountedNationality.EU
    if part in NOT_KNOWN_WORDS:
        return CountedNationality.NOT_KNOWN
    words = part.split()
    padded = f" {part} "
    if any(word in UK_WORDS for word in words) or any(
        f" {name} " in padded for name in UK_WORDS if " " in name
    ):
        return CountedNationality.UK
    if any(word in EU_WORDS for word in words):
        return CountedNationality.EU
    if all(word in NOT_KNOWN_WORDS for word in words):
        return CountedNationality.NOT_KNOWN
    return CountedNationality.NON_EU


@dataclass(frozen=True)
class Derived:
    """A person's record in the return's categories, on one night."""

    gender: str = CountedGender.NOT_KNOWN
    age: str = CountedAge.NOT_KNOWN
    nationality: str = CountedNationality.NOT_KNOWN


NOT_KNOWN = Derived()


def derive(person: Any, night: date) -> Derived:
    """Gender, age band on the night and nationality band from a person record."""
    return Derived(
        gender=gender_band(person.gender),
        age=age_band(
            birth_date=person.birth_date,
            precision=person.birth_date_precision,
            estimated_age_years=person.estimated_age_years,
            estimated_on=person.estimated_on,
            on=night,
        ),
        nationality=nationality_band(person.nationality),
    )


# --- The national return's table ---------------------------------------------------------------


class Problem(str):
    """Why the return cannot be submitted yet, in words for the page. `fix` says where it is
    put right: a field of the snapshot's details ("night", "total", "agencies_consulted",
    "verifier"), "people" (the people counted) or "" (nothing to do but wait)."""

    fix: str

    def __new__(cls, text: str, fix: str = "") -> "Problem":
        problem = super().__new__(cls, text)
        problem.fix = fix
        return problem


@dataclass(frozen=True)
class Line:
    code: str
    label: str
    count: int


@dataclass(frozen=True)
class Breakdown:
    key: str  # "gender", "age", "nationality"
    title: str
    lines: tuple[Line, ...]

    @property
    def total(self) -> int:
        return sum(line.count for line in self.lines)


@dataclass(frozen=True)
class Figures:
    """One night's return: the total, its three breakdowns, and what stops it adding up."""

    method: str
    total: int | None  # for a count, the number of people listed
    rows: int
    breakdowns: tuple[Breakdown, ...]
    problems: tuple[str, ...] = field(default=())

    @property
    def adds_up(self) -> bool:
        return self.total is not None and all(b.total == self.total for b in self.breakdowns)

    @property
    def is_ready(self) -> bool:
        return not self.problems

    def breakdown(self, key: str) -> Breakdown:
        return next(b for b in self.breakdowns if b.key == key)


DIMENSIONS: tuple[tuple[str, str, Any], ...] = (
    ("gender", "Gender", CountedGender),
    ("age", "Age", CountedAge),
    ("nationality", "Nationality", CountedNationality),
)


def figures_from(
    *,
    method: str,
    total: int | None,
    combinations: Iterable[tuple[str, str, str, int]],
    night: date,
    now: datetime,
) -> Figures:
    """The return from (gender, age, nationality, how many) rows: a count's total is the
    number of people listed; an estimate's is the number typed, and its breakdowns must add
    up to it."""
    counters = {key: Counter[str]() for key, _, _ in DIMENSIONS}
    rows = 0
    for gender, age, nationality, number in combinations:
        rows += number
        counters["gender"][gender] += number
        counters["age"][age] += number
        counters["nationality"][nationality] += number
    breakdowns = tuple(
        Breakdown(
            key=key,
            title=title,
            lines=tuple(Line(c.value, c.label, counters[key][c.value]) for c in choices),
        )
        for key, title, choices in DIMENSIONS
    )
    if method == CountMethod.COUNT:
        total = rows
    problems: list[Problem] = []
    if total is None:
        problems.append(
            Problem(
                "Enter the total: an estimate needs the number of people it estimates",
                fix="total",
            )
        )
    elif rows < total:
        missing = total - rows
        problems.append(
            Problem(
                f"The breakdowns add up to {_people(rows)} but the total is {total}. Add a row "
                f"for each of the other {_people(missing)} (choose “Not known” for what you do "
                "not know), or change the total.",
                fix="people",
            )
        )
    elif rows > total:
        problems.append(
            Problem(
                f"The breakdowns add up to {_people(rows)} but the total is {total}. Remove "
                f"{_people(rows - total)} from the list, or change the total.",
                fix="people",
            )
        )
    if not night_is_over(night, now):
        problems.append(
            Problem(
                f"The night is not over yet: you can submit after 6am on "
                f"{night + timedelta(days=1):%-d %B %Y}."
            )
        )
    return Figures(
        method=method, total=total, rows=rows, breakdowns=breakdowns, problems=tuple(problems)
    )


def _people(number: int) -> str:
    return f"{number} {'person' if number == 1 else 'people'}"


def figures_for(count: StreetCount, *, now: datetime) -> Figures:
    """The return for a count, from one grouped query over the people listed. An annual
    snapshot's problems start with what its details still lack (see `details_problems`)."""
    combinations = (
        CountedPerson.objects.filter(count=count)
        .order_by()
        .values_list("gender", "age", "nationality")
        .annotate(number=Count("id"))
    )
    figures = figures_from(
        method=count.method,
        total=count.total,
        combinations=list(combinations),
        night=count.night,
        now=now,
    )
    if count.kind != CountKind.ANNUAL:
        return figures
    details = details_problems(
        night=count.night,
        agencies_consulted=count.agencies_consulted,
        verifier=count.verifier,
    )
    return replace(figures, problems=(*details, *figures.problems))


def in_snapshot_window(night: date) -> bool:
    """The annual snapshot's night falls between 1 October and 30 November."""
    return date(night.year, 10, 1) <= night <= date(night.year, 11, 30)


def details_problems(*, night: date, agencies_consulted: str, verifier: str) -> list[Problem]:
    """What the snapshot's details lack before it can be submitted: the government's return
    asks for a night between 1 October and 30 November, the local agencies consulted and the
    independent verifier."""
    problems: list[Problem] = []
    if not in_snapshot_window(night):
        problems.append(
            Problem(
                f"The night must be between 1 October and 30 November: change the night of "
                f"{night:%-d %B %Y} in the snapshot’s details",
                fix="night",
            )
        )
    if not agencies_consulted.strip():
        problems.append(
            Problem(
                "Enter the agencies consulted (such as the police, hospital and faith groups) "
                "in the snapshot’s details",
                fix="agencies_consulted",
            )
        )
    if not verifier.strip():
        problems.append(
            Problem(
                "Enter the independent verifier (such as Homeless Link) in the snapshot’s details",
                fix="verifier",
            )
        )
    return problems


# --- What the street contacts say about a night --------------------------------------------------


@dataclass
class Sightings:
    """Who was seen bedded down in a night's window: each person once (their latest contact in
    the window), and each contact with someone not yet identified."""

    people: dict[Any, StreetContact] = field(default_factory=dict)
    unidentified: list[StreetContact] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.people) + len(self.unidentified)


def bedded_down_in_window(partnership_id: Any, night: date) -> list[StreetContact]:
    """The partnership's bedded-down contacts from 22:00 on the night to 06:00 the next
    morning, oldest first. People whose records are restricted (UK GDPR Art. 18) are left out:
    they appear in no report."""
    start, end = night_window(night)
    return list(
        StreetContact.objects.filter(
            Q(person__isnull=True) | Q(person__restricted_at__isnull=True),
            partnership_id=partnership_id,
            bedded_down=True,
            contacted_at__gte=start,
            contacted_at__lte=end,
        )
        .order_by("contacted_at", "id")
        .only("id", "person_id", "place_id", "description", "contacted_at")
    )


def sightings_from(contacts: Sequence[StreetContact]) -> Sightings:
    """One entry per distinct person (their latest contact) and one per unidentified contact."""
    sightings = Sightings()
    for contact in sorted(contacts, key=lambda c: c.contacted_at):
        if contact.person_id is None:
            sightings.unidentified.append(contact)
        else:
            sightings.people[contact.person_id] = contact
    return sightings


def night_sightings(partnership_id: Any, night: date) -> Sightings:
    return sightings_from(bedded_down_in_window(partnership_id, night))


def _months_before(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def new_people(person_ids: Iterable[Any], night: date) -> set[Any]:
    """Of these people, those new to rough sleeping this month: not seen bedded down anywhere
    in the 60 months before the first day of the night's month."""
    ids = list(person_ids)
    if not ids:
        return set()
    month_start = datetime.combine(night.replace(day=1), time.min, tzinfo=LONDON)
    lookback = datetime.combine(
        _months_before(night.replace(day=1), NEW_LOOKBACK_MONTHS), time.min, tzinfo=LONDON
    )
    seen_before = set(
        StreetContact.objects.filter(
            person_id__in=ids,
            bedded_down=True,
            contacted_at__gte=lookback,
            contacted_at__lt=month_start,
        )
        .order_by()
        .values_list("person_id", flat=True)
        .distinct()
    )
    return set(ids) - seen_before


@dataclass(frozen=True)
class Suggestion:
    """The monthly figure the street contacts suggest for one night."""

    night: date
    seen: int
    new: int
    identified: int
    unidentified: int


def suggest_monthly(partnership_id: Any, night: date) -> Suggestion:
    """Everyone seen bedded down in the night's window (each person once, each unidentified
    contact once), and of them the people new this month. Someone not yet identified is not
    counted as new: there is no telling whether they were seen before."""
    sightings = night_sightings(partnership_id, night)
    return Suggestion(
        night=night,
        seen=sightings.total,
        new=len(new_people(sightings.people, night)),
        identified=len(sightings.people),
        unidentified=len(sightings.unidentified),
    )


# --- Monthly figures --------------------------------------------------------------------------


def month_start(day: date) -> date:
    return day.replace(day=1)


def last_months(today: date, number: int = 12) -> list[date]:
    """The first days of the last `number` months, oldest first, ending with this month."""
    this = month_start(today)
    return [_months_before(this, back) for back in range(number - 1, -1, -1)]


def monthly_figures(partnership_id: Any, months: Sequence[date]) -> dict[date, StreetCount]:
    """The monthly figure recorded for each of these months (first days), where there is one."""
    if not months:
        return {}
    last = _last_day_of_month(months[-1])
    found = StreetCount.objects.filter(
        partnership_id=partnership_id,
        kind=CountKind.MONTHLY,
        night__gte=months[0],
        night__lte=last,
    ).order_by("night")
    return {month_start(count.night): count for count in found}
