"""Finding people who may be the person being recorded: block on match keys, then score.

Only records whose identity the user may see are considered, and only the aliases and
identifiers the user may see are compared, so a candidate's score and explanation never rest
on something hidden from the user.
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.db.models import BooleanField, Count, ExpressionWrapper, Q

from waypost.accounts.models import Membership
from waypost.audit.models import Section
from waypost.people.matching.compare import Name, Profile, compare
from waypost.people.matching.keys import ESTIMATE_SPREAD_YEARS, KeySource, match_keys
from waypost.people.matching.visibility import access_for_many
from waypost.people.matching.weights import current_weights
from waypost.people.models import (
    Alias,
    BirthDatePrecision,
    Identifier,
    MatchKey,
    Person,
    record_section,
)
from waypost.sharing.policy import (
    ROLE_SECTIONS,
    PersonAccess,
    active_memberships,
    identity_visible_q,
)

if TYPE_CHECKING:
    from waypost.accounts.models import User

# Candidates scored at most: the records sharing most keys with the query come first.
BLOCK_CAP = 200
# Below this a "candidate" is noise: sharing a sound-alike key and nothing else.
MIN_SCORE = 0.001


@dataclass
class MatchQuery:
    """What is known about the person being looked for. Identifiers are (kind, value) with
    kinds from people.models.IdentifierKind."""

    given_name: str = ""
    family_name: str = ""
    date_of_birth: date | None = None
    birth_year: int | None = None
    gender: str = ""
    identifiers: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def for_new_person(cls, fields: dict[str, Any], identifiers: dict[str, str]) -> "MatchQuery":
        """The query for a person about to be recorded: create_person's fields, and identifier
        values by kind (empty ones ignored)."""
        birth_date = fields.get("birth_date")
        exact = fields.get("birth_date_precision") == BirthDatePrecision.EXACT
        return cls(
            given_name=fields.get("given_name") or fields.get("preferred_name", ""),
            family_name=fields.get("family_name", ""),
            date_of_birth=birth_date if exact else None,
            # A month, a year or an estimated age is compared loosely, by year.
            birth_year=birth_date.year if birth_date and not exact else None,
            gender=fields.get("gender", ""),
            identifiers=[(kind, value) for kind, value in identifiers.items() if value],
        )

    def profile(self) -> Profile:
        birth_date, precision = self.date_of_birth, BirthDatePrecision.EXACT
        if birth_date is None and self.birth_year:
            # A year alone usually comes from an estimated age: compare it loosely.
            birth_date, precision = date(self.birth_year, 1, 1), BirthDatePrecision.ESTIMATED
        elif birth_date is None:
            precision = BirthDatePrecision.UNKNOWN
        return Profile(
            names=[Name(given=self.given_name, family=self.family_name)],
            birth_date=birth_date,
            precision=precision,
            gender=self.gender,
            identifiers=Profile.identifier_set(self.identifiers),
        )

    def keys(self) -> set[str]:
        years: list[int] = []
        if self.date_of_birth is not None:
            years = [self.date_of_birth.year]
        elif self.birth_year:
            spread = ESTIMATE_SPREAD_YEARS
            years = list(range(self.birth_year - spread, self.birth_year + spread + 1))
        names = [(self.given_name, self.family_name), (self.family_name, self.given_name)]
        return match_keys(
            KeySource(
                names=names,
                birth_date=self.date_of_birth,
                precision=BirthDatePrecision.EXACT,
                birth_years=years,
                identifiers=[value for _, value in self.identifiers],
            )
        )


@dataclass
class Candidate:
    """A person who may be the one looked for. `agreements` is machine-readable per field
    ({"date_of_birth": "exact", ...}); `explanation` the same in plain English. `identifiers`
    and `aliases` are the rows the user may see."""

    person: Person
    score: float
    agreements: dict[str, str]
    explanation: list[str]
    identifiers: list[Identifier] = field(default_factory=list)
    aliases: list[Alias] = field(default_factory=list)


@dataclass
class SeenPerson:
    """One candidate with the rows of it the user may see."""

    person: Person
    aliases: list[Alias]
    identifiers: list[Identifier]

    @cached_property
    def profile(self) -> Profile:
        p = self.person
        names = [Name(given=p.given_name or p.preferred_name, family=p.family_name)]
        if p.preferred_name and p.given_name and p.preferred_name != p.given_name:
            names.append(Name(given=p.preferred_name, family=p.family_name, alias="known name"))
        for alias in self.aliases:
            names.append(
                Name(
                    given=alias.given_name or p.given_name,
                    family=alias.family_name or p.family_name,
                    alias=alias.get_kind_display(),
                )
            )
        return Profile(
            names=names,
            birth_date=p.birth_date,
            precision=p.birth_date_precision,
            gender=p.gender,
            identifiers=Profile.identifier_set([(i.kind, i.value) for i in self.identifiers]),
        )

    def keys(self) -> set[str]:
        p = self.person
        names = [(n.given, n.family) for n in self.profile.names]
        return match_keys(
            KeySource(
                names=names,
                birth_date=p.birth_date,
                precision=p.birth_date_precision,
                identifiers=[i.value for i in self.identifiers],
            )
        )


def identity_partnerships(memberships: Sequence[Membership]) -> set[Any]:
    """Partnerships where the user has a role that may see identity."""
    return {
        m.agency.partnership_id
        for m in memberships
        if Section.IDENTITY in ROLE_SECTIONS.get(m.role, frozenset())
    }


def seen_people(
    user: "User", people: list[Person], memberships: Sequence[Membership]
) -> list[SeenPerson]:
    """The people with the aliases and identifiers `user` may see of each (policy:
    `can_see(record_section(row), row.recorded_by_agency_id)`).

    Rows the user's own agency recorded, in a section their role covers, are always visible
    (the policy's `own` rule); the full policy is consulted, for all those people at once,
    only for people with rows from other agencies.
    """
    if not people:
        return []
    ids = [p.pk for p in people]
    aliases: dict[Any, list[Alias]] = {}
    for alias in Alias.objects.filter(person_id__in=ids).order_by("recorded_at"):
        aliases.setdefault(alias.person_id, []).append(alias)
    identifiers: dict[Any, list[Identifier]] = {}
    for identifier in Identifier.objects.filter(person_id__in=ids).order_by("kind", "recorded_at"):
        identifiers.setdefault(identifier.person_id, []).append(identifier)
    # (partnership, agency) → sections the user's roles there cover: the policy's "own" rule.
    own: dict[tuple[Any, Any], set[Section]] = {}
    for m in memberships:
        key = (m.agency.partnership_id, m.agency_id)
        own.setdefault(key, set()).update(ROLE_SECTIONS.get(m.role, frozenset()))

    def plainly_visible(person: Person, row: Any) -> bool:
        sections = own.get((person.partnership_id, row.recorded_by_agency_id), ())
        return record_section(row) in sections

    unclear = [
        p
        for p in people
        if not all(
            plainly_visible(p, row) for row in aliases.get(p.pk, []) + identifiers.get(p.pk, [])
        )
    ]
    # Aliases and identifiers are identity data, but for a prison number (offending).
    access = (
        access_for_many(user, unclear, memberships, sections=(Section.IDENTITY, Section.OFFENDING))
        if unclear
        else {}
    )
    seen = []
    for person in people:
        a = access.get(person.pk)

        def visible(row: Any, p: Person = person, a: PersonAccess | None = a) -> bool:
            return plainly_visible(p, row) or (a is not None and _visible(a, row))

        seen.append(
            SeenPerson(
                person=person,
                aliases=[r for r in aliases.get(person.pk, []) if visible(r)],
                identifiers=[r for r in identifiers.get(person.pk, []) if visible(r)],
            )
        )
    return seen


def _visible(access: PersonAccess, row: Any) -> bool:
    return access.can_see(record_section(row), row.recorded_by_agency_id)


def visible_q(user: "User", memberships: Sequence[Membership]) -> Q:
    """The condition of `Person.objects.visible_to(user)` (live, unrestricted, identity
    visible), reusing the memberships already loaded. tests/test_match_visibility.py keeps
    the two in step."""
    live = Q(merged_into__isnull=True, anonymised_at__isnull=True, restricted_at__isnull=True)
    return live & identity_visible_q(user, memberships)


def visible_people(user: "User", memberships: Sequence[Membership]) -> Any:
    """`Person.objects.visible_to(user)`, reusing the memberships already loaded."""
    return Person.objects.filter(visible_q(user, memberships))


def visible_in(user: "User", people: Any, memberships: Sequence[Membership]) -> list[Person]:
    """The people of the `people` QuerySet whose identity `user` may see (as `visible_to`).

    Visibility is computed per row in the SELECT, not in the WHERE: filtering on it there
    lets SQLite (without planner statistics) walk every live person by the merged_into index
    instead of using the narrow conditions of `people` (a few ids, a date range).
    """
    flagged = people.annotate(
        is_visible=ExpressionWrapper(visible_q(user, memberships), output_field=BooleanField())
    )
    return [person for person in flagged if person.is_visible]


def find_candidates(
    user: "User",
    query: MatchQuery,
    *,
    memberships: Sequence[Membership] | None = None,
    limit: int = 10,
    exclude_ids: Collection[Any] = (),
) -> list[Candidate]:
    """People who may be the person `query` describes, best first, at most `limit`.

    Only among `Person.objects.visible_to(user)`, compared only on what the user may see.
    Records no access event: callers that show candidates call
    `waypost.people.access.record_listed`.
    """
    memberships = active_memberships(user) if memberships is None else memberships
    partnerships = identity_partnerships(memberships)
    keys = query.keys()
    if not partnerships or not keys:
        return []
    hits = (
        MatchKey.objects.filter(partnership_id__in=partnerships, value__in=sorted(keys))
        .exclude(person_id__in=list(exclude_ids))
        .values("person_id")
        .annotate(hits=Count("id"))
        .order_by("-hits", "person_id")[:BLOCK_CAP]
    )
    ids = [hit["person_id"] for hit in hits]
    if not ids:
        return []
    people = visible_in(user, Person.objects.filter(pk__in=ids), memberships)
    wanted = query.profile()
    weights = current_weights()
    candidates = []
    via_alias: dict[Any, bool] = {}
    for seen in seen_people(user, people, memberships):
        # Found through a key made from a row the user may not see: not a candidate for them.
        if not seen.keys() & keys:
            continue
        result = compare(wanted, seen.profile, weights)
        if result.score < MIN_SCORE:
            continue
        via_alias[seen.person.pk] = result.via_alias
        candidates.append(
            Candidate(
                person=seen.person,
                score=round(result.score, 4),
                agreements=result.agreements,
                explanation=result.explanation,
                identifiers=seen.identifiers,
                aliases=seen.aliases,
            )
        )
    # Equal scores: a match on the record's own name before one on an alias.
    candidates.sort(key=lambda c: (-c.score, via_alias[c.person.pk], str(c.person.pk)))
    return candidates[:limit]
