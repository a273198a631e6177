"""The commissioning side adds a contract (value typed in pounds, kept in pence) and its KPIs
through the pages; a computed KPI takes its unit and definition from Waypost's registry; a
change made on an out-of-date form is refused."""

from decimal import Decimal

import pytest
from django.urls import reverse

from waypost.commissioning.contract_forms import parse_contract_pence
from waypost.commissioning.kpi_sources import SOURCES
from waypost.commissioning.models import Contract, Kpi, Source, Unit
from waypost.testing.commissioning import make_contract


def dates(prefix, day, month, year):
    return {f"{prefix}_0": day, f"{prefix}_1": month, f"{prefix}_2": year}


def contract_data(world, **extra):
    data = {
        "name": "Street outreach",
        "provider": world.outreach.pk,
        "service_description": "Early morning and evening outreach",
        "value": "£480,000.50",
        **dates("starts_on", 1, 4, 2025),
        **dates("ends_on", 31, 3, 2028),
    }
    data.update(extra)
    return data


@pytest.mark.parametrize(
    ("typed", "pence"), [("250000", 25_000_000), ("£1,250,000.5", 125_000_050), ("0.01", 1)]
)
def test_a_value_is_kept_in_pence(typed, pence):
    assert parse_contract_pence(typed) == pence


@pytest.mark.parametrize("typed", ["", "-5", "12.345", "ten pounds"])
def test_a_value_that_is_not_money_is_refused(typed):
    with pytest.raises(Exception, match="Enter"):
        parse_contract_pence(typed)


def test_a_coordinator_adds_a_contract(coordinator_client, world):
    response = coordinator_client.post(reverse("commissioning:contract_new"), contract_data(world))
    contract = Contract.objects.get()
    assert response.status_code == 302
    assert (contract.provider, contract.value_pence) == (world.outreach, 48_000_050)
    assert contract.value_text == "£480,000.50"
    page = coordinator_client.get(response["Location"]).content.decode()
    assert "£480,000.50" in page and "Early morning and evening outreach" in page


def test_a_contract_that_ends_before_it_starts_is_refused(coordinator_client, world):
    response = coordinator_client.post(
        reverse("commissioning:contract_new"), contract_data(world, **dates("ends_on", 1, 1, 2025))
    )
    assert "The end date must be on or after the start date" in response.content.decode()
    assert not Contract.objects.exists()


def test_a_provider_from_another_partnership_cannot_be_chosen(coordinator_client, world):
    response = coordinator_client.post(
        reverse("commissioning:contract_new"), contract_data(world, provider=world.brum_council.pk)
    )
    assert response.status_code == 200 and not Contract.objects.exists()


def test_an_edit_on_an_out_of_date_form_is_refused(coordinator_client, world):
    contract = make_contract(world.outreach, name="Street outreach")
    url = reverse("commissioning:contract_edit", args=[contract.pk])
    Contract.objects.filter(pk=contract.pk).update(version=2)  # someone saved meanwhile
    response = coordinator_client.post(url, contract_data(world, version=1, name="Renamed"))
    assert "Someone else changed this contract" in response.content.decode()
    assert Contract.objects.get().name == "Street outreach"
    coordinator_client.post(url, contract_data(world, version=2, name="Renamed"))
    assert Contract.objects.get().name == "Renamed"


def test_a_computed_kpi_takes_its_unit_and_definition_from_the_registry(coordinator_client, world):
    contract = make_contract(world.shelter)
    response = coordinator_client.post(
        reverse("commissioning:kpi_new", args=[contract.pk]),
        {
            "name": "Moves on",
            "source": Source.COMPUTED,
            "computation": "placements_positive",
            "definition": "",
            "unit": Unit.COUNT,  # the registry says a percentage
            "target": "60",
            "direction": "higher",
            "tolerance_percent": "10",
            "position": "1",
        },
    )
    assert response.status_code == 302
    kpi = Kpi.objects.get()
    assert (kpi.unit, kpi.computation) == (Unit.PERCENT, "placements_positive")
    assert kpi.definition == SOURCES["placements_positive"].definition
    assert kpi.target == Decimal("60")


def test_an_entered_kpi_needs_a_definition_and_drops_any_computation(coordinator_client, world):
    contract = make_contract(world.shelter)
    url = reverse("commissioning:kpi_new", args=[contract.pk])
    data = {
        "name": "Evictions",
        "source": Source.ENTERED,
        "computation": "street_contacts",
        "definition": "",
        "unit": Unit.COUNT,
        "target": "3",
        "direction": "lower",
        "tolerance_percent": "10",
        "position": "2",
    }
    assert "Enter the definition" in coordinator_client.post(url, data).content.decode()
    coordinator_client.post(url, {**data, "definition": "Residents asked to leave"})
    kpi = Kpi.objects.get()
    assert (kpi.source, kpi.computation) == (Source.ENTERED, "")
