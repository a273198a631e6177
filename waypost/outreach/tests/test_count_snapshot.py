"""Recording the annual snapshot through its pages: starting it, adding people by hand and
everyone seen bedded down that night, changing and removing a row, linking a row to a person's
record, the return's table and its check, and one snapshot a year."""

from datetime import date

import pytest
from django.urls import reverse

from waypost.outreach.models import (
    CountedPerson,
    CountKind,
    CountMethod,
    Place,
    StreetCount,
)
from waypost.outreach.tests.test_count_support import (
    NIGHT,
    date_fields,
    london,
    seen,
    shared_person,
    snapshot,
)
from waypost.people.models import Person
from waypost.testing.people import make_person

pytestmark = pytest.mark.django_db


def _start(client, world, **overrides):
    data = {
        **date_fields("night", NIGHT),
        "method": "count",
        "total": "",
        "areas_covered": "City centre",
        "notes": "",
        **overrides,
    }
    return client.post(f"{reverse('outreach:count_new')}?partnership=coventry", data)


def test_an_outreach_worker_starts_a_snapshot_and_sees_it(outreach_client, world):
    response = _start(outreach_client, world)
    count = StreetCount.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("outreach:count_detail", args=[count.pk])
    assert (count.kind, count.method, count.night, count.total) == ("annual", "count", NIGHT, 0)
    assert count.recorded_by_agency == world.outreach
    html = outreach_client.get(response.url).content.decode()
    assert "Annual snapshot: night of 13 November 2025" in html
    assert "From 10pm on 13 November to 6am on 14 November 2025" in html
    assert "No one has been added yet." in html


def test_one_annual_snapshot_a_year(outreach_client, world, coordinator_user):
    snapshot(world, coordinator_user, night=date(2025, 10, 30))
    response = _start(outreach_client, world)
    assert response.status_code == 200
    assert "There is already an annual snapshot for 2025, for the night of 30 October 2025" in (
        response.content.decode()
    )
    assert StreetCount.objects.count() == 1


def test_adding_people_by_hand_keeps_the_total_and_the_return_in_step(
    outreach_client, world, coordinator_user
):
    count = snapshot(world, coordinator_user)
    place = Place.objects.create(partnership=world.coventry, name="Broadgate")
    url = reverse("outreach:count_person_add", args=[count.pk])
    response = outreach_client.post(
        url,
        {
            "how_many": "3",
            "gender": "male",
            "age": "26_plus",
            "nationality": "uk",
            "place": str(place.pk),
            "description": "Group of three by the fountain",
        },
    )
    assert response.status_code == 302
    outreach_client.post(
        url,
        {"how_many": "1", "gender": "female", "age": "18_25", "nationality": "eu",
         "place": "", "description": "", "action": "another"},
    )  # fmt: skip
    count.refresh_from_db()
    assert count.total == 4
    assert CountedPerson.objects.filter(count=count, place=place).count() == 3
    html = outreach_client.get(reverse("outreach:count_detail", args=[count.pk])).content.decode()
    assert "4 people counted" in html
    assert "Group of three by the fountain" in html
    assert "Each breakdown adds up to the total of 4." in html


def test_a_row_is_changed_and_removed(outreach_client, world, coordinator_user):
    count = snapshot(world, coordinator_user)
    row = CountedPerson.objects.create(count=count, description="Blue tent")
    count.total = 1
    count.save()
    edit = reverse("outreach:count_person_edit", args=[count.pk, row.pk])
    page = outreach_client.get(edit).content.decode()
    assert "Blue tent" in page and "Link to a record" in page
    outreach_client.post(
        edit, {"gender": "female", "age": "under_18", "nationality": "not_known",
               "place": "", "description": "Blue tent, with a dog"},
    )  # fmt: skip
    row.refresh_from_db()
    assert (row.gender, row.age, row.description) == ("female", "under_18", "Blue tent, with a dog")
    remove = reverse("outreach:count_person_remove", args=[count.pk, row.pk])
    assert "Remove this person from the count?" in outreach_client.get(remove).content.decode()
    outreach_client.post(remove)
    count.refresh_from_db()
    assert not CountedPerson.objects.exists()
    assert count.total == 0


