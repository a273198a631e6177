"""The flows page: new, continuing and returner people per month as a chart beside its data
table, and the table as CSV. Coordinators, commissioners and partnership admins of the
partnership may see it; commissioners see counts from 1 to 4 as "fewer than 5" (and then no
total for that month, so the hidden count cannot be worked out)."""

import csv
import io
import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from waypost.outreach.flows import add_months
from waypost.outreach.tests.test_flows_classification import build_three_months, local, seen
from waypost.testing.people import make_person

URL = reverse("outreach:flows")
CSV_URL = reverse("outreach:flows_csv")
FIRST_QUARTER = {"start_on_0": "1", "start_on_1": "2026", "end_on_0": "3", "end_on_1": "2026"}


def table_rows(html: str) -> list[list[str]]:
    start = html.index('id="flows-table"')
    body = html[html.index("<tbody", start) : html.index("</tbody>", start)]
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.DOTALL)
        ]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.DOTALL)
    ]


@pytest.fixture
def three_months(world):
    return build_three_months(world)


def test_a_coordinator_sees_exact_flows_with_a_chart(coordinator_client, three_months):
    response = coordinator_client.get(URL, FIRST_QUARTER)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Jan 2026 to Mar 2026" in html
    assert table_rows(html) == [
        ["Jan 2026", "2", "1", "0", "3", "2"],
        ["Feb 2026", "4", "1", "2", "7", "0"],
        ["Mar 2026", "0", "2", "2", "4", "1"],
    ]
    assert 'role="img"' in html and "People seen sleeping rough each month, by flow" in html
    assert "Counts from 1 to 4 are shown" not in html
    # The region rule is explained, since Coventry has neighbours in the West Midlands.
    assert "same NHS number or National Insurance number" in html


@pytest.mark.parametrize("persona", ["admin_client", "commissioner_client"])
def test_admins_and_commissioners_see_the_page(request, persona, three_months):
    assert request.getfixturevalue(persona).get(URL, FIRST_QUARTER).status_code == 200


def test_a_commissioner_sees_no_small_numbers(commissioner_client, three_months, world):
    # April: six new people, and Nia (seen just after midnight on 1 April). Big enough to show.
    for n in range(6):
        seen(make_person(world.outreach, given_name=f"April{n}"), local(2026, 4, 2 + n),
             world.outreach)  # fmt: skip
    query = {**FIRST_QUARTER, "end_on_0": "4"}
    html = commissioner_client.get(URL, query).content.decode()
    assert table_rows(html) == [
        ["Jan 2026", "fewer than 5", "fewer than 5", "0", "Not shown", "fewer than 5"],
        ["Feb 2026", "fewer than 5", "fewer than 5", "fewer than 5", "Not shown", "0"],
        ["Mar 2026", "0", "fewer than 5", "fewer than 5", "Not shown", "fewer than 5"],
        ["Apr 2026", "7", "0", "0", "7", "0"],
    ]
    assert "Counts from 1 to 4 are shown as “fewer than 5”" in html
    assert "3 months are not drawn" in html  # the chart says what it leaves out
    rows = list(csv.reader(io.StringIO(commissioner_client.get(CSV_URL, query).content.decode())))
    assert ["Counts from 1 to 4", "shown as “fewer than 5”"] in rows
    assert rows[-1] == ["Apr 2026", "7", "0", "0", "7", "0"]


def test_the_table_downloads_as_csv(coordinator_client, three_months):
    response = coordinator_client.get(CSV_URL, FIRST_QUARTER)
    assert response["Content-Disposition"] == (
        'attachment; filename="waypost-flows-coventry-2026-01-to-2026-03.csv"'
    )
    assert response["Cache-Control"] == "no-store"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[:2] == [["Partnership", "Coventry"], ["Months", "Jan 2026 to Mar 2026"]]
    assert rows[3:] == [
        ["Month", "New", "Continuing", "Returners", "People seen bedded down",
         "Not yet identified (contacts)"],
        ["Jan 2026", "2", "1", "0", "3", "2"],
        ["Feb 2026", "4", "1", "2", "7", "0"],
        ["Mar 2026", "0", "2", "2", "4", "1"],
    ]  # fmt: skip


def test_the_last_twelve_months_by_default(coordinator_client, world):
    html = coordinator_client.get(URL).content.decode()
    this_month = timezone.localdate().replace(day=1)
    months = [row[0] for row in table_rows(html)]
    assert len(months) == 12
    assert months[-1] == f"{this_month:%b %Y} (so far)"
    assert months[0] == f"{add_months(this_month, -11):%b %Y}"
    assert "No chart: no one was seen sleeping rough in these months" in html


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"end_on_0": "12", "end_on_1": "2025"}, "The last month must be the same as or after"),
        ({"start_on_1": "2020"}, "Choose at most 60 months"),
        ({"end_on_1": str(date.today().year + 1)}, "The last month must be this month or earlier"),
        ({"start_on_1": ""}, "The first month must include a year"),
        ({"start_on_0": "13"}, "Enter a real date for the first month"),
    ],
)
def test_bad_months_are_explained(coordinator_client, world, changes, error):
    response = coordinator_client.get(URL, {**FIRST_QUARTER, **changes})
    html = response.content.decode()
    assert "There is a problem" in html and error in html
    assert 'id="flows-table"' not in html
    # The download goes back to the page, which explains.
    assert coordinator_client.get(CSV_URL, {**FIRST_QUARTER, **changes}).status_code == 302


@pytest.mark.parametrize(
    "persona", ["outreach_client", "caseworker_client", "referrer_client", "dpo_client"]
)
def test_other_roles_are_refused(request, persona, world):
    client = request.getfixturevalue(persona)
    assert client.get(URL).status_code == 403
    assert client.get(CSV_URL).status_code == 403


def test_another_partnerships_flows_are_page_not_found(birmingham_admin_client, three_months):
    query = {**FIRST_QUARTER, "partnership": "coventry"}
    assert birmingham_admin_client.get(URL, query).status_code == 404
    assert birmingham_admin_client.get(CSV_URL, query).status_code == 404
    html = birmingham_admin_client.get(URL, FIRST_QUARTER).content.decode()
    assert '<span class="govuk-caption-l">Birmingham</span>' in html
    assert table_rows(html)[1] == ["Feb 2026", "1", "0", "0", "1", "1"]
