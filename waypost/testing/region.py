"""Test helpers for the regional view: people and records that give each regional figure a
known value for one month (see waypost/reporting/region.py for the definitions)."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from waypost.accounts.models import Agency
from waypost.housing.models import (
    AccommodationKind,
    HousingFirstCase,
    HousingFirstStage,
    Landlord,
    LandlordKind,
    Placement,
    Property,
    Provider,
    Scheme,
    Unit,
)
from waypost.housing.register_actions import add_provider, add_scheme, add_unit
from waypost.outreach.entries import change_status, put_on_list
from waypost.outreach.flows import add_months  # noqa: F401  (re-exported for tests)
from waypost.outreach.models import CountKind, ListStatus, StreetContact, StreetCount
from waypost.people.models import Person
from waypost.swep.models import Activation, ActivationKind, ActivationStatus
from waypost.testing.people import make_person


def at(day: date, hour: int = 12) -> datetime:
    """Midday (or `hour`) on `day`, London time."""
    return timezone.make_aware(datetime.combine(day, time(hour)), timezone.get_current_timezone())


def person(agency: Agency, *, restricted: bool = False) -> Person:
    someone = make_person(agency)
    if restricted:
        Person.objects.filter(pk=someone.pk).update(restricted_at=timezone.now())
        someone.refresh_from_db()
    return someone


def seen_rough(agency: Agency, someone: Person, month: date, day: int = 10) -> StreetContact:
    """A bedded-down contact with `someone` in `month`."""
    return StreetContact.objects.create(
        partnership=agency.partnership,
        person=someone,
        contacted_at=at(month.replace(day=day)),
        bedded_down=True,
        recorded_by_agency=agency,
    )


def new_people(agency: Agency, month: date, count: int) -> list[Person]:
    """`count` people seen sleeping rough for the first time in `month`."""
    people = [person(agency) for _ in range(count)]
    for someone in people:
        seen_rough(agency, someone, month)
    return people


def continuing_people(agency: Agency, month: date, count: int) -> list[Person]:
    """`count` people first seen the month before `month`, and seen again in it."""
    people = new_people(agency, add_months(month, -1), count)
    for someone in people:
        seen_rough(agency, someone, month)
    return people


def on_list(agency: Agency, someone: Person, added_on: date, status: str) -> None:
    put_on_list(someone, status, agency=agency, by=None, at=at(added_on))


def close_on_list(agency: Agency, someone: Person, on: date) -> None:
    from waypost.outreach.models import ByNameEntry

    entry = ByNameEntry.objects.get(person=someone)
    change_status(entry, ListStatus.HOUSED, agency=agency, by=None, at=at(on))


def _unit(agency: Agency) -> Unit:
    provider = Provider.objects.filter(partnership=agency.partnership).first() or add_provider(
        agency.partnership, agency=agency, name=f"{agency.name} provider", by=None
    )
    scheme = Scheme.objects.filter(provider=provider).first() or add_scheme(
        provider, name="Hostel", kind=AccommodationKind.HOSTEL, by=None
    )
    return add_unit(scheme, label=f"Bed {scheme.units.count() + 1}", by=None)


def placed(
    agency: Agency, someone: Person, started_on: date, ended_on: date | None = None
) -> Placement:
    unit = _unit(agency)
    return Placement.objects.create(
        person=someone,
        partnership=agency.partnership,
        unit=unit,
        scheme=unit.scheme,
        started_on=started_on,
        ended_on=ended_on,
        end_reason="move_on" if ended_on else "",
        recorded_by_agency=agency,
    )


def housed_first(agency: Agency, someone: Person, started_on: date) -> HousingFirstCase:
    from waypost.housing.models import Tenancy

    landlord, _ = Landlord.objects.get_or_create(
        partnership=agency.partnership,
        name="Whitefriars",
        defaults={"kind": LandlordKind.REGISTERED_PROVIDER},
    )
    home = Property.objects.create(
        partnership=agency.partnership, landlord=landlord, address="1 Test Street"
    )
    tenancy = Tenancy.objects.create(
        person=someone,
        partnership=agency.partnership,
        property=home,
        landlord=landlord,
        started_on=started_on,
        recorded_by_agency=agency,
    )
    return HousingFirstCase.objects.create(
        person=someone,
        partnership=agency.partnership,
        stage=HousingFirstStage.TENANCY,
        tenancy=tenancy,
        recorded_by_agency=agency,
    )


def single_night(agency: Agency, night: date, total: int) -> StreetCount:
    return StreetCount.objects.create(
        partnership=agency.partnership,
        kind=CountKind.MONTHLY,
        night=night,
        total=total,
        recorded_by_agency=agency,
    )


def swep_spell(agency: Agency, first_night: date, nights: int) -> Activation:
    """Severe weather provision on for `nights` nights from `first_night`, then ended."""
    return Activation.objects.create(
        partnership=agency.partnership,
        kind=ActivationKind.COLD,
        status=ActivationStatus.ENDED,
        starts_at=at(first_night, 20),
        expected_end_at=at(first_night + timedelta(days=nights), 9),
        ended_at=at(first_night + timedelta(days=nights), 9),
    )
