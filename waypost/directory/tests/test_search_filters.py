"""The one directory search (waypost.directory.search): each filter, together, and the
services it never shows. Time is fixed by passing `now`, never by waiting."""

from datetime import date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from waypost.directory.models import (
    Access,
    BankHoliday,
    Closure,
    GenderServed,
    LocationType,
    ServiceStatus,
)
from waypost.directory.search import (
    NO_RECOURSE,
    UNDER_25,
    WALK_IN,
    WOMEN,
    Point,
    SearchQuery,
    search,
)
from waypost.lib.nights import LONDON
from waypost.testing.directory import make_area, make_location, make_organization, make_service

# A Monday in November (GMT), mid-morning.
MONDAY_10AM = datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)
WEEKDAYS = "MO,TU,WE,TH,FR"
EVERY_DAY = "MO,TU,WE,TH,FR,SA,SU"


def names(partnership, query=None, *, now=MONDAY_10AM, **kwargs):
    page = search(partnership, query or SearchQuery(), now=now, **kwargs)
    return [r.service.name for r in page.object_list]


@pytest.fixture
def coventry(world):
    return world.coventry


def test_it_lists_the_partnerships_running_services_by_name(world, coventry):
    make_service(coventry, "Soup run")
    make_service(coventry, "Breakfast club")
    make_service(coventry, "Closed for now", status=ServiceStatus.TEMPORARILY_CLOSED)
    make_service(coventry, "Paused", status=ServiceStatus.INACTIVE)
    make_service(coventry, "Gone", status=ServiceStatus.DEFUNCT)
    make_service(world.birmingham, "Birmingham soup run")
    assert names(coventry) == ["Breakfast club", "Closed for now", "Soup run"]


def test_a_temporarily_closed_service_says_so(coventry):
    make_service(
        coventry,
        "Closed for now",
        status=ServiceStatus.TEMPORARILY_CLOSED,
        hours=((EVERY_DAY, "00:00", "00:00"),),
    )
    [result] = search(coventry, SearchQuery(), now=MONDAY_10AM).object_list
    assert result.status.text == "Temporarily closed"
    assert not result.status.is_open


def test_a_need_finds_its_category_and_a_parent_finds_its_children(coventry):
    make_service(coventry, "Street nurse", categories=("nurse",))
    make_service(coventry, "Health bus", categories=("health",))
    make_service(coventry, "Dentist", categories=("dental",))
    make_service(coventry, "Soup run", categories=("food",))
    assert names(coventry, SearchQuery(need="health")) == ["Dentist", "Health bus", "Street nurse"]
    assert names(coventry, SearchQuery(need="nurse")) == ["Street nurse"]
    assert names(coventry, SearchQuery(need="food")) == ["Soup run"]


def test_a_service_in_two_categories_is_listed_once(coventry):
    make_service(coventry, "Hub", categories=("nurse", "dental", "health"))
    assert names(coventry, SearchQuery(need="health")) == ["Hub"]


def test_an_area_finds_services_given_there(coventry):
    centre = make_area(coventry, "City centre")
    hillfields = make_area(coventry, "Hillfields", latitude="52.41500", longitude="-1.49500")
    make_service(coventry, "Centre hub", location=make_location(coventry, "Hub", area=centre))
    make_service(coventry, "Hillfields hub", location=make_location(coventry, "H", area=hillfields))
    make_service(coventry, "Helpline")
    assert names(coventry, SearchQuery(area=hillfields)) == ["Hillfields hub"]


def test_text_matches_every_word_in_name_description_or_organisation(coventry):
    org = make_organization(coventry, "St Basil's")
    make_service(coventry, "Night shelter", organization=org, description="Beds for women.")
    make_service(coventry, "Soup run", description="Hot soup at night.")
    make_service(coventry, "Foyer", organization=make_organization(coventry, "YMCA"))
    assert names(coventry, SearchQuery(text="NIGHT")) == ["Night shelter", "Soup run"]
    assert names(coventry, SearchQuery(text="night basil")) == ["Night shelter"]
    assert names(coventry, SearchQuery(text="women")) == ["Night shelter"]
    assert names(coventry, SearchQuery(text="ymca")) == ["Foyer"]


def test_women_only_means_services_just_for_women(coventry):
    make_service(coventry, "Women's hostel", gender=GenderServed.WOMEN)
    make_service(coventry, "Anyone's hostel", gender=GenderServed.ANYONE)
    make_service(coventry, "Men's hostel", gender=GenderServed.MEN)
    assert names(coventry, SearchQuery(eligibility=frozenset({WOMEN}))) == ["Women's hostel"]


