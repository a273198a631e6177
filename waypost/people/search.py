"""Finding people by what staff type: a name (fuzzy, nicknames, aliases), a date of birth, or
an identifier. Only what the user may see: the person's identity, and for a match on an alias
or identifier, that alias or identifier row (a prison number is offending data).

Search records no access event; the page that shows the results does (`record_listed`).
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from rapidfuzz.distance import JaroWinkler

from waypost.accounts.models import Membership
from waypost.people.matching.candidates import identity_partnerships, seen_people, visible_in
from waypost.people.matching.keys import token_keys
from waypost.people.matching.normalise import (
    canonical_names,
    name_tokens,
    normalise_identifier_value,
    phonetic,
)
from waypost.people.models import BirthDatePrecision, MatchKey, Person
from waypost.sharing.policy import active_memberships

if TYPE_CHECKING:
    from waypost.accounts.models import User

RESULTS_CAP = 200
# People considered for a name before ranking; common names are narrowed by other words.
NAME_CANDIDATES_CAP = 1000
# People considered for a date alone (a year at 100,000 people is about 2,000).
DATE_CANDIDATES_CAP = 5000
TOKEN_MATCH = 0.84

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_DMY = re.compile(r"\b(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\b")
_YMD = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_DAY_MONTH_YEAR = re.compile(r"\b(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?([a-z]{3,9})\s+(\d{4})\b", re.I)
_YEAR = re.compile(r"\b(19\d{2}|20\d{2})\b")


@dataclass
class DateQuery:
    """A date of birth typed in a search: a whole date, a month or a year."""

    year: int
    month: int | None = None
    day: int | None = None

    def q(self) -> Q:
        """People whose recorded date of birth fits, as far as both are known."""
        exact = BirthDatePrecision.EXACT
        loose = [BirthDatePrecision.YEAR, BirthDatePrecision.ESTIMATED]
        year_range = Q(
            birth_date__gte=date(self.year, 1, 1), birth_date__lte=date(self.year, 12, 31)
        )
        # Every branch lies within the year, so the (partnership, birth_date) index serves it.
        if self.month is None:
            return year_range & ~Q(birth_date_precision=BirthDatePrecision.UNKNOWN)
        month_start = date(self.year, self.month, 1)
        month_end = date(self.year + self.month // 12, self.month % 12 + 1, 1)
        in_month = Q(birth_date__gte=month_start, birth_date__lt=month_end)
        year_only = Q(birth_date_precision__in=loose)
        if self.day is None:
            month_known = Q(birth_date_precision__in=[exact, BirthDatePrecision.MONTH])
            return year_range & (year_only | (in_month & month_known))
        on_day = Q(birth_date=date(self.year, self.month, self.day), birth_date_precision=exact)
        month_only = in_month & Q(birth_date_precision=BirthDatePrecision.MONTH)
        return year_range & (on_day | month_only | year_only)

    def closeness(self, person: Person) -> int:
        """2 when the person's date matches as precisely as typed, 1 when only loosely."""
        if person.birth_date is None:
            return 0
        precision = person.birth_date_precision
        if self.day is not None:
            same_day = person.birth_date == date(self.year, self.month or 1, self.day)
            return 2 if same_day and precision == BirthDatePrecision.EXACT else 1
        if self.month is not None:
            return 2 if precision in (BirthDatePrecision.EXACT, BirthDatePrecision.MONTH) else 1
        return 2


@dataclass
class ParsedSearch:
    names: list[str] = field(default_factory=list)
    birth: DateQuery | None = None
    identifier: str = ""


def parse_search(text: str) -> ParsedSearch:
    """Split what was typed into name words, a date of birth and an identifier.

    Dates are read the UK way: 1/3/1980 is 1 March 1980. Anything else with a digit in it
    is an identifier (NHS number with or without spaces, NI number, prison number, other ids).
    """
    text = (text or "").strip()
    parsed = ParsedSearch()
    rest = text
    for pattern, order in ((_DMY, "dmy"), (_YMD, "ymd")):
        found = pattern.search(rest)
        if found and parsed.birth is None:
            parts = dict(zip(order, map(int, found.groups()), strict=True))
            if _valid(parts["y"], parts["m"], parts["d"]):
                parsed.birth = DateQuery(year=parts["y"], month=parts["m"], day=parts["d"])
                rest = rest[: found.start()] + " " + rest[found.end() :]
    if parsed.birth is None:
        for found in _DAY_MONTH_YEAR.finditer(rest):
            month = _MONTHS.get(found.group(2).lower())
            day = int(found.group(1)) if found.group(1) else None
            year = int(found.group(3))
            if month and _valid(year, month, day or 1):
                parsed.birth = DateQuery(year=year, month=month, day=day)
                rest = rest[: found.start()] + " " + rest[found.end() :]
                break
    if parsed.birth is None:
        found = _YEAR.search(rest)
        if found and not re.search(r"\d", rest[: found.start()] + rest[found.end() :]):
            parsed.birth = DateQuery(year=int(found.group(1)))
            rest = rest[: found.start()] + " " + rest[found.end() :]
    if re.search(r"\d", rest):
        # An id may be typed with spaces (NHS "485 777 3456"): the whole remainder is the id.
        parsed.identifier = normalise_identifier_value(rest)
        return parsed
    parsed.names = name_tokens(rest)
    return parsed


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return 1880 <= year <= 2100


