"""Helpers for the register, board and capacity tests: a provider, its schemes and units."""

from typing import Any

from waypost.accounts.models import Agency
from waypost.housing.models import AccommodationKind, Provider, Scheme, Unit
from waypost.housing.register_actions import add_provider, add_scheme, add_unit


def make_provider(agency: Agency, name: str | None = None) -> Provider:
    return add_provider(agency.partnership, agency=agency, name=name or agency.name, by=None)


def make_scheme(
    provider: Provider,
    name: str = "Harnall Lane Shelter",
    *,
    units: int = 0,
    kind: str = AccommodationKind.NIGHT_SHELTER,
    **fields: Any,
) -> Scheme:
    """A scheme with `units` single beds called Bed 1, Bed 2..."""
    scheme = add_scheme(provider, name=name, kind=kind, by=None, **fields)
    for n in range(1, units + 1):
        add_unit(scheme, label=f"Bed {n}", by=None)
    scheme.refresh_from_db()
    return scheme


def unit(scheme: Scheme, label: str) -> Unit:
    return Unit.objects.get(scheme=scheme, label=label)
