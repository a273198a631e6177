"""The real task worker (db_worker, in its own process) builds the export the officer queued."""

import io
import json
import zipfile

import pytest
from django.db import transaction
from django.urls import reverse

from waypost.audit.models import RequestStatus
from waypost.audit.tests.conftest import open_request_for
from waypost.notifications.tests.conftest import MailStore, WorkerRunner

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_worker_builds_the_export_and_the_officer_downloads_it(
    dpo_client, dpo_user, world, full_record, media_root, tmp_path
):
    sar = open_request_for(dpo_user, world, person=full_record["people.Person"])
    with transaction.atomic():
        response = dpo_client.post(reverse("audit:sar_export", args=[sar.pk]))
    assert response.status_code == 302

    # No mail is sent; the runner only needs somewhere to point the worker's email settings.
    run_worker = WorkerRunner(mail_store=MailStore(port=1), tmp_path=tmp_path)
    result = run_worker(
        "db_worker", "--batch", "--no-startup-delay", env={"WAYPOST_VAR_DIR": str(tmp_path)}
    )

    assert result.returncode == 0, result.stderr
    sar.refresh_from_db()
    assert sar.status == RequestStatus.EXPORT_READY
    download = dpo_client.get(reverse("audit:sar_download", args=[sar.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    data = json.loads(archive.read(f"subject-access-{sar.pk}.json"))
    assert data["request_id"] == str(sar.pk)
    assert any(i["model"] == "people.Note" for i in data["items"])
