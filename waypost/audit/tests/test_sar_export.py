"""The export holds everything about the person from every registered model, as JSON and an
accessible PDF in a ZIP; never the safe address; flags what may hold other people's data; and
only the partnership's officer downloads it, each section logged."""

import io
import json
import zipfile

import pytest
from django.urls import reverse
from pypdf import PdfReader

from waypost.audit.models import AccessEvent, Channel, RequestStatus
from waypost.audit.subject_access.registry import registrations
from waypost.audit.tasks import build_subject_access_export
from waypost.audit.tests.conftest import SAFE_ADDRESS_LINE, open_request_for


@pytest.fixture
def sar(world, dpo_user, full_record):
    sar = open_request_for(dpo_user, world, person=full_record["people.Person"])
    build_subject_access_export.call(str(sar.pk))
    sar.refresh_from_db()
    return sar


def _zip(sar) -> zipfile.ZipFile:
    with sar.export_file.open("rb") as handle:
        return zipfile.ZipFile(io.BytesIO(handle.read()))


def _json(sar) -> dict:
    return json.loads(_zip(sar).read(f"subject-access-{sar.pk}.json"))


def _pdf(sar) -> PdfReader:
    return PdfReader(io.BytesIO(_zip(sar).read(f"subject-access-{sar.pk}.pdf")))


def test_the_export_is_a_zip_of_json_pdf_and_uploaded_files(sar, full_record):
    names = set(_zip(sar).namelist())
    permission = full_record["sharing.SharingPermission"]
    assert names == {
        f"subject-access-{sar.pk}.json",
        f"subject-access-{sar.pk}.pdf",
        f"files/sharing-sharingpermission-{permission.pk}.pdf",
    }
    assert sar.status == RequestStatus.EXPORT_READY
    assert sar.export_file.name.startswith("subject-access/")


def test_it_includes_rows_from_every_registered_model(sar, full_record):
    items = _json(sar)["items"]
    exported = {item["model"] for item in items}
    assert exported == {r.model for r in registrations().exported}
    for model, row in full_record.items():
        if "." in model:
            assert str(row.pk) in {i["id"] for i in items if i["model"] == model}, model


def test_it_includes_records_merged_into_the_persons(sar, full_record):
    data = _json(sar)
    merged = full_record["merged"]
    assert data["person_ids"] == [str(full_record["people.Person"].pk), str(merged.pk)]
    names = [i["fields"].get("given_name") for i in data["items"] if i["model"] == "people.Alias"]
    assert "Robyn" in names  # an other name recorded on the merged record


def test_it_never_includes_the_safe_address(sar):
    archive = _zip(sar)
    for name in archive.namelist():
        assert SAFE_ADDRESS_LINE.encode() not in archive.read(name), name
    assert "people.SafeAddress" not in {i["model"] for i in _json(sar)["items"]}
    assert SAFE_ADDRESS_LINE not in "".join(page.extract_text() for page in _pdf(sar).pages)


def test_free_text_and_other_peoples_names_are_flagged_for_review(sar, full_record):
    by_model = {}
    for item in _json(sar)["items"]:
        by_model.setdefault(item["model"], []).append(item)
    assert all(i["third_party_review"] for i in by_model["people.Note"])
    assert all(i["third_party_review"] for i in by_model["people.IdVerification"])
    assert all(i["third_party_review"] for i in by_model["sharing.SharingPermission"])
    assert not any(i["third_party_review"] for i in by_model["people.Identifier"])
    assert not any(i["third_party_review"] for i in by_model["people.PostItem"])


def test_items_say_their_section(sar):
    items = _json(sar)["items"]
    note = next(i for i in items if i["model"] == "people.Note")
    assert note["section"] == "health"  # a health note is in the health section
    assert note["fields"]["text"] == "Discussed medication with sister Alex"
    assert {s["section"] for s in _json(sar)["sections"]} == set(sar.export_sections)


def test_the_pdf_is_a_real_tagged_accessible_document(sar):
    pdf = _pdf(sar)
    text = "".join(page.extract_text() for page in pdf.pages)
    root = pdf.trailer["/Root"]
    assert len(pdf.pages) >= 2
    # pypdf's BooleanObject is truthy even when false: compare its value.
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712
    assert root["/Lang"] == "en-GB"
    assert "/StructTreeRoot" in root
    assert "Information held about you" in text
    assert "Who has seen your record" in text
    assert "Robin" in text and "Quennell" in text
    assert "Check before release: may contain information about other people" in text
    assert "ico.org.uk" in text


def test_the_officer_downloads_it_and_each_section_is_logged(dpo_client, sar, world):
    response = dpo_client.get(reverse("audit:sar_download", args=[sar.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert f'filename="subject-access-{sar.pk}.zip"' in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"
    assert zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).testzip() is None
    events = AccessEvent.objects.filter(channel=Channel.EXPORT, person_id=sar.person_id)
    assert sorted(e.section for e in events) == sorted(sar.export_sections)
    assert {e.reason for e in events} == {sar.audit_reason}
    assert {e.agency for e in events} == {world.council}


def test_others_cannot_download_it(commissioner_client, caseworker_client, sar):
    for client in (commissioner_client, caseworker_client):
        assert client.get(reverse("audit:sar_download", args=[sar.pk])).status_code == 403
    assert not AccessEvent.objects.filter(channel=Channel.EXPORT).exists()


def test_the_request_page_offers_the_download(dpo_client, sar):
    page = dpo_client.get(reverse("audit:sar_detail", args=[sar.pk]))
    assert "Download the export (ZIP)" in page.text
    assert "people.SafeAddress" in page.text  # what is left out, and why


def test_preparing_the_export_queues_a_task_with_only_the_id(dpo_client, dpo_user, world):
    from django_tasks_db.models import DBTaskResult

    from waypost.testing.people import make_person

    sar = open_request_for(dpo_user, world, person=make_person(world.council))
    response = dpo_client.post(reverse("audit:sar_export", args=[sar.pk]))

    assert response.status_code == 302
    task = DBTaskResult.objects.get()
    assert task.args_kwargs == {"args": [str(sar.pk)], "kwargs": {}}
    page = dpo_client.get(reverse("audit:sar_detail", args=[sar.pk]))
    assert "The export is being prepared" in page.text


def test_choosing_another_person_discards_the_export(sar, dpo_user, world):
    from waypost.audit.subject_access.actions import identify_person
    from waypost.testing.people import make_person

    identify_person(sar, make_person(world.council, given_name="Other"), by=dpo_user)
    sar.refresh_from_db()
    assert not sar.export_file
    assert sar.export_sections == []
