"""The HMIS CSV export: a ZIP of the FY2024 files with their headers; Client rows carry names
only where the coordinator may see the identity section (otherwise blank, data quality 99);
restricted records never; each person exported is in the access log; coordinators only."""

import csv
import io
import zipfile

import pytest
from django.urls import reverse

from waypost.audit.models import AccessEvent, Channel
from waypost.outreach.models import ByNameEntry, ListStatus
from waypost.people.models import Person
from waypost.reporting.hmis import FILES, HEADERS, hmis_id
from waypost.testing.people import give_consent, make_person, sign_agreement_for
from waypost.testing.returns import at, seen

URL = reverse("reporting:return_hmis")


def _files(response):
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return {
        name.removesuffix(".csv"): list(csv.DictReader(io.StringIO(archive.read(name).decode())))
        for name in archive.namelist()
    }, archive


@pytest.fixture
def listed(world, outreach_user):
    sign_agreement_for(world.council, world.outreach)
    shared = make_person(world.outreach, given_name="Ann", family_name="Shared")
    give_consent(shared, outreach_user, world.outreach)
    private = make_person(world.outreach, given_name="Pat", family_name="Private")
    hidden = make_person(world.outreach, given_name="Rae", family_name="Restricted")
    for person in (shared, private, hidden):
        ByNameEntry.objects.create(partnership=world.coventry, person=person,
                                   status=ListStatus.ROUGH_SLEEPING,
                                   added_by_agency=world.outreach)  # fmt: skip
        seen(person, at(2026, 10, 3), world.outreach)
    Person.objects.filter(pk=hidden.pk).update(restricted_at=at(2026, 11, 1))
    return shared, private, hidden


def test_every_file_with_the_fy2024_headers(world, listed, coordinator_client):
    response = coordinator_client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    files, archive = _files(response)
    assert sorted(files) == sorted(FILES)
    for name in FILES:
        header = archive.read(f"{name}.csv").decode().splitlines()[0]
        assert header.split(",") == HEADERS[name]
    assert HEADERS["Client"][:6] == ["PersonalID", "FirstName", "MiddleName", "LastName",
                                     "NameSuffix", "NameDataQuality"]  # fmt: skip


def test_client_holds_only_what_the_viewer_may_see(world, listed, coordinator_client):
    shared, private, hidden = listed
    files, _ = _files(coordinator_client.get(URL))
    clients = {row["PersonalID"]: row for row in files["Client"]}
    assert hmis_id(hidden.pk) not in clients
    assert clients[hmis_id(shared.pk)]["FirstName"] == "Ann"
    assert clients[hmis_id(shared.pk)]["DOB"] == "1980-03-01"
    assert clients[hmis_id(private.pk)]["FirstName"] == ""
    assert clients[hmis_id(private.pk)]["DOB"] == ""
    assert clients[hmis_id(private.pk)]["NameDataQuality"] == "99"
    everything = "".join(str(rows) for rows in files.values())
    assert "Private" not in everything and "Restricted" not in everything


def test_each_person_exported_is_in_the_access_log(
    world, listed, coordinator_client, coordinator_user
):
    shared, private, hidden = listed
    coordinator_client.get(URL)
    events = AccessEvent.objects.filter(user=coordinator_user, channel=Channel.EXPORT)
    assert {e.person_id for e in events} >= {shared.pk}
    assert hidden.pk not in {e.person_id for e in events}


@pytest.mark.parametrize(
    "client_name", ["caseworker_client", "outreach_client", "commissioner_client", "admin_client"]
)
def test_coordinators_only(request, world, client_name):
    assert request.getfixturevalue(client_name).get(URL).status_code == 403


def test_another_partnership_answers_404(world, coordinator_client):
    assert coordinator_client.get(URL, {"partnership": "birmingham"}).status_code == 404


def test_enrollment_and_living_situation_only_where_the_status_is_shared(
    world, listed, coordinator_client
):
    shared, private, _hidden = listed
    files, _ = _files(coordinator_client.get(URL))
    assert {row["PersonalID"] for row in files["Enrollment"]} == {hmis_id(shared.pk)}
    living = files["CurrentLivingSituation"]
    assert [
        (r["PersonalID"], r["InformationDate"], r["CurrentLivingSituation"]) for r in living
    ] == [(hmis_id(shared.pk), "2026-10-03", "116")]
