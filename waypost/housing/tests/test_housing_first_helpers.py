"""Helpers for the Housing First tests (no tests here): homes and landlords, cases moved to a
stage through the actions, extra staff, and the form data each step posts."""

from datetime import date, datetime, time, timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from waypost.accounts.models import Agency, User
from waypost.housing import housing_first_actions as actions
from waypost.housing.models import (
    AgreementKind,
    HousingFirstCase,
    HousingFirstStage,
    Landlord,
    LandlordAgreement,
    LandlordKind,
    PanelDecision,
    Property,
)
from waypost.people.models import Person
from waypost.testing.personas import World, make_user, mark_recently_authenticated


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    mark_recently_authenticated(client, user)
    return client


def member(email: str, at: Agency, role: str) -> User:
    return make_user(email, agency=at, role=role)


def home(
    world: World,
    address: str = "Flat 1, 2 Elm Road",
    *,
    landlord: Landlord | None = None,
    housing_first: bool = True,
    partnership: Any = None,
    available: bool = True,
) -> Property:
    """A home free to offer, from a landlord with (or without) a Housing First agreement."""
    partnership = partnership or world.coventry
    if landlord is None:
        name = "Elm Housing" if housing_first else "Private Lets Ltd"
        landlord, _ = Landlord.objects.get_or_create(
            partnership=partnership, name=name, defaults={"kind": LandlordKind.PRIVATE}
        )
        if housing_first and not landlord.agreements.exists():
            LandlordAgreement.objects.create(
                landlord=landlord,
                kind=AgreementKind.HOUSING_FIRST,
                agreed_on=date.today() - timedelta(days=100),
            )
    return Property.objects.create(
        partnership=partnership, landlord=landlord, address=address, is_available=available
    )


def days_ago(days: int, hour: int = 10) -> datetime:
    """`hour` o'clock London time, `days` days ago."""
    day = timezone.localdate() - timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour)))


def refer(person: Person, agency: Agency, by: User | None = None, **kw: Any) -> HousingFirstCase:
    kw.setdefault("reason", "Long-term rough sleeping")
    kw.setdefault("referred_on", timezone.localdate())
    return actions.refer_to_housing_first(person, agency=agency, by=by, **kw)


def case_at(
    stage: str,
    person: Person,
    agency: Agency,
    *,
    world: World | None = None,
    property: Property | None = None,
    deferred: bool = False,
) -> HousingFirstCase:
    """A case moved through the actions (as the system) to `stage`, everything today."""
    case = refer(person, agency)
    today = timezone.localdate()
    common: dict[str, Any] = {"agency": agency, "by": None}
    if stage == HousingFirstStage.REFERRED:
        return case
    if stage == HousingFirstStage.CLOSED:
        return actions.close_case(case, version=case.version, reason="Moved away", **common)
    case = actions.record_eligibility(case, version=case.version, eligible=True, notes="", **common)
    if stage == HousingFirstStage.ELIGIBILITY:
        return case
    decision = PanelDecision.DEFERRED if deferred else PanelDecision.APPROVED
    case = actions.record_panel_decision(
        case, version=case.version, panel_on=today, decision=decision, **common
    )
    if stage == HousingFirstStage.PANEL:
        return case
    assert world is not None or property is not None
    home_ = property or home(world, f"Flat {person.pk.hex[:6]}, 2 Elm Road")  # type: ignore[arg-type]
    case = actions.offer_property(
        case, version=case.version, home=home_, offered_on=today, **common
    )
    if stage == HousingFirstStage.OFFER:
        return case
    return actions.start_housing_first_tenancy(
        case,
        version=case.version,
        started_on=today,
        floating_support=False,
        floating_support_agency=None,
        **common,
    )


def date_fields(name: str, day: date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def step_data(step: str, case: HousingFirstCase, **extra: Any) -> dict[str, Any]:
    """What the case page's form for `step` posts, all well filled in (today)."""
    today = timezone.localdate()
    data: dict[str, Any] = {"version": case.version}
    if step == "eligibility":
        data |= {"eligible": "yes", "notes": "Meets the criteria"}
    elif step == "panel":
        data |= {"decision": PanelDecision.APPROVED, "reason": "", **date_fields("panel_on", today)}
    elif step == "offer":
        data |= date_fields("offered_on", today)
    elif step == "tenancy":
        data |= {"floating_support": "no", **date_fields("started_on", today)}
    elif step == "close":
        data |= {"reason": "Moved to another area"}
    return data | extra


def url(case: HousingFirstCase, step: str = "") -> str:
    return f"/housing/housing-first/{case.pk}/" + (f"{step}/" if step else "")
