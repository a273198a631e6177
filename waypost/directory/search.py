"""The one directory search, used by the public pages (/services/) and the professionals'
view (/directory/search/): a partnership's running services, filtered and paginated.

What each filter means:

- **need**: a category code (waypost.directory.terms); a parent category (health, advice)
  takes in its children (a "Nurse" service is found under "Health").
- **area**: only services given at a location in that area.
- **text**: every word is somewhere in the service's name, other name, description or its
  organisation's name.
- **women**: services just for women (`gender` is women). Services for anyone are left out:
  someone ticking it wants a women-only space.
- **under 25**: services for young people: in the young people's category, or with an upper
  age limit of 25 or under; and taking someone under 25 (no lower age of 25 or over). Services
  for all ages are left out. The service's page gives its exact ages.
- **no recourse**: open to people with no recourse to public funds.
- **walk in**: no referral needed: walk in, or walk in or be referred.
- **open now**: open at `now` by its hours (waypost.directory.opening); a temporarily closed
  service never is.
- **near**: sorted by distance from a point (an area's middle, or the device's rounded
  location), nearest first, to the service's nearest place; services with no usable place
  come last.

"Running" is status active, plus "temporarily closed", shown as such. The database does the
filters it can; open now and distance are worked out in Python over the candidates, which are
loaded with their hours in a fixed number of queries, then cut into pages of PER_PAGE.
"""

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, prefetch_related_objects

from waypost.accounts.models import Partnership
from waypost.directory import geo
from waypost.directory.models import (
    Access,
    Area,
    Contact,
    GenderServed,
    LocationType,
    Phone,
    Service,
    ServiceAtLocation,
    ServiceAttribute,
    ServiceStatus,
)
from waypost.directory.opening import (
    DAY_NAMES,
    HOURS_PREFETCH,
    Hours,
    Session,
    bank_holidays_around,
    closure_on,
    current_session,
    hours_for,
    next_session,
    opening_lines,
    sessions_on,
    time_words,
)
from waypost.directory.terms import ELIGIBILITY_TAXONOMY, taxonomy_id, term_id
from waypost.lib.nights import LONDON

PER_PAGE = 20
SHOWN_STATUSES = (ServiceStatus.ACTIVE, ServiceStatus.TEMPORARILY_CLOSED)
WALK_IN_ACCESS = (Access.WALK_IN, Access.WALK_IN_OR_REFERRAL)
# "Under 25": the service is for young people if its upper age is this or lower.
YOUNG_UPPER_AGE = 25
MAX_WORDS = 8

WOMEN = "women"
UNDER_25 = "under-25"
NO_RECOURSE = "no-recourse"
WALK_IN = "walk-in"
ELIGIBILITY_CHOICES = (
    (WOMEN, "Women only"),
    (UNDER_25, "Young people (under 25)"),
    (NO_RECOURSE, "Open to people with no recourse to public funds"),
    (WALK_IN, "No referral needed: you can walk in"),
)


@dataclass(frozen=True)
class Point:
    """Where distances are measured from, and how to say so ("your location")."""

    latitude: float
    longitude: float
    label: str


@dataclass(frozen=True)
class SearchQuery:
    """What someone asked for (already checked by the form)."""

    need: str = ""
    area: Area | None = None
    text: str = ""
    eligibility: frozenset[str] = frozenset()
    open_now: bool = False
    near: Point | None = None

    @property
    def is_filtered(self) -> bool:
        return bool(
            self.need or self.area or self.text or self.eligibility or self.open_now or self.near
        )

    @property
    def works_in_python(self) -> bool:
        """Whether every candidate must be loaded (open now and distance are not SQL)."""
        return self.open_now or self.near is not None


# ---------------------------------------------------------------------------------------------
# Open now, in words


@dataclass(frozen=True)
class OpenStatus:
    """A service's opening at a moment, as a page says it: "Open now until 5pm", "Opens 8pm
    tonight", "Closed today" with "Opens 9am tomorrow" after it."""

    is_open: bool
    text: str
    later: str = ""


