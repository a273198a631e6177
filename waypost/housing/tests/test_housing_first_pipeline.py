"""The Housing First pipeline page: the target's progress (text first), the open cases at each
stage with their waits, and the list of open cases by stage for staff whose role covers housing
history (names only where identity is visible, 25 a page, in the access log). Commissioners and
partnership admins see the figures only: no names, no list, no links to cases."""

import re

import pytest
from django.utils import timezone

from waypost.accounts.models import Role
from waypost.audit.models import AccessEvent, Section
from waypost.housing.models import HousingFirstStage, HousingSettings
from waypost.housing.tenancy_actions import end_tenancy
from waypost.housing.tests.test_housing_first_helpers import (
    case_at,
    client_for,
    days_ago,
    member,
    refer,
)
from waypost.people.models import Person
from waypost.testing.pages import page_html, without_random_values
from waypost.testing.people import make_person, sign_agreement_for

S = HousingFirstStage
PIPELINE = "/housing/housing-first/"


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _rows(html: str, table_id: str) -> list[list[str]]:
    table = html.split(f'id="{table_id}"')[1].split("</table>")[0]
    body = table.split("<tbody")[1]
    return [
        [_text(cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def _build(world):
    """Two housed (one tenancy since ended), two referred, one at the offer, one closed, one
    case the council may not see (outreach's, about outreach's person, no consent) and one
    whose person's name the council may not see."""
    council = world.council
    housed = case_at(S.TENANCY, make_person(council, given_name="Hana"), council, world=world)
    ended = case_at(S.TENANCY, make_person(council, given_name="Ivo"), council, world=world)
    end_tenancy(
        ended.tenancy, ended_on=timezone.localdate(), reason="move_on", agency=council, by=None
    )  # noqa: E501
    refer(
        make_person(council, given_name="Jan"),
        council,
        referred_on=days_ago(9).date(),
        at=days_ago(9),
    )  # noqa: E501
    refer(
        make_person(council, given_name="Kit"),
        council,
        referred_on=days_ago(3).date(),
        at=days_ago(3),
    )  # noqa: E501
    case_at(S.OFFER, make_person(council, given_name="Lou"), council, world=world)
    case_at(S.CLOSED, make_person(council, given_name="Max"), council)
    sign_agreement_for(council, world.outreach)
    refer(make_person(world.outreach, given_name="Ned"), world.outreach)  # not shared
    refer(make_person(world.outreach, given_name="Ora"), council)  # the council's case
    return housed


def test_case_staff_see_the_target_the_figures_and_the_list(world, coordinator_client):
    _build(world)
    page = coordinator_client.get(PIPELINE).content.decode()
    text = _text(page)
    assert "2 of 109 people housed through Housing First" in text
    assert re.search(r'<progress [^>]*max="109" value="2" aria-labelledby="hf-target"', page)
    assert "107 more people to house to reach it." in text
    assert "1 of 2 Housing First tenancies are still going; 1 has ended." in text
    assert _rows(page, "hf-stages") == [
        ["Referred", "4", "1.5 days", "9 days"],  # Jan 9, Kit 3, Ned and Ora today
        ["Eligibility checked", "0", "–", "–"],
        ["Panel decision", "0", "–", "–"],
        ["Property offered", "1", "0 days", "0 days"],
        ["All open cases", "5", "", ""],
    ]
    assert "1 case closed without a tenancy." in text
    rows = _rows(page, "hf-cases")
    assert [row[0] for row in rows] == [
        "Jan Bloggs",  # the longest waiting first
        "Kit Bloggs",
        "Name not shared : case referred " + f"{timezone.localdate():%-d %B %Y}",
        "Lou Bloggs",
    ]
    assert [row[1] for row in rows] == ["Referred"] * 3 + ["Property offered"]
    assert rows[0][3] == "9"
    assert "4 open cases shared with you" in text
    assert "1 more is not shared with you" in text
    page = without_random_values(page)
    assert "Ned" not in page and "Ora" not in page and "Hana" not in page


def test_the_list_filters_by_stage(world, caseworker_client):
    _build(world)
    page = caseworker_client.get(PIPELINE + "?stage=offer").content.decode()
    assert [row[0] for row in _rows(page, "hf-cases")] == ["Lou Bloggs"]
    assert "1 open case shared with you at “Property offered”" in _text(page)
    assert '<option value="offer" selected>' in page
    # An unknown stage shows them all.
    page = caseworker_client.get(PIPELINE + "?stage=tenancy").content.decode()
    assert len(_rows(page, "hf-cases")) == 4


@pytest.mark.parametrize("persona", ["commissioner", "admin"])
def test_commissioners_and_admins_see_figures_only(request, world, persona):
    housed = _build(world)
    page = request.getfixturevalue(f"{persona}_client").get(PIPELINE).content.decode()
    text = _text(page)
    assert "2 of 109 people housed through Housing First" in text
    assert 'id="hf-stages"' in page
    assert 'id="hf-cases"' not in page
    for name in ("Hana", "Ivo", "Jan", "Kit", "Lou", "Max", "Ned", "Ora", "Bloggs"):
        assert name not in page
    assert str(housed.pk) not in page and "/housing/housing-first/" + str(housed.pk) not in page
    assert "You see the figures only" in text
    user = request.getfixturevalue(f"{persona}_user")
    assert not AccessEvent.objects.filter(user=user).exists()


@pytest.mark.parametrize("persona", ["referrer", "dpo"])
def test_roles_without_housing_work_or_figures_are_refused(request, world, persona):
    assert request.getfixturevalue(f"{persona}_client").get(PIPELINE).status_code == 403


def test_another_partnership_is_not_shown(world, birmingham_admin_client):
    _build(world)
    page = birmingham_admin_client.get(PIPELINE).content.decode()
    assert "0 of 109 people housed through Housing First" in _text(page)
    assert birmingham_admin_client.get(PIPELINE + "?partnership=coventry").status_code == 404


def test_someone_in_two_partnerships_chooses(world):
    from waypost.accounts.models import Membership

    user = member("both@coventry.test", world.council, Role.COORDINATOR)
    Membership.objects.create(user=user, agency=world.brum_council, role=Role.COMMISSIONER)
    _build(world)
    client = client_for(user)
    page = client.get(PIPELINE + "?partnership=birmingham").content.decode()
    assert "Birmingham" in page and 'id="hf-cases"' not in page  # a commissioner there
    page = client.get(PIPELINE + "?partnership=coventry").content.decode()
    assert 'id="hf-cases"' in page


def test_the_target_comes_from_the_settings(world, coordinator_client):
    _build(world)
    HousingSettings.objects.create(partnership=world.coventry, housing_first_target=2)
    text = _text(coordinator_client.get(PIPELINE).content.decode())
    assert "2 of 2 people housed through Housing First" in text
    assert "The target is reached." in text


def test_listed_cases_and_names_are_in_the_access_log(world, caseworker_client, caseworker_user):
    _build(world)
    caseworker_client.get(PIPELINE)
    events = AccessEvent.objects.filter(user=caseworker_user, route="housing:hf_pipeline")
    cases = events.filter(section=Section.HOUSING_HISTORY, subject_type="housing_first_case")
    names = events.filter(section=Section.IDENTITY, subject_type="person")
    assert cases.count() == 4
    assert names.count() == 3
    ora = Person.objects.get(given_name="Ora")
    assert cases.filter(person_id=ora.pk).exists()
    assert not names.filter(person_id=ora.pk).exists()  # her name was not shown


def test_restricted_and_anonymised_people_are_not_listed(world, caseworker_client):
    restricted = refer(make_person(world.council, given_name="Rex"), world.council)
    anonymised = refer(make_person(world.council, given_name="Ana"), world.council)
    Person.objects.filter(pk=restricted.person_id).update(restricted_at=timezone.now())
    Person.objects.filter(pk=anonymised.person_id).update(anonymised_at=timezone.now())
    page = page_html(caseworker_client.get(PIPELINE))
    assert "Rex" not in page and "Ana" not in page
    assert "No open cases" in page


def test_the_list_has_pages_of_25(world, caseworker_client):
    for n in range(27):
        refer(
            make_person(world.council, given_name=f"P{n:02d}"),
            world.council,
            at=days_ago(30 - n),
            referred_on=days_ago(30 - n).date(),
        )  # noqa: E501
    first = caseworker_client.get(PIPELINE).content.decode()
    assert len(_rows(first, "hf-cases")) == 25
    assert "P00 Bloggs" in first and "P26 Bloggs" not in first
    second = caseworker_client.get(PIPELINE + "?page=2").content.decode()
    assert [row[0] for row in _rows(second, "hf-cases")] == ["P25 Bloggs", "P26 Bloggs"]


def test_the_page_costs_the_same_queries_for_3_or_25_cases(
    world, caseworker_client, django_assert_max_num_queries
):
    def many(n):
        for i in range(n):
            person = make_person(world.council, given_name=f"Q{i}")
            if i % 2:
                refer(person, world.council)
            else:
                case_at(S.OFFER, person, world.council, world=world)

    many(3)
    with django_assert_max_num_queries(17):
        caseworker_client.get(PIPELINE)
    many(25)
    with django_assert_max_num_queries(17):
        page = caseworker_client.get(PIPELINE).content.decode()
    assert len(_rows(page, "hf-cases")) == 25
