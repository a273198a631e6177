"""The partnership's named places and hotspots: coordinators and partnership admins add,
change and stop using them; a place no longer used leaves the contact form but old contacts
keep it. Nobody else may change them, and another partnership's places are not found."""

import pytest

from waypost.outreach.models import Place, PlaceKind
from waypost.outreach.tests.contact_helpers import make_contact, make_place


def _place_form(**overrides):
    data = {
        "name": "Pool Meadow bus station",
        "kind": "hotspot",
        "area": "City centre",
        "latitude": "52.4105",
        "longitude": "-1.5065",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("persona", ["coordinator_client", "admin_client"])
def test_coordinators_and_admins_add_change_and_stop_using_places(request, persona, world):
    client = request.getfixturevalue(persona)
    response = client.post("/street/places/new/", _place_form())
    assert response.status_code == 302 and response.url == "/street/places/"
    place = Place.objects.get()
    assert (place.partnership, place.kind, str(place.latitude)) == (
        world.coventry,
        PlaceKind.HOTSPOT,
        "52.41050",
    )
    page = client.get("/street/places/").content.decode()
    assert "Pool Meadow bus station" in page and "Hotspot" in page
    assert "!!MISSING" not in page

    edit = f"/street/places/{place.pk}/"
    assert 'value="Pool Meadow bus station"' in client.get(edit).content.decode()
    client.post(edit, _place_form(name="Pool Meadow", kind="place", latitude="", longitude=""))
    place.refresh_from_db()
    assert (place.name, place.kind, place.latitude) == ("Pool Meadow", PlaceKind.PLACE, None)

    client.post(f"/street/places/{place.pk}/active/", {"active": "0"})
    place.refresh_from_db()
    assert not place.is_active
    assert "No longer used" in client.get("/street/places/").content.decode()
    client.post(f"/street/places/{place.pk}/active/", {"active": "1"})
    place.refresh_from_db()
    assert place.is_active


def test_a_place_no_longer_used_leaves_the_form_but_contacts_keep_it(
    world, outreach_user, outreach_client, coordinator_client
):
    place = make_place(world.coventry, "Greyfriars Green")
    contact = make_contact(world.outreach, outreach_user, place=place)
    coordinator_client.post(f"/street/places/{place.pk}/active/", {"active": "0"})
    assert "Greyfriars Green" not in outreach_client.get("/street/contacts/new/").content.decode()
    page = outreach_client.get(f"/street/contacts/{contact.pk}/").content.decode()
    assert "Greyfriars Green" in page


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"name": ""}, "Enter the name of the place"),
        ({"kind": ""}, "Choose whether it is a hotspot"),
        ({"latitude": "north"}, "Enter the latitude as a number, like 52.4081"),
        ({"longitude": "-200"}, "Enter a longitude between -180 and 180"),
        ({"longitude": ""}, "Enter the longitude as well, or neither"),
        ({"name": "broadgate"}, "The partnership already has a place with this name"),
    ],
)
def test_mistakes_are_explained_and_what_was_typed_is_kept(
    world, coordinator_client, changes, error
):
    make_place(world.coventry, "Broadgate")
    response = coordinator_client.post("/street/places/new/", _place_form(**changes))
    page = response.content.decode()
    assert response.status_code == 200
    assert error in page
    assert 'value="City centre"' in page
    assert Place.objects.count() == 1


@pytest.mark.parametrize(
    "persona",
    [
        "outreach_client",
        "caseworker_client",
        "referrer_client",
        "commissioner_client",
        "dpo_client",
    ],
)
def test_other_roles_cannot_change_places(request, persona, world):
    place = make_place(world.coventry)
    client = request.getfixturevalue(persona)
    for url in ("/street/places/", "/street/places/new/", f"/street/places/{place.pk}/"):
        assert client.get(url).status_code == 403, url
        assert client.post(url, _place_form()).status_code == 403, url
    assert client.post(f"/street/places/{place.pk}/active/", {"active": "0"}).status_code == 403
    place.refresh_from_db()
    assert place.is_active and place.name == "Broadgate"


def test_another_partnerships_places_are_not_found(world, birmingham_admin_client):
    place = make_place(world.coventry)
    assert birmingham_admin_client.get(f"/street/places/{place.pk}/").status_code == 404
    response = birmingham_admin_client.post(f"/street/places/{place.pk}/active/", {"active": "0"})
    assert response.status_code == 404
    assert "Broadgate" not in birmingham_admin_client.get("/street/places/").content.decode()
    birmingham_admin_client.post("/street/places/new/", _place_form(name="Broadgate"))
    assert Place.objects.get(name="Broadgate", partnership=world.birmingham)
    place.refresh_from_db()
    assert place.is_active


def test_deactivating_needs_a_post(coordinator_client, world):
    place = make_place(world.coventry)
    assert coordinator_client.get(f"/street/places/{place.pk}/active/").status_code == 405
