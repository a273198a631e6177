"""Referring someone to Housing First: coordinators, caseworkers and outreach workers who may
add to the person's housing history; one open case per person, pointed to (or its agency named
when it is not shared); everyone else refused, and people the user may not know of not found."""

import uuid
from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from waypost.accounts.models import Role
from waypost.audit.models import AccessEvent, Section
from waypost.housing import housing_first_actions as actions
from waypost.housing.models import HousingFirstCase, HousingFirstStage, HousingFirstStageChange
from waypost.housing.tests.test_housing_first_helpers import (
    case_at,
    client_for,
    date_fields,
    member,
    refer,
)
from waypost.people.models import Person
from waypost.testing.people import give_consent, make_person, sign_agreement_for


def _url(person):
    return f"/housing/housing-first/people/{person.pk}/refer/"


def _data(day=None, reason="Six years on the street; hostels have not worked"):
    return {"reason": reason, **date_fields("referred_on", day or timezone.localdate())}


@pytest.mark.parametrize("persona", ["coordinator", "caseworker"])
def test_case_staff_refer_someone_their_agency_recorded(request, persona, world):
    user = request.getfixturevalue(f"{persona}_user")
    client = request.getfixturevalue(f"{persona}_client")
    person = make_person(world.council, given_name="Rita")
    page = client.get(_url(person))
    assert page.status_code == 200
    assert "Rita Bloggs" in page.content.decode()
    response = client.post(_url(person), _data(timezone.localdate() - timedelta(days=3)))
    case = HousingFirstCase.objects.get()
    assert response.status_code == 302
    assert response.url == f"/housing/housing-first/{case.pk}/"
    assert (case.stage, case.recorded_by_agency, case.recorded_by) == (
        HousingFirstStage.REFERRED,
        world.council,
        user,
    )
    assert case.referred_on == timezone.localdate() - timedelta(days=3)
    assert case.referral_reason.startswith("Six years")
    change = HousingFirstStageChange.objects.get()
    assert (change.stage, change.previous_stage, change.changed_at) == (
        HousingFirstStage.REFERRED,
        "",
        case.stage_since,
    )
    # A referral dated three days ago started then (midday London), not now.
    assert timezone.localdate(case.stage_since) == case.referred_on


def test_an_outreach_worker_refers_someone_they_know(outreach_client, outreach_user, world):
    person = make_person(world.council)
    sign_agreement_for(world.council, world.outreach)  # outreach may now know of the person
    response = outreach_client.post(_url(person), _data())
    assert response.status_code == 302
    case = HousingFirstCase.objects.get()
    assert case.recorded_by_agency == world.outreach
    # The name was not shared with outreach (no consent): the page did not show it.
    page = outreach_client.get(_url(make_person(world.council, given_name="Hidden")))
    assert page.status_code == 200
    assert "Hidden" not in page.content.decode()
    assert "Name not shared with you" in page.content.decode()


@pytest.mark.parametrize(
    "persona", ["referrer_client", "commissioner_client", "dpo_client", "provider_client"]
)
def test_other_roles_may_not_refer(request, persona, world):
    person = make_person(world.council)
    sign_agreement_for(world.council, world.hospital, world.shelter)
    give_consent(person, None, world.council)
    client = request.getfixturevalue(persona)
    assert client.get(_url(person)).status_code == 403
    assert client.post(_url(person), _data()).status_code == 403
    assert not HousingFirstCase.objects.exists()


def test_a_partnership_admin_may_not_refer(admin_client, world):
    assert admin_client.get(_url(make_person(world.council))).status_code == 403


def test_someone_the_user_may_not_know_of_is_not_found(caseworker_client, world):
    unknown = make_person(world.outreach)  # outreach's record, no agreement signed
    assert caseworker_client.get(_url(unknown)).status_code == 404
    assert caseworker_client.post(_url(unknown), _data()).status_code == 404
    assert (
        caseworker_client.get(f"/housing/housing-first/people/{uuid.uuid4()}/refer/").status_code
        == 404
    )  # noqa: E501
    assert not HousingFirstCase.objects.exists()


def test_another_partnerships_staff_get_404(world):
    brum = member("coordinator@birmingham.test", world.brum_council, Role.COORDINATOR)
    person = make_person(world.council)
    client = client_for(brum)
    assert client.get(_url(person)).status_code == 404
    assert client.post(_url(person), _data()).status_code == 404


def test_a_restricted_record_is_not_found(caseworker_client, world):
    person = make_person(world.council)
    Person.objects.filter(pk=person.pk).update(restricted_at=timezone.now())
    assert caseworker_client.get(_url(person)).status_code == 404


def test_mistakes_are_explained_and_what_was_typed_is_kept(caseworker_client, world):
    person = make_person(world.council)
    tomorrow = timezone.localdate() + timedelta(days=1)
    page = caseworker_client.post(_url(person), _data(tomorrow, reason="Kept text")).content
    text = page.decode()
    assert "The date of the referral must be today or earlier" in text
    assert "Kept text" in text
    page = caseworker_client.post(_url(person), {"reason": "  "}).content.decode()
    assert "Enter why they are being referred" in page
    assert "Enter the date of the referral" in page
    assert not HousingFirstCase.objects.exists()


