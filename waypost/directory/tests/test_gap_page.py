"""The gap analysis page and CSV: who may see them, what they show (a table of need against
services by area, gaps tagged "No service", the largest gaps first, the method), small numbers
hidden for commissioners, formula-safe CSV, never a person's name or id, and a fixed number of
queries."""

import csv
import io

import pytest
from django.urls import reverse

from waypost.accounts.models import Role
from waypost.directory.tests.test_gap_helpers import (
    CITY_CENTRE,
    FOLESHILL,
    HIGH,
    MEDIUM,
    TILE_HILL,
    assess,
    make_areas,
    meet,
    near,
    person,
)
from waypost.testing.directory import make_area, make_location, make_service
from waypost.testing.personas import make_user

PAGE = "/directory/gaps/"
CSV = "/directory/gaps/csv/"


@pytest.fixture
def cohort(world):
    """Six people in Tile Hill with a mental health need (no service there), two in the
    city centre with a drugs and alcohol need (no service anywhere), a mental health
    service in Foleshill."""
    areas = make_areas(world.coventry)
    hub = make_location(world.coventry, "Foleshill Hub", area=areas["Foleshill"])
    make_service(world.coventry, "Foleshill Mind", categories=("mental-health",), location=hub)
    people = []
    for n in range(6):
        someone = person(world.council, f"Tilda{n}")
        assess(someone, world.council, {"mental_health": HIGH}, on=_today())
        meet(someone, world.outreach, near(TILE_HILL))
        people.append(someone)
    for n in range(2):
        someone = person(world.council, f"Cecil{n}")
        assess(someone, world.council, {"drugs_alcohol": MEDIUM}, on=_today())
        meet(someone, world.outreach, near(CITY_CENTRE))
        people.append(someone)
    someone = person(world.council, "Folly")
    assess(someone, world.council, {"mental_health": HIGH}, on=_today())
    meet(someone, world.outreach, near(FOLESHILL))
    people.append(someone)
    return people


def _today():
    from django.utils import timezone

    return timezone.localdate()


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_urls_are_named():
    assert reverse("directory:gaps") == PAGE and reverse("directory:gaps_csv") == CSV


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    for url in (PAGE, CSV):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")


@pytest.mark.parametrize(
    "persona",
    ["caseworker_client", "outreach_client", "referrer_client", "dpo_client", "provider_client"],
)
def test_other_roles_are_refused(request, persona, world):
    client = request.getfixturevalue(persona)
    assert client.get(PAGE).status_code == 403
    assert client.get(CSV).status_code == 403


@pytest.mark.parametrize("persona", ["coordinator_client", "commissioner_client", "admin_client"])
def test_coordinators_commissioners_and_admins_see_it(request, persona, cohort):
    client = request.getfixturevalue(persona)
    response = client.get(PAGE)
    assert response.status_code == 200
    assert "Need against services, by area" in response.text
    assert client.get(CSV).status_code == 200


def test_another_partnership_is_404(coordinator_client, birmingham_admin_client, cohort):
    assert coordinator_client.get(PAGE, {"partnership": "birmingham"}).status_code == 404
    assert coordinator_client.get(CSV, {"partnership": "birmingham"}).status_code == 404
    assert coordinator_client.get(PAGE, {"partnership": "nowhere"}).status_code == 404
    assert birmingham_admin_client.get(PAGE, {"partnership": "coventry"}).status_code == 404
    brum = birmingham_admin_client.get(PAGE)
    assert "Birmingham" in brum.text and "Tile Hill" not in brum.text


def test_the_page_shows_the_table_the_gaps_and_the_method(coordinator_client, cohort):
    page = coordinator_client.get(PAGE).text
    for area in ("City centre", "Foleshill", "Tile Hill", "Area not known", "All areas"):
        assert f'<th scope="col" class="govuk-table__header">{area}</th>' in page
    assert '<strong class="govuk-tag govuk-tag--red">No service</strong>' in page
    gaps = page.split("The largest gaps")[1].split("</ul>")[0]
    assert gaps.index("Tile Hill: 6 people, no service") < gaps.index(
        "City centre: 2 people, no service"
    )
    assert "9 people assessed, 9 people with a medium or high need" in page
    assert "How these figures are worked out" in page
    assert 'id="needs-chart"' in page and 'id="needs-table"' in page
    assert "fewer than 5 people" not in page  # exact counts for a coordinator


def test_never_a_name_or_id_of_a_person(coordinator_client, cohort):
    page = coordinator_client.get(PAGE).text
    sheet = coordinator_client.get(CSV).content.decode()
    for someone in cohort:
        for text in (str(someone.pk), someone.pk.hex, someone.given_name, someone.family_name):
            assert text not in page and text not in sheet
        for assessment in someone.assessment_set.all():
            assert str(assessment.pk) not in page and str(assessment.pk) not in sheet


