"""A small world for the dashboard's figures, with answers worked out by hand (see
waypost/reporting/tests/test_dashboard_page.py): January to March 2026 in Coventry."""

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction

from waypost.accounts.models import Agency
from waypost.housing.models import AccommodationKind, EndReason, Placement, Provider, Scheme, Unit
from waypost.outreach.entries import change_status, put_on_list
from waypost.outreach.models import ListStatus
from waypost.people.models import Person
from waypost.testing.people import make_person

LONDON = ZoneInfo("Europe/London")


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=LONDON)


def bed(agency: Agency, kind: str, name: str, beds: int = 1) -> list[Unit]:
    provider, _ = Provider.objects.get_or_create(
        partnership_id=agency.partnership_id, agency=agency, defaults={"name": agency.name}
    )
    scheme = Scheme.objects.create(
        partnership_id=agency.partnership_id, provider=provider, name=name, kind=kind
    )
    return [Unit.objects.create(scheme=scheme, label=f"Bed {n}") for n in range(1, beds + 1)]


def place(
    person: Person, unit: Unit, started: date, ended: date | None = None, reason: str = ""
) -> Placement:
    return Placement.objects.create(
        person=person,
        partnership_id=person.partnership_id,
        unit=unit,
        scheme=unit.scheme,
        started_on=started,
        ended_on=ended,
        end_reason=reason,
        recorded_by_agency=unit.scheme.provider.agency,
    )


def on_list(agency: Agency, added: date, *changes: tuple[date, str], **fields: Any) -> Person:
    person = make_person(agency, **fields)
    with transaction.atomic():
        entry = put_on_list(person, ListStatus.ROUGH_SLEEPING, agency=agency, by=None, at=at(added))
        for day, status in changes:
            entry = change_status(entry, status, agency=agency, by=None, at=at(day))
            entry.status = status
            entry.save(update_fields=["status"])
    return person


def build_quarter(world: Any, *, again: int = 0) -> dict[str, Any]:
    """Three people and two beds in Coventry, one restricted person who must count nowhere.
    Built `again` (1, 2…), it adds the same again under other scheme names."""
    suffix = f" {again}" if again else ""
    shelter = bed(world.shelter, AccommodationKind.EMERGENCY, f"Shelter{suffix}", beds=2)
    flat = bed(world.shelter, AccommodationKind.SUPPORTED, f"Supported flats{suffix}", beds=1)
    ann = on_list(world.outreach, date(2025, 12, 10), (date(2026, 1, 20), ListStatus.EMERGENCY))
    bob = on_list(world.outreach, date(2026, 1, 5), (date(2026, 2, 14), ListStatus.HOUSED))
    cat = on_list(world.outreach, date(2026, 2, 1))
    hidden = on_list(world.outreach, date(2026, 1, 2))
    # Ann: shelter 20 Jan to 10 Feb, then the supported flat from 12 Feb (a planned move on).
    place(ann, shelter[0], date(2026, 1, 20), date(2026, 2, 10), EndReason.MOVE_ON)
    place(ann, flat[0], date(2026, 2, 12))
    # Bob: shelter 1 Feb to 14 Feb, evicted.
    place(bob, shelter[1], date(2026, 2, 1), date(2026, 2, 14), EndReason.EVICTION)
    place(hidden, shelter[1], date(2026, 1, 2), date(2026, 1, 30), EndReason.OTHER)
    Person.objects.filter(pk=hidden.pk).update(restricted_at=at(date(2026, 3, 1)))
    return {"ann": ann, "bob": bob, "cat": cat}


# --- The six figures with hand-worked tests (waypost/reporting/tests/test_figures_*.py) ---------
# Each builder makes one figure's records for January to March 2026 in Coventry, with records
# just outside the period, restricted or in Birmingham that must count nowhere. The expected
# answers, and how they were worked out, are in the tests.


def restricted(person: Person) -> Person:
    Person.objects.filter(pk=person.pk).update(restricted_at=at(date(2026, 3, 1)))
    return person


def seen(agency: Agency, person: Person | None, day: date, *, bedded_down: bool = True) -> None:
    from waypost.outreach.models import StreetContact

    StreetContact.objects.create(
        partnership_id=agency.partnership_id,
        person=person,
        contacted_at=at(day),
        bedded_down=bedded_down,
        description="" if person else "Man in a green coat",
        recorded_by_agency=agency,
    )


