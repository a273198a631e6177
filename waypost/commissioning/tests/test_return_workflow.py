"""A quarterly return's workflow through its pages: the provider saves and submits (which
locks it, fills computed KPIs from Waypost's data and tells the contract manager); the
commissioning side accepts it or sends it back with a reason (which opens it again); a form
made before someone else's change is refused with a message and keeps what was typed."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from waypost.commissioning.contract_actions import STALE
from waypost.commissioning.models import QuarterlyReturn, ReturnStatus, Unit
from waypost.lib.quarters import Quarter
from waypost.notifications.models import Notification
from waypost.outreach.models import StreetContact
from waypost.testing.commissioning import make_contract, make_kpi
from waypost.testing.personas import make_user, mark_recently_authenticated

Q = Quarter(2024, 2)  # July to September 2024


@pytest.fixture
def contract(world, coordinator_user):
    contract = make_contract(world.shelter, name="Night shelter", manager=coordinator_user)
    return contract


@pytest.fixture
def kpis(contract, world):
    beds = make_kpi(contract, name="Bed occupancy", unit=Unit.PERCENT, target=Decimal("90"))
    evictions = make_kpi(contract, name="Evictions", target=Decimal("3"), direction="lower")
    contacts = make_kpi(
        contract,
        name="Street contacts",
        computation="street_contacts",
        definition="",
        position=3,
    )
    for day in (3, 4):
        StreetContact.objects.create(
            partnership=world.coventry,
            description="Woman with a dog",
            contacted_at=datetime(2024, 8, day, 6, tzinfo=ZoneInfo("Europe/London")),
            bedded_down=True,
            recorded_by_agency=world.shelter,
        )
    return beds, evictions, contacts


def url(contract):
    return reverse("commissioning:return", args=[contract.pk, Q.slug])


def typed(kpis, version, action, **extra):
    beds, evictions, contacts = kpis
    data = {
        "action": action,
        "version": version,
        f"count_{beds.pk}": "27",
        f"out_of_{beds.pk}": "30",
        f"comment_{beds.pk}": "Two rooms out of use for repairs",
        f"count_{evictions.pk}": "1",
        f"comment_{contacts.pk}": "Early shift added",
    }
    data.update(extra)
    return data


def the_return(contract):
    return QuarterlyReturn.objects.get(contract=contract, year=Q.year, quarter=Q.number)


def test_the_provider_saves_a_draft_then_submits_which_locks_it(
    provider_client, contract, kpis, coordinator_user
):
    beds, evictions, contacts = kpis
    response = provider_client.post(url(contract), typed(kpis, 0, "save"))
    assert response.status_code == 302
    draft = the_return(contract)
    assert draft.status == ReturnStatus.DRAFT and draft.version == 1
    values = {v.kpi_id: v for v in draft.values.all()}
    assert (values[beds.pk].count, values[beds.pk].out_of) == (27, 30)
    assert values[evictions.pk].count == 1 and values[evictions.pk].out_of is None
    # Computed from the two street contacts the shelter recorded in the quarter
    assert (values[contacts.pk].count, values[contacts.pk].is_computed) == (2, True)
    assert values[contacts.pk].comment == "Early shift added"

    response = provider_client.post(url(contract), typed(kpis, 1, "submit"))
    assert response.status_code == 302
    submitted = the_return(contract)
    assert submitted.status == ReturnStatus.SUBMITTED and submitted.submitted_at
    assert Notification.objects.filter(
        user=coordinator_user, title="Quarterly return submitted: Night shelter"
    ).exists()

    page = provider_client.get(url(contract)).content.decode()
    assert "cannot be changed unless the commissioners send it back" in page
    assert 'id="return-form"' not in page
    assert "90% (27 of 30)" in page  # 90.0% of a 90% target: green
    assert "Green</strong>" in page and "Amber</strong>" not in page
    refused = provider_client.post(
        url(contract), typed(kpis, 2, "save", **{f"count_{evictions.pk}": "5"})
    )
    assert "This return has been submitted" in refused.content.decode()
    assert the_return(contract).values.get(kpi=evictions).count == 1


def test_submitting_needs_every_entered_figure(provider_client, contract, kpis):
    beds, _, _ = kpis
    response = provider_client.post(
        url(contract), typed(kpis, 0, "submit", **{f"count_{beds.pk}": "", f"out_of_{beds.pk}": ""})
    )
    assert response.status_code == 200
    assert (
        "Enter a figure for every KPI before you submit: Bed occupancy" in response.content.decode()
    )
    assert not QuarterlyReturn.objects.filter(
        contract=contract, status=ReturnStatus.SUBMITTED
    ).exists()


def test_a_share_cannot_be_more_than_it_is_out_of(provider_client, contract, kpis):
    beds, _, _ = kpis
    response = provider_client.post(
        url(contract), typed(kpis, 0, "save", **{f"count_{beds.pk}": "31"})
    )
    assert "cannot be more than it is out of" in response.content.decode()
    assert not QuarterlyReturn.objects.exists()


def test_sent_back_with_a_reason_the_provider_can_change_and_submit_again(
    provider_client, coordinator_client, contract, kpis
):
    _, evictions, _ = kpis
    provider_client.post(url(contract), typed(kpis, 0, "submit"))
    version = the_return(contract).version
    missing_reason = coordinator_client.post(
        url(contract), {"action": "send_back", "version": version}
    )
    assert "Say why the return is being sent back" in missing_reason.content.decode()
    coordinator_client.post(
        url(contract), {"action": "send_back", "version": version, "reason": "Occupancy looks low"}
    )
    sent_back = the_return(contract)
    assert sent_back.status == ReturnStatus.SENT_BACK
    page = provider_client.get(url(contract)).content.decode()
    assert "Occupancy looks low" in page and 'id="return-form"' in page

    provider_client.post(
        url(contract), typed(kpis, sent_back.version, "submit", **{f"count_{evictions.pk}": "2"})
    )
    again = the_return(contract)
    assert again.status == ReturnStatus.SUBMITTED
    assert again.values.get(kpi=evictions).count == 2
    coordinator_client.post(url(contract), {"action": "accept", "version": again.version})
    assert the_return(contract).status == ReturnStatus.ACCEPTED


def test_a_stale_save_is_refused_and_keeps_what_was_typed(provider_client, world, contract, kpis):
    _, evictions, _ = kpis
    provider_client.post(url(contract), typed(kpis, 0, "save"))  # version 1
    colleague = make_user("manager@shelter.test", agency=world.shelter, role="provider")
    other = Client()
    other.force_login(colleague)
    mark_recently_authenticated(other, colleague)
    other.post(url(contract), typed(kpis, 1, "save", **{f"count_{evictions.pk}": "4"}))  # now 2

    response = provider_client.post(
        url(contract), typed(kpis, 1, "save", **{f"count_{evictions.pk}": "7"})
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert STALE.split(".")[0] in page
    assert 'value="7"' in page  # what this user typed is still in the form
    assert 'name="version" value="2"' in page  # ready to save again over the new version
    assert the_return(contract).values.get(kpi=evictions).count == 4


def test_a_stale_send_back_is_refused_and_keeps_the_reason(
    provider_client, coordinator_client, contract, kpis
):
    provider_client.post(url(contract), typed(kpis, 0, "submit"))
    version = the_return(contract).version
    coordinator_client.post(url(contract), {"action": "accept", "version": version})
    response = coordinator_client.post(
        url(contract), {"action": "send_back", "version": version, "reason": "Check evictions"}
    )
    page = response.content.decode()
    assert STALE.split(".")[0] in page and "Check evictions" in page
    assert the_return(contract).status == ReturnStatus.ACCEPTED


def test_a_draft_cannot_be_accepted(provider_client, coordinator_client, contract, kpis):
    provider_client.post(url(contract), typed(kpis, 0, "save"))
    response = coordinator_client.post(url(contract), {"action": "accept", "version": 1})
    assert response.status_code == 200
    assert "Only a submitted return can be accepted." in response.content.decode()
    assert the_return(contract).status == ReturnStatus.DRAFT
