"""Uploaded consent forms are scanned by clamd before anything is stored (ASVS 5.4.3): a clean
form is kept, an infected one or one that could not be scanned is refused and nothing is
written, neither the file nor the permission."""

import logging
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from waypost.lib.tests.fake_clamd import EICAR, closed_port_address, running_fake_clamd
from waypost.sharing.models import SharingPermission
from waypost.sharing.policy import PERSON_SECTIONS

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
INFECTED_PDF = b"%PDF-1.4\n" + EICAR + b"\n%%EOF\n"


def _post(client, person, content, name="Jo Bloggs consent.pdf"):
    return client.post(
        reverse("sharing:permission", args=[person.pk]),
        {
            "status": "given",
            "sections": [s.value for s in PERSON_SECTIONS],
            "scope": "all",
            "obtained_how": "signed_proforma",
            "proforma": SimpleUploadedFile(name, content, content_type="application/pdf"),
            "review_on": (date.today() + timedelta(days=365)).isoformat(),
        },
    )


def _nothing_stored() -> bool:
    stored = Path(django_settings.MEDIA_ROOT) / "sharing"
    return not SharingPermission.objects.exists() and not (
        stored.exists() and any(p.is_file() for p in stored.rglob("*"))
    )


@pytest.fixture
def clamd(settings):
    with running_fake_clamd() as fake:
        settings.CLAMD_ADDRESS = fake.address
        yield fake


def test_a_clean_form_is_scanned_then_stored(person, caseworker_client, clamd):
    response = _post(caseworker_client, person, PDF)
    assert response.status_code == 302
    assert clamd.scanned == [PDF]  # the whole file, as uploaded
    permission = SharingPermission.objects.get()
    assert (Path(django_settings.MEDIA_ROOT) / permission.proforma.name).read_bytes() == PDF


def test_a_form_with_a_virus_is_refused_and_nothing_is_stored(
    person, caseworker_client, clamd, caplog
):
    with caplog.at_level(logging.WARNING, logger="waypost.lib.virus_scan"):
        response = _post(caseworker_client, person, INFECTED_PDF)
    page = response.content.decode()
    assert response.status_code == 200
    assert "The file you chose has a virus in it. Waypost has not kept it." in page
    assert 'href="#id_proforma"' in page  # in the error summary, linked to the field
    assert _nothing_stored()
    # The log names the signature, never the file (whose name is often the person's).
    assert "Eicar-Signature" in caplog.text
    assert "Bloggs" not in caplog.text


def test_a_scanner_that_is_down_refuses_the_upload(person, caseworker_client, settings):
    settings.CLAMD_ADDRESS = closed_port_address()
    response = _post(caseworker_client, person, PDF)
    page = response.content.decode()
    assert response.status_code == 200
    assert "The file could not be checked for viruses, so Waypost has not kept it." in page
    assert _nothing_stored()


def test_a_scanner_that_hangs_refuses_the_upload(person, caseworker_client, settings):
    with running_fake_clamd(silent=True) as fake:
        settings.CLAMD_ADDRESS = fake.address
        settings.CLAMD_TIMEOUT = 1
        response = _post(caseworker_client, person, PDF)
    assert "could not be checked for viruses" in response.content.decode()
    assert _nothing_stored()


def test_a_unix_socket_scanner_is_used_too(person, caseworker_client, settings):
    with running_fake_clamd("unix") as fake:
        settings.CLAMD_ADDRESS = fake.address
        response = _post(caseworker_client, person, INFECTED_PDF)
    assert "has a virus in it" in response.content.decode()
    assert fake.scanned == [INFECTED_PDF]
    assert _nothing_stored()


def test_without_a_scanner_demo_mode_stores_the_form(person, caseworker_client, settings):
    settings.CLAMD_ADDRESS = ""
    settings.WAYPOST_DEMO = True
    assert _post(caseworker_client, person, PDF).status_code == 302
    assert SharingPermission.objects.get().proforma


def test_without_a_scanner_outside_demo_the_unscanned_upload_is_logged(
    person, caseworker_client, settings, caplog
):
    settings.CLAMD_ADDRESS = ""
    settings.WAYPOST_DEMO = False
    with caplog.at_level(logging.WARNING, logger="waypost.lib.virus_scan"):
        assert _post(caseworker_client, person, PDF).status_code == 302
    assert "without a virus scan" in caplog.text
