"""The accommodation hub lists each role's pages and no others, the menu leads to it, and every
link it offers opens, so nobody is shown a link that ends in "page not found"."""

import pytest
from django.urls import reverse

from waypost.accounts.models import Agency, AgencyType, Role
from waypost.testing.personas import make_user


def _links(client):
    response = client.get(reverse("housing:home"))
    assert response.status_code == 200
    return {link.text for link in response.context["links"]}


def _menu(client):
    response = client.get(reverse("pages:home"))
    return {item["text"] for item in response.context["service_navigation"]}


def test_a_provider_is_offered_the_vacancy_board_only(provider_client):
    assert _links(provider_client) == {"Vacancy board"}
    assert "Accommodation" in _menu(provider_client)


def test_an_outreach_worker_finds_beds_and_the_pipeline(outreach_client):
    links = _links(outreach_client)
    assert {"Vacancy board", "Room for all", "Accommodation register", "Housing First"} <= links
    assert "Landlords" not in links and "Accommodation settings" not in links


def test_a_coordinator_also_manages_landlords_and_settings(coordinator_client):
    links = _links(coordinator_client)
    assert {"Landlords", "Tenancy sustainment", "Accommodation settings"} <= links


def test_a_commissioner_sees_figures_only(commissioner_client):
    assert _links(commissioner_client) == {"Room for all", "Housing First"}


def test_a_hospital_referrer_has_no_accommodation_pages(referrer_client):
    assert _links(referrer_client) == set()
    assert "Accommodation" not in _menu(referrer_client)


def test_jobcentre_staff_are_offered_the_sanction_page_only(world, client):
    jobcentre = Agency.objects.create(
        partnership=world.coventry, name="Coventry JobCentre", type=AgencyType.DWP
    )
    user = make_user("work.coach@coventry.test", agency=jobcentre, role=Role.REFERRER)
    client.force_login(user)
    assert _links(client) == {"Report a benefit sanction"}
    assert "Accommodation" in _menu(client)
    href = reverse("housing:sanction_notify")
    assert client.get(href).status_code == 200


@pytest.mark.parametrize(
    "persona",
    [
        "outreach_client",
        "coordinator_client",
        "caseworker_client",
        "commissioner_client",
        "admin_client",
        "provider_client",
    ],
)
def test_every_hub_link_opens(request, persona):
    client = request.getfixturevalue(persona)
    for link in client.get(reverse("housing:home")).context["links"]:
        assert client.get(link.href).status_code == 200, link.href
