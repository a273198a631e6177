"""Gap analysis (P2.6, P3.6): needs recorded in assessments against the services that meet
them, area by area, to show where people have a need and no service is in reach.

Counts only. People are counted here and never leave this module: what it returns is numbers
and the names of needs and areas.

**Need.** Each person's latest assessment, if it was in the last 12 months (from the same date
a year ago to today); a domain counts as a need when that assessment rated it medium or high.
A person counts once for each such domain, whatever else was recorded before. Only the domains
that some category of service meets (`terms.NEED_TERMS`) are analysed. Records merged away,
anonymised or restricted (UK GDPR Art 18) are left out.

**Where people are.** The directory area whose middle point is nearest to where the person was
last met on the street: the latest street contact with a map position (its own, else its
place's). With no such contact, or no areas, they are in "Area not known".

**Services.** Running services in the categories that meet the need (NEED_TERMS, exactly as
listed: a service only in a parent category such as "Health" or "Advice" is too general to
count for its children, so it would not hide a gap). A service is in the area of each place it
is given at (a physical location: its area, else the area nearest its map position); a service
with no physical location (a phone line, an online service) serves the whole partnership. For
people whose area is not known, every service in the partnership counts as in reach, so their
column flags a gap only when the partnership has no such service at all. A service given at a
place with no area and no usable map position counts in no particular area.

Five queries, however many people, services and areas there are.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Case, DecimalField, F, OuterRef, Q, QuerySet, Subquery, When
from django.utils import timezone

from waypost.accounts.models import Partnership
from waypost.cases.models import Assessment, AssessmentAnswer, Domain, Level
from waypost.directory.geo import miles_between, usable
from waypost.directory.models import (
    Area,
    LocationType,
    ServiceAtLocation,
    ServiceAttribute,
    ServiceStatus,
)
from waypost.directory.terms import CATEGORIES, NEED_TERMS, term_id
from waypost.outreach.models import StreetContact

NEED_LEVEL = Level.MEDIUM  # medium or high
UNKNOWN_AREA = "Area not known"
UNKNOWN_KEY = "unknown"
CATEGORY_NAMES = {term.code: term.name for term in CATEGORIES}
_POSITION = DecimalField(max_digits=8, decimal_places=5)


@dataclass(frozen=True)
class Column:
    """One area of the partnership, or the people whose area is not known."""

    key: str
    name: str
    is_unknown: bool = False


@dataclass(frozen=True)
class Cell:
    people: int  # people with the need in the area
    services: int  # services meeting the need in reach there

    @property
    def is_gap(self) -> bool:
        return self.people > 0 and self.services == 0


@dataclass(frozen=True)
class NeedRow:
    domain: str
    label: str
    categories: tuple[str, ...]  # the names of the categories that meet it
    people: int  # in all areas
    services: int  # in the whole partnership
    cells: tuple[Cell, ...]  # one a column, in the columns' order


@dataclass(frozen=True)
class Gap:
    need: str
    area: str
    people: int


@dataclass(frozen=True)
class GapAnalysis:
    starts_on: date
    ends_on: date
    columns: tuple[Column, ...]
    rows: tuple[NeedRow, ...]
    people_assessed: int  # people whose latest assessment is in the window
    people_with_need: int  # of them, with a medium or high need in an analysed domain

    def gaps(self, *, smallest_ranked: int = 0) -> list[Gap]:
        """Every cell where people have a need and no service is in reach: most people first,
        then in the table's order. Counts below `smallest_ranked` rank equal (so the order of
        counts that are hidden says nothing about them)."""
        found = [
            (
                cell.people if cell.people >= smallest_ranked else 0,
                r,
                c,
                Gap(row.label, column.name, cell.people),
            )
            for r, row in enumerate(self.rows)
            for c, (column, cell) in enumerate(zip(self.columns, row.cells, strict=True))
            if cell.is_gap
        ]
        return [gap for *_, gap in sorted(found, key=lambda item: (-item[0], item[1], item[2]))]


def year_before(day: date) -> date:
    """The same date a year earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def _latest_assessments(
    partnership: Partnership, starts_on: date, ends_on: date
) -> QuerySet[Assessment]:
    """Each person's latest assessment up to `ends_on`, where that is on or after `starts_on`."""
    latest = (
        Assessment.objects.filter(person=OuterRef("person"), assessed_on__lte=ends_on)
        .order_by("-assessed_on", "-recorded_at", "-pk")
        .values("pk")[:1]
    )
    return Assessment.objects.filter(
        person__partnership=partnership,
        person__merged_into__isnull=True,
        person__anonymised_at__isnull=True,
        person__restricted_at__isnull=True,
        assessed_on__gte=starts_on,
        assessed_on__lte=ends_on,
        pk=Subquery(latest),
    )


