"""Who reaches each commissioned services page: the commissioning side (coordinators,
partnership admins) everything; commissioners read everything and change nothing; the
provider agency's staff their own contracts and returns only; other roles 403; someone from
another partnership 404, as for a contract that does not exist."""

import uuid

import pytest
from django.urls import reverse

from waypost.lib.quarters import Quarter
from waypost.testing.commissioning import make_contract, make_kpi

Q = Quarter(2024, 1)


@pytest.fixture
def contract(world):
    """Coventry's night shelter contract: the provider persona works at the shelter."""
    return make_contract(world.shelter, name="Night shelter")


@pytest.fixture
def kpi(contract):
    return make_kpi(contract)


def urls(contract, kpi):
    return {
        "contracts": reverse("commissioning:contracts"),
        "contract_new": reverse("commissioning:contract_new"),
        "contract": reverse("commissioning:contract", args=[contract.pk]),
        "contract_edit": reverse("commissioning:contract_edit", args=[contract.pk]),
        "kpi_new": reverse("commissioning:kpi_new", args=[contract.pk]),
        "kpi_edit": reverse("commissioning:kpi_edit", args=[contract.pk, kpi.pk]),
        "return": reverse("commissioning:return", args=[contract.pk, Q.slug]),
        "forum_report": reverse("commissioning:forum_report") + f"?quarter={Q.slug}",
        "forum_report_pdf": reverse("commissioning:forum_report_pdf") + f"?quarter={Q.slug}",
        "annual_report": reverse("commissioning:annual_report") + "?year=2024",
        "annual_report_pdf": reverse("commissioning:annual_report_pdf") + "?year=2024",
    }


ALL = (
    "contracts",
    "contract_new",
    "contract",
    "contract_edit",
    "kpi_new",
    "kpi_edit",
    "return",
    "forum_report",
    "forum_report_pdf",
    "annual_report",
    "annual_report_pdf",
)
MANAGE_ONLY = ("contract_new", "contract_edit", "kpi_new", "kpi_edit")
FORUM = ("forum_report", "forum_report_pdf", "annual_report", "annual_report_pdf")
CONTRACT_PAGES = ("contract", "contract_edit", "kpi_new", "kpi_edit", "return")


def expected(persona: str) -> dict[str, int]:
    if persona in ("coordinator_client", "admin_client"):
        return dict.fromkeys(ALL, 200)
    if persona == "commissioner_client":
        return {name: 403 if name in MANAGE_ONLY else 200 for name in ALL}
    if persona == "provider_client":
        return {name: 403 if name in MANAGE_ONLY + FORUM else 200 for name in ALL}
    if persona == "birmingham_admin_client":
        # Their own partnership's list and forms work; Coventry's contract is not found.
        return {name: 404 if name in CONTRACT_PAGES else 200 for name in ALL}
    return dict.fromkeys(ALL, 403)  # other roles in Coventry


@pytest.mark.parametrize(
    "persona",
    [
        "coordinator_client",
        "admin_client",
        "commissioner_client",
        "provider_client",
        "caseworker_client",
        "outreach_client",
        "referrer_client",
        "dpo_client",
        "regional_client",
        "birmingham_admin_client",
    ],
)
def test_who_reaches_each_page(request, persona, contract, kpi):
    client = request.getfixturevalue(persona)
    found = {name: client.get(url).status_code for name, url in urls(contract, kpi).items()}
    assert found == expected(persona)


def test_a_contract_that_does_not_exist_is_not_found(coordinator_client):
    assert coordinator_client.get(f"/commissioning/contracts/{uuid.uuid4()}/").status_code == 404


def test_another_partnerships_figures_are_not_found(birmingham_admin_client, contract):
    for name in ("forum_report", "annual_report"):
        url = reverse(f"commissioning:{name}") + "?partnership=coventry"
        assert birmingham_admin_client.get(url).status_code == 404
    url = reverse("commissioning:contract_new") + "?partnership=coventry"
    assert birmingham_admin_client.get(url).status_code == 404


def test_the_list_shows_only_the_contracts_the_user_may_see(
    provider_client, coordinator_client, world, contract
):
    make_contract(world.outreach, name="Street outreach")
    assert "Street outreach" in coordinator_client.get("/commissioning/").content.decode()
    page = provider_client.get("/commissioning/").content.decode()
    assert "Night shelter" in page and "Street outreach" not in page
    assert "Add a contract" not in page


def test_a_commissioner_cannot_enter_or_decide_a_return(commissioner_client, contract, kpi):
    url = reverse("commissioning:return", args=[contract.pk, Q.slug])
    for action in ("save", "submit", "accept", "send_back"):
        response = commissioner_client.post(url, {"action": action, "version": 0})
        assert response.status_code in (403, 404)


def test_the_commissioning_side_cannot_fill_in_the_providers_return(
    coordinator_client, contract, kpi
):
    url = reverse("commissioning:return", args=[contract.pk, Q.slug])
    response = coordinator_client.post(url, {"action": "save", "version": 0})
    assert response.status_code == 403


def test_a_quarter_outside_the_contract_is_not_found(coordinator_client, contract):
    for slug in ("2023-q4", "2099-q1", "nonsense"):
        url = f"/commissioning/contracts/{contract.pk}/returns/{slug}/"
        assert coordinator_client.get(url).status_code == 404
