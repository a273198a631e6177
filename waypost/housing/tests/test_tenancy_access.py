"""Who reaches tenancies and their risk flags. Staff whose role covers housing history see the
tenancies the policy lets them see: their own agency's, or others' with the person's sharing
permission. An agency without that permission finds nothing through any of these pages (404
for a tenancy, an empty list); referrers, commissioners and admins are refused; another
partnership is not found. Every read is in the access log."""

import uuid

import pytest
from django.utils import timezone

from waypost.accounts.models import AgencyType, Role
from waypost.audit.models import AccessEvent, Section
from waypost.housing.models import RiskKind, Tenancy, TenancyRisk
from waypost.housing.tenancy_actions import flag_risk
from waypost.housing.tests.test_tenancy_helpers import (
    client_for,
    date_fields,
    house,
    make_home,
    make_landlord,
    member,
)
from waypost.testing.people import give_consent, make_person, sign_agreement_for


@pytest.fixture
def charity(world):
    from waypost.accounts.models import Agency

    agency = Agency.objects.create(
        partnership=world.coventry, name="Coventry Day Centre", type=AgencyType.CHARITY
    )
    sign_agreement_for(world.council, world.outreach, world.hospital, agency)
    return agency


@pytest.fixture
def charity_client(charity):
    return client_for(member("worker@daycentre.test", charity, Role.CASEWORKER))


@pytest.fixture
def tenancy(world, caseworker_user):
    person = make_person(world.council, given_name="Tamsin", family_name="Tenant")
    tenancy = house(person, world.council, by=caseworker_user)
    flag_risk(tenancy, kind=RiskKind.RENT_ARREARS, agency=world.council, by=caseworker_user)
    return tenancy


def _pages(tenancy):
    risk = TenancyRisk.objects.get(tenancy=tenancy)
    return [
        f"/housing/tenancies/{tenancy.pk}/",
        f"/housing/tenancies/{tenancy.pk}/end/",
        f"/housing/tenancies/{tenancy.pk}/risks/new/",
        f"/housing/tenancies/{tenancy.pk}/risks/{risk.pk}/resolve/",
    ]


def test_the_recording_agency_sees_and_changes_its_tenancy(caseworker_client, tenancy):
    for url in _pages(tenancy):
        assert caseworker_client.get(url).status_code == 200, url
    page = caseworker_client.get(f"/housing/tenancies/{tenancy.pk}/").content.decode()
    assert "Tamsin Tenant" in page and "Rent arrears" in page
    person_page = caseworker_client.get(f"/housing/people/{tenancy.person_id}/tenancies/")
    assert [t.pk for t, _ in person_page.context["rows"]] == [tenancy.pk]


def test_another_agency_without_sharing_permission_finds_nothing(charity_client, tenancy):
    for url in _pages(tenancy):
        assert charity_client.get(url).status_code == 404, url
    assert charity_client.post(_pages(tenancy)[1], {"reason": "eviction"}).status_code == 404
    assert (
        charity_client.post(
            f"/housing/tenancies/{tenancy.pk}/complex-needs-panel/", {"version": 1}
        ).status_code
        == 404
    )
    page = charity_client.get(f"/housing/people/{tenancy.person_id}/tenancies/")
    assert page.status_code == 200
    assert page.context["rows"] == []
    text = page.content.decode()
    assert "Far Gosford Street" not in text and "Rent arrears" not in text
    listed = charity_client.get("/housing/tenancies/")
    assert listed.context["rows"] == []
    assert "Far Gosford Street" not in listed.content.decode()
    tenancy.refresh_from_db()
    assert tenancy.ended_on is None and tenancy.complex_needs_panel_on is None
    assert TenancyRisk.objects.count() == 1


def test_with_sharing_permission_another_agency_sees_it(charity_client, tenancy, world):
    give_consent(tenancy.person, None, world.council)
    assert charity_client.get(f"/housing/tenancies/{tenancy.pk}/").status_code == 200
    listed = charity_client.get("/housing/tenancies/")
    assert [row.tenancy.pk for row, _ in listed.context["rows"]] == [tenancy.pk]
    assert "Tamsin Tenant" in listed.content.decode()


