"""Recording a street contact and identifying the person later: the rules every door (form,
API, demo) shares, and the by-name list kept current in the same transaction."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from waypost.outreach.contact_actions import (
    ContactAlreadyIdentified,
    identify_contact,
    record_street_contact,
)
from waypost.outreach.models import ByNameEntry, ListStatus, StatusChange, StreetContact
from waypost.outreach.tests.contact_helpers import make_contact, make_place
from waypost.people.models import Person
from waypost.testing.people import make_person


def test_someone_known_seen_bedded_down_goes_on_the_by_name_list_as_sleeping_rough(
    world, outreach_user
):
    person = make_person(world.outreach)
    Person.objects.filter(pk=person.pk).update(last_activity_at=timezone.now() - timedelta(days=30))
    contact = make_contact(world.outreach, outreach_user, person=person, bedded_down=True)

    assert contact.partnership == world.coventry
    assert contact.recorded_by == outreach_user and contact.recorded_by_agency == world.outreach
    entry = ByNameEntry.objects.get(person=person)
    assert entry.status == ListStatus.ROUGH_SLEEPING
    assert entry.last_contact_at == contact.contacted_at
    assert StatusChange.objects.filter(entry=entry, status=ListStatus.ROUGH_SLEEPING).exists()
    person.refresh_from_db()
    assert person.last_activity_at > timezone.now() - timedelta(minutes=1)


def test_someone_known_not_bedded_down_is_on_the_list_as_at_risk(world, outreach_user):
    person = make_person(world.outreach)
    make_contact(world.outreach, outreach_user, person=person, bedded_down=False)
    assert ByNameEntry.objects.get(person=person).status == ListStatus.AT_RISK


def test_someone_not_identified_is_not_on_the_list_and_needs_a_description(world, outreach_user):
    contact = make_contact(world.outreach, outreach_user)
    assert contact.person is None
    assert not ByNameEntry.objects.exists()
    with pytest.raises(ValidationError) as refused:
        make_contact(world.outreach, outreach_user, description="  ")
    assert list(refused.value.message_dict) == ["description"]


def test_what_was_accepted_must_have_been_offered(world, outreach_user):
    with pytest.raises(ValidationError) as refused:
        make_contact(world.outreach, outreach_user, offered=["food"], accepted=["food", "health"])
    assert refused.value.message_dict["accepted"] == [
        "You ticked “Health care” as accepted but not as offered. Tick it under “What did you "
        "offer?” as well, or untick here"
    ]
    assert not StreetContact.objects.exists()


def test_codes_are_kept_once_each_in_the_forms_order(world, outreach_user):
    contact = make_contact(
        world.outreach,
        outreach_user,
        activities=["tents", "begging", "begging"],
        offered=["food", "accommodation"],
        accepted=["food"],
    )
    assert contact.activities == ["begging", "tents"]
    assert contact.offered == ["accommodation", "food"]
    with pytest.raises(ValidationError) as refused:
        make_contact(world.outreach, outreach_user, activities=["loitering"])
    assert list(refused.value.message_dict) == ["activities"]


def test_a_contact_says_where(world, outreach_user):
    with pytest.raises(ValidationError) as refused:
        make_contact(world.outreach, outreach_user, location_detail="")
    assert list(refused.value.message_dict) == ["place"]
    place = make_place(world.coventry)
    assert make_contact(world.outreach, outreach_user, place=place, location_detail="").place
    located = make_contact(
        world.outreach, outreach_user, location_detail="", latitude="52.408123", longitude=-1.51
    )
    # Rounded to 4 decimal places (about 10 metres) before it is stored.
    assert located.latitude == Decimal("52.4081")
    assert located.longitude == Decimal("-1.5100")


@pytest.mark.parametrize(
    ("latitude", "longitude"), [("91", "0"), ("52.4", ""), ("nan", "1"), ("north", "west")]
)
def test_a_location_that_is_not_on_earth_is_refused(world, outreach_user, latitude, longitude):
    with pytest.raises(ValidationError) as refused:
        make_contact(world.outreach, outreach_user, latitude=latitude, longitude=longitude)
    assert list(refused.value.message_dict) == ["latitude"]


def test_a_contact_cannot_be_in_the_future_but_can_be_earlier(world, outreach_user):
    with pytest.raises(ValidationError) as refused:
        make_contact(
            world.outreach, outreach_user, contacted_at=timezone.now() + timedelta(hours=1)
        )
    assert list(refused.value.message_dict) == ["contacted_at"]
    earlier = timezone.now() - timedelta(hours=5)
    assert make_contact(world.outreach, outreach_user, contacted_at=earlier).contacted_at == earlier


def test_nothing_crosses_partnerships(world, outreach_user):
    brum_person = make_person(world.brum_council)
    with pytest.raises(PermissionDenied):
        make_contact(world.outreach, outreach_user, person=brum_person)
    with pytest.raises(PermissionDenied):
        make_contact(world.outreach, outreach_user, place=make_place(world.birmingham))
    assert not StreetContact.objects.exists()


def test_only_staff_who_record_contacts_for_the_agency_may(world, referrer_user, outreach_user):
    with pytest.raises(PermissionDenied):
        make_contact(world.hospital, referrer_user)
    with pytest.raises(PermissionDenied):  # an outreach worker, but not for the council
        make_contact(world.council, outreach_user)


def test_identifying_links_the_contact_and_keeps_the_list_current(
    world, outreach_user, coordinator_user
):
    met_at = timezone.now() - timedelta(days=2)
    contact = make_contact(world.outreach, outreach_user, contacted_at=met_at, bedded_down=True)
    person = make_person(world.council)

    identified = identify_contact(contact, person, by=coordinator_user, agency=world.council)

    contact.refresh_from_db()
    assert contact.person == person == identified.person
    assert contact.identified_by == coordinator_user
    assert contact.identified_at > timezone.now() - timedelta(minutes=1)
    assert contact.description  # kept: it is how the team knew them then
    entry = ByNameEntry.objects.get(person=person)
    assert entry.status == ListStatus.ROUGH_SLEEPING
    assert entry.last_contact_at == met_at
    assert entry.added_by_agency == world.council

    with pytest.raises(ContactAlreadyIdentified):
        identify_contact(
            contact,
            make_person(world.council, given_name="Sam"),
            by=coordinator_user,
            agency=world.council,
        )
    contact.refresh_from_db()
    assert contact.person == person


def test_identifying_an_older_contact_does_not_undo_a_newer_status(world, outreach_user):
    person = make_person(world.outreach)
    make_contact(world.outreach, outreach_user, person=person, bedded_down=False)
    old = make_contact(
        world.outreach,
        outreach_user,
        bedded_down=True,
        contacted_at=timezone.now() - timedelta(days=40),
    )
    identify_contact(old, person, by=outreach_user, agency=world.outreach)
    entry = ByNameEntry.objects.get(person=person)
    assert entry.status == ListStatus.AT_RISK
    assert entry.last_contact_at > timezone.now() - timedelta(minutes=1)


def test_a_contact_cannot_be_identified_as_someone_in_another_partnership(world, outreach_user):
    contact = make_contact(world.outreach, outreach_user)
    with pytest.raises(PermissionDenied):
        identify_contact(contact, make_person(world.brum_council), by=None, agency=world.outreach)


def test_the_demo_seed_may_record_without_a_user(world):
    contact = record_street_contact(
        agency=world.outreach,
        by=None,
        bedded_down=False,
        description="Seen by the seed",
        location_detail="Library steps",
    )
    assert contact.recorded_by is None
