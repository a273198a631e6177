"""Choosing a toolkit's services: ticked services are saved in the order of their places;
mistakes get a clear error and lose nothing typed; a save over someone else's change is
refused; the page's queries do not grow with the directory."""

import re

import pytest
from django.urls import reverse

from waypost.directory.models import Audience, ServiceStatus, ToolkitChoice
from waypost.directory.toolkit import choices_for, fingerprint
from waypost.directory.toolkit_actions import StaleToolkit, choose_toolkit_services
from waypost.directory.toolkit_forms import place_field_name
from waypost.testing.directory import make_service

URL = "/directory/toolkit/coventry/hospitals/"


@pytest.fixture
def services(world):
    coventry = world.coventry
    return {
        "beds": make_service(
            coventry, "Anchor Night Shelter", categories=("emergency-accommodation",)
        ),
        "food": make_service(coventry, "Breakfast Club", categories=("food",)),
        "nurse": make_service(coventry, "Street Nurse", categories=("nurse",)),
        "none": make_service(coventry, "Something Uncategorised", categories=()),
        "closed": make_service(coventry, "Old Soup Run", status=ServiceStatus.DEFUNCT),
        "brum": make_service(world.birmingham, "Birmingham Hub"),
    }


def _seen(world, audience=Audience.HOSPITALS):
    return fingerprint(choices_for(world.coventry, audience))


def _saved(world, audience=Audience.HOSPITALS):
    return [c.service.name for c in choices_for(world.coventry, audience)]


def _ticked(html: str) -> set[str]:
    return set(
        re.findall(r'<input type="checkbox" name="services" value="([^"]+)"[^>]*checked', html)
    )


def test_the_url_is_named():
    assert reverse("directory:toolkit_audience", args=["coventry", "hospitals"]) == URL


def test_the_page_groups_running_services_by_category(coordinator_client, services):
    page = coordinator_client.get(URL).text
    for heading in ("Emergency accommodation", "Food", "Nurse", "Other services"):
        assert f'<h3 class="govuk-fieldset__heading">{heading}</h3>' in page
    assert page.index("Emergency accommodation") < page.index("Food") < page.index("Nurse")
    assert "Old Soup Run" not in page and "Birmingham Hub" not in page


def test_ticked_services_are_saved_by_place_then_page_order(coordinator_client, world, services):
    data = {
        "seen": _seen(world),
        "services": [str(services[k].pk) for k in ("beds", "food", "nurse")],
        place_field_name(services["nurse"]): "1",
    }
    response = coordinator_client.post(URL, data, follow=True)
    assert response.redirect_chain[-1][0] == URL
    assert "The toolkit for hospitals now lists 3 services." in response.text
    assert _saved(world) == ["Street Nurse", "Anchor Night Shelter", "Breakfast Club"]
    # The page now shows them ticked, numbered 1 to 3.
    page = coordinator_client.get(URL).text
    assert _ticked(page) == {str(services[k].pk) for k in ("beds", "food", "nurse")}
    assert f'name="{place_field_name(services["beds"])}" value="2"' in page
    # Another audience is untouched.
    assert _saved(world, Audience.SCHOOLS) == []


def test_unticking_takes_a_service_off_and_renumbers(
    coordinator_client, coordinator_user, world, services
):
    choose_toolkit_services(
        world.coventry,
        Audience.HOSPITALS,
        [services["food"], services["beds"], services["nurse"]],
        by=coordinator_user,
    )
    data = {"seen": _seen(world), "services": [str(services["nurse"].pk), str(services["food"].pk)]}
    data[place_field_name(services["nurse"])] = "3"
    data[place_field_name(services["food"])] = "1"
    coordinator_client.post(URL, data)
    assert [
        (c.service.name, c.position) for c in choices_for(world.coventry, Audience.HOSPITALS)
    ] == [
        ("Breakfast Club", 1),
        ("Street Nurse", 2),
    ]


def test_a_service_from_another_partnership_is_refused_and_nothing_typed_is_lost(
    coordinator_client, world, services
):
    food = place_field_name(services["food"])
    data = {
        "seen": _seen(world),
        "services": [str(services["food"].pk), str(services["brum"].pk)],
        food: "2",
    }
    response = coordinator_client.post(URL, data)
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "A service you chose is not in Coventry&#x27;s directory" in response.text
    assert "Birmingham Hub" not in response.text
    assert _ticked(response.text) == {str(services["food"].pk)}
    assert f'name="{food}" value="2"' in response.text
    assert not ToolkitChoice.objects.exists()


def test_a_service_that_is_not_running_is_named_in_the_error(coordinator_client, world, services):
    data = {
        "seen": _seen(world),
        "services": [str(services["closed"].pk), str(services["beds"].pk)],
    }
    response = coordinator_client.post(URL, data)
    assert "Old Soup Run is not running now, so it cannot go in the toolkit" in response.text
    assert _ticked(response.text) == {str(services["beds"].pk)}
    assert not ToolkitChoice.objects.exists()


