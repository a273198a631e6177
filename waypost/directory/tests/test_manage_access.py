"""Who keeps which services: an agency's staff keep their own organisation's (404 for another
agency's or partnership's), coordinators and admins keep all of their partnership's and its
areas and organisations, commissioners and DPOs keep nothing (403), and anonymous visitors are
sent to sign in."""

import pytest
from django.urls import reverse
from django.utils import timezone

from waypost.accounts.models import Role
from waypost.directory.manage_access import editable_services, get_service_for_edit
from waypost.directory.models import Closure, Service
from waypost.directory.tests.test_manage_helpers import (  # noqa: F401  (fixtures)
    birmingham_service_fixture,
    charity_service_fixture,
    hospital_service_fixture,
    outreach_org_fixture,
    outreach_service_fixture,
)
from waypost.testing.directory import make_area, make_organization
from waypost.testing.personas import make_user


def _edit(service):
    return reverse("directory:service_edit", args=[service.pk])


# --- The services list and a service's page ----------------------------------------------------
def test_an_agency_member_sees_only_their_own_agencys_services(
    outreach_client, outreach_service, hospital_service, charity_service, birmingham_service
):
    response = outreach_client.get(reverse("directory:manage"))
    assert response.status_code == 200
    assert "Street outreach drop-in" in response.text
    for other in ("Homeless discharge team", "Saturday food bank", "Digbeth day centre"):
        assert other not in response.text


def test_an_agency_member_changes_their_own_service_but_not_anyone_elses(
    outreach_client, outreach_service, hospital_service, charity_service, birmingham_service
):
    assert outreach_client.get(_edit(outreach_service)).status_code == 200
    assert outreach_client.get(_edit(hospital_service)).status_code == 404  # another agency
    assert outreach_client.get(_edit(charity_service)).status_code == 404  # no agency: coordinators
    assert outreach_client.get(_edit(birmingham_service)).status_code == 404  # another partnership


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.REFERRER, Role.PROVIDER])
def test_every_keeping_role_keeps_its_own_agencys_services(world, client, role, outreach_service):
    user = make_user(f"{role}@outreach.test", agency=world.outreach, role=role)
    client.force_login(user)
    assert client.get(_edit(outreach_service)).status_code == 200


def test_coordinators_and_admins_keep_every_service_of_their_partnership_only(
    coordinator_client,
    admin_client,
    birmingham_admin_client,
    outreach_service,
    hospital_service,
    charity_service,
    birmingham_service,
):
    for client in (coordinator_client, admin_client):
        for service in (outreach_service, hospital_service, charity_service):
            assert client.get(_edit(service)).status_code == 200
        assert client.get(_edit(birmingham_service)).status_code == 404
    assert birmingham_admin_client.get(_edit(birmingham_service)).status_code == 200
    assert birmingham_admin_client.get(_edit(outreach_service)).status_code == 404


def test_commissioners_and_dpos_keep_no_services(
    commissioner_client, dpo_client, outreach_service, world
):
    # Even a commissioner at an agency with its own organisation keeps nothing.
    make_organization(world.coventry, "Coventry Housing Options", agency=world.council)
    for client in (commissioner_client, dpo_client):
        assert client.get(reverse("directory:manage")).status_code == 403
        assert client.get(_edit(outreach_service)).status_code == 403
        assert client.get(reverse("directory:service_new")).status_code == 403
        assert client.get(reverse("directory:areas")).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, outreach_service):
    for url in (reverse("directory:manage"), _edit(outreach_service)):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")


def test_an_ended_membership_keeps_nothing(world, outreach_user, outreach_service):
    from waypost.testing.personas import mark_recently_authenticated

    assert get_service_for_edit(outreach_user, outreach_service.pk)
    outreach_user.memberships.update(ended_at=timezone.now())
    assert not editable_services(outreach_user).exists()
    from django.test import Client

    client = Client()
    client.force_login(outreach_user)
    mark_recently_authenticated(client, outreach_user)
    assert client.get(_edit(outreach_service)).status_code == 403  # access ended page


# --- Checks, closures and places ---------------------------------------------------------------
def test_marking_as_still_right_is_for_the_services_keepers(
    outreach_client, outreach_service, hospital_service, birmingham_service
):
    check = "directory:service_check"
    response = outreach_client.post(reverse(check, args=[outreach_service.pk]))
    assert response.status_code == 302
    for service in (hospital_service, birmingham_service):
        assert outreach_client.post(reverse(check, args=[service.pk])).status_code == 404
    assert outreach_client.get(reverse(check, args=[outreach_service.pk])).status_code == 405