def test_everyone_seen_bedded_down_that_night_is_added_once(
    coordinator_client, world, coordinator_user
):
    """Two people with records (one met twice), one not identified; someone met but not bedded
    down, someone seen the night before and someone seen after 6am are left out."""
    count = snapshot(world, coordinator_user)
    place = Place.objects.create(partnership=world.coventry, name="Bus station")
    jo = shared_person(
        world, coordinator_user, gender="woman", nationality="Polish",
        birth_date=date(2003, 11, 14), birth_date_precision="exact",
    )  # fmt: skip
    sam = make_person(world.council, by=coordinator_user, given_name="Sam", gender="man",
                      nationality="British", birth_date=date(1970, 1, 1))  # fmt: skip
    seen(world, london(NIGHT, 22, 30), person=jo)
    seen(world, london(NIGHT + date.resolution, 3, 0), person=jo, place=place)
    seen(world, london(NIGHT, 23, 0), person=sam)
    seen(world, london(NIGHT, 23, 15), description="Older man with a red dog", place=place)
    seen(world, london(NIGHT, 23, 30), description="Met at the soup run", bedded_down=False)
    seen(world, london(NIGHT, 21, 59), description="Seen earlier that evening")
    seen(world, london(NIGHT + date.resolution, 6, 1), description="Seen after six")

    url = reverse("outreach:count_add_bedded_down", args=[count.pk])
    response = coordinator_client.post(url, follow=True)
    html = response.content.decode()
    assert "Added 3 people seen bedded down: 2 with a record and 1 not yet identified." in html
    rows = {r.person_id: r for r in CountedPerson.objects.filter(count=count)}
    assert set(rows) == {jo.pk, sam.pk, None}
    # Jo: 21 on the night (born 14 November 2003), Polish; seen last at the bus station.
    assert (rows[jo.pk].gender, rows[jo.pk].age, rows[jo.pk].nationality) == (
        "female", "18_25", "eu",
    )  # fmt: skip
    assert rows[jo.pk].place == place
    assert (rows[sam.pk].gender, rows[sam.pk].age, rows[sam.pk].nationality) == (
        "male", "26_plus", "uk",
    )  # fmt: skip
    assert rows[None].description == "Older man with a red dog"
    count.refresh_from_db()
    assert count.total == 3

    again = coordinator_client.post(url, follow=True).content.decode()
    assert "Added 0 people seen bedded down" in again
    assert "3 people were already on the list." in again
    assert CountedPerson.objects.filter(count=count).count() == 3


def test_details_stay_not_known_for_someone_whose_record_the_user_cannot_see(
    outreach_client, world, coordinator_user
):
    """Recorded by the council with no sharing permission: the outreach worker adds them to the
    count without learning their gender, age or nationality."""
    count = snapshot(world, coordinator_user)
    private = make_person(world.council, by=coordinator_user, gender="woman",
                          nationality="Irish")  # fmt: skip
    seen(world, london(NIGHT, 23, 0), person=private)
    html = outreach_client.post(
        reverse("outreach:count_add_bedded_down", args=[count.pk]), follow=True
    ).content.decode()
    row = CountedPerson.objects.get(count=count)
    assert row.person == private
    assert (row.gender, row.age, row.nationality) == ("not_known", "not_known", "not_known")
    assert "For 1 person whose record you cannot see" in html
    assert "Linked to a record you cannot see" in html
    assert "Bloggs" not in html


def test_linking_a_row_to_an_existing_person_fills_what_was_not_known(
    coordinator_client, world, coordinator_user
):
    count = snapshot(world, coordinator_user)
    jo = shared_person(world, coordinator_user, gender="woman", nationality="Eritrean")
    row = CountedPerson.objects.create(count=count, age="26_plus", description="Red coat")
    url = reverse("outreach:count_person_link", args=[count.pk, row.pk])
    assert "Who is the person?" in coordinator_client.get(url).content.decode()
    matches = coordinator_client.post(
        url, {"given_name": "Jo", "family_name": "Bloggs", "gender": "woman",
              **date_fields("birth_date", jo.birth_date)},
    ).content.decode()  # fmt: skip
    assert "Possible existing person" in matches
    assert "Jo Bloggs" in matches
    coordinator_client.post(url, {"person": str(jo.pk)})
    row.refresh_from_db()
    assert row.person == jo
    # The age typed on the night stays; what was not known comes from the record.
    assert (row.gender, row.age, row.nationality) == ("female", "26_plus", "non_eu")


def test_a_person_is_counted_once(coordinator_client, world, coordinator_user):
    count = snapshot(world, coordinator_user)
    jo = shared_person(world, coordinator_user)
    CountedPerson.objects.create(count=count, person=jo)
    other = CountedPerson.objects.create(count=count)
    url = reverse("outreach:count_person_link", args=[count.pk, other.pk])
    html = coordinator_client.post(url, {"person": str(jo.pk)}, follow=True).content.decode()
    assert "This person is already on the list for this count." in html
    other.refresh_from_db()
    assert other.person is None


