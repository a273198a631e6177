""" "Get help now" (/services/<slug>/help-now/): SWEP first when it is active here; then
emergency accommodation open tonight, with free beds and how fresh the count is; then other
services open now or later tonight; then how to tell outreach, and 999."""

import html
import re
from datetime import datetime, timedelta

import pytest
import time_machine
from django.test import Client

from waypost.directory.help_now import help_tonight, tonight_ends
from waypost.housing.models import AccommodationKind, Scheme, Unit, UnitStatus
from waypost.housing.tests.register_helpers import make_provider, make_scheme
from waypost.lib.nights import LONDON
from waypost.swep.models import Activation, ActivationKind, ActivationStatus
from waypost.testing.directory import make_service

MONDAY_7PM = datetime(2026, 11, 23, 19, 0, tzinfo=LONDON)
EVERY_DAY = "MO,TU,WE,TH,FR,SA,SU"
URL = "/services/coventry/help-now/"


@pytest.fixture
def frozen():
    with time_machine.travel(MONDAY_7PM, tick=False):
        yield


def page_text(response) -> str:
    content = response.content.decode()
    assert "!!MISSING" not in content
    main = content[content.index("<main") : content.index("</main>")]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", main)))


def activate_swep(partnership):
    return Activation.objects.create(
        partnership=partnership,
        kind=ActivationKind.COLD,
        status=ActivationStatus.ACTIVE,
        starts_at=MONDAY_7PM - timedelta(hours=1),
        expected_end_at=MONDAY_7PM + timedelta(days=2),
    )


def checked(scheme: Scheme, at: datetime) -> None:
    Scheme.objects.filter(pk=scheme.pk).update(vacancies_updated_at=at)


@pytest.fixture
def tonight(world):
    provider = make_provider(world.shelter)
    shelter_beds = make_scheme(provider, "Harnall Lane Shelter", units=3)
    checked(shelter_beds, MONDAY_7PM - timedelta(minutes=45))
    full = make_scheme(provider, "Station Hostel", units=2, kind=AccommodationKind.HOSTEL)
    Unit.objects.filter(scheme=full).update(status=UnitStatus.OCCUPIED)
    checked(full, MONDAY_7PM - timedelta(hours=2))
    stale = make_scheme(provider, "Old Count Shelter", units=1)
    checked(stale, MONDAY_7PM - timedelta(days=3))
    emergency = ("emergency-accommodation",)
    make_service(
        world.coventry,
        "Night shelter",
        categories=emergency,
        hours=((EVERY_DAY, "20:00", "08:00"),),
        housing_scheme=shelter_beds,
    )
    make_service(world.coventry, "Station hostel", categories=emergency, housing_scheme=full)
    make_service(
        world.coventry,
        "Old count shelter",
        categories=emergency,
        hours=((EVERY_DAY, "20:00", "08:00"),),
        housing_scheme=stale,
    )
    make_service(
        world.coventry,
        "Women's refuge",
        categories=emergency,
        hours=((EVERY_DAY, "21:00", "07:00"),),
    )
    make_service(
        world.coventry, "Day beds", categories=emergency, hours=((EVERY_DAY, "09:00", "17:00"),)
    )
    make_service(
        world.coventry, "Soup run", categories=("food",), hours=((EVERY_DAY, "18:00", "21:00"),)
    )
    make_service(
        world.coventry, "Late café", categories=("food",), hours=((EVERY_DAY, "22:00", "02:00"),)
    )
    make_service(
        world.coventry,
        "Day centre",
        categories=("day-centres",),
        hours=((EVERY_DAY, "09:00", "17:00"),),
    )
    make_service(
        world.birmingham,
        "Digbeth shelter",
        categories=emergency,
        hours=((EVERY_DAY, "20:00", "08:00"),),
    )


def test_somewhere_to_stay_tonight_free_beds_first(world, tonight):
    found = help_tonight(world.coventry, now=MONDAY_7PM)
    assert [r.service.name for r in found.beds] == [
        "Night shelter",
        "Old count shelter",
        "Women's refuge",
        "Station hostel",
    ]
    shelter = found.beds[0]
    assert (shelter.beds.free, shelter.beds.total) == (3, 3)
    assert shelter.beds.checked == "Updated 6:15pm today"
    assert not shelter.beds.is_stale
    assert found.beds[1].beds.is_stale
    assert found.beds[2].beds is None  # not linked to a scheme
    assert found.beds[3].beds.free == 0


