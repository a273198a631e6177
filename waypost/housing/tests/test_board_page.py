"""The vacancy board: free places of total places, what each scheme suits, when and by whom
it was last checked (flagged when over a day old), filters by kind and by what it suits,
25 schemes a page, and a fixed number of queries however many schemes there are."""

from datetime import timedelta

import pytest
from django.utils import timezone

from waypost.housing.board_access import clock
from waypost.housing.board_actions import update_vacancies
from waypost.housing.models import AccommodationKind, GenderRule, Scheme, UnitStatus
from waypost.housing.placement_actions import place_person
from waypost.housing.register_actions import add_unit
from waypost.housing.tests.register_helpers import make_provider, make_scheme, unit
from waypost.testing.people import make_person


@pytest.fixture
def board(world):
    shelter = make_provider(world.shelter)
    night = make_scheme(shelter, "Night Shelter", units=12)
    women = make_scheme(
        shelter,
        "Women's Beds",
        units=4,
        kind=AccommodationKind.EMERGENCY,
        gender_rule=GenderRule.WOMEN,
        accepts_no_recourse=True,
    )
    hostel = make_scheme(
        shelter, "Station Hostel", units=2, kind=AccommodationKind.HOSTEL, couples=True, pets=True
    )
    for label in ("Couple's room A", "Couple's room B"):
        add_unit(hostel, label=label, sleeps=2, by=None)
    young = make_scheme(
        shelter,
        "Young People's Foyer",
        units=3,
        kind=AccommodationKind.SUPPORTED,
        max_age=24,
        wheelchair_access=True,
    )
    return {"night": night, "women": women, "hostel": hostel, "young": young}


def _refresh(scheme):
    return Scheme.objects.get(pk=scheme.pk)


def test_free_places_count_beds_not_rooms(
    world, board, provider_user, caseworker_client, caseworker_user
):
    hostel = _refresh(board["hostel"])
    statuses = {u.pk: u.status for u in hostel.units.all()}
    statuses[unit(hostel, "Bed 1").pk] = UnitStatus.OCCUPIED
    statuses[unit(hostel, "Bed 2").pk] = UnitStatus.OUT_OF_USE
    update_vacancies(hostel, statuses, version=hostel.version, by=provider_user)
    # One of a couple in room A: one place there is still free.
    person = make_person(world.council, caseworker_user)
    place_person(person, unit(hostel, "Couple's room A"), agency=world.council, by=caseworker_user)
    page = caseworker_client.get("/housing/board/?kind=hostel").content.decode()
    assert '<span class="govuk-!-font-weight-bold">3</span> of 6 free (1 out of use)' in page


def test_the_last_check_is_shown_and_flagged_when_old(board, provider_user, caseworker_client):
    night = _refresh(board["night"])
    update_vacancies(
        night, {u.pk: u.status for u in night.units.all()}, version=night.version, by=provider_user
    )
    at = _refresh(night).vacancies_updated_at
    women = board["women"]
    Scheme.objects.filter(pk=women.pk).update(
        vacancies_updated_at=timezone.now() - timedelta(hours=25),
        vacancies_updated_by=provider_user,
    )
    page = caseworker_client.get("/housing/board/").content.decode()
    assert f"Updated {clock(at)} today by Provider" in page
    assert page.count("Over 24 hours old") == 1
    women_card = page[page.index("Women&#x27;s Beds") :]
    assert "Over 24 hours old" in women_card[: women_card.index("</section>")]
    assert "Vacancies not updated yet" in page  # the hostel and the foyer


def test_the_board_shows_what_each_scheme_suits(board, caseworker_client):
    page = caseworker_client.get("/housing/board/").content.decode()
    for tag in ("Women only", "Couples", "Pets", "Under 25s", "Wheelchair access"):
        assert f">{tag}</strong>" in page, tag
    assert ">No recourse to public funds</strong>" in page


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("", {"night", "women", "hostel", "young"}),
        ("?kind=night_shelter", {"night"}),
        ("?kind=night_shelter&kind=hostel", {"night", "hostel"}),
        ("?suits=women", {"women"}),
        ("?suits=couples", {"hostel"}),
        ("?suits=pets", {"hostel"}),
        ("?suits=under_25", {"young"}),
        ("?suits=wheelchair", {"young"}),
        ("?suits=no_recourse", {"women"}),
        ("?suits=couples&suits=women", set()),
        ("?kind=emergency&suits=no_recourse", {"women"}),
        ("?kind=nonsense&suits=nonsense", {"night", "women", "hostel", "young"}),
    ],
)
def test_filters(board, outreach_client, query, shown):
    page = outreach_client.get(f"/housing/board/{query}").content.decode()
    names = {"night": "Night Shelter", "women": "Women&#x27;s Beds", "hostel": "Station Hostel"}
    names["young"] = "Young People&#x27;s Foyer"
    found = {key for key, name in names.items() if f">{name}</a></h3>" in page}
    assert found == shown
    assert "!!MISSING" not in page


def test_only_schemes_with_free_places(board, provider_user, outreach_client):
    women = _refresh(board["women"])
    update_vacancies(
        women,
        {u.pk: UnitStatus.OCCUPIED for u in women.units.all()},
        version=women.version,
        by=provider_user,
    )
    page = outreach_client.get("/housing/board/?free=on").content.decode()
    assert "Night Shelter" in page and "Women&#x27;s Beds" not in page
    assert "Filtered by: Free places now" in page


def test_the_board_pages_by_25_and_keeps_the_filters(world, outreach_client):
    provider = make_provider(world.shelter)
    for n in range(30):
        make_scheme(provider, f"Shelter {n:02d}", units=1)
    page = outreach_client.get("/housing/board/?kind=night_shelter").content.decode()
    assert page.count('class="govuk-summary-card__title"') == 25
    assert "?kind=night_shelter&amp;page=2" in page
    second = outreach_client.get("/housing/board/?kind=night_shelter&page=2").content.decode()
    assert second.count('class="govuk-summary-card__title"') == 5


def test_the_board_does_not_query_per_scheme(
    world, board, provider_user, outreach_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(30) as few:
        outreach_client.get("/housing/board/")
    provider = make_provider(world.council, "Council Hostels")
    for n in range(8):
        scheme = make_scheme(provider, f"Extra {n}", units=2)
        update_vacancies(
            scheme,
            {u.pk: UnitStatus.FREE for u in scheme.units.all()},
            version=scheme.version,
            by=None,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = outreach_client.get("/housing/board/").content.decode()
    assert "Extra 7" in page
