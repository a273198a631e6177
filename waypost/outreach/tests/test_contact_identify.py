"""Identifying the person on a contact: find their record and link it, or create a record (the
possible-existing-person check first). The contact then joins their record and the by-name
list. Only records the worker may see can be linked; a contact is identified once."""

from datetime import timedelta

from django.utils import timezone

from waypost.audit.models import AccessEvent
from waypost.outreach.models import ByNameEntry, ListStatus, StreetContact
from waypost.outreach.tests.contact_helpers import make_contact
from waypost.people.models import Person
from waypost.testing.people import make_person, sign_agreement_for


def _person_form(**overrides):
    data = {
        "preferred_name": "",
        "given_name": "Zebedee",
        "family_name": "Quartermain",
        "birth_date_0": "",
        "birth_date_1": "",
        "birth_date_2": "",
        "estimated_age": "45",
        "gender": "man",
        "gender_self_description": "",
        "nhs_number": "",
        "ni_number": "",
    }
    data.update(overrides)
    return data


def test_find_the_record_and_link_it(world, outreach_user, outreach_client):
    met_at = timezone.now() - timedelta(days=3)
    contact = make_contact(world.outreach, outreach_user, contacted_at=met_at)
    known = make_person(
        world.outreach, given_name="Patrick", family_name="Doherty", preferred_name="Paddy"
    )
    url = f"/street/contacts/{contact.pk}/identify/"
    page = outreach_client.get(url).content.decode()
    assert "Man in a green parka" in page  # the description, to know whom to look for

    page = outreach_client.post(url, {"q": "Paddy Doherty"}).content.decode()
    assert "1 person matches" in page
    assert f'name="person" value="{known.pk}"' in page
    assert AccessEvent.objects.filter(
        user=outreach_user, person_id=known.pk, channel="search", route="outreach:contact_identify"
    ).exists()

    response = outreach_client.post(url, {"person": str(known.pk)})
    assert response.status_code == 302
    assert response.url == f"/street/contacts/{contact.pk}/"
    contact.refresh_from_db()
    assert contact.person == known
    assert contact.identified_by == outreach_user
    entry = ByNameEntry.objects.get(person=known)
    assert (entry.status, entry.last_contact_at) == (ListStatus.ROUGH_SLEEPING, met_at)
    page = outreach_client.get(response.url).content.decode()
    assert "Contact linked to the person’s record." in page
    assert "Paddy (Patrick Doherty)" in page


def test_an_empty_search_says_what_to_enter(world, outreach_user, outreach_client):
    contact = make_contact(world.outreach, outreach_user)
    page = outreach_client.post(f"/street/contacts/{contact.pk}/identify/", {"q": ""})
    assert "Enter a name, date of birth or identifier to search for" in page.content.decode()


def test_create_a_record_when_there_is_no_one_like_them(world, outreach_user, outreach_client):
    contact = make_contact(world.outreach, outreach_user)
    url = f"/street/contacts/{contact.pk}/identify/new/"
    assert "Who is the person?" in outreach_client.get(url).content.decode()
    response = outreach_client.post(url, _person_form())
    assert response.status_code == 302
    person = Person.objects.get(family_name="Quartermain")
    assert person.recorded_by_agency == world.outreach
    contact.refresh_from_db()
    assert contact.person == person
    assert ByNameEntry.objects.filter(person=person).exists()


def test_a_possible_existing_person_is_offered_first(world, outreach_user, outreach_client):
    contact = make_contact(world.outreach, outreach_user)
    known = make_person(world.outreach, given_name="Zebedee", family_name="Quartermain")
    url = f"/street/contacts/{contact.pk}/identify/new/"
    page = outreach_client.post(url, _person_form()).content.decode()
    assert "Possible existing person" in page
    assert f'name="person" value="{known.pk}"' in page
    assert f'action="/street/contacts/{contact.pk}/identify/"' in page
    # None of them: the record is created with what was typed.
    response = outreach_client.post(url, {**_person_form(), "confirmed": "1"})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.person != known
    assert Person.objects.filter(family_name="Quartermain").count() == 2


def test_bad_person_details_keep_what_was_typed(world, outreach_user, outreach_client):
    contact = make_contact(world.outreach, outreach_user)
    page = outreach_client.post(
        f"/street/contacts/{contact.pk}/identify/new/",
        _person_form(given_name="", family_name="", nhs_number="123"),
    ).content.decode()
    assert "Enter a name: a first name, last name or the name they use" in page
    assert 'value="123"' in page
    assert not Person.objects.exists()


def test_a_contact_is_identified_once(world, outreach_user, outreach_client):
    contact = make_contact(world.outreach, outreach_user)
    first, second = make_person(world.outreach), make_person(world.outreach, given_name="Sam")
    outreach_client.post(f"/street/contacts/{contact.pk}/identify/", {"person": str(first.pk)})
    for url, data in (
        (f"/street/contacts/{contact.pk}/identify/", {"person": str(second.pk)}),
        (f"/street/contacts/{contact.pk}/identify/new/", {**_person_form(), "confirmed": "1"}),
    ):
        response = outreach_client.post(url, data, follow=True)
        assert "Someone has already identified the person on this contact." in (
            response.content.decode()
        )
    contact.refresh_from_db()
    assert contact.person == first
    assert not Person.objects.filter(family_name="Quartermain").exists()


def test_only_a_record_the_worker_may_see_can_be_linked(world, outreach_user, outreach_client):
    contact = make_contact(world.outreach, outreach_user)
    hidden = make_person(world.council)  # not shared with outreach
    brum = make_person(world.brum_council)
    for person in (hidden, brum):
        response = outreach_client.post(
            f"/street/contacts/{contact.pk}/identify/", {"person": str(person.pk)}
        )
        assert response.status_code == 404
    assert (
        outreach_client.post(
            f"/street/contacts/{contact.pk}/identify/", {"person": "not-an-id"}
        ).status_code
        == 404
    )
    contact.refresh_from_db()
    assert contact.person is None


def test_when_the_person_does_not_share_with_them_the_worker_is_told(
    world, outreach_user, caseworker_client
):
    sign_agreement_for(world.council, world.outreach)
    contact = make_contact(world.outreach, outreach_user)
    person = make_person(world.council)  # the caseworker's own agency's record
    response = caseworker_client.post(
        f"/street/contacts/{contact.pk}/identify/", {"person": str(person.pk)}, follow=True
    )
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == "/street/contacts/unidentified/"
    assert "no longer listed for you" in page
    assert StreetContact.objects.get().person == person