def test_the_csv_has_a_row_for_each_need_and_area(coordinator_client, cohort):
    response = coordinator_client.get(CSV)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="waypost-service-gaps-coventry-'
    )
    rows = _rows(response)
    header = rows.index(
        [
            "Need",
            "Categories of service",
            "Area",
            "People with the need",
            "Services in reach",
            "No service in reach",
        ]
    )
    body = rows[header + 1 :]
    assert len(body) == 7 * 5  # seven needs, three areas, "Area not known" and all areas
    assert ["Mental health", "Mental health", "Tile Hill", "6", "0", "Yes"] in body
    assert ["Mental health", "Mental health", "Foleshill", "1", "1", "No"] in body
    assert ["Drugs and alcohol", "Drugs and alcohol", "All areas", "2", "0", "Yes"] in body


def test_commissioners_see_small_numbers_hidden(commissioner_client, coordinator_client, cohort):
    page = commissioner_client.get(PAGE).text
    assert "fewer than 5" in page and "Counts of people from 1 to 4" in page
    assert "Tile Hill: 6 people, no service" in page
    assert "City centre: fewer than 5 people, no service" in page
    assert "2 people" not in page and "1 person" not in page
    rows = _rows(commissioner_client.get(CSV))
    assert ["Mental health", "Mental health", "Foleshill", "fewer than 5", "1", "No"] in rows
    # A total with a hidden part is hidden too, so the hidden part cannot be worked out.
    assert ["Mental health", "Mental health", "All areas", "Not shown", "1", "No"] in rows
    assert ["Mental health", "Mental health", "Tile Hill", "6", "0", "Yes"] in rows
    exact = _rows(coordinator_client.get(CSV))
    assert ["Mental health", "Mental health", "All areas", "7", "1", "No"] in exact


def test_a_commissioner_who_is_also_a_coordinator_sees_exact_counts(world, cohort):
    from django.test import Client

    from waypost.accounts.models import Membership
    from waypost.testing.personas import mark_recently_authenticated

    user = make_user("both@coventry.test", agency=world.council, role=Role.COMMISSIONER)
    Membership.objects.create(user=user, agency=world.council, role=Role.COORDINATOR)
    client = Client()
    client.force_login(user)
    mark_recently_authenticated(client, user)
    assert "fewer than 5 people" not in client.get(PAGE).text


def test_the_csv_is_formula_safe(coordinator_client, world, cohort):
    make_area(
        world.coventry, '=HYPERLINK("http://evil.test")', latitude="53.00000", longitude="-2.00000"
    )
    rows = _rows(coordinator_client.get(CSV))
    assert any(r[2] == '\'=HYPERLINK("http://evil.test")' for r in rows if len(r) > 2)
    assert not any(r and r[2:3] == ['=HYPERLINK("http://evil.test")'] for r in rows)


def test_someone_in_two_partnerships_chooses_which(world, cohort):
    from django.test import Client

    from waypost.accounts.models import Membership
    from waypost.testing.personas import mark_recently_authenticated

    user = make_user("two@coventry.test", agency=world.council, role=Role.COORDINATOR)
    Membership.objects.create(user=user, agency=world.brum_council, role=Role.COORDINATOR)
    client = Client()
    client.force_login(user)
    mark_recently_authenticated(client, user)
    first = client.get(PAGE).text
    assert '<option value="birmingham" selected>' in first  # by name, Birmingham first
    chosen = client.get(PAGE, {"partnership": "coventry"}).text
    assert '<option value="coventry" selected>' in chosen and "Tile Hill" in chosen


def test_the_page_has_a_fixed_number_of_queries(
    coordinator_client, world, cohort, django_assert_max_num_queries
):
    coordinator_client.get(PAGE)
    with django_assert_max_num_queries(15) as before:
        coordinator_client.get(PAGE)
    for n in range(10):
        someone = person(world.council, f"More{n}")
        assess(someone, world.council, {"finances": HIGH, "employment": MEDIUM}, on=_today())
        meet(someone, world.outreach, near(FOLESHILL))
    with django_assert_max_num_queries(len(before.captured_queries)):
        coordinator_client.get(PAGE)


def test_a_gap_for_people_whose_area_is_not_known_reads_plainly(coordinator_client, world, cohort):
    someone = person(world.council, "Unmet")
    assess(someone, world.council, {"identity_documents": HIGH}, on=_today())
    page = coordinator_client.get(PAGE).text
    assert "<strong>Identity documents</strong> where the area is not known: 1 person" in page
