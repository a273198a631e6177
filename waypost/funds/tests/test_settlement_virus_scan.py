"""Settlement files are uploads too: scanned by clamd before they are read (ASVS 5.4.3)."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from waypost.funds.models import LedgerEntry, SettlementImport
from waypost.funds.tests.factories import make_fund
from waypost.lib.tests.fake_clamd import EICAR, closed_port_address, running_fake_clamd

CSV = (Path(__file__).parent / "data" / "payment_provider_payout.csv").read_bytes()


@pytest.fixture
def fund(world):
    return make_fund(world.council)


def _import(client, fund, content):
    return client.post(
        reverse("funds:settlement_new", args=[fund.pk]),
        {
            "file_format": "payment_provider",
            "file": SimpleUploadedFile("payout.csv", content, "text/csv"),
        },
    )


def test_a_clean_file_is_scanned_then_imported(fund, coordinator_client, settings):
    with running_fake_clamd() as clamd:
        settings.CLAMD_ADDRESS = clamd.address
        response = _import(coordinator_client, fund, CSV)
    assert response.status_code == 302
    assert clamd.scanned == [CSV]
    assert SettlementImport.objects.filter(fund=fund).exists()


def test_a_file_with_a_virus_is_refused_and_nothing_is_imported(fund, coordinator_client, settings):
    with running_fake_clamd() as clamd:
        settings.CLAMD_ADDRESS = clamd.address
        response = _import(coordinator_client, fund, CSV + EICAR)
    page = response.content.decode()
    assert response.status_code == 200
    assert "The file you chose has a virus in it. Waypost has not kept it." in page
    assert 'href="#id_file"' in page
    assert not SettlementImport.objects.exists()
    assert not LedgerEntry.objects.filter(fund=fund).exists()


def test_a_scanner_that_is_down_refuses_the_file(fund, coordinator_client, settings):
    settings.CLAMD_ADDRESS = closed_port_address()
    response = _import(coordinator_client, fund, CSV)
    assert "The file could not be checked for viruses" in response.content.decode()
    assert not SettlementImport.objects.exists()
