"""The forms' errors say what is wrong and how to fix it, and keep what was typed."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from waypost.outreach.count_forms import CountedPersonForm, SnapshotForm
from waypost.outreach.models import CountedPerson, Place, StreetCount
from waypost.outreach.tests.test_count_support import NIGHT, date_fields, snapshot

pytestmark = pytest.mark.django_db

NEW = f"{reverse('outreach:count_new')}?partnership=coventry"


def _snapshot_errors(**data):
    form = SnapshotForm(
        {**date_fields("night", NIGHT), "method": "count", "areas_covered": "Centre", **data}
    )
    form.is_valid()
    return {name: list(errors) for name, errors in form.errors.items()}


def test_a_good_snapshot_form():
    assert _snapshot_errors() == {}
    assert _snapshot_errors(method="estimate", total="1,250") == {}


def test_snapshot_form_errors():
    assert _snapshot_errors(night_0="", night_1="", night_2="")["night"] == [
        "Enter the night of the count"
    ]
    assert _snapshot_errors(night_0="31", night_1="2")["night"] == [
        "Enter a real date for the night of the count"
    ]
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert _snapshot_errors(**date_fields("night", tomorrow))["night"] == [
        "The night must be today or in the past"
    ]
    assert _snapshot_errors(method="")["method"] == ["Choose how the figure was found"]
    assert _snapshot_errors(areas_covered=" ")["areas_covered"] == [
        "Enter the areas covered, like “City centre and Foleshill”"
    ]
    assert _snapshot_errors(total="12")["total"] == [
        "Leave the total empty for a street count: it is the number of people you add. "
        "Or choose an estimate."
    ]
    assert _snapshot_errors(method="both")["total"] == [
        "Enter the total for an estimate, as a whole number"
    ]
    assert _snapshot_errors(method="estimate", total="about 20")["total"] == [
        "Enter the total as a whole number, like 12"
    ]
    assert _snapshot_errors(method="estimate", total="-3")["total"] == [
        "Enter the total as a whole number, like 12"
    ]


def test_the_page_shows_the_errors_and_keeps_what_was_typed(outreach_client):
    response = outreach_client.post(
        NEW, {"night_0": "13", "night_1": "", "night_2": "2025", "method": "estimate",
              "total": "lots", "areas_covered": "Hillfields", "notes": "Two teams"},
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Start an annual snapshot" in html
    assert "There is a problem" in html
    assert "The night of the count must include a month" in html
    assert 'href="#id_night_0"' in html
    assert "Enter the total as a whole number, like 12" in html
    assert 'value="lots"' in html and "Hillfields" in html and "Two teams" in html
    assert 'value="estimate" id="id_method_1" required class="govuk-radios__input" checked' in html
    assert not StreetCount.objects.exists()


def _person_errors(**data):
    form = CountedPersonForm(
        {"how_many": "1", "gender": "male", "age": "18_25", "nationality": "uk", **data},
        places=Place.objects.all(),
        adding=True,
    )
    form.is_valid()
    return {name: list(errors) for name, errors in form.errors.items()}


def test_person_form_errors(world):
    assert _person_errors() == {}
    assert _person_errors(how_many="0")["how_many"] == ["Enter how many people, from 1 to 50"]
    assert _person_errors(how_many="51")["how_many"] == ["How many people must be 50 or fewer"]
    assert _person_errors(how_many="")["how_many"] == ["Enter how many people, from 1 to 50"]
    assert _person_errors(how_many="two")["how_many"] == [
        "Enter how many people as a whole number, like 12"
    ]
    assert _person_errors(gender="")["gender"] == ["Choose a gender"]
    assert _person_errors(age="old")["age"][0].startswith("Select a valid choice")
    assert _person_errors(description="x" * 301)["description"] == [
        "The description must be 300 characters or fewer"
    ]


def test_a_place_of_another_partnership_cannot_be_chosen(outreach_client, world, coordinator_user):
    count = snapshot(world, coordinator_user)
    elsewhere = Place.objects.create(partnership=world.birmingham, name="New Street")
    response = outreach_client.post(
        reverse("outreach:count_person_add", args=[count.pk]),
        {"how_many": "1", "gender": "male", "age": "18_25", "nationality": "uk",
         "place": str(elsewhere.pk), "description": "Seen by the doors"},
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose one of the partnership’s places" in html
    assert "Seen by the doors" in html
    assert not CountedPerson.objects.exists()
