"""The reports hub lists each role's reporting pages and no others, the menu leads to it for
the roles with figures, and every link it offers opens."""

from django.urls import reverse


def _links(client):
    response = client.get(reverse("reporting:home"))
    assert response.status_code == 200
    return {link.text: link.href for link in response.context["links"]}


def _menu(client):
    response = client.get(reverse("pages:home"))
    return {item["text"] for item in response.context["service_navigation"]}


def test_a_coordinator_reaches_every_report_and_the_hmis_export(coordinator_client):
    links = _links(coordinator_client)
    assert {
        "Partnership dashboard",
        "Monthly return",
        "Built for Zero figures",
        "HMIS CSV export",
        "The current cohort",
        "Forecasts",
        "The region",
        "Action plans",
        "Commissioned services",
        "Report to the homelessness forum",
    } == set(links)
    assert {"Reports", "Strategy"} <= _menu(coordinator_client)


def test_a_commissioner_sees_figures_but_not_the_personal_data_export(commissioner_client):
    links = _links(commissioner_client)
    assert "Partnership dashboard" in links and "Action plans" in links
    assert "HMIS CSV export" not in links


def test_a_regional_officer_sees_the_region_and_the_plans_only(regional_client):
    assert set(_links(regional_client)) == {"The region", "Action plans"}
    assert {"Reports", "Strategy"} <= _menu(regional_client)


def test_a_provider_finds_their_contracts(provider_client):
    assert set(_links(provider_client)) == {"Commissioned services"}
    assert "Reports" in _menu(provider_client)


def test_a_caseworker_has_no_reports_menu(caseworker_client):
    assert _links(caseworker_client) == {}
    assert "Reports" not in _menu(caseworker_client)


def test_every_link_opens(coordinator_client):
    for href in _links(coordinator_client).values():
        assert coordinator_client.get(href).status_code == 200, href
