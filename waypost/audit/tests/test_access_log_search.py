import uuid

import pytest
from django.urls import reverse

from waypost.accounts.models import Role
from waypost.audit.models import Section
from waypost.audit.tests.conftest import london
from waypost.testing.personas import make_user

URL = reverse("audit:log")


def _shown(response) -> list:
    """The events on the page, without the DPO's own viewing of the log."""
    return [e for e in response.context["page_obj"] if e.section != Section.AUDIT]


@pytest.fixture
def staff(world):
    return {
        "caseworker": make_user("cw@coventry.test", agency=world.council, role=Role.CASEWORKER),
        "outreach": make_user("ow@coventry.test", agency=world.outreach, role=Role.OUTREACH_WORKER),
        "brum": make_user("cw@birmingham.test", agency=world.brum_council, role=Role.CASEWORKER),
    }


def test_it_shows_newest_first(dpo_client, staff, world, make_event):
    older = make_event(staff["caseworker"], agency=world.council, occurred_at=london(2026, 1, 1))
    newer = make_event(staff["outreach"], agency=world.outreach, occurred_at=london(2026, 2, 1))

    response = dpo_client.get(URL)

    assert response.status_code == 200
    assert _shown(response) == [newer, older]
    assert "Export as CSV" in response.text


def test_it_searches_by_person(dpo_client, staff, world, make_event):
    person = uuid.uuid4()
    match = make_event(staff["caseworker"], agency=world.council, person_id=person)
    make_event(staff["caseworker"], agency=world.council, person_id=uuid.uuid4())

    response = dpo_client.get(URL, {"person_id": str(person)})

    assert _shown(response) == [match]


def test_it_searches_by_part_of_the_staff_email_in_any_case(dpo_client, staff, world, make_event):
    match = make_event(staff["outreach"], agency=world.outreach)
    make_event(staff["caseworker"], agency=world.council)

    response = dpo_client.get(URL, {"user_email": "OW@Coventry"})

    assert _shown(response) == [match]


def test_it_searches_by_agency(dpo_client, staff, world, make_event):
    match = make_event(staff["outreach"], agency=world.outreach)
    make_event(staff["caseworker"], agency=world.council)

    response = dpo_client.get(URL, {"agency": str(world.outreach.pk)})

    assert list(response.context["page_obj"]) == [match]


def test_it_searches_by_date_range_including_both_days(dpo_client, staff, world, make_event):
    user = staff["caseworker"]
    make_event(user, agency=world.council, occurred_at=london(2026, 3, 9, 23, 59))
    first = make_event(user, agency=world.council, occurred_at=london(2026, 3, 10, 0, 0))
    last = make_event(user, agency=world.council, occurred_at=london(2026, 3, 12, 23, 59))
    make_event(user, agency=world.council, occurred_at=london(2026, 3, 13, 0, 0))

    response = dpo_client.get(URL, {"date_from": "2026-03-10", "date_to": "2026-03-12"})

    assert _shown(response) == [last, first]


def test_it_explains_a_malformed_person_id_and_keeps_the_input(dpo_client):
    response = dpo_client.get(URL, {"person_id": "not-a-uuid", "user_email": "someone"})

    assert response.status_code == 200
    assert response.context["page_obj"] is None
    assert "Enter a person ID in the format" in response.text
    assert 'value="not-a-uuid"' in response.text
    assert 'value="someone"' in response.text


def test_it_explains_an_end_date_before_the_start_date(dpo_client):
    response = dpo_client.get(URL, {"date_from": "2026-03-12", "date_to": "2026-03-10"})

    assert response.context["page_obj"] is None
    assert "The end date must be the same as or after the start date" in response.text
    assert 'value="2026-03-12"' in response.text
    assert 'value="2026-03-10"' in response.text


def test_it_does_not_offer_or_accept_another_partnerships_agency(dpo_client, world):
    response = dpo_client.get(URL, {"agency": str(world.brum_council.pk)})

    assert response.context["page_obj"] is None
    assert "Select an agency from the list" in response.text
    assert "Birmingham Housing Options" not in response.text
    assert "Coventry Outreach" in response.text


def test_it_shows_no_events_from_the_other_partnership(dpo_client, staff, world, make_event):
    ours = make_event(staff["caseworker"], agency=world.council)
    ours_no_agency = make_event(staff["outreach"], agency=None)
    make_event(staff["brum"], agency=world.brum_council)
    make_event(staff["brum"], agency=None)
    make_event(None, agency=None)

    response = dpo_client.get(URL)

    assert _shown(response) == [ours_no_agency, ours]
    assert "cw@birmingham.test" not in response.text


def test_it_shows_fifty_a_page_with_a_bounded_number_of_queries(
    dpo_client, staff, world, make_event, django_assert_max_num_queries
):
    for index in range(60):
        user = staff["caseworker"] if index % 2 else staff["outreach"]
        make_event(user, agency=user.memberships.get().agency, person_id=uuid.uuid4())

    with django_assert_max_num_queries(12):  # with the SWEP banner
        response = dpo_client.get(URL)
    assert len(response.context["page_obj"]) == 50
    assert response.context["page_obj"].paginator.count == 61  # and the DPO's own view

    with django_assert_max_num_queries(12):
        response = dpo_client.get(URL, {"page": "2", "user_email": "coventry"})
    assert len(response.context["page_obj"]) == 12  # 60 + the DPO's two views
