"""The street contact form: one page, quick on a phone. Finding the person keeps everything
typed; every mistake gets a specific message and nothing typed is lost; a saved contact says
who, where, when, bedded down or not, and what was offered and accepted."""

import re
from datetime import time, timedelta

import pytest
from django.utils import timezone

from waypost.audit.models import AccessEvent
from waypost.outreach.contact_forms import parse_time
from waypost.outreach.models import ByNameEntry, PlaceKind, StreetContact
from waypost.outreach.tests.contact_helpers import form_data, make_place
from waypost.testing.people import make_person

URL = "/street/contacts/new/"


def _errors(page: str) -> list[str]:
    summary = page.split('govuk-error-summary__list">')[1].split("</ul>")[0]
    return [re.sub(r"<[^>]+>", "", item).strip() for item in summary.split("<li>")[1:]]


def test_the_form_starts_with_now_and_hotspots_first(outreach_client, world):
    make_place(world.coventry, "Spon Street", kind=PlaceKind.PLACE, area="")
    make_place(world.coventry, "Pool Meadow bus station")
    make_place(world.coventry, "Closed subway", is_active=False)
    make_place(world.birmingham, "New Street station")
    now = timezone.localtime()
    page = outreach_client.get(URL).content.decode()
    assert f'name="contacted_on_2" value="{now.year}"' in page
    assert re.search(r'name="contacted_time" value="\d\d:\d\d"', page)
    assert page.index('label="Hotspots"') < page.index("Pool Meadow bus station (City centre)")
    assert page.index("Pool Meadow bus station") < page.index('label="Named places"')
    assert page.index('label="Named places"') < page.index("Spon Street")
    assert "Closed subway" not in page and "New Street station" not in page
    # The verified definition is the hint of the question.
    assert "not designed for people to live in" in page
    assert "!!MISSING" not in page


def test_an_empty_form_says_what_to_fill_in(outreach_client):
    response = outreach_client.post(URL, form_data(who="", bedded_down="", location_detail=""))
    assert response.status_code == 200
    page = response.content.decode()
    assert _errors(page) == [
        "Choose “Someone we know” or “Not identified yet”",
        "Choose a place, use your location, or say where exactly you met them",
        "Choose whether they were bedded down",
    ]
    assert "<title>Error: Record a street contact" in page
    assert not StreetContact.objects.exists()


def test_someone_not_identified_needs_a_description_and_what_was_typed_is_kept(outreach_client):
    page = outreach_client.post(
        URL, form_data(description="", notes="Shared a flask of tea", activities=["begging"])
    ).content.decode()
    assert _errors(page) == ["Describe the person you met, so someone can identify them later"]
    assert "Shared a flask of tea" in page
    assert 'value="Bus shelter opposite the station"' in page
    assert re.search(r'<input[^>]*value="begging"[^>]*checked', page)
    assert re.search(r'<input[^>]*value="food"[^>]*checked', page)


def test_someone_we_know_must_be_found_and_chosen(outreach_client, world):
    page = outreach_client.post(URL, form_data(who="known", description="")).content.decode()
    assert _errors(page) == [
        "Find and choose the person you met, or choose “Not identified yet” and describe them"
    ]
    assert 'href="#id_person_search"' in page
    # A name typed but "Find" not pressed (Enter without JavaScript saves): the people who
    # match are offered with the error.
    known = make_person(world.outreach, given_name="Kieran", family_name="Walsh")
    page = outreach_client.post(
        URL, form_data(who="known", description="", person_search="Kieran Walsh")
    ).content.decode()
    assert "Find and choose the person you met" in page
    assert f'type="radio" value="{known.pk}"' in page


def test_accepted_must_have_been_offered(outreach_client):
    page = outreach_client.post(
        URL, form_data(offered=["food"], accepted=["food", "blankets", "health"])
    ).content.decode()
    assert _errors(page) == [
        "You ticked “Blankets or sleeping bag” and “Health care” as accepted but not as "
        "offered. Tick them under “What did you offer?” as well, or untick here"
    ]
    assert re.search(r'<input[^>]*name="accepted" value="health"[^>]*checked', page)


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        (
            {
                "contacted_on_0": "",
                "contacted_on_1": "",
                "contacted_on_2": "",
                "contacted_time": "",
            },
            ["Enter the date you met them", "Enter the time you met them, like 23:30"],
        ),
        (
            {"contacted_on_0": "31", "contacted_on_1": "2", "contacted_on_2": "2026"},
            ["Enter a real date for the date you met them"],
        ),
        ({"contacted_time": "25:10"}, ["Enter the time in 24-hour time, like 23:30"]),
    ],
)
def test_the_time_needs_a_real_date_and_time(outreach_client, changes, errors):
    page = outreach_client.post(URL, form_data(**changes)).content.decode()
    assert _errors(page) == errors
    assert "Woman, about 30, red rucksack" in page


def test_a_time_in_the_future_is_refused(outreach_client):
    later = timezone.localtime() + timedelta(hours=2)
    page = outreach_client.post(
        URL,
        form_data(
            contacted_on_0=str(later.day),
            contacted_on_1=str(later.month),
            contacted_on_2=str(later.year),
            contacted_time=later.strftime("%H:%M"),
        ),
    ).content.decode()
    assert _errors(page) == ["The time you met them must be now or in the past"]


