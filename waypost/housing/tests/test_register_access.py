"""Who may read and change the accommodation register: the street and case teams and
partnership admins read it, coordinators and partnership admins change it, a provider's staff
read only their own schemes; every other role is refused, and another partnership's providers,
schemes and units are not found."""

import pytest

from waypost.accounts.models import Role
from waypost.housing.models import Provider, Scheme, Unit
from waypost.housing.tests.register_helpers import make_provider, make_scheme, unit
from waypost.testing.personas import make_user


@pytest.fixture
def shelter(world):
    provider = make_provider(world.shelter)
    return make_scheme(provider, units=2)


@pytest.fixture
def brum_scheme(world):
    provider = make_provider(world.brum_council, "Birmingham Hostels")
    return make_scheme(provider, "Digbeth Hostel", units=1)


def _client(client, user):
    from waypost.testing.personas import mark_recently_authenticated

    client.force_login(user)
    mark_recently_authenticated(client, user)
    return client


@pytest.mark.parametrize(
    "persona", ["coordinator_client", "caseworker_client", "outreach_client", "admin_client"]
)
def test_the_street_and_case_teams_and_admins_read_the_register(request, persona, shelter):
    client = request.getfixturevalue(persona)
    page = client.get("/housing/register/").content.decode()
    assert "Coventry Night Shelter" in page and "Harnall Lane Shelter" in page
    assert "!!MISSING" not in page
    response = client.get(f"/housing/schemes/{shelter.pk}/")
    assert response.status_code == 200
    assert "Bed 2" in response.content.decode()


@pytest.mark.parametrize(
    "persona", ["referrer_client", "commissioner_client", "dpo_client", "provider_client"]
)
def test_other_roles_may_not_read_the_register(request, persona, shelter):
    client = request.getfixturevalue(persona)
    assert client.get("/housing/register/").status_code == 403


@pytest.mark.parametrize("persona", ["referrer_client", "commissioner_client", "dpo_client"])
def test_other_roles_may_not_read_a_scheme(request, persona, shelter):
    client = request.getfixturevalue(persona)
    assert client.get(f"/housing/schemes/{shelter.pk}/").status_code == 403


def test_a_provider_reads_its_own_schemes_only(world, provider_client, shelter):
    assert provider_client.get(f"/housing/schemes/{shelter.pk}/").status_code == 200
    other = make_scheme(make_provider(world.council, "Council Hostels"), "Council Hostel")
    assert provider_client.get(f"/housing/schemes/{other.pk}/").status_code == 404


def test_a_provider_at_another_agency_does_not_find_the_scheme(world, client, shelter):
    outsider = make_user("provider@elsewhere.test", agency=world.outreach, role=Role.PROVIDER)
    assert _client(client, outsider).get(f"/housing/schemes/{shelter.pk}/").status_code == 404


def test_another_partnership_finds_nothing(
    birmingham_admin_client, coordinator_client, shelter, brum_scheme
):
    page = birmingham_admin_client.get("/housing/register/").content.decode()
    assert "Digbeth Hostel" in page and "Harnall Lane Shelter" not in page
    for url in (
        f"/housing/schemes/{shelter.pk}/",
        f"/housing/schemes/{shelter.pk}/edit/",
        f"/housing/schemes/{shelter.pk}/units/new/",
        f"/housing/providers/{shelter.provider_id}/",
        f"/housing/providers/{shelter.provider_id}/schemes/new/",
        f"/housing/units/{unit(shelter, 'Bed 1').pk}/",
    ):
        assert birmingham_admin_client.get(url).status_code == 404, url
    assert "Digbeth Hostel" not in coordinator_client.get("/housing/register/").content.decode()
    assert coordinator_client.get(f"/housing/schemes/{brum_scheme.pk}/").status_code == 404


@pytest.mark.parametrize("persona", ["coordinator_client", "admin_client"])
def test_coordinators_and_admins_may_change_the_register(request, persona, shelter):
    client = request.getfixturevalue(persona)
    for url in (
        "/housing/providers/new/",
        f"/housing/providers/{shelter.provider_id}/",
        f"/housing/providers/{shelter.provider_id}/schemes/new/",
        f"/housing/schemes/{shelter.pk}/edit/",
        f"/housing/schemes/{shelter.pk}/units/new/",
        f"/housing/units/{unit(shelter, 'Bed 1').pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "!!MISSING" not in response.content.decode()


@pytest.mark.parametrize(
    "persona",
    [
        "caseworker_client",
        "outreach_client",
        "provider_client",
        "referrer_client",
        "commissioner_client",
        "dpo_client",
    ],
)
def test_nobody_else_may_change_the_register(request, persona, shelter):
    client = request.getfixturevalue(persona)
    bed = unit(shelter, "Bed 1")
    for url, data in (
        ("/housing/providers/new/", {"name": "Sneaky", "agency": str(shelter.provider.agency_id)}),
        (f"/housing/providers/{shelter.provider_id}/", {"name": "Renamed"}),
        (f"/housing/providers/{shelter.provider_id}/schemes/new/", {"name": "New"}),
        (f"/housing/schemes/{shelter.pk}/edit/", {"name": "Renamed"}),
        (f"/housing/schemes/{shelter.pk}/units/new/", {"label": "Bed 9", "sleeps": "1"}),
        (f"/housing/units/{bed.pk}/", {"label": "Renamed"}),
    ):
        assert client.get(url).status_code == 403, url
        assert client.post(url, data).status_code == 403, url
    assert Provider.objects.count() == 1 and Scheme.objects.count() == 1
    assert Unit.objects.count() == 2
    shelter.refresh_from_db()
    assert shelter.name == "Harnall Lane Shelter"


def test_the_scheme_page_offers_changes_only_to_those_who_may_make_them(
    coordinator_client, caseworker_client, shelter
):
    url = f"/housing/schemes/{shelter.pk}/"
    edit_link = f"/housing/schemes/{shelter.pk}/edit/"
    assert edit_link in coordinator_client.get(url).content.decode()
    assert edit_link not in caseworker_client.get(url).content.decode()
