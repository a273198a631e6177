"""Helpers for the street contact tests: a place, a contact, a Birmingham outreach worker, and
the contact form's fields as a browser sends them."""

from typing import Any

from django.utils import timezone

from waypost.accounts.models import Agency, AgencyType, Partnership, Role, User
from waypost.outreach.contact_actions import record_street_contact
from waypost.outreach.models import Place, PlaceKind, StreetContact
from waypost.testing.personas import make_user


def make_place(
    partnership: Partnership, name: str = "Broadgate", kind: str = PlaceKind.HOTSPOT, **fields: Any
) -> Place:
    fields.setdefault("area", "City centre")
    return Place.objects.create(partnership=partnership, name=name, kind=kind, **fields)


def make_contact(agency: Agency, by: User | None = None, **fields: Any) -> StreetContact:
    """A contact recorded by `agency`: someone not identified yet, bedded down in a doorway,
    unless told otherwise."""
    if fields.get("person") is None:
        fields.setdefault("description", "Man in a green parka with a blue sleeping bag")
    fields.setdefault("bedded_down", True)
    fields.setdefault("location_detail", "Doorway of the old bank")
    return record_street_contact(agency=agency, by=by, **fields)


def birmingham_outreach_user(world: Any) -> User:
    """An outreach worker in the other partnership."""
    agency = Agency.objects.create(
        partnership=world.birmingham, name="Birmingham Outreach", type=AgencyType.OUTREACH
    )
    return make_user("outreach@birmingham.test", agency=agency, role=Role.OUTREACH_WORKER)


def form_data(**overrides: Any) -> dict[str, Any]:
    """The contact form as sent for someone not identified yet, met just now, bedded down."""
    now = timezone.localtime()
    data: dict[str, Any] = {
        "who": "unidentified",
        "person_search": "",
        "person": "",
        "description": "Woman, about 30, red rucksack, says her name is Jay",
        "place": "",
        "latitude": "",
        "longitude": "",
        "location_detail": "Bus shelter opposite the station",
        "contacted_on_0": str(now.day),
        "contacted_on_1": str(now.month),
        "contacted_on_2": str(now.year),
        "contacted_time": now.strftime("%H:%M"),
        "bedded_down": "yes",
        "activities": [],
        "offered": ["accommodation", "food"],
        "accepted": ["food"],
        "notes": "",
    }
    data.update(overrides)
    return data
