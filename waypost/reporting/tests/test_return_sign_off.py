"""The monthly return page shows live figures until a coordinator signs it off; signing off
freezes them (records added later do not change them); the CSV export exists only after
sign-off, parses, records when it was exported, and shows commissioners no count from 1 to 4."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from waypost.reporting.models import MonthlyReturn, ReturnStatus
from waypost.testing.people import make_person
from waypost.testing.returns import at, build_return_month, seen

PAGE = reverse("reporting:returns")
OCT = {"month_0": "10", "month_1": "2026"}
SIGN_OFF = reverse("reporting:return_sign_off", args=["2026-10"])
CSV = reverse("reporting:return_csv", args=["2026-10"])


@pytest.fixture
def month(world):
    return build_return_month(world)


def _figures(response):
    return {
        (i["code"], f["label"]): f["text"]
        for i in response.context["indicators"]
        for f in i["figures"]
    }


def _csv(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_page_shows_live_figures_before_sign_off(world, month, coordinator_client):
    response = coordinator_client.get(PAGE, OCT)
    figures = _figures(response)
    assert figures[("R1", "Seen sleeping rough over the month")] == "4"
    assert figures[("P1", "New people sleeping rough")] == "2"
    page = response.content.decode()
    assert "Not signed off yet" in page
    # Each table is captioned with its code and what it measures, signed off or not.
    assert "P1: New people sleeping rough</caption>" in page
    assert "NR2: Sustainment</caption>" in page
    seen(make_person(world.outreach, given_name="Zed"), at(2026, 10, 20), world.outreach)
    figures = _figures(coordinator_client.get(PAGE, OCT))
    assert figures[("R1", "Seen sleeping rough over the month")] == "5"


def test_sign_off_freezes_the_figures(world, month, coordinator_client, coordinator_user):
    response = coordinator_client.post(SIGN_OFF, {"partnership": "coventry", "notes": "Checked"})
    assert response.status_code == 302
    saved = MonthlyReturn.objects.get(partnership=world.coventry, month=date(2026, 10, 1))
    assert saved.status == ReturnStatus.SIGNED_OFF
    assert saved.signed_off_by == coordinator_user
    assert saved.notes == "Checked"
    seen(make_person(world.outreach, given_name="Zed"), at(2026, 10, 20), world.outreach)
    response = coordinator_client.get(PAGE, OCT)
    assert _figures(response)[("R1", "Seen sleeping rough over the month")] == "4"
    body = response.content.decode()
    assert "B3: Days from first seen to long-term accommodation</caption>" in body
    assert "Signed off by" in body
    assert "Coordinator" in body


def test_a_signed_off_return_cannot_be_signed_off_again(world, month, coordinator_client):
    coordinator_client.post(SIGN_OFF, {"partnership": "coventry"})
    first = MonthlyReturn.objects.get().signed_off_at
    coordinator_client.post(SIGN_OFF, {"partnership": "coventry", "notes": "again"})
    again = MonthlyReturn.objects.get()
    assert again.signed_off_at == first
    assert again.notes == ""


def test_the_current_month_cannot_be_signed_off(world, coordinator_client):
    current = reverse("reporting:return_sign_off", args=["2026-11"])
    coordinator_client.post(current, {"partnership": "coventry"})
    assert not MonthlyReturn.objects.exists()


def test_no_export_before_sign_off(world, month, coordinator_client):
    response = coordinator_client.get(CSV)
    assert response.status_code == 302
    assert not MonthlyReturn.objects.filter(exported_at__isnull=False).exists()


def test_the_export_parses_and_records_when(world, month, coordinator_client):
    coordinator_client.post(SIGN_OFF, {"partnership": "coventry"})
    response = coordinator_client.get(CSV)
    assert response.status_code == 200
    rows = _csv(response)
    assert ["Month", "2026-10"] in rows
    assert ["R1", "Seen sleeping rough over the month", "4"] in rows
    assert ["B3", "Median days from first seen sleeping rough", "No figure"] not in rows
    assert MonthlyReturn.objects.get().exported_at is not None


def test_commissioners_see_fewer_than_5_and_no_figure_worked_from_it(
    world, month, coordinator_client, commissioner_client
):
    coordinator_client.post(SIGN_OFF, {"partnership": "coventry"})
    figures = _figures(commissioner_client.get(PAGE, OCT))
    assert figures[("R1", "Seen sleeping rough over the month")] == "fewer than 5"
    assert figures[("R1", "Over the month, per 100,000 residents")] == "Not shown"
    assert figures[("B2", "Median nights per person")] == "Not shown"
    rows = _csv(commissioner_client.get(CSV))
    values = [row[2] for row in rows if len(row) == 3 and row[0] != "Indicator"]
    assert "4" not in values and "2" not in values and "1" not in values
    assert ["R1", "Seen sleeping rough over the month", "fewer than 5"] in rows


def test_the_spreadsheet_export_opens_after_sign_off(world, month, coordinator_client):
    from openpyxl import load_workbook

    xlsx = reverse("reporting:return_xlsx", args=["2026-10"])
    assert coordinator_client.get(xlsx).status_code == 302  # not signed off yet
    coordinator_client.post(SIGN_OFF, {"partnership": "coventry"})
    response = coordinator_client.get(xlsx)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    assert any(row[:3] == ("R1", "Seen sleeping rough over the month", 4) for row in values)


def test_the_return_page_has_a_fixed_number_of_queries(
    world, month, coordinator_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(30):
        assert coordinator_client.get(PAGE, OCT).status_code == 200
