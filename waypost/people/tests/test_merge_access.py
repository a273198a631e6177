"""Who may merge: coordinators and caseworkers who see both records' identity, in one
partnership. Everyone else gets 403 (wrong role) or 404 (a record they may not see), and the
action itself refuses them too."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from waypost.accounts.models import Membership, Role
from waypost.people.merging import MERGED, merge_people, unmerge
from waypost.people.models import Person
from waypost.people.tests.merge_fixtures import two_people
from waypost.sharing.actions import restrict_processing
from waypost.testing.people import give_consent, make_person, sign_agreement_for
from waypost.testing.personas import make_user, mark_recently_authenticated


def _signed_in(user):
    client = Client()
    client.force_login(user)
    mark_recently_authenticated(client, user)
    return client


def _choose(first, second):
    return reverse("merge:choose", kwargs={"first": first.pk, "second": second.pk})


def test_a_coordinator_who_sees_both_records_may_open_the_merge_page(
    world, coordinator_client, coordinator_user
):
    first, second = two_people(world.council, coordinator_user)
    assert coordinator_client.get(_choose(first, second)).status_code == 200


def test_a_caseworker_sees_another_agencys_record_with_consent_and_may_merge_it(
    world, caseworker_client, caseworker_user, outreach_user
):
    sign_agreement_for(world.council, world.outreach)
    mine = make_person(world.council)
    theirs = make_person(world.outreach, given_name="Joe")
    give_consent(theirs, outreach_user, world.outreach)
    assert caseworker_client.get(_choose(mine, theirs)).status_code == 200
    merge_people(mine, theirs, field_choices={"given_name": MERGED}, by=caseworker_user)


def test_without_identity_access_to_one_record_the_page_is_not_found(
    world, coordinator_client, coordinator_user
):
    sign_agreement_for(world.council, world.hospital)
    mine = make_person(world.council)
    theirs = make_person(world.hospital)  # no consent: the council only knows it exists
    assert coordinator_client.get(_choose(mine, theirs)).status_code == 404
    with pytest.raises(PermissionDenied):
        merge_people(mine, theirs, field_choices={}, by=coordinator_user)


@pytest.mark.parametrize("client_name", ["referrer_client", "outreach_client", "admin_client"])
def test_other_roles_are_refused(world, coordinator_user, request, client_name):
    sign_agreement_for(world.council, world.outreach, world.hospital)
    first, second = two_people(world.council, coordinator_user)
    for person in (first, second):
        give_consent(person, coordinator_user, world.council)
    client = request.getfixturevalue(client_name)
    assert client.get(_choose(first, second)).status_code == 403
    assert client.post(_choose(first, second), {"step": "merge"}).status_code == 403


def test_the_action_refuses_a_referrer_who_can_see_both_identities(
    world, coordinator_user, referrer_user
):
    sign_agreement_for(world.council, world.hospital)
    first, second = two_people(world.council, coordinator_user)
    for person in (first, second):
        give_consent(person, coordinator_user, world.council)
    with pytest.raises(PermissionDenied):
        merge_people(first, second, field_choices={}, by=referrer_user)
    assert not Person.objects.filter(merged_into__isnull=False).exists()


def test_records_in_two_partnerships_cannot_be_merged(world, coordinator_user):
    both = make_user("coordinator@both.test", agency=world.council, role=Role.COORDINATOR)
    Membership.objects.create(user=both, agency=world.brum_council, role=Role.COORDINATOR)
    coventry = make_person(world.council)
    birmingham = make_person(world.brum_council)
    client = _signed_in(both)
    assert client.get(_choose(coventry, birmingham)).status_code == 404
    with pytest.raises(PermissionDenied):
        merge_people(coventry, birmingham, field_choices={}, by=both)


def test_another_partnerships_coordinator_finds_nothing(world, coordinator_user):
    first, second = two_people(world.council, coordinator_user)
    brum = make_user(
        "coordinator@birmingham.test", agency=world.brum_council, role=Role.COORDINATOR
    )
    client = _signed_in(brum)
    assert client.get(_choose(first, second)).status_code == 404
    merge = merge_people(first, second, field_choices={}, by=coordinator_user)
    assert client.get(reverse("merge:detail", kwargs={"merge_id": merge.pk})).status_code == 404
    assert client.post(reverse("merge:detail", kwargs={"merge_id": merge.pk})).status_code == 404
    assert client.get(reverse("merge:history", kwargs={"person_id": first.pk})).status_code == 404
    with pytest.raises(PermissionDenied):
        unmerge(merge, by=brum)


def test_a_record_cannot_be_merged_with_itself(world, coordinator_client, coordinator_user):
    person = make_person(world.council)
    assert coordinator_client.get(_choose(person, person)).status_code == 404
    with pytest.raises(ValidationError):
        merge_people(person, person, field_choices={}, by=coordinator_user)


def test_an_already_merged_record_is_refused_with_a_reason(
    world, coordinator_client, coordinator_user
):
    first, second = two_people(world.council, coordinator_user)
    third = make_person(world.council, given_name="Jodie")
    merge_people(first, second, field_choices={}, by=coordinator_user)
    response = coordinator_client.get(_choose(third, second))
    assert response.status_code == 409
    assert "already been merged" in response.content.decode()
    with pytest.raises(ValidationError):
        merge_people(third, second, field_choices={}, by=coordinator_user)


def test_a_restricted_record_is_refused_with_a_reason(world, coordinator_client, coordinator_user):
    first, second = two_people(world.council, coordinator_user)
    restrict_processing(second, reason="Accuracy contested", by=coordinator_user)
    response = coordinator_client.get(_choose(first, second))
    assert response.status_code == 409
    assert "restricted" in response.content.decode()
    with pytest.raises(ValidationError):
        merge_people(first, second, field_choices={}, by=coordinator_user)


def test_a_value_the_user_cannot_see_on_both_records_cannot_be_taken(
    world, caseworker_user, outreach_user
):
    sign_agreement_for(world.council, world.outreach)
    mine = make_person(world.council)
    theirs = make_person(world.outreach, given_name="Joe", immigration_status="asylum_seeker")
    give_consent(theirs, outreach_user, world.outreach, sections=["identity"])
    with pytest.raises(PermissionDenied):
        merge_people(mine, theirs, field_choices={"immigration_status": MERGED}, by=caseworker_user)
    merge_people(mine, theirs, field_choices={"given_name": MERGED}, by=caseworker_user)
