"""Names and dates in the forms matching compares: normalised, nickname-canonical, phonetic.

Pure functions, no database: the interactive matcher, search, the batch (Splink) and the
synthetic population all use these so they agree on what "the same name" means.
"""

import re
import unicodedata
from datetime import date
from functools import lru_cache

import jellyfish

from waypost.people.matching.nicknames import NICKNAMES

# Titles and suffixes people add to names, which say nothing about who they are.
_NOISE = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "rev", "sir", "jr", "snr", "sr", "jnr"})
_NOT_LETTERS = re.compile(r"[^a-z ]+")
_JOINERS = re.compile(r"[-'’`.]")


@lru_cache(maxsize=65536)
def normalise_name(name: str) -> str:
    """Lower case ASCII letters and single spaces: "Seán O'Brien-Smith" → "sean obriensmith".

    Hyphens and apostrophes join (O'Brien and OBrien are one name); accents go; titles go.
    """
    text = unicodedata.normalize("NFKD", name or "")
    text = text.encode("ascii", "ignore").decode().lower()
    text = _JOINERS.sub("", text)
    text = _NOT_LETTERS.sub(" ", text)
    return " ".join(t for t in text.split() if t not in _NOISE)


def name_tokens(name: str) -> list[str]:
    return normalise_name(name).split()


@lru_cache(maxsize=65536)
def canonical_names(given: str) -> frozenset[str]:
    """The formal names a first name may be short for, including itself: "bob" → {"bob",
    "robert"}; "alex" → {"alex", "alexander", "alexandra"}. Takes a normalised single name."""
    return frozenset({given, *NICKNAMES.get(given, ())})


def is_nickname_pair(a: str, b: str) -> bool:
    """True when two different normalised first names are one name and its nickname (or two
    nicknames of one name: "bob" and "rob")."""
    return a != b and bool(canonical_names(a) & canonical_names(b))


def nickname_of(a: str, b: str) -> tuple[str, str] | None:
    """(short, formal) when one of a and b is a nickname of the other; else None."""
    if b in NICKNAMES.get(a, ()):
        return a, b
    if a in NICKNAMES.get(b, ()):
        return b, a
    return None


@lru_cache(maxsize=65536)
def phonetic(token: str) -> str:
    """A sound-alike code for one normalised name token ("" for an empty token).

    Metaphone, which keeps more of a name than Soundex, cut to four characters so small
    endings still agree (Richardson, Richardsen).
    """
    if not token:
        return ""
    return jellyfish.metaphone(token)[:4] or token[:2]


def given_keys(given: str) -> frozenset[str]:
    """The blocking forms of a first name: the phonetic codes of the name and of every formal
    name it may be short for, so "Bob", "Bobby" and "Robert" share a key."""
    tokens = name_tokens(given)
    if not tokens:
        return frozenset()
    return frozenset(phonetic(name) for name in canonical_names(tokens[0]))


def family_key(family: str) -> str:
    """The blocking form of a family name: the phonetic code of the whole name run together."""
    return phonetic(normalise_name(family).replace(" ", ""))


def swap_day_month(d: date) -> date | None:
    """The date with day and month swapped (3/1 ↔ 1/3), when that is a real, different date."""
    if d.day > 12 or d.day == d.month:
        return None
    try:
        return d.replace(month=d.day, day=d.month)
    except ValueError:
        return None


def date_key(d: date) -> str:
    """A key equal for a date and its day/month swap: year plus the smaller and larger of day
    and month."""
    low, high = sorted((d.day, d.month))
    return f"{d.year:04d}{low:02d}{high:02d}"


def normalise_identifier_value(value: str) -> str:
    """Identifiers compare without spaces, dashes or case: "485 777 3456" = "4857773456"."""
    return re.sub(r"[\s\-/]", "", value or "").upper()