def test_closures_are_for_the_services_keepers(
    outreach_client, commissioner_client, outreach_service, hospital_service
):
    assert (
        outreach_client.get(reverse("directory:closures", args=[outreach_service.pk])).status_code
        == 200
    )
    assert (
        outreach_client.get(reverse("directory:closures", args=[hospital_service.pk])).status_code
        == 404
    )
    assert (
        commissioner_client.get(
            reverse("directory:closures", args=[outreach_service.pk])
        ).status_code
        == 403
    )


def test_another_agencys_closure_cannot_be_removed(
    outreach_client, outreach_service, hospital_service
):
    today = timezone.localdate()
    theirs = Closure.objects.create(service=hospital_service, starts_on=today, ends_on=today)
    remove = reverse("directory:closure_remove", args=[outreach_service.pk])
    # Their closure named under our service, and under theirs: 404 both ways.
    assert outreach_client.post(remove, {"closure": theirs.pk}).status_code == 404
    theirs_url = reverse("directory:closure_remove", args=[hospital_service.pk])
    assert outreach_client.post(theirs_url, {"closure": theirs.pk}).status_code == 404
    assert outreach_client.post(remove, {"closure": "not-a-number"}).status_code == 404
    assert Closure.objects.filter(pk=theirs.pk).exists()


def test_places_are_changed_by_their_organisations_keepers(
    outreach_client, coordinator_client, outreach_service, hospital_service, world
):
    from waypost.testing.directory import make_location

    ours = outreach_service.at_locations.get().location
    theirs = make_location(world.coventry, "Ward 3", organization=hospital_service.organization)
    url = "directory:location_edit"
    assert outreach_client.get(reverse(url, args=[ours.pk])).status_code == 200
    assert outreach_client.get(reverse(url, args=[theirs.pk])).status_code == 404
    assert coordinator_client.get(reverse(url, args=[theirs.pk])).status_code == 200


# --- Adding services ---------------------------------------------------------------------------
def test_an_agency_member_adds_services_only_to_their_own_organisation(
    outreach_client, outreach_org, hospital_service
):
    response = outreach_client.get(reverse("directory:service_new"))
    assert response.status_code == 200
    assert "Coventry Outreach" in response.text and "Save the service" in response.text
    theirs = hospital_service.organization.pk
    url = reverse("directory:service_new") + f"?organization={theirs}"
    assert outreach_client.get(url).status_code == 404
    assert (
        outreach_client.get(reverse("directory:service_new") + "?organization=x").status_code == 404
    )


def test_staff_of_an_agency_with_no_organisation_are_told_who_to_ask(provider_client):
    response = provider_client.get(reverse("directory:manage"))
    assert response.status_code == 200
    assert "Ask your rough sleeper coordinator" in response.text
    assert "Add a service" not in response.text


# --- Areas and organisations -------------------------------------------------------------------
@pytest.mark.parametrize(
    "name", ["directory:areas", "directory:organizations", "directory:organization_new"]
)
def test_areas_and_organisations_are_for_coordinators_and_admins(
    name, coordinator_client, admin_client, caseworker_client, outreach_client, referrer_client
):
    assert coordinator_client.get(reverse(name)).status_code == 200
    assert admin_client.get(reverse(name)).status_code == 200
    for client in (caseworker_client, outreach_client, referrer_client):
        assert client.get(reverse(name)).status_code == 403


def test_another_partnerships_area_and_organisation_answer_404(
    coordinator_client, birmingham_admin_client, world, birmingham_service
):
    brum_area = make_area(world.birmingham, "Digbeth")
    brum_org = birmingham_service.organization
    assert (
        coordinator_client.get(reverse("directory:area_edit", args=[brum_area.pk])).status_code
        == 404
    )
    assert (
        coordinator_client.post(reverse("directory:area_remove", args=[brum_area.pk])).status_code
        == 404
    )
    assert (
        coordinator_client.get(
            reverse("directory:organization_edit", args=[brum_org.pk])
        ).status_code
        == 404
    )
    assert (
        birmingham_admin_client.get(reverse("directory:area_edit", args=[brum_area.pk])).status_code
        == 200
    )
    assert (
        birmingham_admin_client.get(
            reverse("directory:organization_edit", args=[brum_org.pk])
        ).status_code
        == 200
    )


def test_editable_services_is_one_query(django_assert_num_queries, outreach_user, outreach_service):
    expected = [Service.objects.get(pk=outreach_service.pk)]
    with django_assert_num_queries(2):  # the memberships, then the services
        assert list(editable_services(outreach_user)) == expected
