"""Someone found on the sweep who is not on the list: the possible-existing-person step first;
a new record is put on the by-name list as sleeping rough with a street contact and a sweep
record "found new"; picking an existing record records it for them instead; accepting a bed
goes on to choosing it; mistakes are explained and lose nothing typed."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from waypost.audit.models import AccessEvent, Channel
from waypost.outreach.models import ByNameEntry, ListStatus, StreetContact
from waypost.outreach.tests.contact_helpers import make_place
from waypost.people.models import BirthDatePrecision, Gender, Person
from waypost.swep.models import ActivationStatus, SweepOutcome, SweepRecord
from waypost.swep.sweep_access import activation_nights, tonight
from waypost.swep.tests.test_sweep_helpers import listed, make_activation
from waypost.testing.people import make_person, sign_agreement_for


@pytest.fixture
def signed(world):
    sign_agreement_for(world.council, world.outreach)
    return world


@pytest.fixture
def activation(signed):
    return make_activation(signed.coventry)


def _url(activation) -> str:
    return reverse("swep:sweep_new_person", args=[activation.pk])


def _form(activation, **overrides) -> dict[str, str]:
    data = {
        "preferred_name": "",
        "given_name": "Zed",
        "family_name": "Newcomer",
        "gender": Gender.MAN,
        "gender_self_description": "",
        "estimated_age": "35",
        "description": "Blue sleeping bag, grey beard",
        "bedded_down": "yes",
        "place": "",
        "location_detail": "Doorway of the old bank",
        "night": tonight(activation_nights(activation)).isoformat(),
        "outcome": SweepOutcome.OFFERED,
        "declined_reason": "",
    }
    return data | overrides


def test_someone_new_is_recorded_and_put_on_the_list(
    signed, activation, outreach_client, outreach_user
):
    place = make_place(signed.coventry, "Broadgate")
    response = outreach_client.post(
        _url(activation),
        _form(activation, place=str(place.pk), outcome="declined", declined_reason="Has a dog"),
    )
    assert response.status_code == 302
    person = Person.objects.get(family_name="Newcomer")
    assert person.recorded_by_agency == signed.outreach
    assert person.gender == Gender.MAN
    assert person.birth_date_precision == BirthDatePrecision.ESTIMATED
    assert person.estimated_age_years == 35
    entry = ByNameEntry.objects.get(person=person)
    assert entry.status == ListStatus.ROUGH_SLEEPING
    assert entry.last_contact_at is not None
    contact = StreetContact.objects.get(person=person)
    assert contact.place == place
    assert contact.bedded_down is True
    assert contact.location_detail == "Doorway of the old bank"
    assert contact.notes == "Blue sleeping bag, grey beard"
    record = SweepRecord.objects.get(person=person)
    assert record.found_new is True
    assert record.outcome == SweepOutcome.DECLINED
    assert record.declined_reason == "Has a dog"
    assert record.activation == activation
    listing = outreach_client.get(response["Location"]).content.decode()
    assert "Record created and put on the by-name list." in listing


def test_not_bedded_down_still_goes_on_the_list_as_sleeping_rough(
    signed, activation, outreach_client
):
    outreach_client.post(_url(activation), _form(activation, bedded_down="no"))
    entry = ByNameEntry.objects.get(person__family_name="Newcomer")
    assert entry.status == ListStatus.ROUGH_SLEEPING
    assert StreetContact.objects.get(person=entry.person).bedded_down is False


def test_possible_existing_people_are_shown_first(
    signed, activation, outreach_client, outreach_user
):
    existing = make_person(
        signed.outreach, outreach_user, given_name="Zed", family_name="Newcomer", gender="man"
    )
    response = outreach_client.post(_url(activation), _form(activation))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Possible existing person" in page
    assert f'name="person" value="{existing.pk}"' in page
    # Everything typed is carried, in hidden fields, to "None of these".
    assert 'name="location_detail" value="Doorway of the old bank"' in page
    assert AccessEvent.objects.filter(
        person_id=existing.pk, channel=Channel.SEARCH, route="swep:sweep_new_person"
    ).exists()
    assert not SweepRecord.objects.exists()
    assert Person.objects.count() == 1

    # None of these: a new record after all.
    response = outreach_client.post(_url(activation), _form(activation) | {"confirmed": "1"})
    assert response.status_code == 302
    assert Person.objects.filter(family_name="Newcomer").count() == 2
    assert SweepRecord.objects.get().found_new is True


def test_picking_an_existing_person_records_it_for_them(
    signed, activation, outreach_client, outreach_user
):
    existing = make_person(
        signed.outreach, outreach_user, given_name="Zed", family_name="Newcomer", gender="man"
    )
    outreach_client.post(
        _url(activation), _form(activation, outcome="declined", declined_reason="Not tonight")
    )
    response = outreach_client.post(_url(activation), {"person": str(existing.pk)})
    assert response.status_code == 302
    assert Person.objects.count() == 1
    record = SweepRecord.objects.get()
    assert record.person == existing
    assert record.found_new is False
    assert record.outcome == SweepOutcome.DECLINED
    assert record.declined_reason == "Not tonight"
    # Found bedded down: on the list as sleeping rough, with the contact.
    assert ByNameEntry.objects.get(person=existing).status == ListStatus.ROUGH_SLEEPING
    assert StreetContact.objects.get(person=existing).location_detail == "Doorway of the old bank"


def test_picking_someone_the_user_may_not_see_is_not_found(signed, activation, outreach_client):
    theirs = listed(signed.council, given_name="Zed", family_name="Newcomer")
    brum = listed(signed.brum_council, given_name="Zed", family_name="Newcomer")
    for person in (theirs, brum):
        assert outreach_client.post(_url(activation), {"person": str(person.pk)}).status_code == 404
    assert outreach_client.post(_url(activation), {"person": "not-an-id"}).status_code == 404
    assert not SweepRecord.objects.exists()


def test_accepting_goes_on_to_choosing_the_bed(signed, activation, outreach_client):
    response = outreach_client.post(_url(activation), _form(activation, outcome="accepted"))
    person = Person.objects.get(family_name="Newcomer")
    night = tonight(activation_nights(activation)).isoformat()
    expected = reverse("swep:sweep_person", args=[activation.pk, person.pk])
    assert response["Location"] == f"{expected}?night={night}&outcome=accepted"
    record = SweepRecord.objects.get()
    assert (record.outcome, record.found_new) == (SweepOutcome.OFFERED, True)
    page = outreach_client.get(response["Location"]).content.decode()
    assert "Now choose the bed they accepted." in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"given_name": "", "family_name": ""}, "Enter a name"),
        ({"location_detail": ""}, "Choose a place, or say where exactly you found them"),
        ({"bedded_down": ""}, "Choose whether they were bedded down"),
        ({"outcome": "declined"}, "Enter why they declined the bed"),
        ({"outcome": ""}, "Choose what they said to a bed"),
        ({"estimated_age": "old"}, "Enter their approximate age as a number"),
        ({"night": "2001-01-01"}, "Choose one of the nights SWEP was on"),
    ],
)
def test_mistakes_are_explained_and_keep_what_was_typed(
    signed, activation, outreach_client, changes, message
):
    response = outreach_client.post(_url(activation), _form(activation, **changes))
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "Blue sleeping bag, grey beard" in page
    assert not Person.objects.exists()


def test_only_while_swep_is_on(signed, outreach_client, admin_client, world):
    started = timezone.now() - timedelta(days=4)
    ended = make_activation(
        world.coventry,
        status=ActivationStatus.ENDED,
        starts_at=started,
        ended_at=started + timedelta(days=2),
    )
    assert outreach_client.get(_url(ended)).status_code == 404
    active = make_activation(world.coventry)
    assert outreach_client.get(_url(active)).status_code == 200
    assert admin_client.get(_url(active)).status_code == 403
    assert outreach_client.get(_url(make_activation(world.birmingham))).status_code == 404


def test_linking_without_what_was_typed_asks_again(
    signed, activation, outreach_client, outreach_user
):
    existing = make_person(
        signed.outreach, outreach_user, given_name="Zed", family_name="Newcomer", gender="man"
    )
    outreach_client.post(_url(activation), _form(activation))  # the candidates page
    outreach_client.post(_url(activation), _form(activation) | {"action": "change"})
    response = outreach_client.post(_url(activation), {"person": str(existing.pk)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter what happened again" in page
    assert not SweepRecord.objects.exists()
    assert not any(key.startswith("swep-new-person") for key in outreach_client.session.keys())