def test_linking_creates_a_new_record_when_none_matches(outreach_client, world, coordinator_user):
    count = snapshot(world, coordinator_user)
    row = CountedPerson.objects.create(count=count)
    url = reverse("outreach:count_person_link", args=[count.pk, row.pk])
    outreach_client.post(
        url, {"given_name": "Zofia", "family_name": "Nowak", "gender": "woman",
              **date_fields("birth_date", date(1990, 5, 1)), "confirmed": "1"},
    )  # fmt: skip
    row.refresh_from_db()
    person = Person.objects.get(given_name="Zofia")
    assert row.person == person
    assert person.recorded_by_agency == world.outreach
    assert (row.gender, row.age) == ("female", "26_plus")


def test_the_link_can_be_removed(coordinator_client, world, coordinator_user):
    count = snapshot(world, coordinator_user)
    jo = shared_person(world, coordinator_user)
    row = CountedPerson.objects.create(count=count, person=jo)
    url = reverse("outreach:count_person_link", args=[count.pk, row.pk])
    assert "Remove the link" in coordinator_client.get(url).content.decode()
    coordinator_client.post(url, {"action": "unlink"})
    row.refresh_from_db()
    assert row.person is None
    assert Person.objects.filter(pk=jo.pk).exists()


def test_an_estimate_needs_its_breakdowns_to_add_up_before_it_is_submitted(
    coordinator_client, world, coordinator_user
):
    count = snapshot(world, coordinator_user, method=CountMethod.ESTIMATE, total=3)
    CountedPerson.objects.create(count=count, gender="male")
    detail = coordinator_client.get(reverse("outreach:count_detail", args=[count.pk]))
    html = detail.content.decode()
    assert "The breakdowns do not add up to the total of 3: they add up to 1." in html
    page = coordinator_client.get(reverse("outreach:count_submit", args=[count.pk])).content
    assert "The breakdowns add up to 1 person but the total is 3. Add a row for each of the " \
        "other 2 people" in page.decode()  # fmt: skip
    coordinator_client.post(reverse("outreach:count_submit", args=[count.pk]))
    count.refresh_from_db()
    assert count.submitted_at is None

    coordinator_client.post(
        reverse("outreach:count_person_add", args=[count.pk]),
        {"how_many": "2", "gender": "not_known", "age": "not_known",
         "nationality": "not_known", "place": "", "description": ""},
    )  # fmt: skip
    count.refresh_from_db()
    assert count.total == 3  # an estimate's total is what was typed, whatever the rows
    coordinator_client.post(reverse("outreach:count_submit", args=[count.pk]))
    count.refresh_from_db()
    assert count.submitted_at is not None


def test_changing_the_details_of_a_count_to_an_estimate(outreach_client, world, coordinator_user):
    count = snapshot(world, coordinator_user)
    url = reverse("outreach:count_edit", args=[count.pk])
    form = outreach_client.get(url).content.decode()
    assert 'value="City centre and Foleshill"' not in form  # a textarea, not an input
    assert "City centre and Foleshill" in form
    seen_value = form.split('name="seen" value="')[1].split('"')[0]
    response = outreach_client.post(
        url,
        {**date_fields("night", NIGHT), "method": "estimate", "total": "25",
         "areas_covered": "Whole city", "notes": "", "seen": seen_value},
    )  # fmt: skip
    assert response.status_code == 302
    count.refresh_from_db()
    assert (count.method, count.total, count.areas_covered) == ("estimate", 25, "Whole city")
    assert count.kind == CountKind.ANNUAL


def test_a_change_made_meanwhile_is_not_overwritten(outreach_client, world, coordinator_user):
    count = snapshot(world, coordinator_user)
    url = reverse("outreach:count_edit", args=[count.pk])
    form = outreach_client.get(url).content.decode()
    seen_value = form.split('name="seen" value="')[1].split('"')[0]
    StreetCount.objects.filter(pk=count.pk).update(areas_covered="Changed by someone else")
    response = outreach_client.post(
        url,
        {**date_fields("night", NIGHT), "method": "count", "total": "",
         "areas_covered": "My areas", "notes": "", "seen": seen_value},
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this count while you were filling in the form" in html
    assert "My areas" in html  # what was typed is kept
    count.refresh_from_db()
    assert count.areas_covered == "Changed by someone else"
