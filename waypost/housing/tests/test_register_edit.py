"""Adding and changing providers, schemes and units: what is stored, the errors a mistake
gets (what was typed is kept), a stale edit refused, and nothing stopped while someone is
placed in it."""

from waypost.housing.models import (
    AccommodationKind,
    GenderRule,
    Provider,
    Scheme,
    SubstancePolicy,
    SupportLevel,
    Unit,
)
from waypost.housing.placement_actions import place_person
from waypost.housing.register_actions import STALE_SCHEME
from waypost.housing.tests.register_helpers import make_provider, make_scheme, unit
from waypost.testing.people import make_person


def _scheme_form(**overrides):
    data = {
        "version": "",
        "name": "Harnall Lane Shelter",
        "kind": AccommodationKind.NIGHT_SHELTER,
        "address": "1 Harnall Lane, Coventry",
        "area": "Hillfields",
        "city_centre": "no",
        "phone": "024 7600 0001",
        "how_to_refer": "Call after 7pm",
        "gender_rule": GenderRule.WOMEN,
        "suits": ["couples", "accepts_no_recourse"],
        "min_age": "18",
        "max_age": "24",
        "support_level": SupportLevel.HIGH,
        "substance_policy": SubstancePolicy.HARM_REDUCTION,
        "max_stay_days": "28",
        "needs_local_connection": "no",
    }
    data.update(overrides)
    return data


def test_a_coordinator_builds_the_register(world, coordinator_client):
    response = coordinator_client.post(
        "/housing/providers/new/",
        {"name": "St Basil's", "agency": str(world.shelter.pk), "phone": "0121 000", "email": ""},
    )
    provider = Provider.objects.get()
    assert response.status_code == 302
    assert (provider.partnership, provider.agency, provider.name) == (
        world.coventry,
        world.shelter,
        "St Basil's",
    )

    response = coordinator_client.post(
        f"/housing/providers/{provider.pk}/schemes/new/", _scheme_form()
    )
    scheme = Scheme.objects.get()
    assert response.url == f"/housing/schemes/{scheme.pk}/"
    assert (scheme.partnership, scheme.gender_rule, scheme.max_age) == (
        world.coventry,
        GenderRule.WOMEN,
        24,
    )
    assert scheme.couples and scheme.accepts_no_recourse and not scheme.pets
    assert not scheme.city_centre and scheme.max_stay_days == 28

    url = f"/housing/schemes/{scheme.pk}/units/new/"
    coordinator_client.post(url, {"label": "Room 1", "sleeps": "2", "step_free": "yes"})
    response = coordinator_client.post(
        url, {"label": "Room 2", "sleeps": "1", "step_free": "no", "another": "1"}
    )
    assert response.url == url
    room = Unit.objects.get(label="Room 1")
    assert (room.sleeps, room.step_free, room.status) == (2, True, "free")
    page = coordinator_client.get(f"/housing/schemes/{scheme.pk}/").content.decode()
    assert "A couple’s room" in page and "Room 2" in page and "Women only" in page
    assert "!!MISSING" not in page


def test_provider_mistakes_are_explained_and_typing_kept(world, coordinator_client):
    make_provider(world.shelter, "St Basil's")
    response = coordinator_client.post(
        "/housing/providers/new/",
        {"name": "st basil's", "agency": str(world.brum_council.pk), "email": "not-an-email"},
    )
    page = response.content.decode()
    assert "Choose one of the agencies in the list" in page
    assert "Enter an email address in the correct format" in page
    assert 'value="st basil&#x27;s"' in page
    response = coordinator_client.post(
        "/housing/providers/new/", {"name": "st basil's", "agency": str(world.shelter.pk)}
    )
    assert "already has a provider with this name" in response.content.decode()
    assert Provider.objects.count() == 1