def _when(session: Session, now: datetime) -> str:
    """ "8pm tonight", "2pm today", "9am tomorrow", "9am on Monday"."""
    opens = session.opens.astimezone(LONDON)
    today = now.astimezone(LONDON).date()
    clock = time_words(opens.time())
    if session.day == today:
        return f"{clock} tonight" if opens.hour >= 18 else f"{clock} today"
    if session.day == today + timedelta(days=1):
        return f"{clock} tomorrow"
    return f"{clock} on {DAY_NAMES[session.day.weekday()]}"


def _until(session: Session, now: datetime) -> str:
    closes = session.closes.astimezone(LONDON)
    today = now.astimezone(LONDON).date()
    clock = time_words(closes.time())
    if clock == "midnight" or closes.date() == today:
        return f"until {clock}"
    if closes.date() == today + timedelta(days=1):
        return f"until {clock} tomorrow"
    return f"until {clock} on {DAY_NAMES[closes.weekday()]}"


def open_status(
    service: Service, hours: Hours, now: datetime, holidays: Collection[date]
) -> OpenStatus:
    """Whether the service is open at `now`, and when it opens next, in words."""
    if service.status == ServiceStatus.TEMPORARILY_CLOSED:
        return OpenStatus(False, "Temporarily closed")
    current = current_session(hours, now, holidays)
    if current is not None:
        return OpenStatus(True, f"Open now {_until(current, now)}")
    today = now.astimezone(LONDON).date()
    upcoming = next_session(hours, now, holidays)
    later = f"Opens {_when(upcoming, now)}" if upcoming is not None else ""
    if upcoming is not None and upcoming.day == today:
        return OpenStatus(False, f"Opens {_when(upcoming, now)}")
    if closure_on(hours, today) is not None:
        return OpenStatus(False, "Closed today", later)
    if any(s.opens <= now for s in sessions_on(hours, today, holidays)):
        return OpenStatus(False, "Closed now", later)
    if upcoming is not None:
        return OpenStatus(False, "Closed today", later)
    if opening_lines(hours):
        return OpenStatus(False, "See opening times")
    return OpenStatus(False, "")


# ---------------------------------------------------------------------------------------------
# The search


def shown_services(partnership: Partnership) -> QuerySet[Service]:
    """The partnership's services the directory shows (running, or temporarily closed)."""
    return Service.objects.filter(partnership=partnership, status__in=SHOWN_STATUSES)


def in_category(code: str) -> Exists:
    """In the category or one of its children."""
    wanted = term_id(code)
    return Exists(
        ServiceAttribute.objects.filter(service=OuterRef("pk")).filter(
            Q(taxonomy_term_id=wanted) | Q(taxonomy_term__parent_id=wanted)
        )
    )


def candidates(partnership: Partnership, query: SearchQuery) -> QuerySet[Service]:
    """The services matching the filters the database can do, by name."""
    services = shown_services(partnership)
    if query.need:
        services = services.filter(in_category(query.need))
    if query.area is not None:
        services = services.filter(
            Exists(
                ServiceAtLocation.objects.filter(service=OuterRef("pk"), location__area=query.area)
            )
        )
    for word in query.text.split()[:MAX_WORDS]:
        services = services.filter(
            Q(name__icontains=word)
            | Q(alternate_name__icontains=word)
            | Q(description__icontains=word)
            | Q(organization__name__icontains=word)
        )
    if WOMEN in query.eligibility:
        services = services.filter(gender=GenderServed.WOMEN)
    if UNDER_25 in query.eligibility:
        services = services.filter(
            in_category("young-people") | Q(maximum_age__lte=YOUNG_UPPER_AGE),
            Q(minimum_age__isnull=True) | Q(minimum_age__lt=YOUNG_UPPER_AGE),
        )
    if NO_RECOURSE in query.eligibility:
        services = services.filter(accepts_no_recourse=True)
    if WALK_IN in query.eligibility:
        services = services.filter(access__in=WALK_IN_ACCESS)
    return services.select_related("organization").order_by("name", "pk")


