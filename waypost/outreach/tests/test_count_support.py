"""Helpers for the street count tests (no tests here): London times, street contacts, a
snapshot, a person whose record everyone in Coventry may see, and signed-in clients."""

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.test import Client

from waypost.accounts.models import User
from waypost.outreach import count_actions
from waypost.outreach.models import CountMethod, Place, StreetContact, StreetCount
from waypost.testing.people import give_consent, make_person, sign_agreement_for
from waypost.testing.personas import mark_recently_authenticated

LONDON = ZoneInfo("Europe/London")
# A Thursday in autumn, long past: the night of the test snapshot.
NIGHT = date(2025, 11, 13)
AGENCIES_CONSULTED = "West Midlands Police, University Hospital, the day centre"
VERIFIER = "Homeless Link"


def london(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


def seen(
    world: Any,
    when: datetime,
    *,
    person: Any = None,
    description: str = "",
    bedded_down: bool = True,
    place: Place | None = None,
    partnership: Any = None,
) -> StreetContact:
    """A street contact by the Coventry outreach team."""
    if person is None and not description:
        description = "Man in a green sleeping bag"
    return StreetContact.objects.create(
        partnership=partnership or world.coventry,
        person=person,
        description=description,
        contacted_at=when,
        bedded_down=bedded_down,
        place=place,
        recorded_by_agency=world.outreach if partnership is None else partnership.agencies.first(),
    )


def snapshot(
    world: Any,
    by: User,
    *,
    night: date = NIGHT,
    method: str = CountMethod.COUNT,
    total: int | None = None,
    partnership: Any = None,
    agencies_consulted: str = AGENCIES_CONSULTED,
    verifier: str = VERIFIER,
) -> StreetCount:
    """A snapshot with all its details (so ready to submit once its people add up)."""
    partnership = partnership or world.coventry
    return count_actions.start_snapshot(
        partnership,
        night=night,
        method=method,
        areas_covered="City centre and Foleshill",
        notes="Six volunteers, two teams",
        total=total,
        agencies_consulted=agencies_consulted,
        verifier=verifier,
        agency=partnership.agencies.order_by("name").first(),
        by=by,
    )


def shared_person(world: Any, by: User, **fields: Any) -> Any:
    """A person recorded by the council who agreed to share everything with every agency, in a
    partnership where every Coventry agency signed the agreement."""
    sign_agreement_for(world.council, world.outreach, world.hospital)
    person = make_person(world.council, by=by, **fields)
    give_consent(person, by, world.council)
    return person


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    mark_recently_authenticated(client, user)
    return client


def date_fields(name: str, day: date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}
