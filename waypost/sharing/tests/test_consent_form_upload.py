"""Uploading the signed consent form: only real PDF, JPEG or PNG files, within the size
limit, stored privately under MEDIA_ROOT."""

from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from waypost.sharing.models import SharingPermission
from waypost.sharing.policy import PERSON_SECTIONS

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _post(client, person, upload, **overrides):
    return client.post(
        reverse("sharing:permission", args=[person.pk]),
        {
            "status": "given",
            "sections": [s.value for s in PERSON_SECTIONS],
            "scope": "all",
            "obtained_how": "signed_proforma",
            "proforma": upload,
            "review_on": (date.today() + timedelta(days=365)).isoformat(),
            **overrides,
        },
    )


def test_a_signed_pdf_is_stored_privately_under_the_permission_id(person, caseworker_client):
    upload = SimpleUploadedFile("Jo Bloggs consent.pdf", PDF, content_type="application/pdf")
    response = _post(caseworker_client, person, upload)
    assert response.status_code == 302
    permission = SharingPermission.objects.get()
    # The stored name carries no personal data: the person's name never reaches the disk.
    assert permission.proforma.name.endswith(f"/{permission.pk}.pdf")
    stored = Path(settings.MEDIA_ROOT) / permission.proforma.name
    assert stored.read_bytes() == PDF
    # Never served as a static file: only the access-checked download view hands it out.
    for path in (f"/media/{permission.proforma.name}", f"/{permission.proforma.name}"):
        assert caseworker_client.get(path).status_code == 404


def test_a_photographed_form_keeps_its_image_type(person, caseworker_client):
    _post(caseworker_client, person, SimpleUploadedFile("form.png", PNG, content_type="image/png"))
    assert SharingPermission.objects.get().proforma.name.endswith(".png")


def test_a_file_that_is_not_what_it_claims_is_refused(person, caseworker_client):
    fake = SimpleUploadedFile("form.pdf", b"<script>alert(1)</script>", "application/pdf")
    response = _post(caseworker_client, person, fake)
    page = response.content.decode()
    assert "The selected file must be a PDF, JPEG or PNG. Choose the file again" in page
    assert not SharingPermission.objects.exists()
    assert not (Path(settings.MEDIA_ROOT) / "sharing").exists()


def test_a_real_pdf_with_the_wrong_declared_type_is_refused(person, caseworker_client):
    response = _post(caseworker_client, person, SimpleUploadedFile("form.pdf", PDF, "text/html"))
    assert "must be a PDF, JPEG or PNG" in response.content.decode()
    assert not SharingPermission.objects.exists()


def test_a_file_over_the_size_limit_is_refused(person, caseworker_client, monkeypatch):
    monkeypatch.setattr("waypost.sharing.categories.CONSENT_FORM_MAX_BYTES", len(PDF) - 1)
    upload = SimpleUploadedFile("form.pdf", PDF, content_type="application/pdf")
    response = _post(caseworker_client, person, upload)
    assert "The selected file must be smaller than 10 MB" in response.content.decode()
    assert not SharingPermission.objects.exists()


def test_choosing_a_signed_form_without_uploading_one_is_explained(person, caseworker_client):
    response = _post(caseworker_client, person, b"")
    assert "Upload the signed consent form" in response.content.decode()
    assert 'href="#id_proforma"' in response.content.decode()
