"""The public search page (/services/<slug>/): no sign-in, the filters as a GET form, results
with opening, distance and eligibility, filters that survive paging, an empty result that says
what to try, and a fixed number of queries. Time is fixed with time_machine, never waited for."""

import html
import re
from datetime import datetime
from urllib.parse import parse_qs, urlparse

import pytest
import time_machine
from django.test import Client

from waypost.directory.models import Contact, GenderServed
from waypost.lib.nights import LONDON
from waypost.testing.directory import make_area, make_location, make_service

MONDAY_10AM = datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)
WEEKDAYS = "MO,TU,WE,TH,FR"
EVERY_DAY = "MO,TU,WE,TH,FR,SA,SU"
URL = "/services/coventry/"


@pytest.fixture
def frozen():
    with time_machine.travel(MONDAY_10AM, tick=False):
        yield


def page_text(response) -> str:
    content = response.content.decode()
    assert "!!MISSING" not in content
    main = content[content.index("<main") : content.index("</main>")]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", main)))


def test_anyone_can_search_without_signing_in(client, world):
    make_service(world.coventry, "Breakfast club")
    response = client.get(URL)
    assert response.status_code == 200
    assert "Find help in Coventry" in page_text(response)
    assert "Breakfast club" in page_text(response)


def test_an_unknown_partnership_is_not_found(client, world):
    assert client.get("/services/nowhere/").status_code == 404


def test_the_directory_index_lists_partnerships(client, world):
    response = client.get("/services/")
    assert response.status_code == 200
    text = page_text(response)
    assert "Birmingham" in text and "Coventry" in text


def test_the_index_goes_straight_to_the_only_partnership(client, db):
    from waypost.accounts.models import Partnership

    Partnership.objects.create(name="Coventry", slug="coventry")
    response = client.get("/services/")
    assert response.status_code == 302
    assert response["Location"] == URL


def test_results_show_opening_categories_tags_and_distance(client, world, frozen):
    centre = make_area(world.coventry, "City centre", latitude="52.40800", longitude="-1.51000")
    make_service(
        world.coventry,
        "Women's day centre",
        categories=("day-centres", "womens-services"),
        gender=GenderServed.WOMEN,
        accepts_no_recourse=True,
        location=make_location(
            world.coventry, "Hub", area=centre, latitude=52.4125, longitude=-1.51
        ),
        hours=((WEEKDAYS, "09:00", "17:00"),),
    )
    make_service(world.coventry, "Night shelter", hours=((EVERY_DAY, "20:00", "08:00"),))
    text = page_text(client.get(URL, {"area": str(centre.pk)}))
    assert "Open now until 5pm" in text
    assert "Opens 8pm tonight" in text
    assert "Day centres and hubs, Women's services" in text
    assert "Women only" in text and "No recourse to public funds accepted" in text
    assert "0.3 miles away" in text
    assert "Nearest to the middle of City centre first" in text


def test_filters_are_applied_and_listed(client, world, frozen):
    make_service(
        world.coventry, "Soup run", categories=("food",), hours=((EVERY_DAY, "09:00", "11:00"),)
    )
    make_service(
        world.coventry, "Evening meal", categories=("food",), hours=((EVERY_DAY, "18:00", "20:00"),)
    )
    make_service(
        world.coventry,
        "Nurse clinic",
        categories=("nurse",),
        hours=((EVERY_DAY, "09:00", "11:00"),),
    )
    response = client.get(URL, {"need": "food", "open_now": "on"})
    text = page_text(response)
    assert "1 service found" in text
    assert "Soup run" in text
    assert "Evening meal" not in text and "Nurse clinic" not in text
    assert "Showing: Food, Open now." in text


def test_paging_keeps_every_filter(client, world, frozen):
    area = make_area(world.coventry)
    for n in range(25):
        make_service(
            world.coventry,
            f"Women's service {n:02d}",
            gender=GenderServed.WOMEN,
            categories=("womens-services",),
            location=make_location(world.coventry, f"Place {n}", area=area),
            hours=((EVERY_DAY, "00:00", "00:00"),),
        )
    asked = {
        "need": "womens-services",
        "open_now": "on",
        "eligibility": ["women", "walk-in"],
        "area": str(area.pk),
        "in_area": "on",
        "q": "service",
    }
    response = client.get(URL, asked)
    assert "25 services found" in page_text(response)
    nxt = re.search(r'href="([^"]*)" rel="next"', response.content.decode()).group(1)
    query = parse_qs(urlparse(nxt.replace("&amp;", "&")).query)
    assert query == {
        "need": ["womens-services"],
        "area": [str(area.pk)],
        "in_area": ["on"],
        "open_now": ["on"],
        "eligibility": ["women", "walk-in"],
        "q": ["service"],
        "page": ["2"],
    }
    second = page_text(client.get(URL, {**asked, "page": "2"}))
    assert "Women's service 24" in second and "Women's service 00" not in second