def test_a_location_the_device_did_not_give_is_refused(outreach_client):
    page = outreach_client.post(URL, form_data(latitude="52.4", longitude="")).content.decode()
    assert "We could not use your device’s location" in _errors(page)[0]


def test_find_shows_the_people_who_match_and_keeps_everything_typed(
    outreach_client, outreach_user, world
):
    known = make_person(
        world.outreach, given_name="Michael", family_name="Murphy", preferred_name="Mick"
    )
    make_person(world.brum_council, given_name="Michael", family_name="Murphy")
    response = outreach_client.post(
        URL,
        form_data(
            who="known",
            person_search="Mick Murphy",
            action="find",
            notes="Cold night",
            bedded_down="",
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" not in page
    assert f'name="person" type="radio" value="{known.pk}"' in page
    assert page.count('name="person" type="radio"') == 1  # not Birmingham's Michael Murphy
    assert "Cold night" in page
    assert AccessEvent.objects.filter(
        user=outreach_user, person_id=known.pk, channel="search", route="outreach:contact_new"
    ).exists()

    nobody = outreach_client.post(
        URL, form_data(who="known", person_search="Zebedee", action="find")
    )
    assert "No one you can see matches" in nobody.content.decode()


def test_a_contact_with_someone_not_identified_is_saved(outreach_client, outreach_user, world):
    place = make_place(world.coventry)
    response = outreach_client.post(
        URL,
        form_data(
            place=str(place.pk),
            latitude="52.40812",
            longitude="-1.51099",
            activities=["begging"],
            notes="Has a small dog",
        ),
    )
    contact = StreetContact.objects.get()
    assert response.status_code == 302
    assert response.url == f"/street/contacts/{contact.pk}/"
    assert contact.person is None
    assert contact.description == "Woman, about 30, red rucksack, says her name is Jay"
    assert contact.place == place
    assert str(contact.latitude) == "52.40810"
    assert contact.bedded_down is True
    assert contact.activities == ["begging"]
    assert (contact.offered, contact.accepted) == (["accommodation", "food"], ["food"])
    assert contact.recorded_by == outreach_user
    assert contact.contacted_at > timezone.now() - timedelta(minutes=1)
    page = outreach_client.get(response.url).content.decode()
    assert "Street contact recorded." in page
    assert "Has a small dog" in page


def test_a_contact_with_someone_known_is_saved_and_they_go_on_the_list(
    outreach_client, outreach_user, world
):
    person = make_person(world.outreach)
    earlier = timezone.localtime() - timedelta(days=1)
    page = outreach_client.get(f"{URL}?person={person.pk}").content.decode()
    # Started from the person: they are already chosen.
    assert re.search(rf'<input[^>]*value="{person.pk}"[^>]*checked', page)
    assert re.search(r'<input[^>]*name="who"[^>]*value="known"[^>]*checked', page)
    response = outreach_client.post(
        URL,
        form_data(
            who="known",
            person=str(person.pk),
            description="",
            bedded_down="no",
            contacted_on_0=str(earlier.day),
            contacted_on_1=str(earlier.month),
            contacted_on_2=str(earlier.year),
            contacted_time="9.45pm",
        ),
    )
    assert response.status_code == 302
    contact = StreetContact.objects.get()
    assert contact.person == person
    assert contact.description == ""
    local = timezone.localtime(contact.contacted_at)
    assert (local.date(), local.hour, local.minute) == (earlier.date(), 21, 45)
    assert ByNameEntry.objects.get(person=person).last_contact_at == contact.contacted_at


def test_a_person_the_worker_may_not_see_cannot_be_chosen(outreach_client, world):
    hidden = make_person(world.council)  # the council's record, not shared with outreach
    page = outreach_client.post(
        URL, form_data(who="known", person=str(hidden.pk), description="")
    ).content.decode()
    assert "Find and choose the person you met" in page
    assert not StreetContact.objects.exists()
    assert str(hidden.pk) not in page


def test_a_worker_for_two_agencies_says_which(outreach_client, outreach_user, world):
    from waypost.accounts.models import Membership, Role

    Membership.objects.create(user=outreach_user, agency=world.council, role=Role.CASEWORKER)
    page = outreach_client.post(URL, form_data()).content.decode()
    assert _errors(page) == ["Choose the agency you are recording this for"]
    outreach_client.post(URL, form_data(agency=str(world.council.pk)))
    assert StreetContact.objects.get().recorded_by_agency == world.council


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("23:30", time(23, 30)),
        ("2330", time(23, 30)),
        ("23.30", time(23, 30)),
        ("9:05", time(9, 5)),
        ("905", time(9, 5)),
        ("11pm", time(23, 0)),
        ("11:30 PM", time(23, 30)),
        ("12am", time(0, 0)),
        ("12:15pm", time(12, 15)),
        ("24:00", None),
        ("13pm", None),
        ("late", None),
    ],
)
def test_times_are_read_as_staff_type_them(typed, expected):
    assert parse_time(typed) == expected