def categories_prefetch() -> Prefetch:
    """A service's categories as `shown_categories` (its ServiceAttributes with their terms),
    leaving out the eligibility terms, which pages show as tags of their own."""
    return Prefetch(
        "attributes",
        queryset=ServiceAttribute.objects.exclude(
            taxonomy_term__taxonomy_id=taxonomy_id(ELIGIBILITY_TAXONOMY)
        )
        .select_related("taxonomy_term")
        .order_by("taxonomy_term__position", "taxonomy_term__name"),
        to_attr="shown_categories",
    )


def nearest_miles(service: Service, point: Point) -> float | None:
    """Miles from `point` to the nearest place the service is given (prefetched), if any place
    has a usable position."""
    distances = [
        geo.miles_between(point.latitude, point.longitude, loc.latitude, loc.longitude)  # type: ignore[arg-type]
        for loc in (sal.location for sal in service.at_locations.all())
        if loc.location_type == LocationType.PHYSICAL and geo.usable(loc.latitude, loc.longitude)
    ]
    return min(distances, default=None)


@dataclass
class Result:
    """One service in a list of results."""

    service: Service
    status: OpenStatus
    miles: float | None = None

    @property
    def distance(self) -> str:
        return geo.miles_words(self.miles) if self.miles is not None else ""

    @property
    def tags(self) -> list[str]:
        return eligibility_tags(self.service)


def eligibility_tags(service: Service) -> list[str]:
    """Who it is for and how to get in, as short tags."""
    tags = []
    if service.gender != GenderServed.ANYONE:
        tags.append(service.get_gender_display())
    ages = age_words(service)
    if ages:
        tags.append(ages)
    if service.accepts_no_recourse:
        tags.append("No recourse to public funds accepted")
    if service.needs_local_connection:
        tags.append("Local connection needed")
    tags.append(
        {
            Access.WALK_IN: "Walk in",
            Access.WALK_IN_OR_REFERRAL: "Walk in or referral",
            Access.APPOINTMENT: "Appointment needed",
            Access.REFERRAL: "Referral needed",
        }.get(service.access, "")  # type: ignore[call-overload]
    )
    return [t for t in tags if t]


def age_words(service: Service) -> str:
    low, high = service.minimum_age, service.maximum_age
    if low is not None and high is not None:
        return f"Ages {low} to {high}"
    if low is not None:
        return f"Aged {low} or over"
    if high is not None:
        return f"Aged {high} or under"
    return ""


def _result(
    service: Service, now: datetime, holidays: Collection[date], near: Point | None
) -> Result:
    return Result(
        service=service,
        status=open_status(service, hours_for(service), now, holidays),
        miles=nearest_miles(service, near) if near is not None else None,
    )


def search(
    partnership: Partnership,
    query: SearchQuery,
    *,
    now: datetime,
    page_number: Any = 1,
    per_page: int = PER_PAGE,
) -> Page:
    """One page of results (a Page of Result), in a fixed number of queries however many
    services match."""
    holidays = bank_holidays_around(now)
    services = candidates(partnership, query)
    if query.works_in_python:
        loaded = list(services.prefetch_related(*HOURS_PREFETCH))
        rows = [_result(s, now, holidays, query.near) for s in loaded]
        if query.open_now:
            rows = [r for r in rows if r.status.is_open]
        if query.near is not None:
            # Stable: services at the same distance stay in name order.
            rows.sort(key=lambda r: (r.miles is None, r.miles or 0.0))
        page = Paginator(rows, per_page).get_page(page_number)
        prefetch_related_objects([r.service for r in page.object_list], categories_prefetch())
        return page
    page = Paginator(services, per_page).get_page(page_number)
    shown = list(page.object_list)
    prefetch_related_objects(shown, *HOURS_PREFETCH, categories_prefetch())
    page.object_list = [_result(s, now, holidays, None) for s in shown]
    return page


# ---------------------------------------------------------------------------------------------
# One service's page


def _contacts(internal: bool) -> QuerySet[Contact]:
    contacts = Contact.objects.prefetch_related("phones")
    return contacts if internal else contacts.filter(internal=False)


