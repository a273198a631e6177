"""Comparing two records field by field: the level of agreement on each field, its weight, and
a plain-English explanation a caseworker can check.

The levels are the ones in weights.LEVELS; the batch model (splink_model.py) computes the same
levels in SQL so trained weights fit both.
"""

from dataclasses import dataclass, field
from datetime import date

from jellyfish import damerau_levenshtein_distance
from rapidfuzz.distance import JaroWinkler

from waypost.people.matching.normalise import (
    is_nickname_pair,
    nickname_of,
    normalise_identifier_value,
    normalise_name,
    swap_day_month,
)
from waypost.people.matching.weights import Weights, probability
from waypost.people.models import BirthDatePrecision, Gender, IdentifierKind

SIMILAR = 0.92
CLOSE = 0.80
# Kinds where one person has one value, so two different values argue against a match.
UNIQUE_KINDS = frozenset(
    {IdentifierKind.NHS_NUMBER, IdentifierKind.NI_NUMBER, IdentifierKind.PRISON_NUMBER}
)
_UNKNOWN_GENDERS = frozenset({"", Gender.UNKNOWN, Gender.NOT_SAID, Gender.SELF_DESCRIBED})
_IMPRECISE = frozenset({BirthDatePrecision.MONTH, BirthDatePrecision.YEAR})


@dataclass(frozen=True)
class Name:
    """One name a record goes by, as typed and normalised. `alias` says which alias (kind
    label) it came from, empty for the record's own name."""

    given: str
    family: str
    alias: str = ""

    @property
    def given_norm(self) -> str:
        return normalise_name(self.given)

    @property
    def family_norm(self) -> str:
        return normalise_name(self.family).replace(" ", "")


@dataclass
class Profile:
    """A record as the matcher sees it: only what the user may see of it."""

    names: list[Name]
    birth_date: date | None = None
    precision: str = BirthDatePrecision.UNKNOWN
    gender: str = ""
    # (kind, normalised value)
    identifiers: set[tuple[str, str]] = field(default_factory=set)

    @staticmethod
    def identifier_set(pairs: list[tuple[str, str]]) -> set[tuple[str, str]]:
        return {(kind, normalise_identifier_value(value)) for kind, value in pairs if value}


@dataclass
class Comparison:
    weight: float
    score: float
    agreements: dict[str, str]
    explanation: list[str]
    # The names agreed through an alias (or known name), not the record's own name.
    via_alias: bool = False


def given_level(a: str, b: str) -> str:
    """Agreement of two normalised first names (first word counts: middle names vary)."""
    if not a or not b:
        return "missing"
    first_a, first_b = a.split()[0], b.split()[0]
    if a == b or first_a == first_b:
        return "exact"
    if is_nickname_pair(first_a, first_b):
        return "nickname"
    similarity = JaroWinkler.similarity(first_a, first_b)
    if similarity >= SIMILAR:
        return "similar"
    if (len(first_a) == 1 or len(first_b) == 1) and first_a[0] == first_b[0]:
        return "initial"
    if similarity >= CLOSE:
        return "close"
    return "different"


def family_level(a: str, b: str) -> str:
    """Agreement of two normalised family names (spaces removed)."""
    if not a or not b:
        return "missing"
    if a == b:
        return "exact"
    if JaroWinkler.similarity(a, b) >= SIMILAR or damerau_levenshtein_distance(a, b) <= 1:
        return "similar"
    if JaroWinkler.similarity(a, b) >= CLOSE:
        return "close"
    return "different"


def date_level(a: date | None, a_precision: str, b: date | None, b_precision: str) -> str:
    """Agreement of two dates of birth, allowing for month-only, year-only and estimates."""
    unknown = BirthDatePrecision.UNKNOWN
    if a is None or b is None or a_precision == unknown or b_precision == unknown:
        return "missing"
    exact = BirthDatePrecision.EXACT
    if a_precision == exact and b_precision == exact:
        if a == b:
            return "exact"
        if swap_day_month(a) == b:
            return "swapped"
        if damerau_levenshtein_distance(a.isoformat(), b.isoformat()) <= 1:
            return "typo"
        # Two exact dates more than a slip apart disagree, in the same year or not (as in the
        # batch model: splink_model.py).
        return "different"
    if BirthDatePrecision.ESTIMATED in (a_precision, b_precision):
        gap = abs(a.year - b.year)
        return "year" if gap == 0 else "near" if gap <= 2 else "different"
    # Month or year known on at least one side: agree as far as both are known.
    if a.year != b.year:
        return "different"
    month_known = BirthDatePrecision.YEAR not in (a_precision, b_precision)
    if month_known and a.month != b.month:
        return "different"
    return "year"


def gender_level(a: str, b: str) -> str:
    if a in _UNKNOWN_GENDERS or b in _UNKNOWN_GENDERS:
        return "missing"
    return "same" if a == b else "different"


