"""The directory hub lists each role's directory pages and no others, the menu leads to it for
every member, and every link it offers opens (no link ends in "page not found")."""

import pytest
from django.urls import reverse


def _links(client):
    response = client.get(reverse("directory:home"))
    assert response.status_code == 200
    return {link.text: link.href for link in response.context["links"]}


def _menu(client):
    response = client.get(reverse("pages:home"))
    return {item["text"] for item in response.context["service_navigation"]}


def test_a_coordinator_keeps_services_areas_and_toolkits_and_sees_gaps(coordinator_client):
    links = _links(coordinator_client)
    assert {
        "Find a service",
        "Your services",
        "Areas",
        "Printable toolkits",
        "Gap analysis",
    } <= set(links)
    assert links["The public directory for Coventry"] == "/services/coventry/"
    assert "Directory" in _menu(coordinator_client)


def test_a_commissioner_finds_services_and_gaps_but_keeps_none(commissioner_client):
    links = _links(commissioner_client)
    assert "Gap analysis" in links and "Find a service" in links
    assert "Your services" not in links and "Areas" not in links


def test_a_provider_keeps_their_services_but_sees_no_figures(provider_client):
    links = _links(provider_client)
    assert "Your services" in links and "Gap analysis" not in links
    assert "Directory" in _menu(provider_client)


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("directory:home"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    "persona",
    [
        "admin_client",
        "coordinator_client",
        "caseworker_client",
        "outreach_client",
        "referrer_client",
        "commissioner_client",
        "dpo_client",
        "provider_client",
    ],
)
def test_every_link_offered_opens(persona, request):
    client = request.getfixturevalue(persona)
    for text, href in _links(client).items():
        assert client.get(href).status_code == 200, text