def _last_position(coordinate: str) -> Subquery:
    """The latitude or longitude where the assessed person was last met with a known
    position: the contact's own, else its place's."""
    contacts = (
        StreetContact.objects.filter(person_id=OuterRef("assessment__person_id"))
        .filter(
            Q(latitude__isnull=False, longitude__isnull=False)
            | Q(place__latitude__isnull=False, place__longitude__isnull=False)
        )
        .order_by("-contacted_at", "-pk")
        .annotate(
            at=Case(
                When(latitude__isnull=False, longitude__isnull=False, then=F(coordinate)),
                default=F(f"place__{coordinate}"),
                output_field=_POSITION,
            )
        )
    )
    return Subquery(contacts.values("at")[:1], output_field=_POSITION)


Point = tuple[Any, Any]


def _nearest(position: Point, centres: Sequence[tuple[str, Point]]) -> str | None:
    """The key of the area whose middle point is nearest, or None when there is no area or
    the position is not a real place."""
    latitude, longitude = position
    if not centres or not usable(latitude, longitude):
        return None
    return min(centres, key=lambda item: miles_between(latitude, longitude, *item[1]))[0]


def gap_analysis(partnership: Partnership, *, today: date | None = None) -> GapAnalysis:
    """Need against services for `partnership`, by area (see the module docstring)."""
    ends_on = today or timezone.localdate()
    starts_on = year_before(ends_on)
    areas = list(Area.objects.filter(partnership=partnership).order_by("name", "pk"))
    area_keys = {area.pk: str(area.pk) for area in areas}
    centres = [
        (str(area.pk), (area.latitude, area.longitude))
        for area in areas
        if usable(area.latitude, area.longitude)
    ]
    columns = (
        *(Column(str(area.pk), area.name) for area in areas),
        Column(UNKNOWN_KEY, UNKNOWN_AREA, is_unknown=True),
    )

    # People: each (person, domain) once, with where they were last met.
    assessments = _latest_assessments(partnership, starts_on, ends_on)
    people_assessed = assessments.count()
    answers = (
        AssessmentAnswer.objects.filter(
            assessment__in=assessments, level__gte=NEED_LEVEL, domain__in=list(NEED_TERMS)
        )
        .annotate(lat=_last_position("latitude"), lng=_last_position("longitude"))
        .values_list("assessment_id", "domain", "lat", "lng")
    )
    people: dict[tuple[str, str], int] = defaultdict(int)
    with_need: set[Any] = set()
    for assessment_id, domain, lat, lng in answers:
        people[(domain, _nearest((lat, lng), centres) or UNKNOWN_KEY)] += 1
        with_need.add(assessment_id)

    # Services: which meet each need, and where each is given.
    code_of = {term_id(code): code for codes in NEED_TERMS.values() for code in codes}
    running = {"service__partnership": partnership, "service__status": ServiceStatus.ACTIVE}
    codes_of: dict[Any, set[str]] = defaultdict(set)
    for service_id, term in ServiceAttribute.objects.filter(
        taxonomy_term_id__in=list(code_of), **running
    ).values_list("service_id", "taxonomy_term_id"):
        codes_of[service_id].add(code_of[term])
    given_in: dict[Any, set[str]] = {}  # only services with a physical place
    for service_id, area_id, lat, lng in (
        ServiceAtLocation.objects.filter(
            location__location_type=LocationType.PHYSICAL,
            service_id__in=list(codes_of),
            **running,
        )
        .values_list("service_id", "location__area_id", "location__latitude", "location__longitude")
        .distinct()
    ):
        key = area_keys.get(area_id) or _nearest((lat, lng), centres)
        places = given_in.setdefault(service_id, set())  # even a place in no known area
        if key is not None:
            places.add(key)

    rows = []
    for domain in Domain:
        if domain.value not in NEED_TERMS:
            continue
        meeting = {s for s, codes in codes_of.items() if codes & set(NEED_TERMS[domain.value])}
        cells = []
        for column in columns:
            if column.is_unknown:
                in_reach = len(meeting)
            else:
                in_reach = sum(1 for s in meeting if s not in given_in or column.key in given_in[s])
            cells.append(Cell(people[(domain.value, column.key)], in_reach))
        rows.append(
            NeedRow(
                domain=domain.value,
                label=str(domain.label),
                categories=tuple(CATEGORY_NAMES[code] for code in NEED_TERMS[domain.value]),
                people=sum(cell.people for cell in cells),
                services=len(meeting),
                cells=tuple(cells),
            )
        )
    return GapAnalysis(
        starts_on=starts_on,
        ends_on=ends_on,
        columns=columns,
        rows=tuple(rows),
        people_assessed=people_assessed,
        people_with_need=len(with_need),
    )