def test_other_services_open_now_or_later_tonight(world, tonight):
    found = help_tonight(world.coventry, now=MONDAY_7PM)
    assert [r.service.name for r in found.others] == ["Soup run", "Late café"]
    assert found.others[0].status.text == "Open now until 9pm"
    assert found.others[1].status.text == "Opens 10pm tonight"
    assert found.until == "9am tomorrow"


def test_in_the_small_hours_tonight_ends_this_morning(world, tonight):
    two_am = datetime(2026, 11, 24, 2, 0, tzinfo=LONDON)
    assert tonight_ends(two_am) == datetime(2026, 11, 24, 9, 0, tzinfo=LONDON)
    found = help_tonight(world.coventry, now=two_am)
    assert found.until == "9am this morning"
    assert [r.service.name for r in found.others] == []  # the café closed at 2am
    assert "Night shelter" in [r.service.name for r in found.beds]


def test_the_page_lists_them_with_how_fresh_the_count_is(client, tonight, frozen):
    text = page_text(client.get(URL))
    assert "3 beds free of 3. Beds updated 6:15pm today." in text
    assert "No beds free of 2" in text
    assert "This count is more than a day old: ring before you go." in text
    assert "Digbeth" not in text and "Day centre" not in text and "Day beds" not in text
    assert text.index("Somewhere to stay tonight") < text.index("Night shelter")
    assert text.index("Open now and later tonight") < text.index("Soup run")
    assert "Tell the outreach team about someone sleeping rough" in text
    assert "call 999" in text
    assert 'href="/alerts/"' in client.get(URL).content.decode()


def test_with_swep_active_here_it_says_so_first(client, world, tonight, frozen):
    activate_swep(world.coventry)
    response = client.get(URL)
    text = page_text(response)
    assert text.index("SWEP is active in Coventry tonight") < text.index("Get help now")
    assert 'href="/severe-weather/coventry/"' in response.content.decode()
    # Said once, by this page: the banner every page shows is hidden here.
    assert 'id="swep-banner-title"' not in response.content.decode()


def test_without_swep_here_it_says_nothing_about_it(client, world, tonight, frozen):
    activate_swep(world.birmingham)
    response = client.get(URL)
    assert "SWEP is active in Coventry" not in page_text(response)
    # The usual banner still tells a visitor about Birmingham.
    assert "SWEP is active in Birmingham tonight" in page_text(response)


def test_nothing_open_says_what_to_do(client, world, frozen):
    text = page_text(client.get(URL))
    assert "No emergency accommodation in this directory is open tonight" in text
    assert "Nothing else in this directory is open now or later tonight" in text


def test_an_unknown_partnership_is_not_found(client, world):
    assert client.get("/services/nowhere/help-now/").status_code == 404


def test_the_page_takes_a_fixed_number_of_queries(
    world, tonight, frozen, django_assert_max_num_queries
):
    activate_swep(world.coventry)
    client = Client()
    client.get(URL)
    for n in range(20):
        make_service(world.coventry, f"Extra {n}", hours=((EVERY_DAY, "18:00", "23:00"),))
    # The partnership, SWEP, the beds, the bank holidays, the services, 6 for their hours,
    # their categories and phones.
    with django_assert_max_num_queries(14):
        assert client.get(URL).status_code == 200


def test_a_shelters_own_page_says_how_many_beds_are_free(world, client, tonight, frozen):
    """The public and professionals' pages of an entry linked to a scheme show its free beds
    (counts only) and warn when the count is old; an entry with no scheme shows none."""
    from waypost.directory.models import Service

    def text(url):
        content = client.get(url).content.decode()
        return " ".join(content.split())

    shelter = Service.objects.get(name="Night shelter")
    page = text(f"/services/coventry/{shelter.pk}/")
    assert "3 beds free now</strong> of 3." in page
    assert "more than a day old" not in page
    stale = Service.objects.get(name="Old count shelter")
    assert "more than a day old" in text(f"/services/coventry/{stale.pk}/")
    full = Service.objects.get(name="Station hostel")
    assert "No beds free now of 2." in text(f"/services/coventry/{full.pk}/")
    refuge = Service.objects.get(name="Women's refuge")
    assert 'id="beds"' not in text(f"/services/coventry/{refuge.pk}/")