def identifier_level(
    a: set[tuple[str, str]], b: set[tuple[str, str]]
) -> tuple[str, list[tuple[str, str]]]:
    """Level, and the (kind, agreement) pairs behind it for the explanation."""
    if not a or not b:
        return "missing", []
    same = sorted({kind for kind, value in a & b})
    if same:
        return "exact", [(kind, "same") for kind in same]
    a_kinds = {kind for kind, _ in a} & UNIQUE_KINDS
    b_kinds = {kind for kind, _ in b} & UNIQUE_KINDS
    differ = sorted(a_kinds & b_kinds)
    if differ:
        return "different", [(kind, "different") for kind in differ]
    return "missing", []


def _name_weight(weights: Weights, q: Name, c: Name) -> tuple[float, str, str]:
    g = given_level(q.given_norm, c.given_norm)
    f = family_level(q.family_norm, c.family_norm)
    return weights.weight("given_name", g) + weights.weight("family_name", f), g, f


def compare(query: Profile, candidate: Profile, weights: Weights) -> Comparison:
    """Score `candidate` against `query`: the best-agreeing pair of names (the candidate's
    own name or a visible alias; the query's names as typed or with first and last swapped),
    plus date of birth, gender and identifiers."""
    best: tuple[float, str, str, Name, Name, bool] | None = None
    for q in query.names:
        variants = [(q, False)]
        if q.given and q.family:
            variants.append((Name(given=q.family, family=q.given), True))
        for variant, swapped in variants:
            for c in candidate.names:
                w, g, f = _name_weight(weights, variant, c)
                # A swapped reading must do better, not just as well, to be chosen.
                if best is None or w > best[0] + (0.5 if swapped else 0):
                    best = (w, g, f, variant, c, swapped)
    assert best is not None, "a profile always has at least one name"
    name_w, g_level, f_level, q_name, c_name, swapped = best

    d_level = date_level(
        query.birth_date, query.precision, candidate.birth_date, candidate.precision
    )
    s_level = gender_level(query.gender, candidate.gender)
    i_level, i_detail = identifier_level(query.identifiers, candidate.identifiers)
    total = (
        weights.prior_weight
        + name_w
        + weights.weight("date_of_birth", d_level)
        + weights.weight("gender", s_level)
        + weights.weight("identifiers", i_level)
    )
    agreements = {
        "given_name": g_level,
        "family_name": f_level,
        "date_of_birth": d_level,
        "gender": s_level,
        "identifiers": i_level,
    }
    explanation = _explain(agreements, q_name, c_name, swapped, i_detail)
    return Comparison(
        weight=total,
        score=probability(total),
        agreements=agreements,
        explanation=explanation,
        via_alias=bool(c_name.alias),
    )


_DATE_TEXT = {
    "exact": "Date of birth: exact",
    "swapped": "Date of birth: day and month swapped",
    "typo": "Date of birth: one digit different",
    "year": "Date of birth: same year",
    "near": "Date of birth: within 2 years (an age was estimated)",
    "different": "Date of birth: different",
    "missing": "Date of birth: not known on one record",
}


def _explain(
    agreements: dict[str, str],
    q: Name,
    c: Name,
    swapped: bool,
    identifiers: list[tuple[str, str]],
) -> list[str]:
    lines: list[str] = []
    if c.alias:
        shown = " ".join(p for p in (c.given, c.family) if p)
        lines.append(f"Name matched their {c.alias.lower()}: {shown}")
    if swapped:
        lines.append("Names: first and last names swapped")
    lines.append(_name_text("First name", agreements["given_name"], q.given, c.given))
    lines.append(_name_text("Last name", agreements["family_name"], q.family, c.family))
    lines.append(_DATE_TEXT[agreements["date_of_birth"]])
    if agreements["gender"] != "missing":
        lines.append(f"Gender: {agreements['gender']}")
    labels = dict(IdentifierKind.choices)
    for kind, agreement in identifiers:
        lines.append(f"{labels.get(kind, 'Identifier')}: {agreement}")
    return lines


def _name_text(label: str, level: str, typed: str, found: str) -> str:
    typed, found = typed.strip(), found.strip()
    if level == "nickname":
        pair = nickname_of(normalise_name(typed).split()[0], normalise_name(found).split()[0])
        if pair is not None:
            short = typed if normalise_name(typed).split()[0] == pair[0] else found
            formal = found if short is typed else typed
            return f"{label}: {short} is a nickname of {formal}"
        return f"{label}: {typed} and {found} are forms of the same name"
    text = {
        "exact": "exact",
        "similar": f"similar ({typed} and {found})",
        "close": f"partly similar ({typed} and {found})",
        "initial": f"initial matches ({typed} and {found})",
        "different": "different",
        "missing": "not known on one record",
    }[level]
    return f"{label}: {text}"
