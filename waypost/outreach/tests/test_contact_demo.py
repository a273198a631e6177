"""The demo's places and street contacts: hotspots first on the form, contacts with the demo
people over the last three months (some bedded down, so the by-name list has people on it),
two contacts to identify; seeding again adds nothing."""

from datetime import timedelta

from django.utils import timezone

from waypost.accounts.models import AgencyType, Role
from waypost.outreach.contact_demo import DEMO_SYSTEM, seed_contacts_demo
from waypost.outreach.models import ByNameEntry, ListStatus, Place, PlaceKind, StreetContact
from waypost.people.actions import add_identifier
from waypost.testing.people import make_person


def _seed(world, outreach_user):
    seed_contacts_demo(
        world.coventry,
        {AgencyType.OUTREACH: world.outreach, AgencyType.HOUSING_OPTIONS: world.council},
        {Role.OUTREACH_WORKER: outreach_user},
    )


def test_the_demo_has_places_contacts_and_people_to_identify(world, outreach_user):
    people = []
    for number in range(15):
        person = make_person(world.outreach, given_name=f"Demo{number}")
        add_identifier(
            person,
            kind="source_id",
            system=DEMO_SYSTEM,
            value=f"demo-coventry-{number:02d}",
            by=None,
            agency=world.outreach,
        )
        people.append(person)
    make_person(world.outreach, given_name="NotDemo")

    _seed(world, outreach_user)

    places = Place.objects.filter(partnership=world.coventry)
    assert places.filter(kind=PlaceKind.HOTSPOT).count() == 4
    assert "Broadgate" in set(places.values_list("name", flat=True))
    contacts = StreetContact.objects.filter(partnership=world.coventry)
    assert contacts.filter(person__isnull=True).count() == 2
    met = set(contacts.exclude(person=None).values_list("person__given_name", flat=True))
    assert met <= {f"Demo{n}" for n in range(12)} and len(met) == 12
    assert contacts.filter(bedded_down=True).exists() and contacts.filter(bedded_down=False)
    oldest = contacts.order_by("contacted_at").first().contacted_at
    assert timezone.now() - timedelta(days=91) < oldest < timezone.now() - timedelta(days=20)
    assert all(set(c.accepted) <= set(c.offered) for c in contacts)
    assert all(c.recorded_at >= c.contacted_at for c in contacts)
    assert ByNameEntry.objects.filter(status=ListStatus.ROUGH_SLEEPING).exists()

    count = contacts.count()
    _seed(world, outreach_user)
    assert StreetContact.objects.count() == count
    assert Place.objects.count() == 8