def search_people(
    user: "User", text: str, *, memberships: Sequence[Membership] | None = None
) -> list[Person]:
    """People matching `text` whose identity `user` may see, best first, at most 200.

    Each result carries `matched_on`: a short plain-English reason ("Alias: Bob Smith",
    "NHS number"), already limited to what the user may see.
    """
    memberships = active_memberships(user) if memberships is None else memberships
    partnerships = identity_partnerships(memberships)
    parsed = parse_search(text)
    if not partnerships or not (parsed.names or parsed.birth or parsed.identifier):
        return []
    in_reach = Person.objects.filter(partnership_id__in=partnerships)
    if parsed.identifier:
        return _by_identifier(user, parsed.identifier, partnerships, memberships)
    if not parsed.names:
        assert parsed.birth is not None
        # Sorted here, not in SQL: ordering by name there would walk the name index.
        people = visible_in(
            user, in_reach.filter(parsed.birth.q()).order_by()[:DATE_CANDIDATES_CAP], memberships
        )
        birth = parsed.birth
        people.sort(
            key=lambda p: (-birth.closeness(p), p.family_name.lower(), p.given_name.lower(), p.pk)
        )
        for person in people[:RESULTS_CAP]:
            person.matched_on = "Date of birth"  # type: ignore[attr-defined]
        return people[:RESULTS_CAP]
    return _by_name(user, parsed, partnerships, memberships)


def _by_identifier(
    user: "User",
    value: str,
    partnerships: set[Any],
    memberships: Sequence[Membership],
) -> list[Person]:
    # Keys are kept per partnership, so the ids are already within the user's partnerships.
    # (Filtering people by partnership too would lead SQLite, without planner statistics, to
    # walk the partnership's index instead of looking the few ids up.)
    ids = list(
        MatchKey.objects.filter(partnership_id__in=partnerships, value=f"i:{value}")
        .values_list("person_id", flat=True)
        .distinct()[:RESULTS_CAP]
    )
    people = visible_in(user, Person.objects.filter(pk__in=ids), memberships)
    results = []
    for seen in seen_people(user, people, memberships):
        hits = [i for i in seen.identifiers if normalise_identifier_value(i.value) == value]
        if hits:
            seen.person.matched_on = hits[0].label()  # type: ignore[attr-defined]
            results.append(seen.person)
    results.sort(key=lambda p: (p.family_name.lower(), p.given_name.lower(), str(p.pk)))
    return results


def _by_name(
    user: "User",
    parsed: ParsedSearch,
    partnerships: set[Any],
    memberships: Sequence[Membership],
) -> list[Person]:
    # Words of two letters or more must each match a name the person goes by (sound-alike,
    # nickname or first three letters); a single letter is checked as an initial afterwards.
    words = [w for w in parsed.names if len(w) >= 2] or parsed.names
    per_word = {w: token_keys(w) for w in words if len(w) >= 2}
    if not per_word:
        # Initials only ("J B"): there is no key to narrow by; refuse rather than list everyone.
        return []
    # People with a key for every word: one INTERSECT in the database.
    per_word_ids = [
        MatchKey.objects.filter(
            partnership_id__in=partnerships, value__in=sorted(keys)
        ).values_list("person_id", flat=True)
        for keys in per_word.values()
    ]
    matching = per_word_ids[0]
    if len(per_word_ids) > 1:
        matching = matching.intersection(*per_word_ids[1:])
    else:
        matching = matching.distinct()
    person_ids = list(matching[:NAME_CANDIDATES_CAP])
    if not person_ids:
        return []
    # The ids are within the user's partnerships already (see _by_identifier).
    queryset = Person.objects.filter(pk__in=person_ids)
    if parsed.birth is not None:
        queryset = queryset.filter(parsed.birth.q())
    people = visible_in(user, queryset, memberships)
    ranked: list[tuple[float, Person]] = []
    for seen in seen_people(user, people, memberships):
        best: tuple[float, str] | None = None
        own = [(seen.person.given_name, seen.person.family_name, "")]
        if seen.person.preferred_name:
            own.append((seen.person.preferred_name, seen.person.family_name, ""))
        alias_names = [
            (
                a.given_name or seen.person.given_name,
                a.family_name or seen.person.family_name,
                f"{a.get_kind_display()}: {a.full_name}",
            )
            for a in seen.aliases
        ]
        for given, family, reason in own + alias_names:
            score = _name_score(parsed.names, name_tokens(f"{given} {family}"))
            if score is not None and (best is None or score > best[0] + 1e-9):
                best = (score, reason)
        if best is None:
            continue
        score, reason = best
        if parsed.birth is not None:
            score += 0.5 * parsed.birth.closeness(seen.person)
        seen.person.matched_on = reason or "Name"  # type: ignore[attr-defined]
        ranked.append((score, seen.person))
    ranked.sort(key=lambda r: (-r[0], r[1].family_name.lower(), r[1].given_name.lower()))
    return [person for _, person in ranked[:RESULTS_CAP]]


def _name_score(words: list[str], tokens: list[str]) -> float | None:
    """How well every typed word matches some token of one name (None: a word matches none)."""
    if not tokens:
        return None
    total = 0.0
    for word in words:
        best = 0.0
        for token in tokens:
            best = max(best, _word_score(word, token))
        if best == 0.0:
            return None
        total += best
    return total / len(words)


def _word_score(word: str, token: str) -> float:
    if word == token:
        return 1.0
    if len(word) == 1:
        return 0.8 if token.startswith(word) else 0.0
    if canonical_names(word) & canonical_names(token):
        return 0.95
    if token.startswith(word) and len(word) >= 3:
        return 0.9
    similarity = JaroWinkler.similarity(word, token)
    if similarity >= TOKEN_MATCH:
        return similarity * 0.9
    if phonetic(word) == phonetic(token):
        return 0.75
    return 0.0