def test_an_empty_result_says_what_to_try(client, world, frozen):
    make_service(world.coventry, "Soup run", categories=("food",))
    text = page_text(
        client.get(URL, {"need": "dental", "open_now": "on", "eligibility": "women", "q": "teeth"})
    )
    assert "0 services found" in text
    assert "No services match your search" in text
    assert "untick “Open now”" in text
    assert "untick some of “Who it is for and how to get in”" in text
    assert "choose “Anything”" in text
    assert "search for fewer or different words" in text
    assert "see what is open now and tonight" in text


def test_choices_that_are_not_choices_are_dropped(client, world, frozen):
    make_service(world.coventry, "Soup run")
    response = client.get(URL, {"need": "caviar", "area": "not-an-area", "eligibility": "royals"})
    assert response.status_code == 200
    assert "Soup run" in page_text(response)
    assert "There is a problem" not in page_text(response)


def test_another_partnerships_area_is_not_a_choice(client, world, frozen):
    brum = make_area(world.birmingham, "Digbeth")
    make_service(world.coventry, "Soup run")
    response = client.get(URL, {"area": str(brum.pk), "in_area": "on"})
    assert "Soup run" in page_text(response)
    assert "Digbeth" not in page_text(response)


def test_too_many_search_words_is_an_error_that_keeps_what_was_typed(client, world, frozen):
    typed = "x" * 101
    response = client.get(URL, {"q": typed, "need": "food"})
    text = page_text(response)
    assert "There is a problem" in text
    assert "Search words must be 100 characters or fewer" in text
    assert f'value="{typed}"' in response.content.decode()
    assert "<title>Error: " in response.content.decode()


def test_a_device_location_is_rounded_before_it_goes_into_any_link(client, world, frozen):
    make_service(
        world.coventry,
        "Soup run",
        location=make_location(world.coventry, latitude=52.4120, longitude=-1.5050),
        hours=((EVERY_DAY, "00:00", "00:00"),),
    )
    for n in range(25):
        make_service(world.coventry, f"Other {n:02d}")
    response = client.get(URL, {"lat": "52.408123456", "lng": "-1.510987654"})
    content = response.content.decode()
    assert "52.408123" not in content and "1.510987" not in content
    assert 'name="lat" value="52.408"' in content and 'name="lng" value="-1.511"' in content
    assert "lat=52.408&amp;lng=-1.511" in content  # the paging links
    text = page_text(response)
    assert "Nearest to your location first" in text
    assert "Stop using my location" in text
    assert text.index("Soup run") < text.index("Other 00")


def test_a_location_that_is_not_a_place_is_ignored(client, world, frozen):
    make_service(world.coventry, "Soup run")
    response = client.get(URL, {"lat": "123", "lng": "-1.5"})
    assert "your location" not in page_text(response)
    assert client.get(URL, {"lat": "nan", "lng": "x"}).status_code == 200


def test_nothing_for_professionals_only_is_on_the_search_page(client, world, frozen):
    service = make_service(world.coventry, "Soup run", referral_route="Email the SECRET-ROUTE")
    Contact.objects.create(service=service, name="Internal Iris", internal=True)
    content = client.get(URL).content.decode()
    assert "SECRET-ROUTE" not in content and "Internal Iris" not in content
    assert "Last checked" not in content


def _directory(partnership, count):
    area = make_area(partnership)
    for n in range(count):
        make_service(
            partnership,
            f"Service {n:02d}",
            categories=("food", "nurse"),
            location=make_location(partnership, f"Place {n}", area=area),
            hours=((WEEKDAYS, "09:00", "17:00"),),
        )
    return area


@pytest.mark.parametrize("near", [False, True], ids=["by name", "near an area"])
def test_the_page_takes_a_fixed_number_of_queries(
    world, frozen, django_assert_max_num_queries, near
):
    area = _directory(world.coventry, 3)
    asked = {"need": "health", "open_now": "on", "area": str(area.pk)} if near else {}
    client = Client()
    client.get(URL, asked)
    _directory(world.coventry, 30)
    # The partnership, its areas, the services (and a count), 6 for their hours, their
    # categories, the bank holidays, the severe weather banner; and 5 to count the request
    # against PUBLIC_SEARCH_RATE in the database cache (none with CACHE_URL set to Redis).
    with django_assert_max_num_queries(14 + 5):
        response = client.get(URL, asked)
    assert response.status_code == 200


def test_an_old_link_keeps_the_real_eligibility_choices(client, world, frozen):
    make_service(world.coventry, "Women's hostel", gender=GenderServed.WOMEN)
    make_service(world.coventry, "Anyone's hostel")
    response = client.get(URL, {"eligibility": ["women", "royals"], "in_area": "on"})
    text = page_text(response)
    assert "Women's hostel" in text and "Anyone's hostel" not in text
    assert "Showing: Women only." in text
    assert 'value="women" id="id_eligibility_0" class="govuk-checkboxes__input" checked' in (
        response.content.decode()
    )
