"""The end-of-activation report page and its CSV: the fixture's figures in a table per part
and a chart of beds each night; no names; commissioners see 1 to 4 as "fewer than 5"; the
CSV is safe to open in a spreadsheet; and who may see it."""

import csv
import io

import pytest
from django.urls import reverse

from waypost.accounts.models import Role
from waypost.swep.models import ActivationStatus
from waypost.swep.tests.test_report_figures import Fixture
from waypost.swep.tests.test_sweep_helpers import make_activation
from waypost.testing.personas import make_user, mark_recently_authenticated


@pytest.fixture
def fixture(world):
    return Fixture(world)


def _url(activation, name="swep:report") -> str:
    return reverse(name, args=[activation.pk])


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_figures_are_shown_in_tables_with_a_chart(
    fixture, coordinator_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(14):
        response = coordinator_client.get(_url(fixture.activation))
    page = response.content.decode()
    assert response.status_code == 200
    for caption in (
        "Summary",
        "Outcomes each night",
        "Beds used each night",
        "Moves on into longer-term accommodation",
    ):
        assert f">{caption}</caption>" in page
    assert 'role="img"' in page and "beds-chart-title" in page
    assert "Monday 5 January 2026" in page
    # No one is named.
    for person in fixture.people.values():
        assert person.display_name not in page
    assert "Counts from 1 to 4 are shown" not in page
    assert ">fewer than 5</td>" not in page


def test_the_csv_has_every_table(fixture, coordinator_client):
    response = coordinator_client.get(_url(fixture.activation, "swep:report_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Cache-Control"] == "no-store"
    assert "waypost-swep-report-coventry-2026-01-05.csv" in response["Content-Disposition"]
    rows = _rows(response)
    assert ["Nights", "Monday 5 January 2026 to Wednesday 7 January 2026"] in rows
    assert ["Nights SWEP was on", "3"] in rows
    assert ["People offered a bed", "5"] in rows
    assert ["People who accepted a bed", "4"] in rows
    assert ["People who declined a bed", "2"] in rows
    assert ["People looked for but never found", "1"] in rows
    assert ["New people found", "1"] in rows
    assert ["People who moved on to longer-term accommodation", "2"] in rows
    assert ["Tuesday 6 January 2026", "0", "2", "1", "2", "1"] in rows
    assert ["Monday 5 January 2026", "2"] in rows  # beds used
    assert ["Supported accommodation", "1"] in rows
    assert ["Tenancy", "1"] in rows
    assert ["Total", "2"] in rows


def test_the_csv_is_formula_safe(fixture, world, coordinator_client):
    world.coventry.name = '=HYPERLINK("http://evil.example")'
    world.coventry.save()
    rows = _rows(coordinator_client.get(_url(fixture.activation, "swep:report_csv")))
    assert rows[0] == ["Partnership", '\'=HYPERLINK("http://evil.example")']


def test_commissioners_see_small_numbers_hidden(fixture, commissioner_client):
    page = commissioner_client.get(_url(fixture.activation)).content.decode()
    assert ">fewer than 5</td>" in page
    assert "Counts from 1 to 4 are shown" in page
    rows = _rows(commissioner_client.get(_url(fixture.activation, "swep:report_csv")))
    assert ["Nights SWEP was on", "3"] in rows  # not a count of people
    assert ["People offered a bed", "5"] in rows
    assert ["People who accepted a bed", "fewer than 5"] in rows
    # A total whose parts are hidden is hidden too.
    assert ["Total", "Not shown"] in rows
    assert ["Counts from 1 to 4", "shown as “fewer than 5”"] in rows


@pytest.mark.parametrize(
    "client_name", ["admin_client", "caseworker_client", "outreach_client", "commissioner_client"]
)
def test_the_report_roles_may_see_it(world, request, client_name):
    activation = make_activation(world.coventry)
    client = request.getfixturevalue(client_name)
    assert client.get(_url(activation)).status_code == 200
    assert client.get(_url(activation, "swep:report_csv")).status_code == 200


@pytest.mark.parametrize("client_name", ["referrer_client", "provider_client", "dpo_client"])
def test_other_roles_are_refused(world, request, client_name):
    activation = make_activation(world.coventry)
    client = request.getfixturevalue(client_name)
    assert client.get(_url(activation)).status_code == 403
    assert client.get(_url(activation, "swep:report_csv")).status_code == 403


def test_another_partnership_is_not_found(world, birmingham_admin_client, client):
    coventry = make_activation(world.coventry)
    proposed = make_activation(world.birmingham, status=ActivationStatus.PROPOSED)
    for activation in (coventry, proposed):
        for name in ("swep:report", "swep:report_csv"):
            assert birmingham_admin_client.get(_url(activation, name)).status_code == 404
    brum = make_activation(world.birmingham)
    assert birmingham_admin_client.get(_url(brum)).status_code == 200
    commissioner = make_user(
        "commissioner@brum.test", agency=world.brum_council, role=Role.COMMISSIONER
    )
    client.force_login(commissioner)
    mark_recently_authenticated(client, commissioner)
    assert client.get(_url(coventry, "swep:report_csv")).status_code == 404
