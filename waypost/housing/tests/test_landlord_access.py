"""Who reaches the landlord pages: coordinators and partnership admins keep them, caseworkers
read them, everyone else is refused (403); another partnership's landlord or property is not
found (404), for reading and for writing alike."""

import uuid

import pytest
from django.utils import timezone

from waypost.accounts.models import Role
from waypost.housing.models import Incentive, Landlord, LandlordAgreement, Property
from waypost.housing.tests.test_tenancy_helpers import (
    client_for,
    date_fields,
    make_home,
    make_landlord,
    member,
)

READ_PAGES = ["/housing/landlords/", "/housing/landlords/{landlord}/"]
WRITE_PAGES = [
    "/housing/landlords/new/",
    "/housing/landlords/{landlord}/edit/",
    "/housing/landlords/{landlord}/agreements/new/",
    "/housing/landlords/{landlord}/properties/new/",
    "/housing/properties/{home}/edit/",
    "/housing/landlords/{landlord}/incentives/new/",
]


def _urls(pages, landlord, home):
    return [page.format(landlord=landlord.pk, home=home.pk) for page in pages]


@pytest.fixture
def orbit(world):
    landlord = make_landlord(world.coventry)
    return landlord, make_home(landlord)


@pytest.mark.parametrize("persona", ["coordinator_client", "admin_client"])
def test_coordinators_and_admins_reach_every_page(request, persona, orbit):
    client = request.getfixturevalue(persona)
    for url in _urls(READ_PAGES + WRITE_PAGES, *orbit):
        assert client.get(url).status_code == 200, url


def test_caseworkers_read_but_do_not_change(caseworker_client, orbit):
    for url in _urls(READ_PAGES, *orbit):
        assert caseworker_client.get(url).status_code == 200, url
    for url in _urls(WRITE_PAGES, *orbit):
        assert caseworker_client.get(url).status_code == 403, url
        assert caseworker_client.post(url, {"name": "X", "kind": "private"}).status_code == 403


@pytest.mark.parametrize(
    "persona",
    [
        "commissioner_client",
        "referrer_client",
        "outreach_client",
        "dpo_client",
        "provider_client",
    ],
)
def test_other_roles_are_refused(request, persona, orbit):
    client = request.getfixturevalue(persona)
    for url in _urls(READ_PAGES + WRITE_PAGES, *orbit):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"name": "X", "kind": "private"}).status_code == 403, url
    assert Landlord.objects.count() == 1


def test_another_partnership_gets_not_found(birmingham_admin_client, orbit, world):
    brum_coordinator = client_for(
        member("coordinator@birmingham.test", world.brum_council, Role.COORDINATOR)
    )
    for client in (birmingham_admin_client, brum_coordinator):
        for url in _urls(READ_PAGES[1:] + WRITE_PAGES[1:], *orbit):
            assert client.get(url).status_code == 404, url
        landlord, home = orbit
        posts = {
            f"/housing/landlords/{landlord.pk}/edit/": {"name": "Mine now", "kind": "private"},
            f"/housing/landlords/{landlord.pk}/agreements/new/": {
                "kind": "no_exclusion",
                **date_fields("agreed_on", timezone.localdate()),
            },
            f"/housing/landlords/{landlord.pk}/properties/new/": {
                "address": "1 Other Road",
                "bedrooms": "1",
            },
            f"/housing/properties/{home.pk}/edit/": {"address": "1 Other Road", "bedrooms": "1"},
            f"/housing/landlords/{landlord.pk}/incentives/new/": {
                "kind": "deposit",
                "amount": "100",
                **date_fields("paid_on", timezone.localdate()),
            },
        }
        for url, data in posts.items():
            assert client.post(url, data).status_code == 404, url
        # Their own list does not show it.
        listed = client.get("/housing/landlords/").context["page_obj"].object_list
        assert landlord not in listed
    landlord.refresh_from_db()
    home.refresh_from_db()
    assert landlord.name == "Orbit Homes" and home.address == "Flat 1, 2 Spon Street"
    assert not LandlordAgreement.objects.exists()
    assert not Incentive.objects.exists()
    assert Property.objects.count() == 1


def test_a_landlord_that_does_not_exist_is_not_found(coordinator_client, world):
    assert coordinator_client.get(f"/housing/landlords/{uuid.uuid4()}/").status_code == 404
    assert coordinator_client.get(f"/housing/properties/{uuid.uuid4()}/edit/").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, orbit):
    for url in _urls(READ_PAGES + WRITE_PAGES, *orbit):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