def test_under_25_means_services_for_young_people_that_take_someone_under_25(coventry):
    make_service(coventry, "Foyer", categories=("young-people",))
    make_service(coventry, "Youth hub", categories=("day-centres",), minimum_age=16, maximum_age=21)
    make_service(coventry, "Up to 25", categories=("food",), maximum_age=25)
    make_service(coventry, "All ages", categories=("food",), minimum_age=18)
    make_service(coventry, "Older people", categories=("food",), minimum_age=50)
    make_service(coventry, "Odd young", categories=("young-people",), minimum_age=25)
    assert names(coventry, SearchQuery(eligibility=frozenset({UNDER_25}))) == [
        "Foyer",
        "Up to 25",
        "Youth hub",
    ]


def test_no_recourse_and_walk_in(coventry):
    make_service(coventry, "Advice", accepts_no_recourse=True, access=Access.APPOINTMENT)
    make_service(coventry, "Drop in", access=Access.WALK_IN)
    make_service(coventry, "Either", access=Access.WALK_IN_OR_REFERRAL, accepts_no_recourse=True)
    make_service(coventry, "Referral only", access=Access.REFERRAL)
    assert names(coventry, SearchQuery(eligibility=frozenset({NO_RECOURSE}))) == [
        "Advice",
        "Either",
    ]
    assert names(coventry, SearchQuery(eligibility=frozenset({WALK_IN}))) == ["Drop in", "Either"]
    both = SearchQuery(eligibility=frozenset({WALK_IN, NO_RECOURSE}))
    assert names(coventry, both) == ["Either"]


def test_open_now_uses_the_opening_hours_at_the_moment_given(coventry):
    make_service(coventry, "Day centre", hours=((WEEKDAYS, "09:00", "17:00"),))
    make_service(coventry, "Night shelter", hours=((EVERY_DAY, "20:00", "08:00"),))
    make_service(coventry, "Helpline")  # no hours: never counted as open
    open_now = SearchQuery(open_now=True)
    assert names(coventry, open_now, now=MONDAY_10AM) == ["Day centre"]
    # Tuesday 2am: the shelter session that opened on Monday evening runs on.
    assert names(coventry, open_now, now=datetime(2026, 11, 24, 2, 0, tzinfo=LONDON)) == [
        "Night shelter"
    ]
    assert names(coventry, open_now, now=datetime(2026, 11, 28, 12, 0, tzinfo=LONDON)) == []


def test_open_now_knows_closures_and_bank_holidays(coventry):
    day = make_service(coventry, "Day centre", hours=((WEEKDAYS, "09:00", "17:00"),))
    make_service(
        coventry, "Holiday closer", hours=((WEEKDAYS, "09:00", "17:00"),), bank_holidays="closed"
    )
    Closure.objects.create(service=day, starts_on=date(2026, 11, 23), ends_on=date(2026, 11, 23))
    assert names(coventry, SearchQuery(open_now=True)) == ["Holiday closer"]
    BankHoliday.objects.create(date=date(2026, 11, 23), name="A made-up holiday")
    assert names(coventry, SearchQuery(open_now=True)) == []


def test_the_status_says_until_when_or_when_it_opens(coventry):
    make_service(coventry, "Day centre", hours=((WEEKDAYS, "09:00", "17:00"),))
    make_service(coventry, "Night shelter", hours=((EVERY_DAY, "20:00", "08:00"),))
    make_service(coventry, "Saturday club", hours=(("SA", "10:00", "14:00"),))
    shut = make_service(coventry, "Shut today", hours=((WEEKDAYS, "09:00", "17:00"),))
    Closure.objects.create(service=shut, starts_on=date(2026, 11, 23), ends_on=date(2026, 11, 23))
    rows = {r.service.name: r.status for r in search(coventry, SearchQuery(), now=MONDAY_10AM)}
    assert rows["Day centre"].text == "Open now until 5pm"
    assert rows["Night shelter"].text == "Opens 8pm tonight"
    assert (rows["Saturday club"].text, rows["Saturday club"].later) == (
        "Closed today",
        "Opens 10am on Saturday",
    )
    assert (rows["Shut today"].text, rows["Shut today"].later) == (
        "Closed today",
        "Opens 9am tomorrow",
    )
    at_night = {
        r.service.name: r.status
        for r in search(coventry, SearchQuery(), now=datetime(2026, 11, 23, 21, 0, tzinfo=LONDON))
    }
    assert at_night["Night shelter"].text == "Open now until 8am tomorrow"
    assert (at_night["Day centre"].text, at_night["Day centre"].later) == (
        "Closed now",
        "Opens 9am tomorrow",
    )