def build_flows(world: Any) -> None:
    """P1 Jan, Feb, Mar; P2 Oct 2025 and Feb; P3 Mar; P4 Jan and Mar; P5 twice in Jan; P8 Dec
    2020 (61 months before Jan 2026) and Jan; P9 Jan 2021 (60 months before) and Jan. Not
    counted: a contact not bedded down, a restricted person, someone in Birmingham, and a
    contact with nobody identified (its own column, not the dashboard's total)."""
    agency = world.outreach
    for days in (
        [date(2026, 1, 5), date(2026, 2, 5), date(2026, 3, 5)],  # P1
        [date(2025, 10, 5), date(2026, 2, 6)],  # P2
        [date(2026, 3, 7)],  # P3
        [date(2026, 1, 8), date(2026, 3, 8)],  # P4
        [date(2026, 1, 9), date(2026, 1, 20)],  # P5
        [date(2020, 12, 15), date(2026, 1, 15)],  # P8
        [date(2021, 1, 15), date(2026, 1, 16)],  # P9
    ):
        person = make_person(agency)
        for day in days:
            seen(agency, person, day)
    seen(agency, make_person(agency), date(2026, 2, 10), bedded_down=False)
    seen(agency, restricted(make_person(agency)), date(2026, 2, 11))
    seen(world.brum_council, make_person(world.brum_council), date(2026, 2, 12))
    seen(agency, None, date(2026, 2, 13))


def build_single_night(world: Any) -> None:
    """Coventry's monthly figures: 7 on 28 Jan, a February figure left blank, 3 on 26 Mar, and
    99 on 23 Apr (after the period). Birmingham's 50 in February is not Coventry's."""
    from waypost.outreach.models import CountKind, StreetCount

    for agency, night, total in (
        (world.outreach, date(2026, 1, 28), 7),
        (world.outreach, date(2026, 2, 25), None),
        (world.outreach, date(2026, 3, 26), 3),
        (world.outreach, date(2026, 4, 23), 99),
        (world.brum_council, date(2026, 2, 25), 50),
    ):
        StreetCount.objects.create(
            partnership_id=agency.partnership_id,
            kind=CountKind.MONTHLY,
            night=night,
            total=total,
            recorded_by_agency=agency,
        )


def referral(agency: Agency, *, person: Person | None = None, **fields: Any) -> Any:
    from waypost.referrals.models import Referral

    return Referral.objects.create(
        partnership_id=agency.partnership_id,
        referring_agency=agency,
        body_type="hospital_inpatient",
        consent_given=True,
        consent_method="verbal",
        consent_given_on=date(2025, 12, 1),
        given_name="Test",
        family_name="Referral",
        situation="homeless",
        reason="other",
        reason_detail="For the dashboard's figures",
        person=person,
        **fields,
    )


def closed(agency: Agency, when: datetime, reason: str, **fields: Any) -> Any:
    return referral(agency, status="closed", closed_at=when, closure_reason=reason, **fields)


def duty(ref: Any, kind: str, ended_on: date | None, outcome: str = "") -> None:
    from waypost.referrals.models import Duty

    started = date(2025, 11, 1)
    Duty.objects.create(
        referral=ref,
        kind=kind,
        started_on=started,
        ends_on=started,
        ended_on=ended_on,
        outcome=outcome,
    )


def build_duty_to_refer(world: Any) -> None:
    """Referrals closed: R1 15 Jan and R2 3 Feb (duty ended), R3 10 Mar (advice only), R4 at
    23:30 on 31 Mar (no contact). Not counted: 00:30 on 1 Apr, 31 Dec 2025, a duplicate, a
    restricted person's, one still open, one in Birmingham.
    Duties: R1 prevention ended 10 Jan secured 6 months; R2 prevention ended 20 Jan became
    homeless, relief ended 2 Feb secured 12 months; R3 prevention ended 1 Mar secured 6 months.
    Not counted: the duplicate's, one ended in December, the restricted person's, one still
    going."""
    from waypost.referrals.models import ClosureReason as Why
    from waypost.referrals.models import DutyKind, DutyOutcome

    c = world.council
    r1 = closed(c, at(date(2026, 1, 15)), Why.DUTY_ENDED)
    r2 = closed(c, at(date(2026, 2, 3)), Why.DUTY_ENDED)
    r3 = closed(c, at(date(2026, 3, 10)), Why.ADVICE_ONLY)
    closed(c, datetime(2026, 3, 31, 23, 30, tzinfo=LONDON), Why.NO_CONTACT)
    closed(c, datetime(2026, 4, 1, 0, 30, tzinfo=LONDON), Why.WITHDRAWN)
    r7 = closed(c, at(date(2025, 12, 31)), Why.WITHDRAWN)
    r6 = closed(c, at(date(2026, 2, 20)), Why.DUPLICATE)
    someone = restricted(make_person(c))
    r8 = closed(c, at(date(2026, 2, 5)), Why.WITHDRAWN, person=someone)
    r9 = referral(c)
    closed(world.brum_council, at(date(2026, 2, 5)), Why.DUTY_ENDED)
    duty(r1, DutyKind.PREVENTION, date(2026, 1, 10), DutyOutcome.SECURED_6_MONTHS)
    duty(r2, DutyKind.PREVENTION, date(2026, 1, 20), DutyOutcome.BECAME_HOMELESS)
    duty(r2, DutyKind.RELIEF, date(2026, 2, 2), DutyOutcome.SECURED_12_MONTHS)
    duty(r3, DutyKind.PREVENTION, date(2026, 3, 1), DutyOutcome.SECURED_6_MONTHS)
    duty(r6, DutyKind.PREVENTION, date(2026, 2, 20), DutyOutcome.SECURED_6_MONTHS)
    duty(r7, DutyKind.PREVENTION, date(2025, 12, 20), DutyOutcome.SECURED_6_MONTHS)
    duty(r8, DutyKind.RELIEF, date(2026, 2, 5), DutyOutcome.SECURED_6_MONTHS)
    duty(r9, DutyKind.PREVENTION, None)


