"""The partnership dashboard: figures equal hand-worked answers on a small world, commissioners
see small counts suppressed, and access is 200/403/404. The other figures' hand-worked tests are
in test_figures_hand_worked.py, the downloads' in test_exports.py and the query count's in
test_dashboard_queries.py."""

import re

import pytest
from django.urls import reverse

from waypost.audit.models import AccessEvent
from waypost.lib.disclosure import Disclosure
from waypost.reporting.dashboard import grid
from waypost.testing.reporting import build_quarter

URL = reverse("reporting:dashboard")
QUARTER = {"start_on_0": "1", "start_on_1": "2026", "end_on_0": "3", "end_on_1": "2026"}


def rows_of(html: str, table_id: str) -> list[list[str]]:
    start = html.index(f'id="{table_id}"')
    body = html[html.index("<tbody", start) : html.index("</tbody>", start)]
    return [
        [
            re.sub(r"<[^>]+>", "", c).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)
        ]
        for r in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


@pytest.fixture
def quarter(world):
    return build_quarter(world)


def test_each_figure_equals_the_hand_worked_answer(coordinator_client, quarter):
    html = coordinator_client.get(URL, QUARTER).content.decode()
    # Month ends: Ann in emergency accommodation, Bob sleeping rough then housed (off the list),
    # Cat sleeping rough from February; the restricted person counts nowhere.
    assert rows_of(html, "list-table") == [
        ["Jan 2026", "1", "0", "1", "0", "0", "0", "2"],
        ["Feb 2026", "1", "0", "1", "0", "0", "0", "2"],
        ["Mar 2026", "1", "0", "1", "0", "0", "0", "2"],
    ]
    assert rows_of(html, "accommodation-table") == [
        ["Jan 2026", "1", "0", "0", "1"],
        ["Feb 2026", "0", "0", "1", "1"],
        ["Mar 2026", "0", "0", "1", "1"],
    ]
    # Ann moved on to the supported flat two days later; Bob was evicted.
    assert rows_of(html, "moves-table") == [
        ["Jan 2026", "0", "0", "0", "0"],
        ["Feb 2026", "1", "0", "1", "2"],
        ["Mar 2026", "0", "0", "0", "0"],
        ["Total", "1", "0", "1", "2"],
    ]
    # Three beds. Jan: Ann 20-31 (12). Feb: Ann 1-9 and 12-28 (26), Bob 1-13 (13). Mar: 31.
    assert rows_of(html, "occupancy-table") == [
        ["Jan 2026", "12", "93", "12.9%"],
        ["Feb 2026", "39", "84", "46.4%"],
        ["Mar 2026", "31", "93", "33.3%"],
    ]
    assert html.count('role="img"') >= 3


def test_a_commissioner_sees_small_counts_hidden_and_no_total_that_gives_them_back(
    commissioner_client, quarter
):
    html = commissioner_client.get(URL, QUARTER).content.decode()
    assert rows_of(html, "moves-table")[1] == [
        "Feb 2026",
        "fewer than 5",
        "0",
        "fewer than 5",
        "Not shown",
    ]
    assert rows_of(html, "moves-table")[3] == ["Total", "Not shown", "0", "Not shown", "Not shown"]
    assert "Counts from 1 to 4 are shown" in html


def test_a_suppressed_cell_cannot_be_recovered_from_the_totals():
    shown = grid(
        "t",
        "T",
        "Row",
        ["A", "B"],
        [("x", [3, 10]), ("y", [7, 6])],
        Disclosure(suppress=True),
        row_totals="All",
        column_totals="Total",
    )
    texts = [[c.text for c in row] for row in shown.table.rows]
    # The hidden 3 sits in row x and column A: both their totals and the grand total are
    # hidden, so every equation holding it has a second unknown.
    assert texts == [
        ["x", "fewer than 5", "10", "Not shown"],
        ["y", "7", "6", "13"],
        ["Total", "Not shown", "16", "Not shown"],
    ]


@pytest.mark.parametrize("persona", ["admin_client", "coordinator_client", "commissioner_client"])
@pytest.mark.parametrize("name", ["dashboard", "dashboard_csv", "dashboard_xlsx", "dashboard_pdf"])
def test_the_partnership_roles_may_see_it(request, persona, name, world):
    assert request.getfixturevalue(persona).get(reverse(f"reporting:{name}")).status_code == 200


@pytest.mark.parametrize("persona", ["caseworker_client", "outreach_client", "dpo_client"])
@pytest.mark.parametrize("name", ["dashboard", "dashboard_csv", "dashboard_xlsx", "dashboard_pdf"])
def test_other_roles_are_refused(request, persona, name, world):
    assert request.getfixturevalue(persona).get(reverse(f"reporting:{name}")).status_code == 403


@pytest.mark.parametrize("name", ["dashboard", "dashboard_csv", "dashboard_xlsx", "dashboard_pdf"])
def test_another_partnership_is_not_found(coordinator_client, name, world):
    url = reverse(f"reporting:{name}")
    assert coordinator_client.get(url, {"partnership": "birmingham"}).status_code == 404


def test_bad_months_are_explained_and_kept(coordinator_client, world):
    response = coordinator_client.get(URL, {**QUARTER, "end_on_0": "13", "end_on_1": "2026"})
    html = response.content.decode()
    assert response.status_code == 200 and "Error:" in html
    assert 'value="13"' in html and "list-table" not in html


def test_the_view_is_recorded_without_a_person(coordinator_client, quarter, world):
    coordinator_client.get(URL, QUARTER)
    event = AccessEvent.objects.get(route="reporting:dashboard")
    assert (event.subject_id, event.person_id) == (str(world.coventry.pk), None)
