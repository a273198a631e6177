import csv
import io

import pytest
from django.urls import reverse

from waypost.accounts.models import Role
from waypost.audit.models import Channel, Section
from waypost.audit.tests.conftest import london
from waypost.testing.personas import make_user


def _rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


def test_it_exports_the_filtered_log_as_csv(dpo_client, world, make_event):
    worker = make_user("cw@coventry.test", agency=world.council, role=Role.CASEWORKER)
    make_event(
        worker,
        agency=world.council,
        section=Section.HEALTH,
        channel=Channel.API,
        subject_id="abc",
        reason="Hospital discharge",
        route="api:people-detail",
        occurred_at=london(2026, 7, 1, 14, 30),
    )
    make_event(worker, agency=world.outreach)

    response = dpo_client.get(reverse("audit:export"), {"agency": str(world.council.pk)})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="waypost-access-log-')
    header, *rows = _rows(response)
    assert header[:3] == ["When (UTC)", "Staff email", "Staff name"]
    # The export itself was recorded before the file was written, so it is listed too.
    exported = [row for row in rows if row[5] == "health"]
    assert exported == [
        [
            "2026-07-01T13:30:00+00:00",
            "cw@coventry.test",
            "Cw",
            "Coventry Housing Options",
            "",
            "health",
            "api",
            "person",
            "abc",
            "api:people-detail",
            "Hospital discharge",
        ]
    ]
    assert {row[5] for row in rows} == {"health", "audit"}


def test_it_neutralises_spreadsheet_formulas(dpo_client, world, make_event):
    worker = make_user("cw@coventry.test", agency=world.council, role=Role.CASEWORKER)
    for reason in ['=HYPERLINK("http://evil")', "+1", "-1", "@SUM(A1)", "\tx", "\rx", "fine"]:
        make_event(worker, agency=world.council, reason=reason, section=Section.NOTES)

    response = dpo_client.get(reverse("audit:export"))

    reasons = {row[10] for row in _rows(response)[1:] if row[5] == "notes"}
    assert reasons == {
        '\'=HYPERLINK("http://evil")',
        "'+1",
        "'-1",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
        "fine",
    }


def test_it_sends_bad_filters_back_to_the_search_page(dpo_client):
    response = dpo_client.get(reverse("audit:export"), {"person_id": "nope"})

    assert response.status_code == 302
    assert response["Location"] == reverse("audit:log") + "?person_id=nope"


@pytest.mark.parametrize("url_name", ["audit:log", "audit:export"])
@pytest.mark.parametrize(
    "client_name",
    ["caseworker_client", "commissioner_client", "admin_client", "outreach_client"],
)
def test_only_data_protection_officers_may_see_the_log(request, client_name, url_name):
    client = request.getfixturevalue(client_name)

    response = client.get(reverse(url_name))

    assert response.status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("audit:log"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_birmingham_dpo_exports_nothing_from_coventry(world, make_event):
    from django.test import Client

    coventry_worker = make_user("cw@coventry.test", agency=world.council, role=Role.CASEWORKER)
    make_event(coventry_worker, agency=world.council, section=Section.HEALTH)
    brum_dpo = make_user("dpo@birmingham.test", agency=world.brum_council, role=Role.DPO)
    client = Client()
    client.force_login(brum_dpo)

    rows = _rows(client.get(reverse("audit:export")))[1:]

    assert [row[5] for row in rows] == ["audit"]
    assert rows[0][1] == "dpo@birmingham.test"
