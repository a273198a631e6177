"""Helpers for the enforcement and death tests (no tests here): people on the by-name list,
support offered and planned, extra staff, and a death notified with its review."""

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.test import Client
from django.utils import timezone

from waypost.accounts.models import Agency, AgencyType, User
from waypost.cases import death_actions
from waypost.cases.models import DeathReview, PlanAction, PlanStatus
from waypost.outreach.entries import put_on_list
from waypost.outreach.models import ListStatus, StreetContact
from waypost.people.models import Person
from waypost.testing.people import make_person
from waypost.testing.personas import World, make_user, mark_recently_authenticated


def client_for(user: User) -> Client:
    """A client signed in as `user` just now, with password and TOTP."""
    client = Client()
    client.force_login(user)
    mark_recently_authenticated(client, user)
    return client


def agency(world: World, kind: str, name: str, partnership: Any = None) -> Agency:
    return Agency.objects.create(partnership=partnership or world.coventry, name=name, type=kind)


def police(world: World) -> Agency:
    return agency(world, AgencyType.POLICE, "Coventry Police")


def member(email: str, at: Agency, role: str) -> User:
    return make_user(email, agency=at, role=role)


def on_list(person: Person, at: Agency, status: str = ListStatus.ROUGH_SLEEPING) -> Any:
    """Put the person on the by-name list with `status`."""
    with transaction.atomic():  # put_on_list locks the row (browser tests run outside one)
        entry = put_on_list(person, status, agency=at, by=None)
    if entry.status != status:
        entry.status = status
        entry.save(update_fields=["status"])
    return entry


def offer_support(
    person: Person,
    at: Agency,
    *,
    days_ago: int = 10,
    offered: tuple[str, ...] = ("accommodation", "food"),
    notes: str = "",
) -> StreetContact:
    """A street contact `days_ago` days ago (midday, London time) at which `offered` was offered."""
    midday = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    return StreetContact.objects.create(
        partnership_id=person.partnership_id,
        person=person,
        contacted_at=midday - timedelta(days=days_ago),
        bedded_down=True,
        offered=list(offered),
        notes=notes,
        recorded_by_agency=at,
    )


def plan_action(
    person: Person, at: Agency, *, status: str = PlanStatus.OPEN, days_ago: int = 5
) -> PlanAction:
    return PlanAction.objects.create(
        person=person,
        recorded_by_agency=at,
        recorded_at=timezone.now() - timedelta(days=days_ago),
        text="Help with a housing application",
        owner_agency=at,
        due_on=timezone.localdate() + timedelta(days=14),
        status=status,
    )


def supported_person(world: World, by: User | None = None, **fields: Any) -> Person:
    """Someone recorded by the council, sleeping rough on the list, offered support by
    outreach 10 days ago and with an open action in their support plan: the charter is met."""
    person = make_person(world.council, by=by, **fields)
    on_list(person, world.outreach)
    offer_support(person, world.outreach)
    plan_action(person, world.council)
    return person


def unsupported_person(world: World, by: User | None = None, **fields: Any) -> Person:
    """Someone on the list with no support on record: the charter is not met."""
    person = make_person(world.council, by=by, **fields)
    on_list(person, world.outreach)
    return person


def notified_death(person: Person, at: Agency, by: User, **fields: Any) -> DeathReview:
    values: dict[str, Any] = {
        "died_on": timezone.localdate() - timedelta(days=3),
        "died_on_approximate": False,
        "place_of_death": "Doorway on Corporation Street",
        "circumstances": "Found unresponsive in the early morning",
        "how_heard": "From the police",
    }
    values.update(fields)
    return death_actions.notify_death(person, agency=at, by=by, **values)


def review_fields(review: DeathReview, **overrides: Any) -> dict[str, Any]:
    """A POST of the review form: version, texts, agencies and the SAR decision."""
    data: dict[str, Any] = {
        "version": review.version,
        "circumstances": "Died of hypothermia during a cold spell",
        "agencies_involved": [],
        "learning": "Cold weather beds were full; the SWEP trigger came too late",
        "actions": "Lower the SWEP trigger to 1 degree by the next winter",
        "sar_referred": "no",
        "sar_referred_on_0": "",
        "sar_referred_on_1": "",
        "sar_referred_on_2": "",
        "sar_reason": "No concern about how agencies worked together",
    }
    data.update(overrides)
    return data
