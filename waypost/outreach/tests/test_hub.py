"""The street work and case work hubs list each role's pages and no others, and the menu
leads to them, so nobody is shown a link that ends in "page not found"."""

import pytest
from django.urls import reverse


def _links(client, hub):
    response = client.get(reverse(f"{hub}:home"))
    assert response.status_code == 200
    return {link.text for link in response.context["links"]}


def _menu(client):
    response = client.get(reverse("pages:home"))
    return {item["text"] for item in response.context["service_navigation"]}


def test_an_outreach_worker_is_offered_street_work_but_not_partnership_figures(outreach_client):
    links = _links(outreach_client, "outreach")
    assert {"Record a street contact", "Not yet identified", "By-name list"} <= links
    assert "Flows" not in links and "Places and hotspots" not in links
    assert {"By-name list", "Street work", "Case work"} <= _menu(outreach_client)


def test_a_coordinator_also_manages_places_and_sees_flows(coordinator_client):
    links = _links(coordinator_client, "outreach")
    assert {"Flows", "Places and hotspots", "By-name list settings"} <= links
    assert {"Enforcement", "Deaths", "Threshold model"} <= _links(coordinator_client, "cases")


def test_a_commissioner_sees_figures_only(commissioner_client):
    assert _links(commissioner_client, "outreach") == {"Street counts", "Flows"}
    assert _links(commissioner_client, "cases") == {"Threshold model", "Learning from deaths"}
    assert "By-name list" not in _menu(commissioner_client)


def test_a_referrer_has_no_street_pages_but_sees_actions_their_agency_owns(referrer_client):
    response = referrer_client.get(reverse("outreach:home"))
    assert response.context["links"] == []
    assert "Your role does not include" in response.content.decode()
    assert _links(referrer_client, "cases") == {"Your actions", "Your agency’s actions"}
    assert not {"Street work", "By-name list"} & _menu(referrer_client)


@pytest.mark.parametrize(
    "persona",
    [
        "outreach_client",
        "coordinator_client",
        "commissioner_client",
        "admin_client",
        "referrer_client",
    ],
)
@pytest.mark.parametrize("hub", ["outreach", "cases"])
def test_every_hub_link_opens(request, persona, hub):
    client = request.getfixturevalue(persona)
    for link in client.get(reverse(f"{hub}:home")).context["links"]:
        assert client.get(link.href).status_code == 200, link.href
