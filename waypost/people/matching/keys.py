"""Blocking keys: short codes two records of the same person are likely to share.

A candidate must share at least one key with the query, so the matcher scores a few dozen
records instead of the whole partnership. Each kind of key survives a different kind of noise:

- ``n:`` first-name sound + family-name sound: survives date errors and nicknames.
- ``fy:`` family-name sound + birth year: survives an unknown nickname or a first-name typo.
- ``gy:`` first-name sound + birth year: survives a changed or misspelt family name.
- ``nd:`` first-name sound + the family name with any one letter left out, and ``gd:``
  family-name sound + the first name with one letter left out: two spellings one slip apart
  share one of these (the "symmetric delete" idea), so a typo survives even with no date.
- ``d:`` date of birth with day and month in either order: survives any name change.
- ``i:`` an identifier value (NHS, NI, prison number, other ids).
- ``t:`` and ``p:`` one name token's sound and its first three letters, for search.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from waypost.people.matching.normalise import (
    canonical_names,
    date_key,
    family_key,
    given_keys,
    name_tokens,
    normalise_identifier_value,
    normalise_name,
    phonetic,
)
from waypost.people.models import BirthDatePrecision

# Records with an estimated age may be a couple of years out either way.
ESTIMATE_SPREAD_YEARS = 2


@dataclass
class KeySource:
    """What keys are made from: every name the person goes by, their date of birth and ids."""

    names: list[tuple[str, str]] = field(default_factory=list)  # (given, family)
    birth_date: date | None = None
    precision: str = BirthDatePrecision.UNKNOWN
    birth_years: Iterable[int] = ()
    identifiers: list[str] = field(default_factory=list)  # raw values


def birth_years(birth_date: date | None, precision: str) -> list[int]:
    if birth_date is None or precision == BirthDatePrecision.UNKNOWN:
        return []
    if precision == BirthDatePrecision.ESTIMATED:
        year = birth_date.year
        return list(range(year - ESTIMATE_SPREAD_YEARS, year + ESTIMATE_SPREAD_YEARS + 1))
    return [birth_date.year]


def match_keys(source: KeySource) -> set[str]:
    """The blocking keys for a record (stored) or a query (looked up)."""
    keys: set[str] = set()
    years = list(source.birth_years) or birth_years(source.birth_date, source.precision)
    for given, family in source.names:
        gks = given_keys(given)
        fk = family_key(family)
        family_norm = normalise_name(family).replace(" ", "")
        given_tokens = name_tokens(given)
        if fk and given_tokens:
            keys.update(f"gd:{fk}:{variant}" for variant in deletions(given_tokens[0]))
        for gk in gks:
            if fk:
                keys.add(f"n:{gk}:{fk}")
                keys.update(f"nd:{gk}:{variant}" for variant in deletions(family_norm))
            for year in years:
                keys.add(f"gy:{gk}:{year}")
        if fk:
            for year in years:
                keys.add(f"fy:{fk}:{year}")
    if source.birth_date is not None and source.precision == BirthDatePrecision.EXACT:
        keys.add(f"d:{date_key(source.birth_date)}")
    for value in source.identifiers:
        normalised = normalise_identifier_value(value)
        if normalised:
            keys.add(f"i:{normalised}")
    return keys


def deletions(text: str) -> set[str]:
    """The text and every way of leaving one letter out of it (short texts: just the text)."""
    if len(text) < 4:
        return {text}
    return {text} | {text[:i] + text[i + 1 :] for i in range(len(text))}


def token_keys(token: str) -> set[str]:
    """Search keys for one normalised name token: its sound, the sounds of the formal names
    it may be short for, and its first three letters."""
    keys = {f"t:{phonetic(name)}" for name in canonical_names(token)}
    if len(token) >= 3:
        keys.add(f"p:{token[:3]}")
    return keys


def search_keys(names: Iterable[tuple[str, str]]) -> set[str]:
    keys: set[str] = set()
    for given, family in names:
        for token in name_tokens(f"{given} {family}"):
            keys |= token_keys(token)
    return keys
