"""The DWP's narrow door: a DWP work coach (a referrer, whose role does not cover housing
history) finds a person by name and date of birth and records a benefit sanction. It lands on
the person's current tenancy as the DWP's record and alerts the lead worker; the work coach
sees a confirmation and nothing of the tenancy. No tenancy: refused, with who to contact.
Anyone not at a DWP agency is refused."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from waypost.accounts.models import Role
from waypost.housing.models import RiskKind, TenancyRisk
from waypost.housing.tests.test_tenancy_helpers import (
    client_for,
    date_fields,
    dwp_office,
    house,
    member,
)
from waypost.notifications.models import Notification, OutboxMessage
from waypost.people.actions import set_lead_worker
from waypost.testing.people import give_consent, make_person, sign_agreement_for

URL = "/housing/sanctions/new/"
BORN = date(1980, 3, 1)


@pytest.fixture
def office(world):
    office = dwp_office(world)
    sign_agreement_for(world.council, world.outreach, office)
    return office


@pytest.fixture
def coach(office):
    return member("work.coach@dwp.test", office, Role.REFERRER)


@pytest.fixture
def coach_client(coach):
    return client_for(coach)


@pytest.fixture
def tenant(world, outreach_user):
    person = make_person(world.council, given_name="Dana", family_name="Doyle", birth_date=BORN)
    give_consent(person, None, world.council)
    set_lead_worker(person, lead_worker=outreach_user, by=None)
    return person


def _search(client, given="Dana", family="doyle", born=BORN):
    return client.post(
        URL,
        {
            "step": "search",
            "given_name": given,
            "family_name": family,
            **date_fields("birth_date", born),
        },
    )


def _record(client, person, sanctioned_on=None, given="Dana", family="Doyle", born=BORN):
    sanctioned_on = sanctioned_on or timezone.localdate() - timedelta(days=2)
    return client.post(
        URL,
        {
            "step": "record",
            "given_name": given,
            "family_name": family,
            **date_fields("birth_date", born),
            "person": str(person.pk),
            **date_fields("sanctioned_on", sanctioned_on),
        },
    )


def test_a_work_coach_records_a_sanction_and_sees_only_a_confirmation(
    coach_client, coach, office, tenant, outreach_user, world
):
    tenancy = house(tenant, world.council)
    assert coach_client.get(URL).status_code == 200
    found = _search(coach_client)
    assert found.status_code == 200
    assert "Dana Doyle, born 1 March 1980" in found.content.decode()
    sanctioned_on = timezone.localdate() - timedelta(days=2)
    response = _record(coach_client, tenant, sanctioned_on)
    assert response.status_code == 302 and response["Location"] == URL
    risk = TenancyRisk.objects.get()
    assert risk.tenancy == tenancy and risk.kind == RiskKind.BENEFIT_SANCTION
    assert risk.recorded_by_agency == office and risk.recorded_by == coach
    assert f"applied on {sanctioned_on:%-d %B %Y}" in risk.details
    assert Notification.objects.get().user == outreach_user
    assert OutboxMessage.objects.get().to_address == outreach_user.email
    confirmation = coach_client.get(URL).content.decode()
    assert "The benefit sanction is recorded" in confirmation
    for detail in (tenancy.property.address, "Far Gosford", tenancy.landlord.name, str(tenancy.pk)):
        assert detail not in confirmation
        assert detail not in found.content.decode()
    # Search terms never travel in the URL.
    assert "?" not in response["Location"]


def test_the_work_coach_cannot_open_the_tenancy(coach_client, tenant, world):
    tenancy = house(tenant, world.council)
    _record(coach_client, tenant)
    risk = TenancyRisk.objects.get()
    for url in (
        f"/housing/tenancies/{tenancy.pk}/",
        f"/housing/tenancies/{tenancy.pk}/risks/{risk.pk}/resolve/",
        f"/housing/people/{tenant.pk}/tenancies/",
        "/housing/tenancies/",
    ):
        assert coach_client.get(url).status_code == 403, url


def test_no_tenancy_is_refused_with_who_to_contact(coach_client, tenant):
    response = _record(coach_client, tenant)
    text = response.content.decode()
    assert response.status_code == 200
    assert "This person has no tenancy on record: tell their lead worker directly" in text
    assert "Their lead worker is Outreach.Worker at Coventry Outreach" in text
    assert not TenancyRisk.objects.exists() and not Notification.objects.exists()


def test_an_ended_tenancy_is_not_current(coach_client, tenant, world):
    tenancy = house(tenant, world.council, started_on=timezone.localdate() - timedelta(days=60))
    tenancy.ended_on = timezone.localdate() - timedelta(days=1)
    tenancy.end_reason = "move_on"
    tenancy.save()
    response = _record(coach_client, tenant)
    assert "has no tenancy on record" in response.content.decode()
    assert not TenancyRisk.objects.exists()


def test_only_people_whose_identity_the_coach_may_see_are_found(coach_client, world):
    # Recorded by the council, with no sharing permission: the DWP may not see who they are.
    hidden = make_person(world.council, given_name="Dana", family_name="Doyle", birth_date=BORN)
    house(hidden, world.council)
    response = _search(coach_client)
    assert response.context["found"] == 0
    assert "We found no one with that name and date of birth" in response.content.decode()
    # Naming them directly does not help.
    response = _record(coach_client, hidden)
    assert "Choose one of the people found" in response.content.decode()
    assert not TenancyRisk.objects.exists()


def test_the_search_needs_the_same_name_and_date_of_birth(coach_client, tenant):
    assert _search(coach_client, born=date(1980, 3, 2)).context["found"] == 0
    assert _search(coach_client, given="Diana").context["found"] == 0
    assert _search(coach_client, family="Doyle ").context["found"] == 1
    response = coach_client.post(URL, {"step": "search", "given_name": "", "family_name": ""})
    text = response.content.decode()
    assert "Enter their first name" in text and "Enter their last name" in text
    assert "Enter their date of birth" in text


def test_a_future_sanction_date_is_refused(coach_client, tenant, world):
    house(tenant, world.council)
    response = _record(coach_client, tenant, timezone.localdate() + timedelta(days=1))
    assert "must be today or in the past" in response.content.decode()
    assert not TenancyRisk.objects.exists()


@pytest.mark.parametrize(
    "persona",
    [
        "referrer_client",
        "caseworker_client",
        "coordinator_client",
        "commissioner_client",
        "admin_client",
    ],
)
def test_staff_not_at_a_dwp_agency_are_refused(request, persona, tenant, world):
    house(tenant, world.council)
    client = request.getfixturevalue(persona)
    assert client.get(URL).status_code == 403
    assert _search(client).status_code == 403
    assert _record(client, tenant).status_code == 403
    assert not TenancyRisk.objects.exists()


def test_a_dwp_office_elsewhere_finds_no_one_here(tenant, world):
    brum_office = dwp_office(world, world.birmingham)
    brum_office.name = "Birmingham JobCentre Plus"
    brum_office.save()
    sign_agreement_for(world.brum_council, brum_office)
    coach = client_for(member("coach@brum-dwp.test", brum_office, Role.REFERRER))
    assert _search(coach).context["found"] == 0
