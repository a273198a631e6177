"""Updating a scheme's vacancies: a save records the check even when nothing changed, only
changed units get a new "since", a stale page is refused and keeps what was chosen, and a
unit someone is placed in cannot be freed or taken out of use here."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from waypost.housing.board_access import clock, updated_text
from waypost.housing.board_actions import STALE_VACANCIES, update_vacancies
from waypost.housing.models import Scheme, UnitStatus
from waypost.housing.placement_actions import place_person
from waypost.housing.register_actions import StaleScheme, add_unit
from waypost.housing.tests.register_helpers import make_provider, make_scheme, unit
from waypost.testing.pages import page_html
from waypost.testing.people import make_person

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def scheme(world):
    scheme = make_scheme(make_provider(world.shelter), units=3)
    add_unit(scheme, label="Room 4", by=None)
    add_unit(scheme, label="Couple's room", sleeps=2, by=None)
    scheme.refresh_from_db()
    return scheme


def _all(scheme, **changes):
    statuses = {u.pk: u.status for u in scheme.units.all()}
    for label, status in changes.items():
        statuses[unit(scheme, label.replace("_", " ")).pk] = status
    return statuses


def test_a_save_with_no_change_still_says_the_board_is_current(scheme, provider_user):
    long_ago = timezone.now() - timedelta(days=3)
    scheme.units.update(status_changed_at=long_ago)
    saved = update_vacancies(scheme, _all(scheme), version=scheme.version, by=provider_user)
    assert saved.vacancies_updated_by == provider_user
    assert timezone.now() - saved.vacancies_updated_at < timedelta(seconds=5)
    assert saved.version == scheme.version + 1
    assert set(scheme.units.values_list("status_changed_at", flat=True)) == {long_ago}


def test_only_changed_units_get_a_new_since(scheme, provider_user):
    long_ago = timezone.now() - timedelta(days=3)
    scheme.units.update(status_changed_at=long_ago)
    update_vacancies(
        scheme, _all(scheme, Bed_2=UnitStatus.HELD), version=scheme.version, by=provider_user
    )
    bed_2 = unit(scheme, "Bed 2")
    assert bed_2.status == UnitStatus.HELD and bed_2.status_changed_at > long_ago
    assert unit(scheme, "Bed 1").status_changed_at == long_ago


def test_a_stale_save_is_refused(scheme, provider_user):
    with pytest.raises(StaleScheme):
        update_vacancies(scheme, _all(scheme), version=scheme.version - 1, by=provider_user)
    scheme.refresh_from_db()
    assert scheme.vacancies_updated_at is None


def test_someone_outside_the_provider_may_not_save(scheme, caseworker_user):
    with pytest.raises(PermissionDenied):
        update_vacancies(scheme, _all(scheme), version=scheme.version, by=caseworker_user)


def test_units_that_are_not_the_schemes_are_refused(world, scheme, provider_user):
    other = make_scheme(make_provider(world.council, "Council"), "Other", units=1)
    statuses = {**_all(scheme), unit(other, "Bed 1").pk: UnitStatus.OUT_OF_USE}
    with pytest.raises(ValidationError):
        update_vacancies(scheme, statuses, version=scheme.version, by=provider_user)
    assert unit(other, "Bed 1").status == UnitStatus.FREE


def test_someone_placed_keeps_their_unit(world, scheme, provider_user, caseworker_user):
    person = make_person(world.council, caseworker_user)
    place_person(person, unit(scheme, "Room 4"), agency=world.council, by=caseworker_user)
    for status in (UnitStatus.FREE, UnitStatus.OUT_OF_USE):
        with pytest.raises(ValidationError) as refused:
            update_vacancies(
                scheme, _all(scheme, Room_4=status), version=scheme.version, by=provider_user
            )
        assert refused.value.message_dict == {
            str(unit(scheme, "Room 4").pk): [
                "Room 4 has someone placed in it: end the placement first"
            ]
        }
    assert unit(scheme, "Room 4").status == UnitStatus.OCCUPIED
    # Held (someone else arriving as they leave) is allowed.
    update_vacancies(
        scheme, _all(scheme, Room_4=UnitStatus.HELD), version=scheme.version, by=provider_user
    )
    assert unit(scheme, "Room 4").status == UnitStatus.HELD


def test_a_couples_room_with_one_person_still_has_a_place(
    world, scheme, provider_user, caseworker_user
):
    person = make_person(world.council, caseworker_user)
    room = unit(scheme, "Couple's room")
    place_person(person, room, agency=world.council, by=caseworker_user)
    assert unit(scheme, "Couple's room").status == UnitStatus.FREE
    update_vacancies(
        scheme,
        _all(scheme, **{"Couple's_room": UnitStatus.OCCUPIED}),
        version=scheme.version,
        by=provider_user,
    )
    scheme.refresh_from_db()
    update_vacancies(
        scheme,
        _all(scheme, **{"Couple's_room": UnitStatus.FREE}),
        version=scheme.version,
        by=provider_user,
    )
    assert unit(scheme, "Couple's room").status == UnitStatus.FREE
    scheme.refresh_from_db()
    with pytest.raises(ValidationError):
        update_vacancies(
            scheme,
            _all(scheme, **{"Couple's_room": UnitStatus.OUT_OF_USE}),
            version=scheme.version,
            by=provider_user,
        )


def _form(scheme, **changes):
    data = {"version": str(scheme.version)}
    for pk, status in _all(scheme, **changes).items():
        data[f"unit_{pk}"] = status
    return data


def test_the_page_refuses_freeing_an_occupied_room_by_name(
    world, scheme, provider_client, caseworker_user
):
    person = make_person(world.council, caseworker_user, given_name="Nameless", family_name="Zed")
    place_person(person, unit(scheme, "Room 4"), agency=world.council, by=caseworker_user)
    url = f"/housing/schemes/{scheme.pk}/vacancies/"
    page = page_html(provider_client.get(url))
    assert "Someone is placed here" in page and "Zed" not in page
    page = provider_client.post(
        url, _form(scheme, Room_4=UnitStatus.FREE, Bed_1=UnitStatus.HELD)
    ).content.decode()
    assert "Room 4 has someone placed in it: end the placement first" in page
    assert "govuk-error-summary" in page
    # What they chose for Bed 1 is kept on the form, and nothing was saved.
    bed_1 = unit(scheme, "Bed 1")
    assert _checked(page, bed_1) == UnitStatus.HELD
    assert bed_1.status == UnitStatus.FREE
    scheme.refresh_from_db()
    assert scheme.vacancies_updated_at is None


def _checked(page, unit):
    """The status whose radio is ticked for `unit` on the page."""
    found = re.findall(rf'<input[^>]*name="unit_{unit.pk}" value="(\w+)"[^>]*checked', page)
    assert len(found) == 1
    return found[0]


def test_the_page_refuses_a_stale_save_and_keeps_the_choices(scheme, provider_client):
    url = f"/housing/schemes/{scheme.pk}/vacancies/"
    stale = _form(scheme, Bed_3=UnitStatus.OUT_OF_USE)
    Scheme.objects.filter(pk=scheme.pk).update(version=scheme.version + 1)
    page = provider_client.post(url, stale).content.decode()
    assert STALE_VACANCIES.split(".")[0] in page
    assert f'name="version" value="{scheme.version + 1}"' in page
    assert _checked(page, unit(scheme, "Bed 3")) == UnitStatus.OUT_OF_USE
    assert unit(scheme, "Bed 3").status == UnitStatus.FREE
    stale["version"] = str(scheme.version + 1)
    assert provider_client.post(url, stale).status_code == 302
    assert unit(scheme, "Bed 3").status == UnitStatus.OUT_OF_USE


def test_a_missing_choice_names_the_unit(scheme, provider_client):
    data = _form(scheme)
    del data[f"unit_{unit(scheme, 'Bed 2').pk}"]
    page = provider_client.post(f"/housing/schemes/{scheme.pk}/vacancies/", data)
    assert "Choose whether Bed 2 is free, occupied, held or out of use" in page.content.decode()


@pytest.mark.parametrize(
    ("hour", "minute", "shown"),
    [(21, 5, "9:05pm"), (10, 0, "10am"), (12, 0, "midday"), (0, 0, "midnight"), (0, 30, "12:30am")],
)
def test_times_are_shown_the_gov_uk_way(hour, minute, shown):
    assert clock(datetime(2026, 1, 14, hour, minute, tzinfo=LONDON)) == shown


def test_the_last_update_says_when_and_who():
    now = datetime(2026, 7, 14, 22, 0, tzinfo=LONDON)  # summer time: shown in London time
    at = datetime(2026, 7, 14, 20, 5, tzinfo=ZoneInfo("UTC"))
    assert updated_text(at, "Sam Provider", now=now) == "Updated 9:05pm today by Sam Provider"
    assert updated_text(at - timedelta(days=1), "Sam", now=now) == "Updated 9:05pm yesterday by Sam"
    assert updated_text(at - timedelta(days=5), "", now=now) == "Updated 9:05pm on 9 July 2026"
    assert updated_text(None, "", now=now) == "Vacancies not updated yet"