def test_one_open_case_at_a_time_with_a_link_to_it(caseworker_client, world):
    person = make_person(world.council)
    case = refer(person, world.council)
    page = caseworker_client.get(_url(person)).content.decode()
    assert "They already have an open Housing First case" in page
    assert f'href="/housing/housing-first/{case.pk}/"' in page
    assert 'name="reason"' not in page  # no form to fill in for nothing
    response = caseworker_client.post(_url(person), _data())
    assert "They already have an open Housing First case" in response.content.decode()
    assert HousingFirstCase.objects.count() == 1


def test_a_housed_person_still_has_their_case_open(caseworker_client, world):
    person = make_person(world.council)
    case = case_at(HousingFirstStage.TENANCY, person, world.council, world=world)
    page = caseworker_client.get(_url(person)).content.decode()
    assert f'href="/housing/housing-first/{case.pk}/"' in page
    assert "Tenancy started" in page


def test_a_housing_first_tenancy_that_ended_does_not_stop_a_new_referral(caseworker_client, world):
    """Housed through Housing First, then evicted: they can be referred again, and the first
    case stays at "tenancy" (it still counts towards the target)."""
    from waypost.housing.models import EndReason
    from waypost.housing.tenancy_actions import end_tenancy

    person = make_person(world.council)
    first = case_at(HousingFirstStage.TENANCY, person, world.council, world=world)
    assert caseworker_client.post(_url(person), _data()).status_code == 200  # still housed
    end_tenancy(
        first.tenancy,
        ended_on=timezone.localdate(),
        reason=EndReason.EVICTION,
        agency=world.council,
        by=None,
    )
    assert caseworker_client.post(_url(person), _data()).status_code == 302
    first.refresh_from_db()
    assert first.stage == HousingFirstStage.TENANCY
    assert HousingFirstCase.objects.filter(stage=HousingFirstStage.REFERRED).count() == 1


def test_a_closed_case_does_not_stop_a_new_referral(caseworker_client, world):
    person = make_person(world.council)
    case_at(HousingFirstStage.CLOSED, person, world.council)
    assert caseworker_client.post(_url(person), _data()).status_code == 302
    assert HousingFirstCase.objects.exclude(stage=HousingFirstStage.CLOSED).count() == 1


def test_an_open_case_not_shared_names_the_agency_to_ask(outreach_client, world):
    person = make_person(world.outreach)
    case = refer(person, world.council)  # council's case; no agreement or consent
    page = outreach_client.get(_url(person)).content.decode()
    assert "They already have an open Housing First case" in page
    assert "ask Coventry Housing Options" in page
    assert str(case.pk) not in page


def test_the_action_refuses_a_second_open_case_through_the_database_rule(world, monkeypatch):
    """Two referrals at the same moment both pass the check for an open case: the database's
    one-case-in-progress constraint refuses the second, and the action names the open case,
    leaving nothing half-written."""
    person = make_person(world.council)
    first = refer(person, world.council)
    checks: list[object] = []
    real_check = actions.open_case_for

    def raced(someone):  # the first check runs before the other referral was saved
        checks.append(someone)
        return None if len(checks) == 1 else real_check(someone)

    monkeypatch.setattr(actions, "open_case_for", raced)
    with pytest.raises(actions.AlreadyReferred) as raised:
        refer(person, world.council)
    assert raised.value.case == first
    assert HousingFirstCase.objects.count() == 1
    assert HousingFirstStageChange.objects.count() == 1


def test_the_database_rule_holds_without_the_action(world):
    person = make_person(world.council)
    refer(person, world.council)
    with pytest.raises(IntegrityError):
        HousingFirstCase.objects.create(
            person=person, partnership=world.coventry, recorded_by_agency=world.council
        )


def test_the_action_checks_who_refers(world, referrer_user, caseworker_user):
    from django.core.exceptions import PermissionDenied

    person = make_person(world.council)
    with pytest.raises(PermissionDenied):
        refer(person, world.hospital, referrer_user)
    with pytest.raises(PermissionDenied):  # an agency of another partnership
        refer(person, world.brum_council, caseworker_user)


def test_the_referral_page_is_in_the_access_log(caseworker_client, caseworker_user, world):
    person = make_person(world.council)
    caseworker_client.get(_url(person))
    event = AccessEvent.objects.get(user=caseworker_user, person_id=person.pk)
    assert (event.section, event.route) == (Section.IDENTITY, "housing:hf_refer")


def test_the_person_page_link_offers_the_case_or_a_referral(
    world, caseworker_user, commissioner_user
):
    from waypost.housing.housing_first_access import housing_first_link
    from waypost.sharing.policy import access_for, active_memberships

    def link(user, person):
        memberships = active_memberships(user)
        return housing_first_link(person, access_for(user, person, memberships), memberships)

    person = make_person(world.council)
    found = link(caseworker_user, person)
    assert found is not None and found.text == "Refer to Housing First"
    assert found.href == _url(person)
    case = refer(person, world.council)
    found = link(caseworker_user, person)
    assert found is not None and found.text == "Housing First case"
    assert found.href == f"/housing/housing-first/{case.pk}/"
    assert link(commissioner_user, person) is None
    # An open case the user may not see: no link (the refer page would say whom to ask).
    other = make_person(world.outreach)
    sign_agreement_for(world.council, world.outreach)
    refer(other, world.outreach)
    assert link(caseworker_user, other) is None
