"""Helpers for the placement tests (a provider, schemes and units made straight in the
database, people on the by-name list), and a check that they make what they say."""

from typing import Any

from django.db import transaction

from waypost.accounts.models import Agency, User
from waypost.housing.models import (
    AccommodationKind,
    Provider,
    Scheme,
    SupportLevel,
    Unit,
    UnitStatus,
)
from waypost.outreach.entries import put_on_list
from waypost.outreach.models import ByNameEntry, ListStatus
from waypost.people.models import Person
from waypost.testing.people import make_person


def provider_for(agency: Agency) -> Provider:
    provider, _ = Provider.objects.get_or_create(
        partnership_id=agency.partnership_id, agency=agency, defaults={"name": agency.name}
    )
    return provider


def make_scheme(agency: Agency, name: str = "Harnall Lane Shelter", **rules: Any) -> Scheme:
    """A scheme run by `agency`'s provider: an emergency bed for anyone unless told."""
    rules.setdefault("kind", AccommodationKind.EMERGENCY)
    rules.setdefault("support_level", SupportLevel.LOW)
    provider = provider_for(agency)
    return Scheme.objects.create(
        partnership_id=agency.partnership_id, provider=provider, name=name, **rules
    )


def make_unit(
    scheme: Scheme,
    label: str = "Bed 1",
    *,
    sleeps: int = 1,
    step_free: bool = False,
    status: str = UnitStatus.FREE,
) -> Unit:
    return Unit.objects.create(
        scheme=scheme, label=label, sleeps=sleeps, step_free=step_free, status=status
    )


def person_on_list(
    agency: Agency,
    by: User | None,
    status: str = ListStatus.ROUGH_SLEEPING,
    **fields: Any,
) -> Person:
    """A person recorded by `agency`, on the by-name list with `status`."""
    person = make_person(agency, by=by, **fields)
    with transaction.atomic():  # put_on_list locks the entry: its callers hold a transaction
        put_on_list(person, status, agency=agency, by=by)
    return person


def test_the_helpers_make_a_bed_and_a_person_on_the_list(world, caseworker_user):
    scheme = make_scheme(world.shelter, couples=True)
    unit = make_unit(scheme, "Room 1", sleeps=2)
    person = person_on_list(world.council, caseworker_user, gender="woman")
    assert (scheme.partnership, scheme.provider.agency, unit.sleeps) == (
        world.coventry,
        world.shelter,
        2,
    )
    assert make_scheme(world.shelter, "Second").provider == scheme.provider
    assert ByNameEntry.objects.get(person=person).status == ListStatus.ROUGH_SLEEPING
