"""Downloading the by-name list: exactly what the user sees with the same filters, on every
page; each person in it recorded in the access log as an export; cells a spreadsheet would
run as formulas made safe."""

import csv
import io

import pytest
from django.urls import reverse

from waypost.audit.models import AccessEvent, Channel, Section
from waypost.outreach.models import ListStatus
from waypost.outreach.tests.test_list_page import build_list, on_list
from waypost.testing.people import give_consent, make_person

CSV_URL = reverse("outreach:list_export")


@pytest.fixture
def the_list(world, caseworker_user, outreach_user):
    return build_list(world, caseworker_user, outreach_user)


def _rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="waypost-by-name-list-coventry-'
    )
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_download_is_the_list_as_the_user_sees_it(coordinator_client, the_list):
    rows = _rows(coordinator_client.get(CSV_URL, {"sort": "name"}))
    assert rows[0] == [
        "Name", "Status", "Status since", "Days without contact", "Lead worker",
        "Agency to contact", "Tier", "Last contact",
    ]  # fmt: skip
    body = rows[1:]
    assert [r[0] for r in body] == ["Cal Council", "Sam Shared", "Details not shared"]
    cal, sam, hidden = body
    assert cal[1:3] == ["In emergency or temporary accommodation", cal[2]]
    assert cal[4:] == ["Caseworker", "Coventry Housing Options", "No tier yet", "None recorded"]
    assert sam[1] == "Sleeping rough" and sam[6] == "Tier 1"
    assert hidden == [
        "Details not shared", "Not shared", "Not shared", "Not shared", "Outreach.Worker",
        "Coventry Outreach", "Not shared", "Not shared",
    ]  # fmt: skip


def test_the_download_uses_the_filters_and_every_page(outreach_client, the_list, world):
    for n in range(30):
        person = make_person(world.outreach, given_name=f"Page{n:02d}")
        on_list(person, ListStatus.AT_RISK, agency=world.outreach, last_contact_days=1)
    rows = _rows(outreach_client.get(CSV_URL, {"status": "at_risk", "page": "2"}))
    assert len(rows) == 1 + 30
    assert {r[1] for r in rows[1:]} == {"At risk of sleeping rough"}
    rows = _rows(outreach_client.get(CSV_URL, {"no_contact": "on"}))
    assert [r[0] for r in rows[1:]] == ["Una Unshared"]
    assert rows[1][3] == "40"


def test_each_person_downloaded_is_recorded_as_an_export(outreach_client, outreach_user, the_list):
    outreach_client.get(CSV_URL)
    events = AccessEvent.objects.filter(user=outreach_user, channel=Channel.EXPORT)
    assert {(e.person_id, e.section, e.route) for e in events} == {
        (the_list.shared.pk, Section.IDENTITY, "outreach:list_export"),
        (the_list.shared.pk, Section.CONTACT, "outreach:list_export"),
        (the_list.unshared.pk, Section.IDENTITY, "outreach:list_export"),
        (the_list.unshared.pk, Section.CONTACT, "outreach:list_export"),
    }
    assert {e.agency_id for e in events} == {the_list.shared.recorded_by_agency_id}


def test_formulas_in_names_are_not_run_by_spreadsheets(
    outreach_client, outreach_user, world, the_list
):
    sneaky = make_person(world.outreach, given_name='=HYPERLINK("http://x.test")', family_name="")
    give_consent(sneaky, by=outreach_user, agency=world.outreach)
    on_list(sneaky, ListStatus.AT_RISK, agency=world.outreach)
    rows = _rows(outreach_client.get(CSV_URL, {"status": "at_risk"}))
    assert rows[1][0] == '\'=HYPERLINK("http://x.test")'