def test_a_garbled_id_is_refused(coordinator_client, world, services):
    response = coordinator_client.post(URL, {"seen": _seen(world), "services": ["not-an-id"]})
    assert "not in Coventry&#x27;s directory" in response.text
    assert not ToolkitChoice.objects.exists()


@pytest.mark.parametrize(
    ("place", "error"),
    [
        ("first", "Enter Breakfast Club&#x27;s place in the list as a whole number, like 3"),
        ("0", "Breakfast Club&#x27;s place in the list must be 1 or more"),
        ("1000", "Breakfast Club&#x27;s place in the list must be 999 or less"),
    ],
)
def test_a_place_that_is_not_a_number_is_explained(
    coordinator_client, world, services, place, error
):
    field = place_field_name(services["food"])
    data = {"seen": _seen(world), "services": [str(services["food"].pk)], field: place}
    response = coordinator_client.post(URL, data)
    assert error in response.text
    assert f'href="#id_{field}"' in response.text  # the error summary links to the box
    assert f'name="{field}" value="{place}"' in response.text
    assert not ToolkitChoice.objects.exists()


def test_a_place_without_a_tick_is_explained(coordinator_client, world, services):
    field = place_field_name(services["nurse"])
    data = {"seen": _seen(world), "services": [str(services["food"].pk)], field: "1"}
    response = coordinator_client.post(URL, data)
    assert "You gave Street Nurse a place in the list but did not choose it" in response.text
    assert _ticked(response.text) == {str(services["food"].pk)}
    assert not ToolkitChoice.objects.exists()


def test_choosing_nothing_empties_the_list(coordinator_client, coordinator_user, world, services):
    choose_toolkit_services(
        world.coventry, Audience.HOSPITALS, [services["food"]], by=coordinator_user
    )
    response = coordinator_client.post(URL, {"seen": _seen(world)}, follow=True)
    assert "now lists 0 services" in response.text
    assert not ToolkitChoice.objects.exists()


def test_a_save_over_someone_elses_change_is_refused_then_goes_through(
    coordinator_client, coordinator_user, world, services
):
    seen = _seen(world)
    choose_toolkit_services(
        world.coventry, Audience.HOSPITALS, [services["beds"]], by=coordinator_user
    )
    data = {"seen": seen, "services": [str(services["food"].pk)]}
    response = coordinator_client.post(URL, data)
    assert "Someone else changed this toolkit" in response.text
    assert _saved(world) == ["Anchor Night Shelter"]
    assert _ticked(response.text) == {str(services["food"].pk)}
    fresh = re.search(r'name="seen" value="([^"]+)"', response.text)[1]
    assert fresh == _seen(world)
    coordinator_client.post(URL, {**data, "seen": fresh})
    assert _saved(world) == ["Breakfast Club"]


def test_a_stopped_service_is_left_out_and_flagged(
    coordinator_client, coordinator_user, world, services
):
    choose_toolkit_services(
        world.coventry, Audience.HOSPITALS, [services["food"]], by=coordinator_user
    )
    services["food"].status = ServiceStatus.TEMPORARILY_CLOSED
    services["food"].save()
    page = coordinator_client.get(URL).text
    assert "This service was chosen but is not running now" in page
    assert "Breakfast Club" in page


def test_the_action_refuses_what_the_form_would(world, coordinator_user, caseworker_user, services):
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(PermissionDenied):
        choose_toolkit_services(
            world.coventry, Audience.GPS, [services["food"]], by=caseworker_user
        )
    with pytest.raises(ValidationError):
        choose_toolkit_services(
            world.coventry, Audience.GPS, [services["brum"]], by=coordinator_user
        )
    with pytest.raises(ValidationError):
        choose_toolkit_services(
            world.coventry, Audience.GPS, [services["closed"]], by=coordinator_user
        )
    with pytest.raises(ValidationError):
        choose_toolkit_services(world.coventry, "prisons", [services["food"]], by=coordinator_user)
    with pytest.raises(StaleToolkit):
        choose_toolkit_services(
            world.coventry, Audience.GPS, [], seen="0" * 16, by=coordinator_user
        )
    assert not ToolkitChoice.objects.exists()


def test_the_pages_queries_do_not_grow_with_the_directory(
    coordinator_client, coordinator_user, world, django_assert_max_num_queries
):
    def fill(start, count):
        made = [
            make_service(world.coventry, f"Service {n:03d}", categories=("food", "nurse"))
            for n in range(start, start + count)
        ]
        choose_toolkit_services(world.coventry, Audience.HOSPITALS, made, by=coordinator_user)

    fill(0, 2)
    coordinator_client.get(URL)  # warm the session
    with django_assert_max_num_queries(12) as few:
        coordinator_client.get(URL)
    fill(2, 30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        coordinator_client.get(URL)
    with django_assert_max_num_queries(len(few.captured_queries)):
        coordinator_client.get(reverse("directory:toolkit"))
