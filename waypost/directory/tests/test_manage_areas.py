"""Areas and organisations, kept by coordinators and partnership admins: add, rename and remove
an area (its middle point range-checked), add an organisation and link it to an agency."""

from decimal import Decimal

from django.urls import reverse

from waypost.directory.models import Area, Organization
from waypost.directory.tests.test_manage_helpers import (  # noqa: F401  (fixtures)
    outreach_org_fixture,
    outreach_service_fixture,
)
from waypost.testing.directory import make_area, make_location

AREAS = reverse("directory:areas")


def test_a_coordinator_adds_an_area(coordinator_client, world):
    data = {"name": "Hillfields", "latitude": "52.4135", "longitude": "-1.498"}
    assert coordinator_client.post(AREAS, data).status_code == 302
    area = Area.objects.get()
    assert (area.partnership, area.name, area.latitude, area.longitude) == (
        world.coventry,
        "Hillfields",
        Decimal("52.41350"),
        Decimal("-1.49800"),
    )
    page = coordinator_client.get(AREAS).text
    assert "Hillfields" in page and "Hillfields added" in page and "!!MISSING" not in page


def test_area_mistakes_are_explained_and_keep_what_was_typed(coordinator_client, world):
    make_area(world.coventry, "Foleshill")
    page = coordinator_client.post(
        AREAS, {"name": "foleshill", "latitude": "152.4", "longitude": "west"}
    ).text
    assert "Enter a latitude between 49.8 and 60.9" in page
    assert "Enter the longitude as a number" in page
    assert 'value="foleshill"' in page and 'value="152.4"' in page
    page = coordinator_client.post(
        AREAS, {"name": "foleshill", "latitude": "52.43", "longitude": "-1.49"}
    ).text
    assert "already has an area with this name" in page
    page = coordinator_client.post(AREAS, {"name": "", "latitude": "", "longitude": ""}).text
    assert "Enter the area&#x27;s name" in page
    assert "Enter the latitude" in page
    assert Area.objects.count() == 1


def test_a_coordinator_renames_and_moves_an_area(coordinator_client, world):
    area = make_area(world.coventry, "Centre")
    url = reverse("directory:area_edit", args=[area.pk])
    assert 'value="Centre"' in coordinator_client.get(url).text
    data = {"name": "City centre", "latitude": "52.40806", "longitude": "-1.51055"}
    assert coordinator_client.post(url, data).status_code == 302
    area.refresh_from_db()
    assert (area.name, area.latitude) == ("City centre", Decimal("52.40806"))


def test_removing_an_area_asks_first_and_keeps_its_places(coordinator_client, world):
    area = make_area(world.coventry, "Stoke")
    place = make_location(world.coventry, "Stoke library", area=area)
    url = reverse("directory:area_remove", args=[area.pk])
    page = coordinator_client.get(url).text
    assert "Remove Stoke?" in page and "1 place is in this area" in page
    assert coordinator_client.post(url).status_code == 302
    assert not Area.objects.exists()
    place.refresh_from_db()
    assert place.area is None


def test_a_coordinator_adds_an_organisation_for_an_agency(coordinator_client, world):
    url = reverse("directory:organization_new")
    page = coordinator_client.get(url).text
    assert "Coventry Outreach" in page and "Birmingham Housing Options" not in page
    data = {
        "name": "Coventry Outreach Team",
        "description": "Finds and helps people sleeping rough.",
        "agency": str(world.outreach.pk),
        "email": "",
        "website": "",
    }
    assert coordinator_client.post(url, data).status_code == 302
    organization = Organization.objects.get()
    assert organization.agency == world.outreach and organization.partnership == world.coventry
    page = coordinator_client.get(reverse("directory:organizations")).text
    assert "Coventry Outreach Team" in page


def test_an_agency_keeps_one_organisation(coordinator_client, world, outreach_org):
    url = reverse("directory:organization_new")
    # Coventry Outreach already keeps its own: it is not offered again.
    page = coordinator_client.get(url).text
    assert f'value="{world.outreach.pk}"' not in page
    data = {"name": "Another", "description": "x", "agency": str(world.outreach.pk)}
    page = coordinator_client.post(url, data).text
    assert "Choose one of the agencies in the list" in page
    data = {"name": "coventry outreach", "description": "x", "agency": ""}
    assert "already has an organisation with this name" in coordinator_client.post(url, data).text
    assert Organization.objects.count() == 1


def test_a_coordinator_links_an_organisation_to_another_agency(
    coordinator_client, world, outreach_org
):
    url = reverse("directory:organization_edit", args=[outreach_org.pk])
    page = coordinator_client.get(url).text
    assert f'value="{world.outreach.pk}" selected' in page
    data = {
        "name": outreach_org.name,
        "description": "Street team.",
        "agency": str(world.hospital.pk),
    }
    assert coordinator_client.post(url, data).status_code == 302
    outreach_org.refresh_from_db()
    assert outreach_org.agency == world.hospital and outreach_org.version == 2
