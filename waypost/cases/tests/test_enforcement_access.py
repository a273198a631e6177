"""Who may record and read enforcement (criminal offence data). Recording: roles covering the
offending section at police, community safety or housing options agencies, and coordinators;
outreach workers, referrers and roles without casework are refused; another partnership's
person is not found. Reading: the person's history through the policy; the partnership list
for coordinators only, with names only where the policy shows them."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from waypost.accounts.models import AgencyType, Role
from waypost.audit.models import AccessEvent, Section
from waypost.cases.enforcement_actions import record_enforcement
from waypost.cases.models import EnforcementAction, EnforcementKind
from waypost.cases.tests.test_enforcement_helpers import (
    agency,
    client_for,
    member,
    offer_support,
    on_list,
    plan_action,
    police,
    supported_person,
    unsupported_person,
)
from waypost.people.models import Person
from waypost.testing.people import give_consent, make_person, sign_agreement_for


def _url(person):
    return f"/cases/people/{person.pk}/enforcement/new/"


def _record(person, at, by, *, override="", days_ago=0, kind=EnforcementKind.WARNING):
    return record_enforcement(
        person,
        kind=kind,
        taken_on=timezone.localdate() - timedelta(days=days_ago),
        details="Asked to move on",
        agency=at,
        by=by,
        override_reason=override,
    )


@pytest.mark.parametrize(
    "persona", ["outreach_client", "referrer_client", "commissioner_client", "dpo_client"]
)
def test_roles_that_do_not_record_enforcement_are_refused(request, persona, world):
    person = supported_person(world)
    sign_agreement_for(world.council, world.outreach, world.hospital)
    give_consent(person, None, world.council)
    client = request.getfixturevalue(persona)
    assert client.get(_url(person)).status_code == 403
    assert client.post(_url(person), {}).status_code == 403


def test_a_partnership_admin_is_refused(admin_client, world):
    assert admin_client.get(_url(supported_person(world))).status_code == 403


def test_police_staff_record_enforcement_for_their_own_agency(world):
    force = police(world)
    officer = member("officer@police.test", force, Role.CASEWORKER)
    person = supported_person(world)
    sign_agreement_for(world.council, force)
    give_consent(person, None, world.council)
    client = client_for(officer)
    today = timezone.localdate()
    response = client.post(
        _url(person),
        {
            "kind": EnforcementKind.DISPERSAL,
            "taken_on_0": today.day,
            "taken_on_1": today.month,
            "taken_on_2": today.year,
            "details": "Dispersal direction at the bus station",
        },
    )
    assert response.status_code == 302
    assert EnforcementAction.objects.get().recorded_by_agency == force


def test_a_caseworker_at_a_charity_may_not_record_enforcement(world):
    charity = agency(world, AgencyType.CHARITY, "Coventry Day Centre")
    worker = member("worker@charity.test", charity, Role.CASEWORKER)
    person = supported_person(world)
    sign_agreement_for(world.council, charity)
    give_consent(person, None, world.council)
    assert client_for(worker).get(_url(person)).status_code == 403


def test_someone_the_user_may_not_know_of_is_not_found(caseworker_client, world):
    elsewhere = make_person(world.outreach)  # outreach's record, no agreement: unknown
    assert caseworker_client.get(_url(elsewhere)).status_code == 404
    assert (
        caseworker_client.get(f"/cases/people/{uuid.uuid4()}/enforcement/new/").status_code == 404
    )


def test_another_partnerships_coordinator_gets_404(world):
    brum = member("coordinator@birmingham.test", world.brum_council, Role.COORDINATOR)
    person = supported_person(world)
    client = client_for(brum)
    assert client.get(_url(person)).status_code == 404
    assert client.get(f"/cases/people/{person.pk}/enforcement/").status_code == 404
    assert client.post(_url(person), {"kind": "warning"}).status_code == 404


# --- A person's history -----------------------------------------------------------------------


def test_the_history_shows_only_what_the_policy_allows(world, caseworker_user, coordinator_user):
    force = police(world)
    officer = member("officer@police.test", force, Role.CASEWORKER)
    person = supported_person(world)
    sign_agreement_for(world.council, force)
    give_consent(person, None, world.council, agencies=[world.council])  # not with police
    _record(person, world.council, caseworker_user, kind=EnforcementKind.CPN)
    _record(person, force, officer, kind=EnforcementKind.DISPERSAL)
    council_view = client_for(caseworker_user).get(f"/cases/people/{person.pk}/enforcement/")
    html = council_view.content.decode()
    # Shared with the council: it sees both agencies' records.
    assert "Community protection notice" in html and "Dispersal direction" in html
    police_view = client_for(officer).get(f"/cases/people/{person.pk}/enforcement/")
    html = police_view.content.decode()
    assert "Dispersal direction" in html and "Community protection notice" not in html
    assert "You see only what your agency recorded" in html
    events = AccessEvent.objects.filter(user=officer, section=Section.OFFENDING)
    assert events.count() == 1 and events.get().subject_type == "enforcement"


def test_roles_without_offending_cannot_read_the_history(outreach_client, world):
    person = supported_person(world)
    sign_agreement_for(world.council, world.outreach)
    give_consent(person, None, world.council)
    assert outreach_client.get(f"/cases/people/{person.pk}/enforcement/").status_code == 403


def test_commissioners_cannot_read_the_history(commissioner_client, world):
    person = supported_person(world)
    assert commissioner_client.get(f"/cases/people/{person.pk}/enforcement/").status_code == 403


# --- The partnership's list -------------------------------------------------------------------


def test_the_list_is_for_coordinators_only(
    caseworker_client, outreach_client, commissioner_client, admin_client, world
):
    for client in (caseworker_client, outreach_client, commissioner_client, admin_client):
        assert client.get("/cases/enforcement/").status_code == 403


def test_the_list_flags_overrides_and_hides_names_not_shared(
    coordinator_client, coordinator_user, caseworker_user, world
):
    force = police(world)
    officer = member("officer@police.test", force, Role.CASEWORKER)
    met = supported_person(world, given_name="Shown", family_name="Person")
    overridden = unsupported_person(world, given_name="Second", family_name="Person")
    hidden = make_person(force, given_name="Hidden", family_name="Stranger")
    on_list(hidden, force)
    offer_support(hidden, force)
    plan_action(hidden, force)
    sign_agreement_for(world.council, force)
    _record(met, world.council, caseworker_user, kind=EnforcementKind.CPN)
    _record(overridden, world.council, coordinator_user, override="Urgent", days_ago=1)
    _record(hidden, force, officer, kind=EnforcementKind.ARREST, days_ago=2)
    elsewhere = make_person(world.brum_council, given_name="Brum")
    on_list(elsewhere, world.brum_council)
    EnforcementAction.objects.create(
        person=elsewhere, recorded_by_agency=world.brum_council, kind="warning"
    )
    html = coordinator_client.get("/cases/enforcement/").content.decode()
    assert "3 enforcement actions" in html
    assert "Shown Person" in html and "Second Person" in html
    assert "Hidden" not in html and "Stranger" not in html
    assert "Not shared with you" in html and "Arrest" in html
    assert "Brum" not in html
    assert html.count("Overridden") == 1
    assert html.index("Shown Person") < html.index("Second Person") < html.index("Arrest")
    only = coordinator_client.get("/cases/enforcement/", {"overridden": "1"}).content.decode()
    assert "Second Person" in only and "Shown Person" not in only
    assert "1 override of the charter of care" in only
    events = AccessEvent.objects.filter(user=coordinator_user, route="cases:enforcement_list")
    assert {e.person_id for e in events if e.section == Section.OFFENDING} == {
        met.pk,
        overridden.pk,
        hidden.pk,
    }
    assert {e.person_id for e in events if e.section == Section.IDENTITY} == {
        met.pk,
        overridden.pk,
    }


def test_restricted_people_are_left_off_the_list(coordinator_client, caseworker_user, world):
    person = supported_person(world, given_name="Restricted")
    _record(person, world.council, caseworker_user)
    Person.objects.filter(pk=person.pk).update(restricted_at=timezone.now())
    html = coordinator_client.get("/cases/enforcement/").content.decode()
    assert "Restricted" not in html and "0 enforcement actions" in html


def test_the_list_pages_and_costs_the_same_queries(
    coordinator_client, caseworker_user, world, django_assert_max_num_queries
):
    person = supported_person(world)
    _record(person, world.council, caseworker_user)
    with django_assert_max_num_queries(40) as few:
        coordinator_client.get("/cases/enforcement/")
    for i in range(30):
        other = supported_person(world, given_name=f"Pat{i:02d}")
        _record(other, world.council, caseworker_user)
    # Two access events per row shown (offending and identity); nothing else grows.
    with django_assert_max_num_queries(len(few.captured_queries) + 2 * 24):
        html = coordinator_client.get("/cases/enforcement/").content.decode()
    assert html.count('<tr class="govuk-table__row">') == 25 + 1
    assert "?page=2" in html
    second = coordinator_client.get("/cases/enforcement/", {"page": 2}).content.decode()
    assert second.count('<tr class="govuk-table__row">') == 6 + 1