def test_the_name_follows_the_identity_section(charity_client, tenancy, world):
    give_consent(tenancy.person, None, world.council, sections=[Section.HOUSING_HISTORY])
    page = charity_client.get(f"/housing/tenancies/{tenancy.pk}/")
    assert page.status_code == 200
    assert "Tamsin" not in page.content.decode()
    listed = charity_client.get("/housing/tenancies/")
    ((row, _),) = listed.context["rows"]
    assert row.shows_name is False
    assert "Tamsin" not in listed.content.decode()
    assert "Name not shared with you" in listed.content.decode()


def test_risks_recorded_by_an_agency_without_permission_stay_hidden(
    caseworker_client, tenancy, world, charity
):
    """A sanction the DWP recorded is the DWP's record: the policy decides who sees it."""
    officer = member("officer@daycentre.test", charity, Role.CASEWORKER)
    flag_risk(tenancy, kind=RiskKind.ANTI_SOCIAL, agency=charity, by=officer)
    page = caseworker_client.get(f"/housing/tenancies/{tenancy.pk}/").content.decode()
    assert "Rent arrears" in page and "Anti-social behaviour" not in page
    give_consent(tenancy.person, None, world.council)
    page = caseworker_client.get(f"/housing/tenancies/{tenancy.pk}/").content.decode()
    assert "Anti-social behaviour" in page


@pytest.mark.parametrize(
    "persona", ["referrer_client", "commissioner_client", "admin_client", "dpo_client"]
)
def test_roles_without_housing_history_are_refused(request, persona, tenancy, world):
    give_consent(tenancy.person, None, world.council)
    sign_agreement_for(world.council, world.hospital)
    client = request.getfixturevalue(persona)
    urls = [
        *_pages(tenancy),
        f"/housing/people/{tenancy.person_id}/tenancies/",
        f"/housing/people/{tenancy.person_id}/tenancies/new/",
        "/housing/tenancies/",
    ]
    for url in urls:
        assert client.get(url).status_code == 403, url
    home = make_home(make_landlord(world.coventry, "Another"))
    response = client.post(
        f"/housing/people/{tenancy.person_id}/tenancies/new/",
        {
            "home": home.pk,
            "floating_support": "no",
            **date_fields("started_on", timezone.localdate()),
        },
    )
    assert response.status_code == 403
    assert Tenancy.objects.count() == 1


def test_outreach_and_providers_do_not_see_the_sustainment_list(
    outreach_client, provider_client, tenancy
):
    assert outreach_client.get("/housing/tenancies/").status_code == 403
    assert provider_client.get("/housing/tenancies/").status_code == 403


def test_another_partnership_gets_not_found(tenancy, world):
    brum = client_for(member("caseworker@birmingham.test", world.brum_council, Role.CASEWORKER))
    for url in [
        *_pages(tenancy),
        f"/housing/people/{tenancy.person_id}/tenancies/",
        f"/housing/people/{tenancy.person_id}/tenancies/new/",
    ]:
        assert brum.get(url).status_code == 404, url
    assert brum.get("/housing/tenancies/").context["rows"] == []


def test_a_tenancy_that_does_not_exist_is_not_found(caseworker_client, tenancy):
    assert caseworker_client.get(f"/housing/tenancies/{uuid.uuid4()}/").status_code == 404
    assert (
        caseworker_client.get(
            f"/housing/tenancies/{tenancy.pk}/risks/{uuid.uuid4()}/resolve/"
        ).status_code
        == 404
    )


def test_reads_are_recorded(caseworker_client, caseworker_user, tenancy):
    caseworker_client.get(f"/housing/tenancies/{tenancy.pk}/")
    events = AccessEvent.objects.filter(user=caseworker_user, route="housing:tenancy")
    assert set(events.values_list("subject_type", "section")) == {
        ("tenancy", Section.HOUSING_HISTORY),
        ("tenancy_risk", Section.HOUSING_HISTORY),
        ("person", Section.IDENTITY),
    }
    assert all(e.person_id == tenancy.person_id for e in events)
    caseworker_client.get("/housing/tenancies/")
    listed = AccessEvent.objects.filter(user=caseworker_user, route="housing:tenancies")
    assert set(listed.values_list("subject_type", flat=True)) == {"tenancy", "person"}
