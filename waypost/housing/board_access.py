"""Reading the vacancy board: which schemes a user sees, their free and total places, what
each suits, and how fresh the provider's last check is.

The street and case teams (coordinators, caseworkers, outreach workers) see every active scheme
of their partnership; a provider's own staff see only their own agency's schemes, and only they
update those vacancies. Places are counted in SQL for the whole page (no query per scheme):
a unit's places are what it sleeps; a free unit's free places are those not taken by a
current placement (a couple's room with one person in it still has a place free).
The board shows counts, never who.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404
from django.utils import timezone

from waypost.accounts.models import Membership, Role
from waypost.housing.models import (
    AccommodationKind,
    GenderRule,
    Placement,
    Scheme,
    Unit,
    UnitStatus,
)
from waypost.housing.register_access import (
    CASE_ROLES,
    partnership_ids,
    provider_agency_ids,
)

BOARD_ROLES = (*CASE_ROLES, Role.PROVIDER)
PAGE_SIZE = 25
# A provider's check older than this is flagged: the board may no longer be right.
STALE_AFTER = timedelta(hours=24)

# The "suits" filters, each the rule a scheme must meet, and its label.
SUITS: dict[str, tuple[str, Q]] = {
    "women": ("Women only", Q(gender_rule=GenderRule.WOMEN)),
    "couples": ("Couples", Q(couples=True)),
    "pets": ("Pets", Q(pets=True)),
    "under_25": ("Under 25s", Q(max_age__isnull=False, max_age__lte=24)),
    "wheelchair": ("Wheelchair access", Q(wheelchair_access=True)),
    "no_recourse": ("No recourse to public funds", Q(accepts_no_recourse=True)),
}


# --- Who sees which schemes --------------------------------------------------------------------
def board_q(memberships: Sequence[Membership]) -> Q:
    teams = sorted(partnership_ids(memberships, CASE_ROLES), key=str)
    own = sorted(provider_agency_ids(memberships), key=str)
    return Q(partnership_id__in=teams) | Q(provider__agency_id__in=own)


def board_scheme_ids(memberships: Sequence[Membership]) -> QuerySet[Scheme]:
    return Scheme.objects.filter(board_q(memberships), is_active=True, provider__is_active=True)


# --- Places ------------------------------------------------------------------------------------
def _sum_sleeps(units: QuerySet[Unit]) -> Coalesce:
    per_scheme = units.order_by().values("scheme").annotate(n=Sum("sleeps")).values("n")
    return Coalesce(Subquery(per_scheme, output_field=IntegerField()), Value(0))


def with_places(schemes: QuerySet[Scheme]) -> QuerySet[Scheme]:
    """Annotate each scheme with `total_places`, `free_places` and `out_of_use_places`
    (counted over its units in use), in the same query."""
    units = Unit.objects.filter(scheme=OuterRef("pk"), is_active=True)
    taken_in_free = (
        Placement.objects.filter(
            scheme=OuterRef("pk"),
            ended_on__isnull=True,
            unit__is_active=True,
            unit__status=UnitStatus.FREE,
        )
        .order_by()
        .values("scheme")
        .annotate(n=Count("pk"))
        .values("n")
    )
    free = _sum_sleeps(units.filter(status=UnitStatus.FREE)) - Coalesce(
        Subquery(taken_in_free, output_field=IntegerField()), Value(0)
    )
    return schemes.annotate(
        total_places=_sum_sleeps(units),
        free_places=Greatest(free, Value(0)),
        out_of_use_places=_sum_sleeps(units.filter(status=UnitStatus.OUT_OF_USE)),
    )


# --- The board ---------------------------------------------------------------------------------
@dataclass
class BoardQuery:
    """What the user asked for (already validated)."""

    kinds: list[str] = field(default_factory=list)
    suits: list[str] = field(default_factory=list)
    only_free: bool = False

    @property
    def is_filtered(self) -> bool:
        return bool(self.kinds or self.suits or self.only_free)

    def labels(self) -> list[str]:
        chosen = [str(AccommodationKind(k).label) for k in self.kinds]
        chosen += [SUITS[s][0] for s in self.suits]
        if self.only_free:
            chosen.append("Free places now")
        return chosen


def board_schemes(memberships: Sequence[Membership], query: BoardQuery) -> QuerySet[Scheme]:
    """The active schemes the user sees on the board, filtered as asked, with their places and
    who last checked them: one query for a page."""
    schemes = with_places(board_scheme_ids(memberships))
    if query.kinds:
        schemes = schemes.filter(kind__in=query.kinds)
    for suit in query.suits:
        schemes = schemes.filter(SUITS[suit][1])
    if query.only_free:
        schemes = schemes.filter(free_places__gt=0)
    return schemes.select_related("provider", "partnership", "vacancies_updated_by").order_by(
        "partnership__name", "name", "pk"
    )


def suits_tags(scheme: Scheme) -> list[str]:
    """What the scheme suits, as short tags."""
    tags = []
    if scheme.gender_rule != GenderRule.ANYONE:
        tags.append(scheme.get_gender_rule_display())
    if scheme.couples:
        tags.append("Couples")
    if scheme.pets:
        tags.append("Pets")
    if scheme.max_age is not None:
        if scheme.min_age <= 18:
            tags.append(f"Under {scheme.max_age + 1}s")
        else:
            tags.append(f"Ages {scheme.min_age} to {scheme.max_age}")
    elif scheme.min_age > 18:
        tags.append(f"Ages {scheme.min_age} and over")
    if scheme.wheelchair_access:
        tags.append("Wheelchair access")
    if scheme.accepts_no_recourse:
        tags.append("No recourse to public funds")
    if scheme.needs_local_connection:
        tags.append("Local connection needed")
    return tags


def clock(at: datetime) -> str:
    """A time in the GOV.UK style: 9:05pm, 10am, midday, midnight."""
    local = timezone.localtime(at)
    if local.minute == 0 and local.hour in (0, 12):
        return "midnight" if local.hour == 0 else "midday"
    hour = local.hour % 12 or 12
    minutes = f":{local.minute:02d}" if local.minute else ""
    return f"{hour}{minutes}{'am' if local.hour < 12 else 'pm'}"


def updated_text(at: datetime | None, by_name: str, *, now: datetime) -> str:
    """ "Updated 9:05pm today by Sam Provider", or "Not updated yet"."""
    if at is None:
        return "Vacancies not updated yet"
    day = timezone.localtime(at).date()
    today = timezone.localtime(now).date()
    if day == today:
        when = f"{clock(at)} today"
    elif day == today - timedelta(days=1):
        when = f"{clock(at)} yesterday"
    else:
        when = f"{clock(at)} on {day.day} {day:%B %Y}"
    return f"Updated {when}" + (f" by {by_name}" if by_name else "")


def is_stale(at: datetime | None, *, now: datetime) -> bool:
    """A check more than a day old (a scheme never checked says so in its text instead)."""
    return at is not None and now - at > STALE_AFTER


@dataclass
class BoardRow:
    scheme: Scheme
    tags: list[str]
    updated: str
    is_stale: bool
    may_update: bool

    @property
    def free_places(self) -> int:
        return int(self.scheme.free_places)  # type: ignore[attr-defined]

    @property
    def total_places(self) -> int:
        return int(self.scheme.total_places)  # type: ignore[attr-defined]

    @property
    def out_of_use_places(self) -> int:
        return int(self.scheme.out_of_use_places)  # type: ignore[attr-defined]


def _updater_name(scheme: Scheme) -> str:
    user = scheme.vacancies_updated_by
    return (user.full_name or user.email) if user is not None else ""


def board_rows(
    schemes: Sequence[Scheme], memberships: Sequence[Membership], *, now: datetime
) -> list[BoardRow]:
    own = provider_agency_ids(memberships)
    return [
        BoardRow(
            scheme=scheme,
            tags=suits_tags(scheme),
            updated=updated_text(scheme.vacancies_updated_at, _updater_name(scheme), now=now),
            is_stale=is_stale(scheme.vacancies_updated_at, now=now),
            may_update=scheme.provider.agency_id in own,
        )
        for scheme in schemes
    ]


# --- Updating vacancies ------------------------------------------------------------------------
def get_scheme_for_vacancies(memberships: Sequence[Membership], scheme_id: UUID) -> Scheme:
    """An active scheme whose vacancies the user keeps. 404 when it does not exist or they may
    not see it on the board (another agency's provider); 403 when they may see it but it is not
    their agency's to update."""
    scheme = (
        board_scheme_ids(memberships)
        .filter(pk=scheme_id)
        .select_related("provider__agency", "partnership", "vacancies_updated_by")
        .first()
    )
    if scheme is None:
        raise Http404
    if scheme.provider.agency_id not in provider_agency_ids(memberships):
        raise PermissionDenied
    return scheme


def label_order(unit: Unit) -> list[Any]:
    """Room 2 before Room 10: numbers in a label sort as numbers."""
    return [
        int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", unit.label)
    ]


def units_with_placed(scheme: Scheme, *, active_only: bool = True) -> list[Unit]:
    """The scheme's units (in use, unless told), each with `placed`: how many people are placed
    in it now; in label order."""
    units = Unit.objects.filter(scheme=scheme)
    if active_only:
        units = units.filter(is_active=True)
    units = units.annotate(placed=Count("placements", filter=Q(placements__ended_on__isnull=True)))
    return sorted(units, key=lambda u: (not u.is_active, label_order(u)))


def placed_counts(unit_ids: Sequence[Any]) -> dict[Any, int]:
    """How many people are placed in each unit now (units with nobody are left out)."""
    rows = (
        Placement.objects.filter(unit_id__in=list(unit_ids), ended_on__isnull=True)
        .order_by()
        .values("unit_id")
        .annotate(n=Count("pk"))
    )
    return {row["unit_id"]: row["n"] for row in rows}