def discharge(
    agency: Agency,
    pathway: str,
    left_on: date | None,
    outcome: str = "",
    confirmed_at: datetime | None = None,
    **fields: Any,
) -> None:
    from waypost.referrals.models import Discharge

    ref = referral(agency, pathway=pathway, **fields)
    Discharge.objects.create(
        referral=ref,
        expected_on=left_on or date(2026, 3, 20),
        institution="University Hospital" if pathway == "hospital" else "HMP Test",
        contact_name="Discharge team",
        contact_role="Discharge nurse",
        needs_on_release="None recorded",
        accommodation_confirmed=confirmed_at is not None,
        confirmed_at=confirmed_at,
        discharged_on=left_on,
        outcome=outcome,
    )


def build_discharges(world: Any) -> None:
    """Hospital: H1 left 10 Jan to supported housing confirmed 8 Jan; H2 left 12 Feb to family,
    confirmed at 10:00 that day; H3 left 1 Mar with no fixed abode; H4 left 2 Mar to their own
    tenancy, never confirmed. Prison: P1 left 5 Feb to approved premises confirmed 1 Feb; P2
    left 31 Mar with no fixed abode although a place was confirmed 20 Mar. Not counted: a
    release on 1 Apr, a discharge not happened yet, a duplicate referral's, Birmingham's."""
    from waypost.referrals.models import AccommodationType as Goes

    c, h, p = world.council, "hospital", "prison"
    discharge(c, h, date(2026, 1, 10), Goes.SUPPORTED, at(date(2026, 1, 8)))
    discharge(c, h, date(2026, 2, 12), Goes.FAMILY_FRIENDS, at(date(2026, 2, 12)) - _2h)
    discharge(c, h, date(2026, 3, 1), Goes.NO_FIXED_ABODE)
    discharge(c, h, date(2026, 3, 2), Goes.OWN_TENANCY)
    discharge(c, p, date(2026, 2, 5), Goes.APPROVED_PREMISES, at(date(2026, 2, 1)))
    discharge(c, p, date(2026, 3, 31), Goes.NO_FIXED_ABODE, at(date(2026, 3, 20)))
    discharge(c, p, date(2026, 4, 1), Goes.NO_FIXED_ABODE)
    discharge(c, h, None)
    discharge(
        c,
        p,
        date(2026, 2, 6),
        Goes.NO_FIXED_ABODE,
        status="closed",
        closed_at=at(date(2026, 2, 7)),
        closure_reason="duplicate",
    )
    discharge(world.brum_council, h, date(2026, 2, 6), Goes.NO_FIXED_ABODE)


_2h = timedelta(hours=2)