def test_near_a_place_sorts_by_distance_and_says_how_far(coventry):
    here = Point(52.4081, -1.5106, "the middle of City centre")
    make_service(
        coventry, "Far", location=make_location(coventry, "F", latitude=52.45, longitude=-1.45)
    )
    make_service(
        coventry, "Near", location=make_location(coventry, "N", latitude=52.409, longitude=-1.511)
    )
    make_service(coventry, "Nowhere")  # phone only: last
    make_service(
        coventry,
        "Online",
        location=make_location(
            coventry, "Web", latitude=52.4081, longitude=-1.5106, location_type=LocationType.VIRTUAL
        ),
    )
    make_service(
        coventry, "Bad data", location=make_location(coventry, "B", latitude=95.0, longitude=0)
    )
    page = search(coventry, SearchQuery(near=here), now=MONDAY_10AM)
    assert [r.service.name for r in page] == ["Near", "Far", "Bad data", "Nowhere", "Online"]
    near, far = page.object_list[0], page.object_list[1]
    assert near.distance == "less than 0.1 miles"
    assert far.distance == "3.9 miles"
    assert page.object_list[2].distance == ""


def test_a_service_at_two_places_is_as_near_as_its_nearest(coventry):
    here = Point(52.4081, -1.5106, "your location")
    service = make_service(
        coventry,
        "Two sites",
        location=make_location(coventry, "Far", latitude=52.5, longitude=-1.5),
    )
    service.at_locations.create(
        location=make_location(coventry, "Near", latitude=52.4085, longitude=-1.5106)
    )
    make_service(
        coventry, "Middle", location=make_location(coventry, "M", latitude=52.42, longitude=-1.51)
    )
    assert names(coventry, SearchQuery(near=here)) == ["Two sites", "Middle"]


def test_filters_combine(coventry):
    make_service(
        coventry,
        "Women's night shelter",
        categories=("emergency-accommodation",),
        gender=GenderServed.WOMEN,
        hours=((EVERY_DAY, "08:00", "20:00"),),
    )
    make_service(
        coventry,
        "Women's shelter, evenings",
        categories=("emergency-accommodation",),
        gender=GenderServed.WOMEN,
        hours=((EVERY_DAY, "20:00", "08:00"),),
    )
    make_service(
        coventry,
        "Mixed shelter",
        categories=("emergency-accommodation",),
        hours=((EVERY_DAY, "08:00", "20:00"),),
    )
    query = SearchQuery(
        need="emergency-accommodation", open_now=True, eligibility=frozenset({WOMEN})
    )
    assert names(coventry, query) == ["Women's night shelter"]


def test_pages_of_twenty(coventry):
    for n in range(45):
        make_service(coventry, f"Service {n:02d}", hours=((EVERY_DAY, "00:00", "00:00"),))
    first = search(coventry, SearchQuery(), now=MONDAY_10AM)
    assert len(first.object_list) == 20
    assert first.paginator.count == 45
    third = search(coventry, SearchQuery(open_now=True), now=MONDAY_10AM, page_number=3)
    assert [r.service.name for r in third] == [f"Service {n:02d}" for n in range(40, 45)]
    # A page past the end shows the last page, not an error.
    assert search(coventry, SearchQuery(), now=MONDAY_10AM, page_number=99).number == 3


def _busy_directory(partnership, count):
    area = make_area(partnership)
    for n in range(count):
        org = make_organization(partnership, f"Org {n}")
        service = make_service(
            partnership,
            f"Service {n:02d}",
            organization=org,
            categories=("food", "nurse"),
            location=make_location(partnership, f"Place {n}", area=area, organization=org),
            hours=((WEEKDAYS, "09:00", "17:00"), ("SA", "10:00", "12:00")),
        )
        Closure.objects.create(
            service=service, starts_on=date(2026, 12, 24), ends_on=date(2026, 12, 26)
        )
    return area


@pytest.mark.parametrize(
    "query",
    [
        SearchQuery(),
        SearchQuery(need="health", eligibility=frozenset({WALK_IN, UNDER_25}), text="service"),
        SearchQuery(open_now=True, near=Point(52.4, -1.5, "your location")),
    ],
    ids=["plain", "database filters", "open now and near"],
)
def test_the_number_of_queries_does_not_grow_with_the_services(
    coventry, django_assert_num_queries, query
):
    _busy_directory(coventry, 3)
    with CaptureQueriesContext(connection) as few:
        search(coventry, query, now=MONDAY_10AM)
    # The services (and a count), 6 for their hours, their categories, the bank holidays.
    assert len(few) <= 10
    _busy_directory(coventry, 30)
    with django_assert_num_queries(len(few)):
        search(coventry, query, now=MONDAY_10AM)
