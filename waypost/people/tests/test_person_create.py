"""Adding a person: the form, its checks, and the "possible existing person" step that lets
the user open an existing record or create a new one (nothing is merged automatically)."""

from datetime import date

import pytest

from waypost.audit.models import AccessEvent, Channel
from waypost.people.models import Identifier, Person
from waypost.testing.people import NEW_PERSON_FORM, make_person

FORM = NEW_PERSON_FORM


def _post(client, **changes):
    return client.post("/people/new/", {**FORM, **changes})


def test_the_form_asks_for_name_date_of_birth_gender_and_identifiers(caseworker_client, world):
    html = caseworker_client.get("/people/new/").content.decode()
    for name in ("given_name", "family_name", "birth_date_0", "estimated_age", "gender"):
        assert f'name="{name}"' in html
    assert 'name="nhs_number"' in html and 'name="ni_number"' in html


def test_a_new_person_is_created_for_the_users_agency(caseworker_client, caseworker_user, world):
    response = _post(caseworker_client, nhs_number="943 476 5919", ni_number="ab123456c")
    person = Person.objects.get(family_name="Ashdown")
    assert response.status_code == 302 and response.url == f"/people/{person.pk}/"
    assert person.recorded_by_agency == world.council
    assert person.recorded_by == caseworker_user
    assert person.birth_date == date(1975, 7, 14)
    assert set(Identifier.objects.filter(person=person).values_list("kind", "value")) == {
        ("nhs_number", "9434765919"),
        ("ni_number", "AB123456C"),
    }


def test_an_nhs_number_that_fails_its_check_digit_is_refused_keeping_the_input(
    caseworker_client, world
):
    response = _post(caseworker_client, nhs_number="943 476 5910")
    html = response.content.decode()
    assert response.status_code == 200
    assert "This is not a valid NHS number: check the digits" in html
    assert 'value="943 476 5910"' in html and 'value="Ashdown"' in html
    assert not Person.objects.exists()


def test_a_national_insurance_number_in_the_wrong_format_is_refused(caseworker_client, world):
    html = _post(caseworker_client, ni_number="AB1234").content.decode()
    assert "A National Insurance number is 2 letters, 6 numbers, then A, B, C or D" in html
    assert not Person.objects.exists()


def test_a_name_is_needed(caseworker_client, world):
    html = _post(caseworker_client, given_name="", family_name="").content.decode()
    assert "Enter a name: a first name, last name or the name they use" in html


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"birth_date_2": ""}, "Their date of birth must include a year"),
        ({"birth_date_1": ""}, "If you know the day they were born, enter the month too"),
        ({"birth_date_0": "31", "birth_date_1": "2"}, "Enter a real date of birth"),
        ({"birth_date_2": "2999"}, "Enter a year of birth between 1900 and"),
        ({"estimated_age": "40"}, "Enter their date of birth or an estimated age, not both"),
    ],
)
def test_a_date_of_birth_that_does_not_add_up_says_why(caseworker_client, world, fields, message):
    html = _post(caseworker_client, **fields).content.decode()
    assert message in html
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("fields", "stored"),
    [
        ({"birth_date_0": ""}, (date(1975, 7, 1), "month", None)),
        ({"birth_date_0": "", "birth_date_1": ""}, (date(1975, 1, 1), "year", None)),
        (
            {"birth_date_0": "", "birth_date_1": "", "birth_date_2": "", "estimated_age": "50"},
            (date(date.today().year - 50, 1, 1), "estimated", 50),
        ),
        ({"birth_date_0": "", "birth_date_1": "", "birth_date_2": ""}, (None, "unknown", None)),
    ],
)
def test_a_date_of_birth_may_be_partly_known(caseworker_client, world, fields, stored):
    _post(caseworker_client, **fields)
    person = Person.objects.get()
    assert (person.birth_date, person.birth_date_precision, person.estimated_age_years) == stored


def test_a_possible_existing_person_is_offered_before_creating(
    caseworker_client, caseworker_user, world
):
    existing = make_person(
        world.council, by=caseworker_user, given_name="Robin", family_name="Ashdown",
        birth_date=date(1975, 7, 14),
    )  # fmt: skip
    response = _post(caseworker_client)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Possible existing person" in html
    assert f'href="/people/{existing.pk}/"' in html
    assert "%</strong>" in html  # the score
    assert "<li>" in html.split("Why it may be them")[1]  # the per-field explanation
    assert Person.objects.count() == 1
    # What was typed rides along in hidden fields, never in a URL.
    assert '<input type="hidden" name="family_name" value="Ashdown">' in html
    assert "Ashdown" not in response.get("Location", "")
    events = AccessEvent.objects.filter(user=caseworker_user, route="people:create")
    assert [(e.person_id, e.channel) for e in events] == [(existing.pk, Channel.SEARCH)]


def test_creating_anyway_makes_a_second_record(caseworker_client, caseworker_user, world):
    make_person(
        world.council, by=caseworker_user, given_name="Robin", family_name="Ashdown",
        birth_date=date(1975, 7, 14),
    )  # fmt: skip
    response = _post(caseworker_client, confirmed="1")
    assert response.status_code == 302
    assert Person.objects.filter(family_name="Ashdown").count() == 2


def test_changing_the_details_goes_back_to_the_form_with_them(
    caseworker_client, caseworker_user, world
):
    make_person(
        world.council, by=caseworker_user, given_name="Robin", family_name="Ashdown",
        birth_date=date(1975, 7, 14),
    )  # fmt: skip
    html = _post(caseworker_client, action="change").content.decode()
    assert '<h1 class="govuk-heading-l">Add a person</h1>' in html
    assert 'value="Ashdown"' in html and 'value="1975"' in html
    assert Person.objects.count() == 1


def test_people_the_user_may_not_see_are_never_offered(caseworker_client, world):
    make_person(
        world.outreach, given_name="Robin", family_name="Ashdown", birth_date=date(1975, 7, 14)
    )
    response = _post(caseworker_client)
    assert response.status_code == 302  # no candidates: created straight away
    assert Person.objects.filter(recorded_by_agency=world.council).count() == 1


@pytest.mark.parametrize("persona", ["commissioner_client", "dpo_client", "admin_client"])
def test_roles_without_casework_cannot_add_people(request, persona, world):
    client = request.getfixturevalue(persona)
    assert client.get("/people/new/").status_code == 403
    assert client.post("/people/new/", FORM).status_code == 403
    assert not Person.objects.exists()