def build_swep(world: Any) -> None:
    """Activations (nights): A1 10-12 Jan; A2 30 Jan to 2 Feb; A3 1-2 Feb (sharing A2's
    nights); A4 30 Dec 2025 to 2 Jan (began before the period). Not counted: one proposed in
    March, Birmingham's in March.
    Sweep records (each person's latest outcome each night): S1 accepted 10 Jan and 1 Feb; S2
    offered then declined 10 Jan, accepted 11 Jan; S3 offered then accepted 11 Jan; S4 not
    found 12 Jan; S5 accepted then not found 11 Jan; S6 declined 11 Jan; S8 declined 2 Feb.
    Not counted: S7, restricted, accepted 1 Feb."""
    from waypost.swep.models import ActivationStatus, SweepRecord
    from waypost.testing.region import swep_spell

    o = world.outreach
    a1 = swep_spell(o, date(2026, 1, 10), 3)
    a2 = swep_spell(o, date(2026, 1, 30), 4)
    swep_spell(o, date(2026, 2, 1), 2)
    swep_spell(o, date(2025, 12, 30), 4)
    proposed = swep_spell(o, date(2026, 3, 10), 2)
    type(proposed).objects.filter(pk=proposed.pk).update(status=ActivationStatus.PROPOSED)
    swep_spell(world.brum_council, date(2026, 3, 10), 2)
    people = {name: make_person(o) for name in ("S1", "S2", "S3", "S4", "S5", "S6", "S8")}
    people["S7"] = restricted(make_person(o))
    clock = iter(range(1, 100))

    def record(name: str, activation: Any, night: date, outcome: str) -> None:
        SweepRecord.objects.create(
            activation=activation,
            person=people[name],
            night=night,
            outcome=outcome,
            recorded_at=at(night) + timedelta(minutes=next(clock)),
            recorded_by_agency=o,
        )

    jan10, jan11, jan12, feb1, feb2 = (
        date(2026, 1, 10),
        date(2026, 1, 11),
        date(2026, 1, 12),
        date(2026, 2, 1),
        date(2026, 2, 2),
    )
    record("S1", a1, jan10, "accepted")
    record("S2", a1, jan10, "offered")
    record("S2", a1, jan10, "declined")
    record("S2", a1, jan11, "accepted")
    record("S3", a1, jan11, "offered")
    record("S3", a1, jan11, "accepted")
    record("S4", a1, jan12, "not_found")
    record("S5", a1, jan11, "accepted")
    record("S5", a1, jan11, "not_found")
    record("S6", a1, jan11, "declined")
    record("S1", a2, feb1, "accepted")
    record("S8", a2, feb2, "declined")
    record("S7", a2, feb1, "accepted")


def housing_first_case(
    agency: Agency,
    *,
    referred_on: date,
    panel_on: date | None = None,
    decision: str = "",
    housed_on: date | None = None,
    ended_on: date | None = None,
    person: Person | None = None,
) -> None:
    from waypost.housing.models import (
        HousingFirstCase,
        HousingFirstStage,
        Landlord,
        LandlordKind,
        Property,
        Tenancy,
    )

    person = person or make_person(agency)
    tenancy = None
    if housed_on:
        landlord, _ = Landlord.objects.get_or_create(
            partnership_id=agency.partnership_id,
            name="Whitefriars",
            defaults={"kind": LandlordKind.REGISTERED_PROVIDER},
        )
        home = Property.objects.create(
            partnership_id=agency.partnership_id, landlord=landlord, address="1 Test Street"
        )
        tenancy = Tenancy.objects.create(
            person=person,
            partnership_id=agency.partnership_id,
            property=home,
            landlord=landlord,
            started_on=housed_on,
            ended_on=ended_on,
            recorded_by_agency=agency,
        )
    HousingFirstCase.objects.create(
        person=person,
        partnership_id=agency.partnership_id,
        stage=HousingFirstStage.TENANCY if tenancy else HousingFirstStage.REFERRED,
        referred_on=referred_on,
        panel_on=panel_on,
        panel_decision=decision,
        tenancy=tenancy,
        recorded_by_agency=agency,
    )


def build_housing_first(world: Any) -> None:
    """C1 referred 5 Jan, approved 20 Jan, housed 10 Feb; C2 referred 15 Dec 2025, declined 10
    Jan; C3 referred 1 Mar; C4 housed 15 Aug 2025 (6 months on 15 Feb 2026); C5 housed 20 Mar
    2025, ended 20 Mar 2026 (the 12-month day itself: sustained); C6 housed 10 Jan 2025, ended
    9 Jan 2026 (a day short of 12 months). Not counted: C7, restricted, referred in February."""
    c = world.council
    old = date(2024, 6, 1)
    housing_first_case(
        c,
        referred_on=date(2026, 1, 5),
        panel_on=date(2026, 1, 20),
        decision="approved",
        housed_on=date(2026, 2, 10),
    )
    housing_first_case(
        c, referred_on=date(2025, 12, 15), panel_on=date(2026, 1, 10), decision="declined"
    )
    housing_first_case(c, referred_on=date(2026, 3, 1))
    housing_first_case(c, referred_on=old, housed_on=date(2025, 8, 15))
    housing_first_case(c, referred_on=old, housed_on=date(2025, 3, 20), ended_on=date(2026, 3, 20))
    housing_first_case(c, referred_on=old, housed_on=date(2025, 1, 10), ended_on=date(2026, 1, 9))
    housing_first_case(c, referred_on=date(2026, 2, 2), person=restricted(make_person(c)))


def build_all(world: Any, *, single_night: bool = True) -> None:
    """Every figure's records (the single-night figures once only: one a night)."""
    build_flows(world)
    if single_night:
        build_single_night(world)
    build_duty_to_refer(world)
    build_discharges(world)
    build_swep(world)
    build_housing_first(world)
