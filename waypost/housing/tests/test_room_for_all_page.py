"""The room for all page: figures and a chart with its table, never a name; who may see it
(coordinators, caseworkers, outreach workers, commissioners, partnership admins) and who may
not (403); another partnership's figures are 404; the page costs the same queries however many
beds and people."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from waypost.audit.models import AccessEvent
from waypost.housing.models import AccommodationKind
from waypost.housing.tests.test_placement_helpers import make_scheme, make_unit, person_on_list
from waypost.testing.pages import without_random_values

URL = "/housing/room-for-all/"


def _tonight(world, by):
    """One free place; two people sleeping rough, both added today (so 2 new in 28 days)."""
    make_unit(make_scheme(world.shelter, "Shelter", kind=AccommodationKind.NIGHT_SHELTER))
    person_on_list(world.council, by, given_name="Una", family_name="Seen")
    person_on_list(world.council, by, given_name="Vic", family_name="Seen")


@pytest.mark.parametrize(
    "persona",
    [
        "coordinator_client",
        "caseworker_client",
        "outreach_client",
        "admin_client",
    ],
)
def test_staff_who_plan_beds_see_the_figures_and_no_names(world, caseworker_user, persona, request):
    _tonight(world, caseworker_user)
    response = request.getfixturevalue(persona).get(URL)
    page = response.content.decode()
    assert response.status_code == 200
    # Demand: 2 without accommodation + 2 new in 28 days for 1 day, rounded up = 3.
    assert "Tonight: 1 place free for 3 people expected to need one." in page
    assert "2 places short." in page
    assert 'role="img"' in page and 'id="room-table"' in page
    # Whole words: a random CSRF token on the page may contain the letters "Una".
    assert not re.search(r"\bUna\b|\bSeen\b", page)
    assert "2 in the last 28 days" in page
    assert not AccessEvent.objects.exists()  # figures only: nobody's record was read


def test_a_commissioner_sees_small_counts_of_people_hidden(
    world, caseworker_user, commissioner_client
):
    """2 without a bed, 2 new, 3 expected: all fewer than 5, so hidden, and the balance
    with them (1 place free less "2 short" would give the 3 back). Beds are not people."""
    _tonight(world, caseworker_user)
    page = commissioner_client.get(URL).content.decode()
    assert "Tonight: 1 place free for fewer than 5 people expected to need one." in page
    assert "Whether places are short is not shown" in page
    assert "2 places short" not in page and "short</td>" not in page
    assert "fewer than 5 in the last 28 days" in page
    assert "Counts of 1 to 4 people are shown as" in page
    table = page[page.index('id="room-table"') :]
    assert ">3<" not in table and ">2<" not in table
    assert "Una" not in without_random_values(page)


@pytest.mark.parametrize("persona", ["referrer_client", "provider_client", "dpo_client"])
def test_other_roles_are_refused(world, persona, request):
    assert request.getfixturevalue(persona).get(URL).status_code == 403


def test_another_partnership_is_404(world, caseworker_user, coordinator_client):
    assert coordinator_client.get(f"{URL}?partnership=birmingham").status_code == 404
    assert coordinator_client.get(f"{URL}?partnership=nowhere").status_code == 404
    assert coordinator_client.get(f"{URL}?partnership=coventry").status_code == 200


def test_each_partnership_sees_its_own(world, caseworker_user, birmingham_admin_client):
    _tonight(world, caseworker_user)
    page = birmingham_admin_client.get(URL).content.decode()
    assert "Birmingham" in page
    assert "Tonight: 0 places free for 0 people expected to need one." in page
    assert birmingham_admin_client.get(f"{URL}?partnership=coventry").status_code == 404


def test_the_page_costs_the_same_queries_however_many_beds(
    world, caseworker_user, coordinator_client, django_assert_max_num_queries
):
    _tonight(world, caseworker_user)
    coordinator_client.get(URL)  # makes the settings row
    with CaptureQueriesContext(connection) as few:
        coordinator_client.get(URL)
    scheme = make_scheme(world.shelter, "Hostel", kind=AccommodationKind.HOSTEL)
    for n in range(20):
        make_unit(scheme, f"Bed {n}")
        person_on_list(world.council, caseworker_user, given_name=f"N{n}")
    with django_assert_max_num_queries(len(few)):
        page = coordinator_client.get(URL).content.decode()
    assert "Tonight: 21 places free for 23 people" in page
