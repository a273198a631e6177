"""Helpers for the landlord, tenancy and sanction tests (no tests here): landlords with homes,
tenancies started some months ago, extra staff and a DWP office."""

from datetime import date
from typing import Any

from django.db import transaction
from django.test import Client
from django.utils import timezone

from waypost.accounts.models import Agency, AgencyType, Partnership, Role, User
from waypost.housing import landlord_actions
from waypost.housing.models import Landlord, LandlordKind, Property, Tenancy
from waypost.housing.sustainment import add_months
from waypost.housing.tenancy_actions import start_tenancy
from waypost.people.models import Person
from waypost.testing.personas import World, make_user, mark_recently_authenticated


def client_for(user: User) -> Client:
    """A client signed in as `user` just now, with password and TOTP."""
    client = Client()
    client.force_login(user)
    mark_recently_authenticated(client, user)
    return client


def member(email: str, at: Agency, role: str) -> User:
    return make_user(email, agency=at, role=role)


def dwp_office(world: World, partnership: Partnership | None = None) -> Agency:
    return Agency.objects.create(
        partnership=partnership or world.coventry,
        name="Coventry JobCentre Plus",
        type=AgencyType.DWP,
    )


def dwp_officer(world: World, office: Agency | None = None, role: str = Role.REFERRER) -> User:
    return member("work.coach@dwp.test", office or dwp_office(world), role)


def make_landlord(
    partnership: Partnership,
    name: str = "Orbit Homes",
    kind: str = LandlordKind.REGISTERED_PROVIDER,
) -> Landlord:
    return landlord_actions.add_landlord(
        partnership,
        by=None,
        name=name,
        kind=kind,
        contact_name="Lettings team",
        phone="024 7600 0000",
    )


def make_home(
    landlord: Landlord, address: str = "Flat 1, 2 Spon Street", **fields: Any
) -> Property:
    fields.setdefault("postcode", "CV1 3BA")
    fields.setdefault("bedrooms", 1)
    return landlord_actions.add_property(landlord, by=None, address=address, **fields)


def months_ago(months: int, today: date | None = None) -> date:
    return add_months(today or timezone.localdate(), -months)


def house(
    person: Person,
    at: Agency,
    *,
    home: Property | None = None,
    started_on: date | None = None,
    floating_support: bool = False,
    by: User | None = None,
) -> Tenancy:
    """Start a tenancy for the person (in a new home of a new landlord unless given)."""
    if home is None:
        landlord = Landlord.objects.filter(partnership_id=person.partnership_id).first()
        home = make_home(
            landlord or make_landlord(person.partnership),
            address=f"Flat {Property.objects.count() + 1}, Far Gosford Street",
        )
    with transaction.atomic():  # start_tenancy locks rows (browser tests run outside one)
        return start_tenancy(
            person,
            home,
            agency=at,
            by=by,
            started_on=started_on,
            floating_support=floating_support,
            floating_support_agency=at if floating_support else None,
        )


def date_fields(name: str, day: date) -> dict[str, Any]:
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}