def service_prefetch(*, professional: bool) -> list[Any]:
    """Everything a service's page shows. Internal contacts (and their phones) are not even
    loaded for a public page."""
    return [
        *HOURS_PREFETCH,
        categories_prefetch(),
        "phones",
        "languages",
        "cost_options",
        Prefetch("contacts", queryset=_contacts(professional)),
        Prefetch("at_locations__contacts", queryset=_contacts(professional)),
        "at_locations__phones",
        "at_locations__location__addresses",
        "at_locations__location__accessibility",
        "at_locations__location__phones",
        "at_locations__location__languages",
        Prefetch("at_locations__location__contacts", queryset=_contacts(professional)),
    ]


def find_service(
    services: QuerySet[Service], service_id: Any, *, professional: bool
) -> Service | None:
    """The service with this id among `services` (already scoped to the partnership), with
    what its page shows."""
    return (
        services.filter(pk=service_id)
        .select_related("organization")
        .prefetch_related(*service_prefetch(professional=professional))
        .first()
    )


def web_link(url: str) -> str:
    """`url` when it is a web address a page may link to; "" otherwise (imported data may
    hold anything, and a `javascript:` link must never reach a page)."""
    url = url.strip()
    return url if url.lower().startswith(("https://", "http://")) else ""


@dataclass
class Place:
    """One place a service is given, for "How to get there"."""

    name: str
    kind: str
    addresses: list[str]
    transportation: str
    accessibility: list[str]
    url: str
    phones: list[Phone]


@dataclass
class ServicePage:
    """What a service's page shows, in order."""

    service: Service
    status: OpenStatus
    lines: list[str]
    closures: list[Any]
    places: list[Place]
    phones: list[Phone]
    contacts: list[Contact]
    languages: list[str]
    tags: list[str]
    website: str = ""
    costs: list[str] = field(default_factory=list)

    @property
    def public_contacts(self) -> list[Contact]:
        return [c for c in self.contacts if not c.internal]

    @property
    def internal_contacts(self) -> list[Contact]:
        return [c for c in self.contacts if c.internal]


def _address(address: Any) -> str:
    parts = [
        address.attention,
        address.address_1,
        address.address_2,
        address.city,
        address.region,
        address.postal_code,
    ]
    return ", ".join(p for p in parts if p)


def service_page(service: Service, *, now: datetime) -> ServicePage:
    """Works out the page of a service loaded by `find_service` (one more query: the bank
    holidays)."""
    hours = hours_for(service)
    holidays = bank_holidays_around(now)
    today = now.astimezone(LONDON).date()
    places: list[Place] = []
    phones = list(service.phones.all())
    contacts = list(service.contacts.all())
    languages = [lang.name or lang.code for lang in service.languages.all()]
    for sal in service.at_locations.all():
        location = sal.location
        phones += list(sal.phones.all())
        contacts += list(sal.contacts.all()) + list(location.contacts.all())
        languages += [lang.name or lang.code for lang in location.languages.all()]
        places.append(
            Place(
                name=location.name or sal.description,
                kind=location.location_type,
                addresses=[_address(a) for a in location.addresses.all()],
                transportation=location.transportation,
                accessibility=[
                    text
                    for a in location.accessibility.all()
                    for text in (a.description, a.details)
                    if text
                ],
                url=web_link(location.url),
                phones=list(location.phones.all()),
            )
        )
    costs = []
    for cost in service.cost_options.all():
        amount = f"£{cost.amount:,.2f}" if cost.amount is not None else ""
        costs.append(" ".join(p for p in (cost.option, amount, cost.amount_description) if p))
    return ServicePage(
        service=service,
        status=open_status(service, hours, now, holidays),
        lines=opening_lines(hours),
        closures=[c for c in hours.closures if c.ends_on >= today],
        places=places,
        phones=phones,
        contacts=contacts,
        languages=list(dict.fromkeys(lang for lang in languages if lang)),
        tags=eligibility_tags(service),
        website=web_link(service.url),
        costs=costs,
    )
