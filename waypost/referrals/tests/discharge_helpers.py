"""Helpers for the discharge and release tests (no tests here): a discharge referral due out
a given number of days from today, and staff in other places."""

from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from waypost.accounts.models import Agency, AgencyType, Role, User
from waypost.referrals.models import Pathway, Referral
from waypost.referrals.tests.referral_helpers import discharge_fields, make_test_referral
from waypost.testing.personas import World, make_user, mark_recently_authenticated


def make_discharge(
    world: World,
    by: User,
    *,
    days: int = 10,
    name: str = "Dawn",
    agency: Agency | None = None,
    pathway: str = Pathway.HOSPITAL,
    partnership: Any = None,
    **discharge: Any,
) -> Referral:
    """A hospital (or prison) discharge referral received now, due out in `days` days.
    `name` is the given name: each referral in a test needs its own."""
    referral = make_test_referral(
        by=by,
        agency=agency or world.hospital,
        partnership=partnership or world.coventry,
        discharge=discharge_fields(
            expected_on=timezone.localdate() + timedelta(days=days), **discharge
        ),
        given_name=name,
        pathway=pathway,
        body_type="prison" if pathway == Pathway.PRISON else "hospital_inpatient",
    )
    return Referral.objects.select_related("discharge").get(pk=referral.pk)


def prison_agency(world: World) -> Agency:
    return Agency.objects.create(
        partnership=world.coventry, name="HMP Coventry", type=AgencyType.PRISON
    )


def member(email: str, agency: Agency, role: str) -> User:
    return make_user(email, agency=agency, role=role)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    mark_recently_authenticated(client, user)
    return client


def brum_caseworker(world: World) -> User:
    """A caseworker in Birmingham's housing options team (the other partnership)."""
    return member("caseworker@birmingham.test", world.brum_council, Role.CASEWORKER)


def probation_referrer(world: World) -> User:
    """A referrer at another agency in Coventry, who did not send these referrals."""
    probation = Agency.objects.create(
        partnership=world.coventry, name="Coventry Probation", type=AgencyType.PROBATION
    )
    return member("officer@probation.test", probation, Role.REFERRER)