def test_scheme_mistakes_are_explained_and_typing_kept(world, coordinator_client):
    provider = make_provider(world.shelter)
    make_scheme(provider, "Taken Name")
    url = f"/housing/providers/{provider.pk}/schemes/new/"
    response = coordinator_client.post(
        url, _scheme_form(name="", kind="", min_age="twenty", max_age="", gender_rule="")
    )
    page = response.content.decode()
    for error in (
        "Enter the scheme&#x27;s name",
        "Choose what kind of accommodation it is",
        "Enter the youngest age as a whole number",
        "Choose whether it takes anyone, women only or men only",
    ):
        assert error in page, error
    assert 'value="1 Harnall Lane, Coventry"' in page and "Call after 7pm" in page
    page = coordinator_client.post(url, _scheme_form(min_age="30", max_age="24")).content.decode()
    assert "The oldest age must be the same as or above the youngest" in page
    page = coordinator_client.post(url, _scheme_form(name="taken name")).content.decode()
    assert "already has a scheme with this name" in page
    assert Scheme.objects.count() == 1


def test_a_stale_scheme_edit_is_refused_and_keeps_what_was_typed(world, coordinator_client):
    scheme = make_scheme(make_provider(world.shelter))
    url = f"/housing/schemes/{scheme.pk}/edit/"
    assert (
        f'name="version" value="{scheme.version}"' in coordinator_client.get(url).content.decode()
    )
    # Someone else changes it meanwhile.
    Scheme.objects.filter(pk=scheme.pk).update(name="Changed elsewhere", version=scheme.version + 1)
    typed = _scheme_form(version=str(scheme.version), name="My new name", is_active="yes")
    page = coordinator_client.post(url, typed).content.decode()
    assert STALE_SCHEME.replace("'", "&#x27;") in page
    assert 'value="My new name"' in page
    assert f'name="version" value="{scheme.version + 1}"' in page
    scheme.refresh_from_db()
    assert scheme.name == "Changed elsewhere"
    # Saving again, having seen the warning, goes through.
    response = coordinator_client.post(url, {**typed, "version": str(scheme.version)})
    assert response.status_code == 302
    scheme.refresh_from_db()
    assert (scheme.name, scheme.version) == ("My new name", 3)


def test_a_unit_change_moves_the_scheme_on(world, coordinator_client):
    scheme = make_scheme(make_provider(world.shelter), units=1)
    before = scheme.version
    bed = unit(scheme, "Bed 1")
    response = coordinator_client.post(
        f"/housing/units/{bed.pk}/",
        {"label": "Bed 1A", "sleeps": "1", "step_free": "yes", "is_active": "yes"},
    )
    assert response.status_code == 302
    bed.refresh_from_db()
    scheme.refresh_from_db()
    assert (bed.label, bed.step_free, scheme.version) == ("Bed 1A", True, before + 1)


def test_nothing_is_stopped_while_someone_is_placed_in_it(
    world, coordinator_client, caseworker_user
):
    scheme = make_scheme(make_provider(world.shelter), units=1)
    bed = unit(scheme, "Bed 1")
    person = make_person(world.council, caseworker_user)
    place_person(person, bed, agency=world.council, by=caseworker_user)
    page = coordinator_client.post(
        f"/housing/units/{bed.pk}/",
        {"label": "Bed 1", "sleeps": "1", "step_free": "no", "is_active": "no"},
    ).content.decode()
    assert "Bed 1 has someone placed in it: end the placement first" in page
    scheme.refresh_from_db()
    page = coordinator_client.post(
        f"/housing/schemes/{scheme.pk}/edit/",
        _scheme_form(name=scheme.name, version=str(scheme.version), is_active="no"),
    ).content.decode()
    assert "end their placement before you stop using it" in page
    bed.refresh_from_db()
    scheme.refresh_from_db()
    assert bed.is_active and scheme.is_active


def test_a_provider_no_longer_used_is_marked_so(world, coordinator_client):
    provider = make_provider(world.shelter)
    response = coordinator_client.post(
        f"/housing/providers/{provider.pk}/",
        {"name": provider.name, "agency": str(world.shelter.pk), "is_active": "no"},
    )
    assert response.status_code == 302
    provider.refresh_from_db()
    assert not provider.is_active
    assert "No longer used" in coordinator_client.get("/housing/register/").content.decode()
