"""The death reviews a user may see: coordinators their partnership's, front-line staff those
their agency is involved in; open reviews first; names only where the policy shows them;
every row in the access log; a cost in queries that grows only with the access events."""

import pytest
from django.utils import timezone

from waypost.accounts.models import Role
from waypost.audit.models import AccessEvent, Section
from waypost.cases.models import DeathReview, ReviewStatus
from waypost.cases.tests.test_enforcement_helpers import client_for, member, notified_death
from waypost.people.models import Person
from waypost.testing.people import give_consent, make_person, sign_agreement_for


def _death(world, by, given, *, shared=True, status=ReviewStatus.OPEN):
    person = make_person(world.council, given_name=given, family_name="Quince")
    if shared:
        give_consent(person, None, world.council)
    review = notified_death(person, world.outreach, by)
    DeathReview.objects.filter(pk=review.pk).update(status=status)
    return review


@pytest.fixture
def signed(world):
    sign_agreement_for(world.council, world.outreach, world.hospital)


def test_a_coordinator_sees_the_partnerships_reviews_open_first(
    coordinator_client, coordinator_user, outreach_user, world, signed
):
    done = _death(world, outreach_user, "Finished", status=ReviewStatus.COMPLETE)
    first = _death(world, outreach_user, "Older")
    second = _death(world, outreach_user, "Newer")
    elsewhere = make_person(world.brum_council, given_name="Brum")
    notified_death(
        elsewhere, world.brum_council, member("b@b.test", world.brum_council, Role.CASEWORKER)
    )
    html = coordinator_client.get("/cases/deaths/").content.decode()
    assert html.index("Newer Quince") < html.index("Older Quince") < html.index("Finished Quince")
    assert "Brum" not in html and "2 open" in html
    events = AccessEvent.objects.filter(user=coordinator_user, route="cases:death_list")
    assert {e.person_id for e in events if e.section == Section.SAFEGUARDING} == {
        r.notification.person_id for r in (done, first, second)
    }


def test_front_line_staff_see_reviews_their_agency_is_involved_in(
    outreach_client, outreach_user, caseworker_client, world, signed
):
    involved = _death(world, outreach_user, "Involved")
    _death(world, outreach_user, "Uninvolved")
    involved.agencies_involved.add(world.outreach)
    html = outreach_client.get("/cases/deaths/").content.decode()
    assert "Involved Quince" in html and "Uninvolved" not in html
    assert (
        "There are no death reviews you can see"
        in caseworker_client.get("/cases/deaths/").content.decode()
    )


def test_names_show_only_where_shared(world, outreach_user, signed):
    hospital_worker = member("nurse@coventry.test", world.hospital, Role.CASEWORKER)
    review = _death(world, outreach_user, "Private")
    review.agencies_involved.add(world.hospital)
    person = review.notification.person
    # Shared with the hospital for safeguarding but not identity.
    give_consent(person, None, world.council, sections=[Section.SAFEGUARDING])
    html = client_for(hospital_worker).get("/cases/deaths/").content.decode()
    assert "Name not shared with you" in html and "Private" not in html


def test_restricted_people_are_left_out(coordinator_client, outreach_user, world, signed):
    review = _death(world, outreach_user, "Restricted")
    Person.objects.filter(pk=review.notification.person_id).update(restricted_at=timezone.now())
    assert "Restricted" not in coordinator_client.get("/cases/deaths/").content.decode()


@pytest.mark.parametrize("persona", ["commissioner_client", "admin_client", "dpo_client"])
def test_roles_without_casework_are_refused(request, persona):
    assert request.getfixturevalue(persona).get("/cases/deaths/").status_code == 403


def test_the_list_costs_the_same_queries_however_many_reviews(
    coordinator_client, outreach_user, world, signed, django_assert_max_num_queries
):
    _death(world, outreach_user, "First")
    with django_assert_max_num_queries(30) as few:
        coordinator_client.get("/cases/deaths/")
    for i in range(10):
        _death(world, outreach_user, f"Pat{i}")
    # Two access events per review shown (the review and the name); nothing else grows.
    with django_assert_max_num_queries(len(few.captured_queries) + 2 * 10):
        coordinator_client.get("/cases/deaths/")
