"""The meeting pages and the pack read a fixed number of queries however long the agenda is:
the only thing that grows with it is the access log, one row per person (and section) shown."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from waypost.cases import meeting_actions
from waypost.cases.models import AgendaItem, Minute, Tier
from waypost.cases.tests.meeting_helpers import make_action, make_meeting, on_list
from waypost.people.models import Note
from waypost.testing.people import make_person, sign_agreement_for


@pytest.fixture
def meeting(world, caseworker_user):
    sign_agreement_for(world.council, world.outreach)
    return make_meeting(world.coventry, days_from_now=1)


def _add_people(world, meeting, caseworker_user, count):
    for number in range(count):
        person = make_person(world.council, given_name=f"Person{number}")
        person.lead_worker = caseworker_user
        person.save()
        on_list(person, tier=Tier.TWO)
        make_action(person, world.council, days_overdue=2)
        Note.objects.create(
            person=person, kind="health", text="x", recorded_by_agency=world.council
        )
    meeting_actions.rebuild_agenda(meeting, by=None)
    for item in AgendaItem.objects.filter(meeting=meeting).select_related("person"):
        Minute.objects.create(
            meeting=meeting, person=item.person, text="y", recorded_by_agency=world.council
        )


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _growth(client, world, meeting, caseworker_user, name):
    url = reverse(name, args=[meeting.pk])
    _add_people(world, meeting, caseworker_user, 2)
    small = _count(client, url)
    _add_people(world, meeting, caseworker_user, 6)
    return small, _count(client, url)


def test_the_meeting_page_grows_only_by_the_access_log(
    coordinator_client, world, meeting, caseworker_user
):
    small, large = _growth(coordinator_client, world, meeting, caseworker_user, "cases:meeting")
    assert large - small == 6  # one identity event for each person shown
    assert small <= 30


def test_the_meeting_page_of_someone_who_sees_no_names_does_not_grow(
    outreach_client, world, meeting, caseworker_user
):
    small, large = _growth(outreach_client, world, meeting, caseworker_user, "cases:meeting")
    assert large == small


def test_the_agenda_page_grows_only_by_the_access_log(
    coordinator_client, world, meeting, caseworker_user
):
    small, large = _growth(
        coordinator_client, world, meeting, caseworker_user, "cases:meeting_agenda"
    )
    assert large - small == 6


def test_the_pack_grows_only_by_the_access_log(coordinator_client, world, meeting, caseworker_user):
    small, large = _growth(
        coordinator_client, world, meeting, caseworker_user, "cases:meeting_pack"
    )
    # identity, support (actions), health (note) and notes (general minute) for each person
    assert large - small == 6 * 4
    assert small <= 40


def test_the_person_page_reads_a_fixed_number_of_queries(
    coordinator_client, world, meeting, caseworker_user, django_assert_max_num_queries
):
    _add_people(world, meeting, caseworker_user, 1)
    item = AgendaItem.objects.get(meeting=meeting)
    for _ in range(5):
        make_action(item.person, world.council, meeting=meeting)
    with django_assert_max_num_queries(40):
        response = coordinator_client.get(
            reverse("cases:meeting_person", args=[meeting.pk, item.pk])
        )
    assert response.status_code == 200


def test_the_meetings_list_reads_a_fixed_number_of_queries(
    coordinator_client, world, meeting, django_assert_max_num_queries
):
    for days in range(1, 25):
        make_meeting(world.coventry, days_from_now=days)
        make_meeting(world.coventry, days_from_now=-days)
    with django_assert_max_num_queries(20):
        assert coordinator_client.get(reverse("cases:meetings")).status_code == 200
